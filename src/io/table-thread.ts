import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { TableReadError } from "./errors.js";
import { type ReadTableOptions, readTable, type Table } from "./table.js";

/** Files smaller than this are read on the calling thread (a worker costs ~30 ms to start). */
export const OFF_THREAD_MIN_BYTES = 8 << 20;

/**
 * {@link readTable} on a worker thread, so that two tables are parsed on two cores at once (the
 * drift report reads the reference there while the calling thread reads the current table). The
 * columns come back without a copy (their buffers are transferred). Small files, and builds where
 * the worker's script is absent (the TypeScript sources under a test runner), are read on the
 * calling thread: the result is the same either way.
 *
 * @param options - those of {@link readTable}, and `offThread`: `"auto"` (default: files of
 *   {@link OFF_THREAD_MIN_BYTES} or more), `"always"` or `"never"`.
 * @throws {TableReadError} as {@link readTable} does.
 */
export async function readTableOffThread(
  path: string,
  options: ReadTableOptions & { offThread?: "auto" | "always" | "never" } = {},
): Promise<Table> {
  const { offThread = "auto", ...read } = options;
  // Beside this module in dist/io/, or from the bundled CLI in dist/cli/.
  const script = [
    new URL("./table-worker.js", import.meta.url),
    new URL("../io/table-worker.js", import.meta.url),
  ]
    .map((u) => fileURLToPath(u))
    .find((f) => existsSync(f));
  let big = false;
  try {
    big = statSync(path).size >= OFF_THREAD_MIN_BYTES;
  } catch {
    // readTable says why the file cannot be read.
  }
  const use = offThread === "always" || (offThread === "auto" && big);
  if (!use || script === undefined) return readTable(path, read);
  // Loaded here, not at the top: node:worker_threads costs ~3 ms to load, which every CLI command
  // paid at start while only this one uses it.
  const { Worker } = await import("node:worker_threads");
  return new Promise<Table>((resolve, reject) => {
    const worker = new Worker(script, { workerData: { path, options: read } });
    let settled = false;
    worker.once("message", (m: { table?: Table; error?: Record<string, unknown> }) => {
      settled = true;
      if (m.table) resolve(m.table);
      else if (m.error && m.error.other !== true) {
        const e = m.error as {
          message: string;
          file: string;
          line?: number;
          column?: string;
          value?: string;
        };
        reject(
          new TableReadError(e.message, {
            file: e.file,
            ...(e.line !== undefined ? { line: e.line } : {}),
            ...(e.column !== undefined ? { column: e.column } : {}),
            ...(e.value !== undefined ? { value: e.value } : {}),
          }),
        );
      } else reject(new Error(String(m.error?.message)));
      void worker.terminate();
    });
    worker.once("error", (e) => {
      if (!settled) reject(e);
    });
    worker.once("exit", (code) => {
      if (!settled) reject(new Error(`the table reader's worker stopped (exit code ${code})`));
    });
  });
}

/**
 * The reference and current tables of a drift report, read as the CLI reads them: Parquet text
 * columns counted by DuckDB (`countCategories`: the report needs only the counts); two Parquet
 * files streamed at once on this thread (DuckDB decodes them on its
 * own threads, where a worker would first load its own modules and engine), other formats with
 * the reference parsed on a worker thread ({@link readTableOffThread}) while this one parses the
 * current table.
 *
 * @example
 * ```ts
 * // the demo tables of this repository (a loan-like table with an injected drift)
 * const [ref, cur] = await readDriftTables(
 *   "test/fixtures/drift/reference.parquet",
 *   "test/fixtures/drift/current.csv",
 * );
 * driftReport(ref.columns, cur.columns).drifted; // 2
 * ```
 * @throws {TableReadError} for a file that cannot be read.
 */
export async function readDriftTables(
  referencePath: string,
  currentPath: string,
  options: ReadTableOptions = {},
): Promise<[Table, Table]> {
  const read: ReadTableOptions = { countCategories: true, ...options };
  const parquet = /\.parq(uet)?$/i.test(referencePath);
  return Promise.all([
    parquet ? readTable(referencePath, read) : readTableOffThread(referencePath, read),
    readTable(currentPath, read),
  ]);
}
