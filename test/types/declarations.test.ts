// The generated module and declarations `typed-enforcer.ts` type-checks against are the compiler's current output for `shop.apol`.
import { readFileSync, writeFileSync } from "node:fs";
import { expect, it } from "vitest";
import { runPipeline } from "../../compiler/src/pipeline.js";

const at = (name: string): URL => new URL(name, import.meta.url);

it("shop.js and shop.d.ts are what the compiler makes of shop.apol (APOL_UPDATE_GOLDENS=1 rewrites them)", () => {
  const emitted = runPipeline(readFileSync(at("shop.apol"), "utf8"), "shop.apol").outputs.emit;
  expect(emitted).toBeDefined();
  for (const [file, text] of [
    ["shop.js", emitted!.js],
    ["shop.d.ts", emitted!.dts],
  ] as const) {
    if (process.env["APOL_UPDATE_GOLDENS"] === "1") writeFileSync(at(file), text);
    expect(readFileSync(at(file), "utf8"), file).toBe(text);
  }
});
