import { closeSync, readSync } from "node:fs";
import { fastArray, fastPathInfo, setFastThreads } from "../../index.js";
import { threadsWorthIt } from "../accumulate.js";
import { resolveFormat } from "./bytes.js";
import { openFloat64Npy } from "./npy.js";
import { isStdin } from "./spec.js";
import type { MatrixInput, ReadContext, SourceSpec } from "./types.js";

/**
 * Bytes of each input's block of rows: small enough that its pages stay hot from block to block.
 * Memory touched for the first time costs ~11 µs per 4 KiB page on this kind of machine (a virtual
 * machine without huge pages), and a page a read(2) filled costs another ~5 µs at its first read
 * from JavaScript or WebAssembly: a whole 160 MB pair read into fresh memory took ~670 ms of page
 * faults before the first row was computed (`surprisal kl --rows` of 10³ × 10⁴, 1.24 s in all).
 */
const BLOCK_BYTES = 512 * 1024;

/** A float64 `.npy` matrix (or vector: one row) open for reading rows. */
interface RowsFile {
  fd: number;
  rows: number;
  columns: number;
  dataStart: number;
}

/** The float64 C-order `.npy` file a spec names, open; undefined for any other input. */
async function openRows(spec: SourceSpec): Promise<RowsFile | undefined> {
  if (spec.kind !== "file" || isStdin(spec) || spec.column !== undefined) return undefined;
  const file = await resolveFormat(spec);
  if (file.format !== "npy") return undefined;
  const h = openFloat64Npy(file.path, false);
  if (h === undefined) return undefined;
  const { shape, dataStart } = h.header;
  if (shape.length !== 1 && shape.length !== 2) {
    closeSync(h.fd);
    return undefined;
  }
  const [rows, columns] =
    shape.length === 1 ? [1, shape[0] as number] : (shape as [number, number]);
  if (rows === 0 || columns === 0) {
    closeSync(h.fd);
    return undefined;
  }
  return { fd: h.fd, rows, columns, dataStart };
}

/** Reads `count` rows from row `start` of `f` into `into` (synchronous reads, as readNpy's). */
function readRows(
  f: RowsFile,
  start: number,
  count: number,
  into: Float64Array,
  ctx: ReadContext,
): void {
  const bytes = new Uint8Array(into.buffer, into.byteOffset, count * f.columns * 8);
  const from = f.dataStart + start * f.columns * 8;
  for (let at = 0; at < bytes.length; ) {
    const r = readSync(f.fd, bytes, at, bytes.length - at, from + at);
    if (r === 0) throw new Error("the file shrank while it was read");
    at += r;
    ctx.progress?.add(r);
  }
}

/** The shape of streamed rows: their count and columns, and which input was one broadcast row. */
export interface StreamedRows {
  rows: number;
  columns: number;
  /** Index of the input that was one row repeated against the others' rows, if any. */
  broadcast: number | undefined;
  /** The row-wise results, one array per result column, in the order `block` returns them. */
  results: Float64Array[];
}

/** The shape of streamed rows as rowResult takes a matrix: `name`, no row labels, no data kept. */
export function streamedShape(name: string, s: StreamedRows): MatrixInput {
  return {
    name,
    data: new Float64Array(0),
    rows: s.rows,
    columns: s.columns,
    rowLabels: undefined,
    columnNames: undefined,
  };
}

/**
 * Row-wise results of float64 `.npy` matrices (one, or a pair of the same columns, one of them
 * possibly a single row broadcast against the other's rows) computed block by block: each block of
 * rows is read into one small array per input, reused from block to block, and handed to `block`,
 * whose results are concatenated. A row's value does not depend on the block it is in (the
 * library's row-wise functions take the same path for any batch of rows), so the results are those
 * of the whole matrices, without their first-touch page faults. Worker threads join once the
 * remaining computing is worth their start (as the CLI's streams). Undefined where the matrices are
 * read whole instead: other inputs (text, JSON, Fortran order, other dtypes, standard input,
 * `--smoothing`), shapes the whole-matrix path refuses, or any error of `block` (that path then
 * raises the precise error, with the row's number in the whole matrix).
 */
export async function streamNpyRows(
  specs: SourceSpec[],
  ctx: ReadContext,
  block: (inputs: Float64Array[], columns: number) => Float64Array[],
): Promise<StreamedRows | undefined> {
  if (ctx.smoothing !== undefined) return undefined;
  const files: RowsFile[] = [];
  try {
    for (const s of specs) {
      const f = await openRows(s);
      if (f === undefined) return undefined;
      files.push(f);
    }
    const columns = (files[0] as RowsFile).columns;
    const rows = Math.max(...files.map((f) => f.rows));
    if (files.some((f) => f.columns !== columns || (f.rows !== rows && f.rows !== 1)))
      return undefined;
    const one = files.findIndex((f) => f.rows === 1);
    const broadcast = rows > 1 && one >= 0 ? one : undefined;
    const per = Math.max(1, Math.floor(BLOCK_BYTES / (8 * columns)));
    const arrays = files.map((f) => fastArray(Math.min(per, f.rows) * columns));
    ctx.progress?.addTotal(files.reduce((s, f) => s + f.rows * columns * 8, 0));
    try {
      files.forEach((f, i) => {
        if (f.rows === 1 && rows > 1) readRows(f, 0, 1, arrays[i] as Float64Array, ctx);
      });
    } catch {
      return undefined;
    }
    const results: Float64Array[] = [];
    const threads = fastPathInfo().threads;
    let spent = 0;
    let late = threads === 1;
    if (!late) setFastThreads(1);
    try {
      for (let start = 0; start < rows; start += per) {
        const count = Math.min(per, rows - start);
        const t0 = performance.now();
        let out: Float64Array[];
        try {
          const inputs = files.map((f, i) => {
            const a = arrays[i] as Float64Array;
            if (f.rows === 1 && rows > 1) return a.subarray(0, columns);
            readRows(f, start, count, a, ctx);
            return a.subarray(0, count * columns);
          });
          out = block(inputs, columns);
        } catch {
          return undefined; // a refused value or a read that failed: the whole-matrix path says why
        }
        spent += performance.now() - t0;
        if (!late && threadsWorthIt(spent, (start + count) / rows)) {
          late = true;
          setFastThreads(threads);
        }
        out.forEach((v, k) => {
          if (results[k] === undefined) results[k] = new Float64Array(rows);
          (results[k] as Float64Array).set(v, start);
        });
      }
    } finally {
      setFastThreads(threads);
    }
    ctx.progress?.stop();
    return { rows, columns, broadcast, results };
  } finally {
    for (const f of files) closeSync(f.fd);
  }
}
