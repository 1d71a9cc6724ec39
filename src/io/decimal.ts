/**
 * A correctly rounded parser of plain decimals straight from bytes (`0.25`, `-1.5e-7`,
 * `4.9957803412394847e-07`), for the CSV readers (the CLI's numeric fast path and the tables of
 * `readTable`): no string per field. It returns NaN where it is not sure or not meant to answer
 * (more than 19 significant digits, exponents near the ends of the double range, special values,
 * anything that is not a plain decimal), and the caller then parses the field's text (the CLI's
 * `parseNumber`, `readTable`'s `parseDecimal`), whose answer is the reference.
 *
 * Method: the significant digits M (at most 19) are exact as a double-double; with at most 15 of
 * them and a power of ten of at most 22, M·10^e or M/10^−e is one correctly rounded operation
 * (Clinger's fast path). Otherwise M times 10^e as a double-double (from BigInt, exact to 2^-106)
 * is within 2^-102 of the value, and its rounding to a double is kept only when moving it by
 * 2^-99 either way does not change it (else: NaN, the caller parses the text).
 */

const SPLITTER = 134217729; // 2^27 + 1

/** The rounding error of a·b (Dekker): a·b = fl(a·b) + error exactly, for |a·b| well inside range. */
function productError(a: number, b: number, p: number): number {
  let c = SPLITTER * a;
  const ah = c - (c - a);
  const al = a - ah;
  c = SPLITTER * b;
  const bh = c - (c - b);
  const bl = b - bh;
  return ah * bh - p + ah * bl + al * bh + al * bl;
}

const EXACT = [
  1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21, 1e22,
];

/**
 * Powers of ten beyond the fast path as double-doubles (hi, lo), computed on first use, in typed
 * arrays indexed by the exponent + {@link POW10_BIAS} (a lookup per parsed number: no Map, no tuple).
 */
const POW10_BIAS = 400;
const POW10_HI = new Float64Array(2 * POW10_BIAS);
const POW10_LO = new Float64Array(2 * POW10_BIAS);
const POW10_SET = new Uint8Array(2 * POW10_BIAS);

/** Fills the table entry of 10^e (|e| < POW10_BIAS) and returns its index. */
function pow10(e: number): number {
  const at = e + POW10_BIAS;
  if (POW10_SET[at] === 1) return at;
  let hi: number;
  let lo: number;
  if (e >= 0) {
    const n = 10n ** BigInt(e);
    hi = Number(n);
    lo = Number(n - BigInt(hi));
  } else {
    const d = 10n ** BigInt(-e);
    const s = d.toString(2).length + 112;
    const q = (1n << BigInt(s)) / d; // 2^s/10^k to 112 bits, truncated (error 2^-112 relative)
    const qh = Number(q);
    const half = s >> 1;
    const scale = (x: number): number => x * 2 ** -half * 2 ** -(s - half);
    hi = scale(qh);
    lo = scale(Number(q - BigInt(qh)));
  }
  POW10_HI[at] = hi;
  POW10_LO[at] = lo;
  POW10_SET[at] = 1;
  return at;
}

/** Where the last {@link scanDecimal} stopped: the first byte after the number. */
export let scanStop = 0;

/**
 * The decimal in bytes[start..end) (spaces and tabs around it allowed), correctly rounded, or NaN
 * when the caller must parse the text itself.
 */
export function parseDecimalBytes(b: Uint8Array, start: number, end: number): number {
  let i = start;
  let j = end;
  while (i < j && (b[i] === 0x20 || b[i] === 0x09)) i++;
  while (j > i && (b[j - 1] === 0x20 || b[j - 1] === 0x09)) j--;
  const v = scanDecimal(b, i, j);
  return scanStop === j ? v : Number.NaN;
}

/**
 * The plain decimal that starts at bytes[start] (no space before it), read up to the first byte
 * that cannot continue it (or `end`), correctly rounded; NaN where the caller must parse the text.
 * Sets {@link scanStop} to the position after the number: the caller checks what follows (a
 * delimiter, a line break) and declines otherwise. `1.5x`, `1e5.5`, `1.2.3` stop early; `1e`,
 * `1e+` and a lone sign or point are NaN.
 */
export function scanDecimal(b: Uint8Array, start: number, end: number): number {
  let i = start;
  const j = end;
  scanStop = start;
  if (i >= j) return Number.NaN;
  let negative = false;
  if (b[i] === 0x2d) {
    negative = true;
    i++;
  } else if (b[i] === 0x2b) i++;
  let m1 = 0; // first 15 significant digits
  let m2 = 0; // the next ones, up to 19 in all
  let k2 = 0;
  let sig = 0;
  let digits = 0;
  let scale = 0; // power of ten of the last significant digit
  let point = false;
  for (; i < j; i++) {
    const c = b[i] as number;
    if (c >= 0x30 && c <= 0x39) {
      digits++;
      if (point) scale--;
      if (sig === 0 && c === 0x30) continue; // leading zero
      sig++;
      if (sig <= 15) m1 = m1 * 10 + (c - 0x30);
      else if (sig <= 19) {
        m2 = m2 * 10 + (c - 0x30);
        k2++;
      } else return Number.NaN;
    } else if (c === 0x2e && !point) point = true;
    else break;
  }
  if (digits === 0) return Number.NaN;
  let e = 0;
  if (i < j && (b[i] === 0x65 || b[i] === 0x45)) {
    i++;
    let eNeg = false;
    if (i < j && b[i] === 0x2d) {
      eNeg = true;
      i++;
    } else if (i < j && b[i] === 0x2b) i++;
    const first = i;
    for (; i < j; i++) {
      const c2 = b[i] as number;
      if (c2 < 0x30 || c2 > 0x39) break;
      if (e > 100000) return Number.NaN;
      e = e * 10 + (c2 - 0x30);
    }
    if (i === first) return Number.NaN;
    if (eNeg) e = -e;
  }
  scanStop = i;
  if (sig === 0) return negative ? -0 : 0;
  const p = e + scale; // value = M·10^p
  let v: number;
  if (k2 === 0 && p >= -22 && p <= 22) {
    v = p >= 0 ? m1 * (EXACT[p] as number) : m1 / (EXACT[-p] as number);
  } else {
    const top = p + sig; // the value is in [10^(top−1), 10^top)
    if (top > 300 || top < -290) return Number.NaN;
    // M = m1·10^k2 + m2 as a double-double (exact: m1·10^k2 < 10^19).
    let mh = m1;
    let ml = 0;
    if (k2 > 0) {
      const t = EXACT[k2] as number;
      mh = m1 * t;
      ml = productError(m1, t, mh);
      const s = mh + m2;
      const bp = s - mh;
      ml += mh - (s - bp) + (m2 - bp);
      mh = s;
    }
    const at = pow10(p);
    const ph = POW10_HI[at] as number;
    const pl = POW10_LO[at] as number;
    const h = mh * ph;
    const lo = productError(mh, ph, h) + (mh * pl + ml * ph);
    v = h + lo;
    const d = Math.abs(h) * 2 ** -99;
    if (h + (lo + d) !== v || h + (lo - d) !== v) return Number.NaN;
  }
  return negative ? -v : v;
}
