import type { Unit } from "./state.js";

/** Formats a number for reading: 4 significant digits, ∞ spelled as such, a real minus sign. */
export function fmt(x: number, digits = 4): string {
  if (Number.isNaN(x)) return "not defined";
  if (x === Number.POSITIVE_INFINITY) return "∞";
  if (x === Number.NEGATIVE_INFINITY) return "−∞";
  if (x === 0) return "0";
  const a = Math.abs(x);
  let s: string;
  if (a >= 1e6 || a < 1e-4) {
    const [m, e] = x.toExponential(digits - 1).split("e");
    s = `${trim(m!)} × 10${superscript(Number(e))}`;
  } else {
    s = trim(x.toPrecision(digits));
  }
  return s.replace(/^-/, "−");
}

/** The same number for TeX. */
export function fmtTex(x: number, digits = 4): string {
  if (x === Number.POSITIVE_INFINITY) return "\\infty";
  if (x === Number.NEGATIVE_INFINITY) return "-\\infty";
  if (Number.isNaN(x)) return "\\text{n/a}";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e6 || a < 1e-4) {
    const [m, e] = x.toExponential(digits - 1).split("e");
    return `${trim(m!)}\\times 10^{${Number(e)}}`;
  }
  return trim(x.toPrecision(digits));
}

/** The unit's name for an amount as shown: singular for exactly 1 ("1 bit"), else plural ("0 bits"). */
export function unitFor(shown: string, unit: string): string {
  if (shown !== "1" && shown !== "−1") return unit;
  return unit === "bits" ? "bit" : unit === "nats" ? "nat" : unit === "dits" ? "dit" : unit;
}

/** A number with its unit: "1.161 bits", "1 bit". */
export function withUnit(x: number, unit: string, digits = 4): string {
  const shown = fmt(x, digits);
  return `${shown} ${unitFor(shown, unit)}`;
}

/** A probability for display (up to 4 decimals). */
export function fmtProb(x: number): string {
  if (x === 0) return "0";
  if (x < 1e-4) return fmt(x, 2);
  return trim(x.toFixed(4));
}

/** An integer with thousands separators. */
export function fmtInt(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? "∞" : "−∞";
  return Math.round(x).toLocaleString("en-US");
}

/** TeX symbol of the logarithm in a unit. */
export function logTex(unit: Unit): string {
  return unit === "bits" ? "\\log_2" : unit === "dits" ? "\\log_{10}" : "\\ln";
}

function trim(s: string): string {
  return s.includes(".") ? s.replace(/\.?0+$/, "") : s;
}

const SUP: Record<string, string> = {
  "-": "⁻",
  "0": "⁰",
  "1": "¹",
  "2": "²",
  "3": "³",
  "4": "⁴",
  "5": "⁵",
  "6": "⁶",
  "7": "⁷",
  "8": "⁸",
  "9": "⁹",
};

function superscript(n: number): string {
  return String(n)
    .split("")
    .map((c) => SUP[c] ?? c)
    .join("");
}

/** A power of ten as people write it on an axis: `10⁻⁸`, `0.1` → `10⁻¹`, `1`, `10`. */
export function powerOfTen(x: number): string {
  const e = Math.round(Math.log10(x));
  if (e === 0) return "1";
  return `10${superscript(e).replace("-", "⁻")}`;
}
