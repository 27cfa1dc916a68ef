// Holds a stateless app's bundle of the runtime to its budget, and to none of the store, reviews, sessions or provenance: bytes, not time, so deterministic for the pinned esbuild.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { runPipeline } from "../../compiler/src/pipeline.js";
import { apolPolicy } from "./engines/apol.js";
import { bundleSize, opsUsed, STATELESS_BUDGET_BYTES, statefulApp, statelessApp } from "./bundle-size.js";
import { makeWorkload, PEER_GENERATED_TOOLS, SEED } from "./workload.js";

// The runtime's sources: esbuild reads the TypeScript as an app's bundler reads the built `dist/`.
const src = fileURLToPath(new URL("../../runtime/src/", import.meta.url));

/** The `ops` the peer benchmark's policy module calls: the policy the size benchmark measures a stateless app with. */
function peerOps(): string[] {
  const result = runPipeline(apolPolicy(makeWorkload({ seed: SEED, named: true, generated: PEER_GENERATED_TOOLS, requests: 0 })), "decisions.apol", "emit");
  const js = result.outputs.emit?.js;
  if (js === undefined) throw new Error(result.diagnostics.map((d) => d.message).join("\n"));
  return opsUsed(js);
}

/** A bundle's runtime modules, by path under `src/`. */
const rel = (modules: readonly string[]): string[] => modules.map((m) => m.replace(/^.*runtime\/src\//, ""));

/** The runtime modules (by path under `src/`) in a bundle that the stateless enforcer must not pull in. */
const STATEFUL = /^(store|review|session|provenance)\/|^data\/(sha256|canonical)\./;

describe("the runtime a stateless app bundles", () => {
  it(`is at most ${STATELESS_BUDGET_BYTES} bytes minified and gzipped, and holds no store, review, session or provenance code`, async () => {
    const app = await bundleSize(statelessApp(peerOps()), src);
    const modules = rel(app.modules);
    expect(modules.filter((m) => STATEFUL.test(m))).toEqual([]);
    expect(modules).toContain("enforcer/judging.ts");
    expect(app.gzip).toBeLessThanOrEqual(STATELESS_BUDGET_BYTES);
  });

  it("bundles its log and redaction only when the app passes them", async () => {
    const ops = peerOps();
    const bare = await bundleSize(statelessApp(ops), src);
    const full = await bundleSize(statelessApp(ops, ["logTo", "redaction"]), src);
    expect(rel(bare.modules)).not.toContain("log/decision-log.ts");
    expect(rel(full.modules)).toEqual(expect.arrayContaining(["log/decision-log.ts", "enforcer/logging.ts"]));
    // The stateful app is the yardstick: it keeps the store and session state the stateless one leaves out.
    const stateful = await bundleSize(statefulApp(ops), src);
    expect(rel(stateful.modules)).toEqual(expect.arrayContaining(["store/memory-store.ts", "session/session.ts"]));
  });
});
