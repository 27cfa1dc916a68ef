// ESLint for the TypeScript itself: type-checked rules for the packages' sources, the cheaper syntactic ones for tests.
import js from "@eslint/js";
import { defineConfig } from "eslint/config";
import tseslint from "typescript-eslint";

/**
 * Sources each package builds (its tsconfig includes them), so the type checker's view of them is at hand. Type-aware
 * linting costs a second type check, so it is spent where shipped code lives: on the tests it would double `npm test`'s
 * lint time for rules (unsafe `any`, floating promises) that matter least there.
 */
const typedSources = ["*/src/**/*.ts", "grammar/*.ts", "vscode-extension/build.mts"];
/** Tests and their helpers: outside the packages' tsconfigs, and type-checked by `tsc -p tsconfig.test.json`. */
const tests = ["**/*.test.ts", "**/test-support/**", "test/**/*.ts", "runtime/scripts/*.ts", "vitest.config.ts"];

export default defineConfig(
  {
    ignores: [
      "**/node_modules/",
      "**/dist/",
      "**/.vscode-test/",
      "test/artifacts/",
      "coverage/",
      // What the examples compile their policies to (each example's .gitignore keeps it out of git).
      "examples/*/build/",
      // Generated: the compiler's golden outputs and the confusables table, each rewritten by its generator.
      "test/stages/*.emit.js",
      "test/types/shop.js",
      "test/types/shop.d.ts",
      "runtime/src/confusables.ts",
    ],
  },
  {
    files: ["**/*.{ts,mts,js,mjs}"],
    // ESLint's and typescript-eslint's recommended rules, syntax only: each flags a likely bug (unused bindings,
    // useless escapes, sparse arrays, `any`, a `/*` comment closed early) and none is a matter of taste.
    extends: [js.configs.recommended, tseslint.configs.recommended],
    linterOptions: {
      // A disable comment that no longer silences anything is itself a finding.
      reportUnusedDisableDirectives: "error",
    },
    rules: {
      // Code built from strings is code injection waiting to happen; the tests that run emitted code say why they do.
      "no-new-func": "error",
      "no-eval": "error",
      // Text normalisation and the compiler's escapes match control characters on purpose.
      "no-control-regex": "off",
      // `_name` marks a binding kept on purpose: a destructured field left out of a rest object, an unused parameter.
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_", varsIgnorePattern: "^_", caughtErrors: "none", ignoreRestSiblings: true }],
    },
  },
  {
    files: typedSources,
    ignores: tests,
    // The type-checked recommended rules: awaiting what is no promise, floating promises, `any` leaking through
    // `JSON.parse` or `Array.isArray`, assertions that change nothing, `[object Object]` in messages.
    extends: [tseslint.configs.recommendedTypeCheckedOnly],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
  },
  {
    files: tests,
    rules: {
      // Hostile-input tests build sparse arrays on purpose: holes are one of the shapes the runtime must survive.
      "no-sparse-arrays": "off",
      // Tests read JSON answers as loose records; what they compare is checked by `toEqual`, not by the type.
      "@typescript-eslint/no-explicit-any": "off",
    },
  },
  {
    // Plain JavaScript run by Node: the bin shims and the examples.
    files: ["**/*.{js,mjs}"],
    languageOptions: { globals: { process: "readonly", console: "readonly", URL: "readonly", fetch: "readonly", setTimeout: "readonly" } },
  },
  {
    // The review desk's page script runs in the browser.
    files: ["review-desk/static/*.js"],
    languageOptions: {
      globals: Object.fromEntries(
        ["window", "document", "location", "crypto", "indexedDB", "EventSource", "Option", "TextEncoder", "URLSearchParams", "atob", "btoa", "setInterval"].map(
          (name) => [name, "readonly"],
        ),
      ),
    },
  },
  {
    // The recorder test/vscode/latency.ts evaluates in VS Code's page.
    files: ["test/vscode/latency-recorder.js"],
    languageOptions: { globals: { window: "readonly", document: "readonly", performance: "readonly", MutationObserver: "readonly" } },
  },
);
