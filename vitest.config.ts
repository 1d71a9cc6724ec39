import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    setupFiles: ["test/setup.ts"],
    // the explorer is built once for every browser suite
    globalSetup: ["test/web/build-once.ts"],
    testTimeout: 60_000,
    hookTimeout: 180_000,
  },
});
