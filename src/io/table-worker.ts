/**
 * Worker entry of {@link readTableOffThread}: reads one table with {@link readTable} and posts it
 * back, its column buffers transferred (no copy), or the refusal's fields.
 */
import { parentPort, workerData } from "node:worker_threads";
import { TableReadError } from "./errors.js";
import { type ReadTableOptions, readTable } from "./table.js";

const { path, options } = workerData as { path: string; options: ReadTableOptions };
try {
  const table = await readTable(path, options);
  const transfer = new Set<ArrayBuffer>();
  for (const c of Object.values(table.columns)) {
    const buffer =
      c instanceof Float64Array
        ? c.buffer
        : "codes" in c
          ? (c.codes as Int32Array).buffer
          : (c.counts as Float64Array).buffer;
    if (buffer instanceof ArrayBuffer) transfer.add(buffer);
  }
  parentPort?.postMessage({ table }, [...transfer]);
} catch (e) {
  const error =
    e instanceof TableReadError
      ? { message: e.message, file: e.file, line: e.line, column: e.column, value: e.value }
      : { message: e instanceof Error ? e.message : String(e), other: true };
  parentPort?.postMessage({ error });
}
