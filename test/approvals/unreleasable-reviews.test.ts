// `createEnforcer` says once, when it is made, which review rules its approvers can never release.
import { describe, expect, it, vi } from "vitest";
import { createEnforcer } from "@apol/runtime";
import { compiledModule } from "../harness/compiled-module.js";

describe("createEnforcer's warning", () => {
  it("warns once through `onWarning`, and on the console by default", async () => {
    const policy = await compiledModule('policy p\ntool pay(amount: number)\nrule big {\n  review pay\n  approvals 1 of ["cfo"]\n}\n', "p.apol");
    const told: string[] = [];
    createEnforcer(policy, { onWarning: (m) => told.push(m) });
    expect(told).toEqual(["rule `big` needs 1 of `cfo`, and the enforcer has no key for `cfo`: its reviews can only expire"]);
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    try {
      createEnforcer(policy);
      expect(warn).toHaveBeenCalledExactlyOnceWith("apol: rule `big` needs 1 of `cfo`, and the enforcer has no key for `cfo`: its reviews can only expire");
    } finally {
      warn.mockRestore();
    }
  });
});
