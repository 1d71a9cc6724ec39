import { fileURLToPath } from "node:url";
import { defineConfig } from "vite";

const webDir = fileURLToPath(new URL(".", import.meta.url));
const projectRoot = fileURLToPath(new URL("..", import.meta.url));

/**
 * The explorer's build: web/ is the root, the library is imported from the project's own source
 * (`surprisal` → src/index.ts), and the output in web/dist uses relative paths (`base: "./"`), so
 * the folder can be served from any path or opened from a static host.
 */
export default defineConfig({
  root: webDir,
  base: "./",
  resolve: {
    alias: {
      surprisal: fileURLToPath(new URL("../src/index.ts", import.meta.url)),
    },
  },
  server: {
    fs: { allow: [projectRoot] },
  },
  build: {
    outDir: "dist",
    emptyOutDir: true,
    target: "es2022",
    chunkSizeWarningLimit: 1500,
  },
  clearScreen: false,
});
