// The README's samples of `apol test`, `apol lint` and `apol replay` output are what those commands print today.
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { main } from "../../cli/src/main.js";
import { memoryIo } from "../../cli/src/memory-io.js";

const root = fileURLToPath(new URL("../..", import.meta.url));
const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

/** Each ` ```sh ` block running `npx apol test|lint|replay ...` and the ` ```text ` block right after it, in order. */
function samples(markdown: string): { args: string[]; shown: string }[] {
  const blocks = [...markdown.matchAll(/^```([^\n]*)\n([\s\S]*?)^```\n/gm)].map((m) => ({ info: m[1]!.trim(), code: m[2]!, end: m.index + m[0].length, start: m.index }));
  const found: { args: string[]; shown: string }[] = [];
  blocks.forEach((block, i) => {
    const next = blocks[i + 1];
    const command = /npx apol ((?:test|lint|replay) [^\n]*)$/m.exec(block.code);
    // The output block must follow the command's block with nothing but blank lines between.
    if (block.info !== "sh" || command === null || next?.info !== "text" || markdown.slice(block.end, next.start).trim() !== "") return;
    found.push({ args: command[1]!.trim().split(/\s+/), shown: next.code });
  });
  return found;
}

/** Whether `shown`, cut into runs of lines at lines that are just `...`, appears in `printed` run by run, each run as consecutive lines. */
function shows(printed: string, shown: string): boolean {
  const lines = printed.split("\n");
  let at = 0;
  const runs: string[][] = [[]];
  for (const line of shown.replace(/\n$/, "").split("\n")) {
    if (line.trim() === "...") runs.push([]);
    else runs.at(-1)!.push(line);
  }
  for (const run of runs.filter((r) => r.length > 0)) {
    let found = -1;
    for (let i = at; i + run.length <= lines.length && found < 0; i++) if (run.every((l, k) => lines[i + k] === l)) found = i;
    if (found < 0) return false;
    at = found + run.length;
  }
  return true;
}

const cwd = process.cwd();
beforeAll(() => process.chdir(root));
afterAll(() => process.chdir(cwd));

describe("README.md", () => {
  const cases = samples(readme);

  it("shows the output of `apol test`, `apol lint`, `apol replay` and `apol replay --against`", () => {
    const commands = cases.map((c) => c.args.slice(0, 1).concat(c.args.includes("--against") ? ["--against"] : []).join(" "));
    expect(new Set(commands)).toEqual(new Set(["test", "lint", "replay", "replay --against"]));
  });

  it.each(cases.map((c) => [c.args.join(" "), c] as const))("`apol %s` prints what the README shows", async (_name, { args, shown }) => {
    const io = memoryIo();
    await main(args, io);
    const printed = io.out() + io.err();
    expect(shows(printed, shown), `the README shows\n${shown}\nbut \`apol ${args.join(" ")}\` prints\n${printed}`).toBe(true);
  });

  it("cuts samples only where the output goes on", () => {
    expect(shows("a\nb\nc\nd\n", "a\nb\n...\nd\n")).toBe(true);
    expect(shows("a\nb\nc\nd\n", "a\nc\n")).toBe(false);
    expect(shows("a\nb\nc\nd\n", "c\n...\nb\n")).toBe(false);
  });
});
