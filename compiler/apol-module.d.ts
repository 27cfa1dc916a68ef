// What `import policy from "./x.apol"` is without per-policy declarations (the esbuild plugin's `declarations` option writes those):
// a compiled policy module, untyped requests. Reference it with `/// <reference types="@apol/compiler/apol-module" />` or list it in `types`.
declare module "*.apol" {
  import type { JsonSchema, PolicyModule } from "@apol/runtime";
  const compiled: PolicyModule & { readonly schemas: Readonly<Record<string, JsonSchema>> };
  export default compiled;
  export const policy: string;
  export const policyHash: string;
  export const timezone: string;
  export const tools: PolicyModule["tools"];
  export const rules: PolicyModule["rules"];
  export const needs: PolicyModule["needs"];
  export const evaluate: PolicyModule["evaluate"];
  export const redactions: PolicyModule["redactions"];
  export const redact: PolicyModule["redact"];
  export const schemas: Readonly<Record<string, JsonSchema>>;
}
