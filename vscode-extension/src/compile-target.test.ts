// Where the compile command writes NAME.js and NAME.d.ts.
import { describe, expect, it } from "vitest";
import { compileTarget } from "./compile-target.js";

describe("compileTarget", () => {
  it("writes beside the policy when no folder is configured", () => {
    expect(compileTarget("/w/policies/banking.apol", "", "/w")).toEqual({
      dir: "/w/policies",
      js: "/w/policies/banking.js",
      dts: "/w/policies/banking.d.ts",
    });
  });

  it("resolves a relative folder against the workspace folder", () => {
    expect(compileTarget("/w/policies/banking.apol", " generated/policies ", "/w")).toEqual({
      dir: "/w/generated/policies",
      js: "/w/generated/policies/banking.js",
      dts: "/w/generated/policies/banking.d.ts",
    });
  });

  it("resolves a relative folder against the policy's folder outside a workspace", () => {
    expect(compileTarget("/tmp/x/mail.apol", "out", undefined).js).toBe("/tmp/x/out/mail.js");
  });

  it("takes an absolute folder as it is and keeps names that do not end in .apol", () => {
    expect(compileTarget("/w/p/policy.txt", "/srv/gen", "/w").dts).toBe("/srv/gen/policy.txt.d.ts");
  });
});
