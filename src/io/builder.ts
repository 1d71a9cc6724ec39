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
  codes = new Int32Array(1024);
  length = 0;
  labels: string[] = [];
  private index = new Map<string, number>();
  push(label: string | undefined): void {
    let code = -1;
    if (label !== undefined) {
      const known = this.index.get(label);
      if (known === undefined) {
        code = this.labels.length;
        this.index.set(label, code);
        this.labels.push(label);
      } else code = known;
    }
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
