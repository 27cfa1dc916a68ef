// What every enforcer asks of a module before wrapping it: that it is a compiled policy module this runtime can enforce.
import type { PolicyModule } from "../contract.js";
import { isRecord } from "../evaluate/value-semantics.js";

/** Throws when `module` is not a compiled policy module this runtime can enforce. */
export function checkModule(module: PolicyModule): void {
  const { policy, policyHash, rules, needs } = module;
  if (typeof policy !== "string" || typeof policyHash !== "string" || !Array.isArray(rules) || typeof module.evaluate !== "function") {
    throw new TypeError("not a compiled apol policy module");
  }
  if (typeof module.redactions !== "function" || typeof module.redact !== "function") {
    throw new TypeError("the policy module cannot redact outputs: recompile it with this version of apol");
  }
  if (!isRecord(needs) || !isRecord(needs.history) || !Array.isArray(needs.labels) || !isRecord(needs.reads)) {
    throw new TypeError("the policy module does not say what session state it needs: recompile it with this version of apol");
  }
}
