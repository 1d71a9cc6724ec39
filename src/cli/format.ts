import { dataError } from "./errors.js";

/**
 * A number for people: 6 significant digits, plain for everyday magnitudes, exponent otherwise,
 * `∞`/`-∞` for the infinities. A NaN is never printed as a result: it is refused as a data error
 * (the library should never return one; this is the last line of defence).
 */
export function human(x: number, what = "a result"): string {
  if (Number.isNaN(x))
    throw dataError(`${what} is not a number (NaN): this is a bug, please report it`);
  if (x === Number.POSITIVE_INFINITY) return "∞";
  if (x === Number.NEGATIVE_INFINITY) return "-∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e-4 && a < 1e7) return String(Number(x.toPrecision(6)));
  return x.toExponential(5).replace(/\.?0+e/, "e");
}

/**
 * A percentage with one decimal (`12.3%`), or two significant digits below 0.1% (`0.0012%`), so
 * that a share is never shown as 0% unless it is 0.
 */
export function percent(x: number): string {
  if (Number.isNaN(x)) return "-";
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "-∞";
  const p = 100 * x;
  if (p !== 0 && Math.abs(p) < 0.05) return `${Number(p.toPrecision(2))}%`;
  return `${Number(p.toFixed(1))}%`;
}

/** Aligns rows of cells in columns (numbers right-aligned, text left-aligned). */
export function table(rows: string[][], rightAlign: boolean[]): string {
  const widths: number[] = [];
  for (const r of rows) {
    r.forEach((c, i) => {
      widths[i] = Math.max(widths[i] ?? 0, [...c].length);
    });
  }
  return rows
    .map((r) =>
      r
        .map((c, i) => {
          const pad = (widths[i] ?? 0) - [...c].length;
          return rightAlign[i] ? " ".repeat(pad) + c : c + " ".repeat(pad);
        })
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/**
 * A signed bar for a terminal: negative values grow left of the axis, positive ones right of it,
 * scaled so that `max` fills `half` cells; +∞ fills its half and ends in `∞`.
 */
export function signedBar(x: number, max: number, half = 12): string {
  const cells = (v: number): string => {
    if (!Number.isFinite(v)) return `${"█".repeat(half - 1)}∞`;
    const n = max > 0 ? Math.round((Math.abs(v) / max) * half) : 0;
    return "█".repeat(Math.min(half, n));
  };
  const left = x < 0 ? cells(x) : "";
  const right = x > 0 ? cells(x) : "";
  return `${left.padStart(half)}│${right.padEnd(half)}`;
}
