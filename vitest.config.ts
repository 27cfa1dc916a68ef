// Test runner configuration: unit tests beside their sources, corpora and properties under test/.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    // Every package's unit tests, whatever the package: a new one's tests run without being listed here.
    include: ["*/src/**/*.test.ts", "test/**/*.test.ts", "grammar/**/*.test.ts"],
    exclude: ["**/node_modules/**", "**/dist/**"],
    // Property tests generate thousands of cases; the default 5 s is too tight on a loaded 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
