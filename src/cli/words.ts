import type { InputKind, LikelihoodRatio } from "../index.js";
import { human } from "./format.js";

/** The two inputs by role, as every pair command names them. */
export function direction(p: string, q: string): string {
  return `  P (truth):  ${p}\n  Q (belief): ${q}`;
}

/** A factor ≥ 1 from its base-10 logarithm, also where it overflows a float64 (`3.2e+712`). */
export function factorFromLog10(log10: number): string {
  if (log10 === Number.POSITIVE_INFINITY) return "infinitely many";
  if (log10 < 6) return human(10 ** log10);
  let e = Math.floor(log10);
  let m = (10 ** (log10 - e)).toFixed(2);
  if (m === "10.00") {
    m = "1.00";
    e += 1;
  }
  return `${m}e+${e}`;
}

/** Which distribution explains a sequence better, and by what factor, in one sentence. */
export function likelihoodRatioSentence(r: LikelihoodRatio): string {
  const things = r.n === 1 ? "outcome" : `${r.n} outcomes`;
  if (r.favours === "neither")
    return `P and Q give the ${things} the same probability: ${r.n === 1 ? "it favours" : "they favour"} neither.`;
  const [winner, loser] = r.favours === "P" ? ["P", "Q"] : ["Q", "P"];
  if (!Number.isFinite(r.total))
    return `${loser} gives outcome ${r.ruledOutBy} probability zero and the sequence contains it: the sequence rules ${loser} out, ${winner} explains it infinitely better.`;
  const verb = r.n === 1 ? "is" : "are";
  const pronoun = r.n === 1 ? "it" : "them";
  return `The ${things} ${verb} ${factorFromLog10(Math.abs(r.log10BayesFactor))} times as likely under ${winner} as under ${loser}: ${winner} explains ${pronoun} better (${human(Math.abs(r.total))} ${r.unit} in total, ${human(Math.abs(r.perSample))} ${r.unit} per outcome).`;
}

/** The outcomes that make D(P‖Q) or H(P,Q) infinite, as a result records them. */
export interface InfiniteBecause {
  outcomes: { outcome: string; index: number }[];
  count: number;
}

/** `"c", "d" and 3 more` (labels quoted, at most five named). */
function outcomeList(z: InfiniteBecause): string {
  const named = z.outcomes.slice(0, 5).map((o) => JSON.stringify(o.outcome));
  const more = z.count - named.length;
  if (more > 0) return `${named.join(", ")} and ${more} more`;
  if (named.length === 1) return named[0] as string;
  return `${named.slice(0, -1).join(", ")} and ${named.at(-1)}`;
}

/**
 * Why a divergence is +∞, in one sentence: the outcomes P allows and Q gives zero, and the remedy
 * (`--smoothing`, with `--input counts` when the inputs are not counts yet).
 */
export function infiniteSentence(z: InfiniteBecause, input: InputKind | undefined): string {
  const which = `outcome${z.count === 1 ? "" : "s"} ${outcomeList(z)}`;
  const remedy =
    input === "counts"
      ? "--smoothing jeffreys (add 0.5 to every count) or --smoothing laplace (add 1) gives a finite value"
      : "if the inputs are counts, --input counts --smoothing jeffreys (or laplace) gives a finite value";
  return `Q gives probability zero to ${which}, which P allows: ${remedy}.`;
}

/** The JSON record of an infinite result: the outcomes, how many, and the flag that helps. */
export function infiniteJson(z: InfiniteBecause): Record<string, unknown> {
  return { outcomes: z.outcomes, count: z.count, remedy: "--smoothing" };
}
