import { SurprisalError } from "../errors.js";
import type { DistributionLike, Label } from "../input/labels.js";
import { matchPair } from "../input/match.js";
import { checkOptionKeys, MEASURE_OPTION_KEYS, resolveOptions } from "../input/options.js";
import { unitName } from "../numeric/units.js";
import type { AppliedSmoothing, MeasureOptions, Vector } from "../types.js";
import { crossEntropy } from "./cross-entropy.js";
import { hellinger } from "./hellinger.js";
import { jsDistance, jsDivergence } from "./js.js";
import { klDivergence } from "./kl.js";
import { renyiDivergence } from "./renyi.js";
import { totalVariation } from "./total-variation.js";

/** The measures of two distributions {@link measureReport} can report, by function name. */
export type PairMeasure =
  | "klDivergence"
  | "crossEntropy"
  | "jsDivergence"
  | "jsDistance"
  | "totalVariation"
  | "hellinger"
  | "renyiDivergence";

const MEASURES: Readonly<
  Record<PairMeasure, (p: Vector, q: Vector, o: MeasureOptions, alpha: number) => number>
> = {
  klDivergence: (p, q, o) => klDivergence(p, q, o),
  crossEntropy: (p, q, o) => crossEntropy(p, q, o),
  jsDivergence: (p, q, o) => jsDivergence(p, q, o),
  jsDistance: (p, q, o) => jsDistance(p, q, o),
  totalVariation: (p, q, o) => totalVariation(p, q, o),
  hellinger: (p, q, o) => hellinger(p, q, o),
  renyiDivergence: (p, q, o, alpha) => renyiDivergence(p, q, { ...o, alpha }),
};

/** Options of {@link measureReport}: the measure options, and `alpha` for the Rényi divergence. */
export interface MeasureReportOptions extends MeasureOptions {
  /** The Rényi order α (for `"renyiDivergence"` only; required there). */
  alpha?: number;
}

/** One measure of two distributions, with what a face needs to explain it. */
export interface MeasureReport {
  /** Which measure (the library function's name). */
  measure: PairMeasure;
  /** Its value, as the function returns it. */
  value: number;
  /** Unit of `value` (`"nats"`, `"bits"`, …; distances on [0, 1] are reported in the same unit field). */
  unit: string;
  /** Number of outcomes compared (after alignment by label). */
  outcomes: number;
  /** The outcomes' labels, when P and Q were given by label. */
  labels?: Label[];
  /**
   * The outcomes that make `value` infinite: P gives them mass and Q none (labels when given by
   * label, else indices). Empty when the value is finite. Smoothing (`{ smoothing: "jeffreys" }`
   * with counts) removes them.
   */
  infiniteAt: (Label | number)[];
  /** The smoothing applied (absent when none). */
  smoothing?: AppliedSmoothing;
  /** The Rényi order, for `"renyiDivergence"`. */
  alpha?: number;
}

/**
 * A measure of two distributions as a record: its value and unit, the labels when given by label,
 * the smoothing used, and, when the value is infinite, the outcomes that make it so. This is the
 * detailed variant of the plain-number functions (`klDivergence` and companions), for faces and
 * logs; the value is the very number the function returns.
 *
 * An outcome makes D(P‖Q), H(P, Q) or the Rényi divergence infinite when p̂ᵢ > 0 and q̂ᵢ = 0 (Q rules
 * out what P allows).
 *
 * @param measure - the function's name, e.g. `"klDivergence"`.
 * @param p - P (the truth), a vector or a labelled histogram.
 * @param q - Q (the belief), the same form.
 * @param options - the measure options, `alpha` for the Rényi divergence.
 * @throws {SurprisalError} as the measure; `invalid-option` for an unknown measure name or a
 * missing `alpha`; `unknown-option` for an unknown option key.
 * @example
 * ```ts
 * measureReport("klDivergence", { a: 2, b: 1 }, { a: 1, c: 1 }, { input: "counts" });
 * // { measure: "klDivergence", value: Infinity, unit: "nats", outcomes: 3,
 * //   labels: ["a", "b", "c"], infiniteAt: ["b"] }
 * measureReport("klDivergence", { a: 2, b: 1 }, { a: 1, c: 1 }, { input: "counts", smoothing: "jeffreys" }).value;
 * // 0.2766136490708908 (P = (2.5, 1.5, 0.5)/4.5, Q = (1.5, 0.5, 1.5)/3.5)
 * ```
 */
export function measureReport(
  measure: PairMeasure,
  p: DistributionLike,
  q: DistributionLike,
  options?: MeasureReportOptions,
): MeasureReport {
  const f = Object.hasOwn(MEASURES, measure) ? MEASURES[measure] : undefined;
  if (f === undefined) {
    throw new SurprisalError(
      "invalid-option",
      `measure = ${JSON.stringify(measure)} is not a measure of two distributions: use ${Object.keys(MEASURES).join(", ")}`,
      { argument: "measure", value: measure },
    );
  }
  checkOptionKeys(options, [...MEASURE_OPTION_KEYS, "alpha"], "measureReport");
  const { alpha, ...rest } = options ?? {};
  if (measure === "renyiDivergence" && alpha === undefined) {
    throw new SurprisalError("invalid-alpha", "renyiDivergence needs { alpha }", {
      argument: "alpha",
      value: alpha,
    });
  }
  const o = resolveOptions(rest);
  const m = matchPair(p, q, rest);
  const value = f(m.p, m.q, m.options ?? {}, alpha as number);
  const infiniteAt: (Label | number)[] = [];
  if (!Number.isFinite(value)) {
    for (let i = 0; i < m.p.length; i++) {
      const pi = m.p[i] as number;
      const qi = m.q[i] as number;
      const ruledOut = o.log
        ? pi > Number.NEGATIVE_INFINITY && qi === Number.NEGATIVE_INFINITY
        : pi > 0 && qi === 0;
      if (ruledOut) infiniteAt.push(m.labels?.[i] ?? i);
    }
  }
  return {
    measure,
    value,
    unit: unitName(rest.base),
    outcomes: m.p.length,
    ...(m.labels === undefined ? {} : { labels: m.labels }),
    infiniteAt,
    ...(m.smoothing === undefined ? {} : { smoothing: m.smoothing }),
    ...(measure === "renyiDivergence" ? { alpha } : {}),
  };
}
