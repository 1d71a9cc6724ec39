import type { LikelihoodRatio } from "../index.js";
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
