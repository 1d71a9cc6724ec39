import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // the explorer is built once for every browser suite
    globalSetup: ["test/web/build-once.ts"],
    // Test files share their worker's module cache (no file changes global state without
    // restoring it), and the two cores both run files: the suite takes half the time.
    isolate: false,
    maxWorkers: 2,
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
