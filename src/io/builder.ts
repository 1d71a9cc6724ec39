import type { EncodedColumn } from "../index.js";

/** The tokens read as a missing value in text tables. */
export const MISSING = new Set(["", "NA", "N/A", "NaN", "nan", "null", "NULL", "None", "none"]);

const POW10 = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
];
const DECIMAL = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/**
 * A decimal number in `s[from, to)`, correctly rounded, or NaN when it is not one. Plain decimals
 * of up to 15 digits take Clinger's fast path (an exact integer divided by an exact power of ten is
 * one correctly rounded division); anything else goes through `Number` after a strict check.
 */
export function parseDecimal(s: string, from: number, to: number): number {
  let i = from;
  while (i < to && s.charCodeAt(i) === 32) i++;
  while (to > i && s.charCodeAt(to - 1) === 32) to--;
  if (i === to) return Number.NaN;
  let neg = false;
  let c = s.charCodeAt(i);
  if (c === 45 || c === 43) {
    neg = c === 45;
    i++;
  }
  let mant = 0;
  let digits = 0;
  let frac = 0;
  let dot = false;
  const start = i;
  for (; i < to; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mant = mant * 10 + (c - 48);
      if (mant !== 0 || digits > 0) digits++;
      if (dot) frac++;
    } else if (c === 46 && !dot) dot = true;
    else break;
  }
  if (i === to && i > start && !(dot && i - start === 1) && digits <= 15 && frac <= 22) {
    const v = frac === 0 ? mant : mant / (POW10[frac] as number);
    return neg ? -v : v;
  }
  const text = s.slice(from, to).trim();
  if (!DECIMAL.test(text)) return Number.NaN;
  const v = Number(text);
  return Number.isFinite(v) ? v : Number.NaN;
}

const ISO_DATE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/;

/** Whether a text is an ISO 8601 date or date-time. */
export function isIsoDate(s: string): boolean {
  return ISO_DATE.test(s) && !Number.isNaN(Date.parse(s));
}

/** A growable Float64Array. */
export class NumberColumn {
  values = new Float64Array(1024);
  length = 0;
  push(v: number): void {
    if (this.length === this.values.length) {
      const next = new Float64Array(this.values.length * 2);
      next.set(this.values);
      this.values = next;
    }
    this.values[this.length++] = v;
  }
  done(): Float64Array {
    return this.values.subarray(0, this.length);
  }
}

/** A growable dictionary-encoded column of strings (code −1 for missing). */
export class CategoryColumn {
  codes: Int32Array;
  length = 0;
  /** @param capacity - rows to make room for at once (they grow as needed). */
  constructor(capacity = 1024) {
    this.codes = new Int32Array(Math.max(1, capacity));
  }
  labels: string[] = [];
  private index = new Map<string, number>();
  push(label: string | undefined): void {
    this.pushCode(label === undefined ? -1 : this.codeOf(label));
  }
  /** The code of a label, given the next code when it is new. */
  codeOf(label: string): number {
    const known = this.index.get(label);
    if (known !== undefined) return known;
    const code = this.labels.length;
    this.index.set(label, code);
    this.labels.push(label);
    return code;
  }
  /** Appends a code ({@link codeOf}'s, or −1 for missing). */
  pushCode(code: number): void {
    if (this.length === this.codes.length) {
      const next = new Int32Array(this.codes.length * 2);
      next.set(this.codes);
      this.codes = next;
    }
    this.codes[this.length++] = code;
  }
  done(): EncodedColumn {
    return { codes: this.codes.subarray(0, this.length), labels: this.labels };
  }
}

/**
 * A map from byte strings to numbers (open addressing, keys copied into one growing buffer): how a
 * reader turns the raw bytes of a field into its category code without making a string per cell.
 * {@link get} returns −2 for a key not yet set.
 */
export class ByteMap {
  private slots = new Int32Array(1024).fill(-1);
  private hashes = new Int32Array(256);
  private starts = new Int32Array(256);
  private ends = new Int32Array(256);
  private values = new Int32Array(256);
  private bytes = new Uint8Array(4096);
  private used = 0;
  private size = 0;

  private static hash(b: Uint8Array, from: number, to: number): number {
    let h = 0x811c9dc5 ^ (to - from);
    for (let i = from; i < to; i++) h = Math.imul(h ^ (b[i] as number), 0x01000193);
    return (h ^ (h >>> 15)) | 0;
  }

  get(b: Uint8Array, from: number, to: number): number {
    const h = ByteMap.hash(b, from, to);
    const mask = this.slots.length - 1;
    const len = to - from;
    for (let s = h & mask; ; s = (s + 1) & mask) {
      const e = this.slots[s] as number;
      if (e < 0) return -2;
      if (this.hashes[e] !== h) continue;
      const a = this.starts[e] as number;
      if ((this.ends[e] as number) - a !== len) continue;
      let k = 0;
      while (k < len && this.bytes[a + k] === b[from + k]) k++;
      if (k === len) return this.values[e] as number;
    }
  }

  set(b: Uint8Array, from: number, to: number, value: number): void {
    if (2 * (this.size + 1) > this.slots.length) this.rehash();
    const len = to - from;
    if (this.used + len > this.bytes.length) {
      const next = new Uint8Array(Math.max(2 * this.bytes.length, this.used + len));
      next.set(this.bytes.subarray(0, this.used));
      this.bytes = next;
    }
    if (this.size === this.values.length) {
      const grow = (a: Int32Array) => {
        const next = new Int32Array(2 * a.length);
        next.set(a);
        return next;
      };
      this.hashes = grow(this.hashes);
      this.starts = grow(this.starts);
      this.ends = grow(this.ends);
      this.values = grow(this.values);
    }
    const e = this.size++;
    this.bytes.set(b.subarray(from, to), this.used);
    this.starts[e] = this.used;
    this.ends[e] = this.used + len;
    this.used += len;
    const h = ByteMap.hash(b, from, to);
    this.hashes[e] = h;
    this.values[e] = value;
    this.place(e, h);
  }

  private place(e: number, h: number): void {
    const mask = this.slots.length - 1;
    let s = h & mask;
    while ((this.slots[s] as number) >= 0) s = (s + 1) & mask;
    this.slots[s] = e;
  }

  private rehash(): void {
    this.slots = new Int32Array(2 * this.slots.length).fill(-1);
    for (let e = 0; e < this.size; e++) this.place(e, this.hashes[e] as number);
  }
}
