// The CSV line reader of the CLI's numeric fast path (src/cli/readers/fast-csv.ts) in
// WebAssembly: a module of its own (plain memory, exported and grown by the JavaScript side,
// src/io/csv-lines.ts), separate from the SIMD kernels. Entry of the module; the conversion of a
// decimal to a double is in decimal.ts beside it, its table of powers of five in pow5.ts.
//
// parseLines reads consecutive complete lines with exactly the acceptance rules of fastLine in
// fast-csv.ts, and stops at the first line it is not sure of (a quote, a field that is not a
// plain decimal or that it declines to convert, too few fields, a lone carriage return, a line
// not complete in the buffer); JavaScript then reads that line as before and calls again.

import { numberEnd, scanNumber } from "./decimal";

const NL: u32 = 0x0a;
const CR: u32 = 0x0d;
const QUOTE: u32 = 0x22;
const SPACE: u32 = 0x20;

let stopAt: i32 = 0;

/** Where the last {@link parseLines} stopped (an offset in the buffer): the first line not read. */
export function stopped(): i32 {
  return stopAt;
}

/** The first byte the JavaScript side may use (after the module's own data). */
export function heapBase(): usize {
  return __heap_base;
}

/**
 * Reads one data line at p (the bytes up to `end`): each field c whose slot(c) ≥ 0 is a plain
 * decimal (spaces and tabs around it allowed, unless the tab is the delimiter), stored at
 * out[slot(c)] + 8·row; the others are skipped to the next delimiter; fields after the last
 * wanted one are skipped to the line break. Returns the position after the line break, or 0 where
 * the line is declined.
 */
// @ts-ignore: decorator
@inline
function parseLine(
  p: usize,
  end: usize,
  del: u32,
  tab: u32,
  slot: usize,
  width: i32,
  outs: usize,
  row: usize,
): usize {
  for (let c = 0; c < width; c++) {
    const s = load<i32>(slot + (<usize>c << 2));
    if (s >= 0) {
      while (p < end) {
        const ch = <u32>load<u8>(p);
        if (ch != SPACE && ch != tab) break;
        p++;
      }
      const v = scanNumber(p, end);
      if (isNaN(v)) return 0;
      p = numberEnd;
      while (p < end) {
        const ch = <u32>load<u8>(p);
        if (ch != SPACE && ch != tab) break;
        p++;
      }
      store<f64>(<usize>load<u32>(outs + (<usize>s << 2)) + (row << 3), v);
    } else {
      for (; p < end; p++) {
        const ch = <u32>load<u8>(p);
        if (ch == del || ch == NL || ch == CR) break;
        if (ch == QUOTE) return 0;
      }
    }
    if (p >= end) return 0;
    const ch = <u32>load<u8>(p);
    if (c < width - 1) {
      if (ch != del) return 0;
      p++;
    } else if (ch == del) {
      // More fields than wanted: on to the line break, no quote on the way.
      for (p++; p < end; p++) {
        const d = <u32>load<u8>(p);
        if (d == NL) break;
        if (d == QUOTE) return 0;
      }
      if (p >= end) return 0;
    }
  }
  if (<u32>load<u8>(p) == CR) {
    p++;
    if (p >= end) return 0;
  }
  return <u32>load<u8>(p) == NL ? p + 1 : 0;
}

/**
 * Reads the lines of buf[start..len) (`len` bytes at `buf`) while they are complete and plain, at
 * most `maxRows` of them: the wanted fields of the `width` fields of a line go by `slot` (width
 * int32, −1 for a skipped field, else the output column) to the output columns whose float64
 * arrays start at the addresses in `outs` (uint32 each), row after row from index 0. Returns the
 * number of lines read; {@link stopped} gives the offset of the first line not read.
 */
export function parseLines(
  buf: usize,
  start: i32,
  len: i32,
  del: i32,
  slot: usize,
  width: i32,
  outs: usize,
  maxRows: i32,
): i32 {
  const end = buf + <usize>len;
  // Spaces and tabs around a number are allowed, unless the tab is the delimiter (0x100: no byte).
  const tab: u32 = del == 0x09 ? 0x100 : 0x09;
  let p = buf + <usize>start;
  let rows = 0;
  while (rows < maxRows) {
    const next = parseLine(p, end, <u32>del, tab, slot, width, outs, <usize>rows);
    if (next == 0) break;
    p = next;
    rows++;
  }
  stopAt = <i32>(p - buf);
  return rows;
}

/** The decimal at p (see decimal.ts), or NaN where declined; for the tests. */
export function scanDecimal(p: usize, end: usize): f64 {
  return scanNumber(p, end);
}

/** Where the last {@link scanDecimal} stopped; for the tests. */
export function scanEnd(): usize {
  return numberEnd;
}
