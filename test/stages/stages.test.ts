// Golden outputs of the `lower`, `optimize` and `emit` stages: regenerate with `npm run test:update`, review the diff.
import { readdirSync, readFileSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { printTree } from "../../compiler/src/ir/print.js";
import { runPipeline } from "../../compiler/src/pipeline.js";

const dir = fileURLToPath(new URL(".", import.meta.url));
const update = process.env["APOL_UPDATE_GOLDENS"] === "1";
const policies = readdirSync(dir).filter((f) => f.endsWith(".apol"));

/** Each golden file beside `NAME.apol`: `NAME.lower.txt`, `NAME.optimize.txt`, `NAME.emit.js`. */
const goldens = [
  { stage: "lower", suffix: ".lower.txt" },
  { stage: "optimize", suffix: ".optimize.txt" },
  { stage: "emit", suffix: ".emit.js" },
] as const;

describe.each(policies)("stages of %s", (name) => {
  const text = readFileSync(join(dir, name), "utf8");
  const result = runPipeline(text, `test/stages/${name}`);

  it("compiles without errors", () => {
    expect(result.diagnostics.filter((d) => d.severity === "error")).toEqual([]);
  });

  it.each(goldens)("matches the golden $stage output", ({ stage, suffix }) => {
    const output = stage === "emit" ? (result.outputs.emit?.js ?? "") : printTree(result.outputs[stage]!, text);
    const golden = join(dir, name.replace(/\.apol$/, suffix));
    if (update) writeFileSync(golden, output);
    // A missing golden fails (it would otherwise be written and pass, checking nothing): update mode writes it.
    expect(existsSync(golden), `${golden} is missing: run \`npm run test:update\` and review it`).toBe(true);
    expect(output).toBe(readFileSync(golden, "utf8"));
  });
});
