/**
 * Global setup of the test run: builds the explorer once with Vite into a folder of its own, for
 * every browser suite of test/web (each serves it with `vite preview`), instead of one build per
 * suite. The folder is removed when the run ends.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "vite";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** The folder the explorer was built into. */
    webDist: string;
  }
}

export default async function setup(project: TestProject): Promise<() => void> {
  const outDir = mkdtempSync(join(tmpdir(), "surprisal-web-"));
  const configFile = resolve(import.meta.dirname, "../../web/vite.config.ts");
  await build({ configFile, logLevel: "warn", build: { outDir, emptyOutDir: true } });
  project.provide("webDist", outDir);
  return () => rmSync(outDir, { recursive: true, force: true });
}
