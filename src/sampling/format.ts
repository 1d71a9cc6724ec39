/**
 * A factor ≥ 1 given by its base-10 logarithm, as a reader takes it in at a glance: "23.4" below
 * a million, "1.59e+8" above, also where the factor itself does not fit in a float64 ("3.2e+712").
 *
 * @internal
 */
export function formatFactor(log10Factor: number): string {
  if (log10Factor === Number.POSITIVE_INFINITY) return "infinitely many";
  if (log10Factor < 6) return formatNumber(10 ** log10Factor);
  let e = Math.floor(log10Factor);
  let m = (10 ** (log10Factor - e)).toFixed(2);
  if (m === "10.00") {
    m = "1.00";
    e += 1;
  }
  return `${m}e+${e}`;
}

/**
 * A number for a sentence: 3 significant digits (trailing zeros dropped) from 0.001 to 1000, the
 * nearest whole number from 1000 to a million, exponent notation beyond.
 * @internal
 */
export function formatNumber(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? "∞" : x < 0 ? "−∞" : "NaN";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e3 && a < 1e6) return String(Math.round(x));
  if (a >= 1e-3 && a < 1e3) return String(Number(x.toPrecision(3)));
  return x.toExponential(2);
}
