/**
 * Exact arithmetic on doubles for tests: every finite double is an integer multiple of 2^-1074, so
 * `exact(x)` = x·2^1074 as a BigInt represents it without rounding.
 */
const view = new DataView(new ArrayBuffer(8));

/** x·2^1074 exactly, for a finite double x. */
export function exact(x: number): bigint {
  if (!Number.isFinite(x)) throw new Error(`not finite: ${x}`);
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const sign = bits >> 63n ? -1n : 1n;
  const e = Number((bits >> 52n) & 0x7ffn);
  const f = bits & ((1n << 52n) - 1n);
  if (e === 0) return sign * f; // subnormal: f·2^-1074
  return sign * ((f | (1n << 52n)) << BigInt(e - 1));
}

/** The exact sum of finite doubles, times 2^1074. */
export function exactSum(values: readonly number[]): bigint {
  let s = 0n;
  for (const v of values) s += exact(v);
  return s;
}
