/**
 * The WebAssembly line reader of the CLI's numeric CSV fast path (assembly/csv/, embedded in
 * csv-wasm.ts): a small module with its own memory, separate from the SIMD kernels. A
 * {@link WasmLines} holds one instance for one file: the block of bytes is copied into its memory
 * once per block, and each call reads as many complete plain lines as it can into its output
 * columns, stopping at the first line it is not sure of, which the caller reads as before.
 *
 * Its numbers are correctly rounded (Eisel–Lemire with a truncated 128-bit power of five, Clinger's
 * fast path for short ones; assembly/csv/decimal.ts) or declined: the same value as `Number(text)`
 * wherever it answers.
 */
import { CSV_WASM_BASE64 } from "./csv-wasm.js";

/** The exports of assembly/csv/parse.ts. */
export interface CsvWasmExports {
  memory: WebAssembly.Memory;
  heapBase(): number;
  parseLines(
    buf: number,
    start: number,
    len: number,
    del: number,
    slot: number,
    width: number,
    outs: number,
    maxRows: number,
  ): number;
  stopped(): number;
  /** The decimal at bytes [p, end) of the memory, or NaN where declined (for the tests). */
  scanDecimal(p: number, end: number): number;
  /** Where the last scanDecimal stopped. */
  scanEnd(): number;
}

/** The compiled module (once per process); null when WebAssembly is unavailable or fails. */
let compiled: WebAssembly.Module | null | undefined;

/** A new instance of the CSV module, or undefined where WebAssembly is not available. */
export function csvWasm(): CsvWasmExports | undefined {
  if (compiled === undefined) {
    try {
      compiled = new WebAssembly.Module(Buffer.from(CSV_WASM_BASE64, "base64"));
    } catch {
      compiled = null;
    }
  }
  if (compiled === null) return undefined;
  return new WebAssembly.Instance(compiled, {}).exports as unknown as CsvWasmExports;
}

const PAGE = 65536;

/**
 * One file's line reader: `slot` maps each field of a line (up to its last wanted one) to an output
 * column (−1: skipped), as fast-csv.ts's one-pass reader; `rows` is the most rows one call stores.
 * Memory: the slot map, the column addresses, the columns, then the block of bytes (8 bytes of
 * slack after it for the 8-byte loads of digits).
 */
export class WasmLines {
  private readonly x: CsvWasmExports;
  private readonly slotAt: number;
  private readonly outsAt: number;
  private readonly columnsAt: number;
  private readonly columns: number;
  private readonly rows: number;
  private readonly width: number;
  private readonly bufAt: number;
  private bytes: Uint8Array;
  private doubles: Float64Array;

  private constructor(x: CsvWasmExports, slot: Int32Array, columns: number, rows: number) {
    this.x = x;
    this.columns = columns;
    this.rows = rows;
    this.width = slot.length;
    const align = (n: number): number => (n + 15) & ~15;
    this.slotAt = align(x.heapBase());
    this.outsAt = align(this.slotAt + 4 * slot.length);
    this.columnsAt = align(this.outsAt + 4 * columns);
    this.bufAt = align(this.columnsAt + 8 * rows * columns);
    this.bytes = new Uint8Array(0);
    this.doubles = new Float64Array(0);
    this.reserve(this.bufAt);
    new Int32Array(x.memory.buffer, this.slotAt, slot.length).set(slot);
    const outs = new Uint32Array(x.memory.buffer, this.outsAt, columns);
    for (let s = 0; s < columns; s++) outs[s] = this.columnsAt + 8 * rows * s;
  }

  /** A reader for `slot` and `columns` output columns of up to `rows` rows, or undefined. */
  static create(slot: Int32Array, columns: number, rows: number): WasmLines | undefined {
    const x = csvWasm();
    return x === undefined ? undefined : new WasmLines(x, slot, columns, rows);
  }

  /** Grows the memory to at least `bytes` bytes and renews the views. */
  private reserve(bytes: number): void {
    const memory = this.x.memory;
    if (memory.buffer.byteLength < bytes)
      memory.grow(Math.ceil((bytes - memory.buffer.byteLength) / PAGE));
    this.bytes = new Uint8Array(memory.buffer);
    this.doubles = new Float64Array(memory.buffer);
  }

  /** Copies the block buf[0..len) into the module's memory (once per block). */
  load(buf: Uint8Array, len: number): void {
    if (this.bufAt + len + 8 > this.bytes.length) this.reserve(this.bufAt + buf.length + 8);
    this.bytes.set(buf.subarray(0, len), this.bufAt);
  }

  /**
   * Reads the lines of the loaded block from `start` (up to `len`), at most `maxRows` (≤ the rows
   * of the reader), into the output columns; returns how many. {@link stop} is then the offset of
   * the first line not read.
   */
  read(start: number, len: number, delimiter: number, maxRows: number): number {
    return this.x.parseLines(
      this.bufAt,
      start,
      len,
      delimiter,
      this.slotAt,
      this.width,
      this.outsAt,
      Math.min(maxRows, this.rows),
    );
  }

  /** The offset of the first line the last {@link read} did not read. */
  get stop(): number {
    return this.x.stopped();
  }

  /** Copies the `count` rows of the last read into `values[s]` from index `at`. */
  take(values: Float64Array[], at: number, count: number): void {
    for (let s = 0; s < this.columns; s++) {
      const from = (this.columnsAt >> 3) + this.rows * s;
      (values[s] as Float64Array).set(this.doubles.subarray(from, from + count), at);
    }
  }
}
