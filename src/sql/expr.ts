/**
 * SQL expression pieces shared by every dialect: float literals, Horner polynomials and the series
 * the careful forms need (no engine has log1p/expm1 everywhere: DuckDB has neither, and its `log`
 * is base 10). Each takes its argument as SQL text and repeats it, so pass a column name or a
 * parenthesized expression.
 */
import { SurprisalError } from "../errors.js";
import type { Dialect } from "./dialect.js";

/** A float64 literal that every engine reads back to the same double (shortest round trip). */
export function lit(x: number): string {
  if (!Number.isFinite(x))
    throw new SurprisalError("not-finite", `a SQL literal must be finite, got ${x}`, {
      argument: "literal",
      value: x,
    });
  if (Object.is(x, -0) || x === 0) return "0.0";
  const s = x.toExponential();
  return x < 0 ? `(${s})` : s;
}

/** c₀ + x·(c₁ + x·(c₂ + …)) as SQL. */
export function horner(x: string, coeffs: readonly number[]): string {
  let s = lit(coeffs[coeffs.length - 1]);
  for (let i = coeffs.length - 2; i >= 0; i--) s = `(${lit(coeffs[i])} + ${x} * ${s})`;
  return s;
}

/** φ(r)/r² = Σ_{k≥2} (−1)^k r^{k−2}/(k(k−1)), k = 2 … 18 (the same terms as numeric/phi.ts). */
export const PHI_COEFFS: readonly number[] = Array.from({ length: 17 }, (_, i) => {
  const k = i + 2;
  return (k % 2 === 0 ? 1 : -1) / (k * (k - 1));
});

/**
 * Where the cheap KL term switches from its short series to the log form: below this |r| the
 * series φ(r)/r² to degree {@link PHI_TERM_DEGREE} is used (truncation ≤ 1.2e-14 relative), above it
 * x·ln x − (x − 1) at x = p/q (≤ 1.5e-13 relative per term: ln's rounding over φ ≈ r²/2, measured
 * against mpmath by scripts: see docs/sql.md).
 */
export const PHI_TERM_BOUND = 3e-3;

/** Degree of the short series of φ(r)/r² used below {@link PHI_TERM_BOUND}. */
export const PHI_TERM_DEGREE = 4;

/**
 * Where a row counts as ordinary for the KL term: p and q in [1e-150, 1e150], so that x = p/q lies
 * in [1e-300, 1e300], ln x needs no guard and x·ln x cannot overflow. Tested on the source columns,
 * which lets an engine with column statistics (DuckDB tables, Parquet) fold the test to a constant.
 */
export const ORDINARY_BOUND = 1e150;

/** The ordinary-row test of {@link klTermSql} on two float64 columns (see {@link ORDINARY_BOUND}). */
export function ordinarySql(p: string, q: string): string {
  const lo = lit(1 / ORDINARY_BOUND);
  const hi = lit(ORDINARY_BOUND);
  return `${p} >= ${lo} AND ${p} <= ${hi} AND ${q} >= ${lo} AND ${q} <= ${hi}`;
}

/**
 * One row's KL term qᵢ·φ(rᵢ) = pᵢ·ln(pᵢ/qᵢ) − pᵢ + qᵢ, cheap enough to run near scan speed. Columns
 * computed beforehand: `dn` = p − q, `x` = p/q and `m` = x − 1 (exact near x = 1; x and m NULL, ±∞
 * or NaN where q = 0), and, when `ordinary` is given, a boolean column that holds where
 * {@link ordinarySql} does. Branches, in order:
 * - |m| < 3e-3: the short series dn·(dn/q)·Σcⱼmʲ (r = dn/q exact to a rounding; m stands for r
 *   only inside the polynomial, where its error ≤ 1 ulp of x moves the sum by < ε);
 * - ordinary rows: q·(x·ln x − m), φ at the rounded x (≤ 1.5e-13 relative just above 3e-3);
 * - the same with x clamped below at 1e-300 while x < 1e300 (p = 0, tiny quotients);
 * - p·(ln p − ln q) − dn where p/q overflows;
 * - 0 where p = q = 0, and NULL where q = 0 < p, so `count(p) − count(term)` counts the rows that
 *   make D infinite.
 * An engine that folds the ordinary test to true (DuckDB on a table whose statistics bound p and q)
 * evaluates one comparison and two arithmetic branches a row.
 */
export function klTermSql(d: Dialect, ordinary?: string): string {
  const h = horner("m", PHI_COEFFS.slice(0, PHI_TERM_DEGREE + 1));
  return (
    `CASE WHEN abs(m) < ${lit(PHI_TERM_BOUND)} THEN dn * (${d.quotient("dn", "qn")}) * ${h} ` +
    (ordinary === undefined ? "" : `WHEN ${ordinary} THEN qn * (x * ${d.ln("x")} - m) `) +
    `WHEN x < 1e300 THEN qn * (x * ${d.ln("greatest(x, 1e-300)")} - m) ` +
    `WHEN qn > 0 AND pn > 0 THEN pn * (${d.ln("pn")} - ${d.ln("qn")}) - dn ` +
    `WHEN pn = 0 THEN 0.0 END`
  );
}

/** log1p(x)/x = Σ_{k≥1} (−1)^{k+1} x^{k−1}/k, k = 1 … 18. */
export const LOG1P_COEFFS: readonly number[] = Array.from(
  { length: 18 },
  (_, i) => (i % 2 === 0 ? 1 : -1) / (i + 1),
);

/** expm1(x)/x = Σ_{k≥1} x^{k−1}/k!, k = 1 … 17. */
export const EXPM1_COEFFS: readonly number[] = (() => {
  const c: number[] = [];
  let f = 1;
  for (let k = 1; k <= 17; k++) {
    f *= k;
    c.push(1 / f);
  }
  return c;
})();

/** j(s)/s² = Σ_{n≥1} u^{n−1}/(n(2n−1)) in u = s², n = 1 … 10 (as measures/js.ts). */
export const J_COEFFS: readonly number[] = Array.from(
  { length: 10 },
  (_, i) => 1 / ((i + 1) * (2 * i + 1)),
);

/** ψβ(ℓ)/ℓ² = Σ_{k≥2} (βᵏ − β)·ℓ^{k−2}/k!, k = 2 … 24 (as measures/renyi.ts). */
export function psiBetaCoeffs(beta: number): number[] {
  const c: number[] = [];
  let f = 1;
  let bk = beta;
  for (let k = 2; k <= 24; k++) {
    f *= k;
    bk *= beta;
    c.push((bk - beta) / f);
  }
  return c;
}

/** Below this |argument| the series are used (as in numeric/phi.ts). */
export const SERIES_BOUND = 0.1;

/** φ(r) = (1 + r)·ln(1 + r) − r for r ≥ −1, by its series for |r| < 0.1. */
export function phiSql(d: Dialect, r: string): string {
  return `(CASE WHEN abs(${r}) < ${lit(SERIES_BOUND)} THEN ${r} * ${r} * ${horner(r, PHI_COEFFS)} WHEN ${r} <= -1 THEN 1.0 ELSE (1 + ${r}) * ${d.ln(`1 + ${r}`)} - ${r} END)`;
}

/** log1p(x) for x > −1, by its series for |x| < 0.1. */
export function log1pSql(d: Dialect, x: string): string {
  return `(CASE WHEN abs(${x}) < ${lit(SERIES_BOUND)} THEN ${x} * ${horner(x, LOG1P_COEFFS)} ELSE ${d.ln(`1 + ${x}`)} END)`;
}

/**
 * expm1(x), by its series for |x| < 0.1; the argument of exp is clamped to [−745, 709] (PostgreSQL
 * raises an error on underflow and overflow; the clamped values are 0 and never used in a result).
 */
export function expm1Sql(x: string): string {
  return `(CASE WHEN abs(${x}) < ${lit(SERIES_BOUND)} THEN ${x} * ${horner(x, EXPM1_COEFFS)} ELSE exp(least(greatest(${x}, -745.0), 709.0)) - 1 END)`;
}

/** j(s) = (1 + s)·ln(1 + s) + (1 − s)·ln(1 − s) for |s| ≤ 1, by its series for |s| < 0.1. */
export function jSql(d: Dialect, s: string): string {
  return `(CASE WHEN abs(${s}) < ${lit(SERIES_BOUND)} THEN ${s} * ${s} * ${horner(`(${s} * ${s})`, J_COEFFS)} WHEN abs(${s}) >= 1 THEN ${lit(2 * Math.LN2)} ELSE (1 + ${s}) * ${d.ln(`1 + ${s}`)} + (1 - ${s}) * ${d.ln(`1 - ${s}`)} END)`;
}

/** ψβ(ℓ) = expm1(βℓ) − β·expm1(ℓ), by its series for |ℓ| < 0.1 and |βℓ| < 0.5. */
export function psiBetaSql(beta: number, l: string): string {
  const b = lit(beta);
  return `(CASE WHEN abs(${l}) < ${lit(SERIES_BOUND)} AND abs(${b} * ${l}) < 0.5 THEN ${l} * ${l} * ${horner(l, psiBetaCoeffs(beta))} ELSE ${expm1Sql(`(${b} * ${l})`)} - ${b} * ${expm1Sql(l)} END)`;
}

/**
 * ln(a/b) for a, b > 0 where |a/b − 1| ≥ 0.1 (the callers' series cover the rest): the quotient's
 * log while a/b is a normal number, ln a − ln b beyond (where 1 + r would round to 0 or overflow).
 */
export function logRatioSql(d: Dialect, a: string, b: string): string {
  return `(CASE WHEN ${a} / ${b} > 1e-300 AND ${a} / ${b} < 1e300 THEN ${d.ln(`${a} / ${b}`)} ELSE ${d.ln(a)} - ${d.ln(b)} END)`;
}
