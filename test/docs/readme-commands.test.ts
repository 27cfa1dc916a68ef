// The README's list of commands names every command of the CLI's table, and only those.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { commands } from "../../cli/src/main.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

it("lists every command of `apol --help` in the README, and no other", () => {
  const readme = readFileSync(join(root, "README.md"), "utf8");
  const block = readme.slice(readme.indexOf("## The command line"));
  const listed = block.slice(block.indexOf("```text\n") + 8, block.indexOf("\n```", block.indexOf("```text\n")));
  const names = new Set(listed.split("\n").flatMap((line) => /^apol ([a-z]+)/.exec(line)?.[1] ?? []));
  expect([...names].sort()).toEqual(commands.map((c) => c.name).sort());
});
