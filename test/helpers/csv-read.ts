import { createReadStream, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { PassThrough } from "node:stream";
import { expect } from "vitest";
import { streamColumns } from "../../src/cli/readers/columns.js";
import type { FileSpec } from "../../src/cli/readers/types.js";

/**
 * Reading CSV columns the CLI's way, on the fast path (a file) or the general path (csv-parse, the
 * same bytes through standard input, which the fast path declines), for tests that compare them.
 */
/**
 * Each call writes its own file and removes it afterwards: test files share this module (vitest
 * `isolate: false`), so a directory removed after the first file that imports it would be gone for
 * the next one.
 */

export type Got =
  | { values: number[][]; lines: number[]; labels: string[] | undefined }
  | { error: string };

export async function read(
  text: string,
  columns: readonly (string | undefined)[],
  viaStdin: boolean,
  format: "csv" | "tsv" | "text" = "csv",
): Promise<Got> {
  const dir = mkdtempSync(join(tmpdir(), "surprisal-csv-"));
  const path = join(dir, `f.${format}`);
  writeFileSync(path, text);
  try {
    return await readFile(path, columns, viaStdin, format);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function readFile(
  path: string,
  columns: readonly (string | undefined)[],
  viaStdin: boolean,
  format: "csv" | "tsv" | "text",
): Promise<Got> {
  const specs: FileSpec[] = columns.map((column) => ({
    kind: "file",
    path: viaStdin ? "-" : path,
    column,
    format,
    name: "x",
  }));
  const stdin = viaStdin ? createReadStream(path) : new PassThrough();
  const ctx = { header: undefined, stdin };
  const values: number[][] = columns.map(() => []);
  const lines: number[] = [];
  let labels: string[] | undefined;
  try {
    for await (const chunks of streamColumns(specs, ["P", "Q"].slice(0, columns.length), ctx)) {
      chunks.forEach((c, s) => {
        values[s]?.push(...c.values);
      });
      lines.push(...(chunks[0]?.lines ?? []));
      if (chunks[0]?.labels) labels = [...(labels ?? []), ...chunks[0].labels];
    }
  } catch (error) {
    const message = (error as Error).message.replace(" of stdin", "");
    return { error: viaStdin ? message.replace(/^- /, "x ") : message.replaceAll(path, "x") };
  }
  return { values, lines, labels };
}

export async function same(
  text: string,
  columns: readonly (string | undefined)[],
  format: "csv" | "tsv" | "text" = "csv",
): Promise<void> {
  const fast = await read(text, columns, false, format);
  const general = await read(text, columns, true, format);
  expect(fast, text.slice(0, 200)).toEqual(general);
}
