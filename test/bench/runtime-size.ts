// Prints the size of the runtime in a bundle (minified, gzipped): all of it, and what an app ships of it, the stateless app against its budget.
//
//   node --import tsx test/bench/runtime-size.ts [compiled-policy.mjs]
//
// With a compiled policy, each app is its enforcer plus the `ops` helpers that policy imports: the stateless app
// `createStatelessEnforcer` of `@apol/runtime/stateless` (held to the budget), the same with its log and redaction parts
// (`logTo`, `redaction`), and a stateful app `createEnforcer` of `@apol/runtime`.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { bundleSize, opsUsed, STATELESS_BUDGET_BYTES, statefulApp, statelessApp, type BundleSize } from "./bundle-size.js";

const dist = fileURLToPath(new URL("../../runtime/dist/", import.meta.url));

if (!existsSync(`${dist}index.js`)) {
  console.error("runtime/dist is missing: run `npx tsc -b` first");
  process.exit(2);
}

const line = (name: string, { minified, gzip }: BundleSize, note = ""): void =>
  console.log(`${name}: ${minified} bytes minified, ${gzip} bytes minified+gzipped${note}`);

// Every entry point whole, as an application that loads any generated policy ships them.
line("runtime", await bundleSize('export * from "./index.js";\nexport * as ops from "./ops.js";\nexport * as stateless from "./stateless.js";\n', dist));

const policy = process.argv[2];
if (policy !== undefined) {
  const used = opsUsed(readFileSync(policy, "utf8"));
  const app = await bundleSize(statelessApp(used), dist);
  line("stateless app", app, ` (budget ${STATELESS_BUDGET_BYTES}; ops ${used.join(" ")})`);
  line("stateless app with log and redaction", await bundleSize(statelessApp(used, ["logTo", "redaction"]), dist));
  line("stateful app", await bundleSize(statefulApp(used), dist));
  if (app.gzip > STATELESS_BUDGET_BYTES) process.exit(1);
}
