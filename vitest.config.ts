// Test runner configuration: unit tests beside their sources, corpora and properties under test/.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["compiler/src/**/*.test.ts", "runtime/src/**/*.test.ts", "audit/src/**/*.test.ts", "redis-store/src/**/*.test.ts", "ai-sdk/src/**/*.test.ts", "mcp/src/**/*.test.ts", "lsp/src/**/*.test.ts", "cli/src/**/*.test.ts", "test/**/*.test.ts", "grammar/**/*.test.ts", "vscode-extension/src/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    // Property tests generate thousands of cases; the default 5 s is too tight on a loaded 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
