import type { Distinguishability, LikelihoodRatio } from "surprisal";

/**
 * The sampling section's sentences, written by the page from the library's numbers (the library
 * returns records, the faces write the words).
 */

/** A number for a sentence: 3 significant digits from 0.001 to 1000, whole from 1000 to a million, exponent beyond. */
function short(x: number): string {
  if (!Number.isFinite(x)) return x > 0 ? "∞" : x < 0 ? "−∞" : "NaN";
  if (x === 0) return "0";
  const a = Math.abs(x);
  if (a >= 1e3 && a < 1e6) return String(Math.round(x));
  if (a >= 1e-3 && a < 1e3) return String(Number(x.toPrecision(3)));
  return x.toExponential(2);
}

/** A factor ≥ 1 from its base-10 logarithm, also where the factor overflows a float64 ("3.2e+712"). */
function factor(log10: number): string {
  if (log10 === Number.POSITIVE_INFINITY) return "infinitely many";
  if (log10 < 6) return short(10 ** log10);
  let e = Math.floor(log10);
  let m = (10 ** (log10 - e)).toFixed(2);
  if (m === "10.00") {
    m = "1.00";
    e += 1;
  }
  return `${m}e+${e}`;
}

/** Which distribution explains a sequence better, by what factor, in one sentence. */
export function likelihoodRatioSentence(r: LikelihoodRatio): string {
  const things = r.n === 1 ? "outcome" : `${r.n} outcomes`;
  if (r.favours === "neither")
    return `P and Q give the ${things} the same probability: ${r.n === 1 ? "it favours" : "they favour"} neither.`;
  const [winner, loser] = r.favours === "P" ? ["P", "Q"] : ["Q", "P"];
  if (!Number.isFinite(r.total))
    return `${loser} gives outcome ${r.ruledOutBy} probability zero and the sequence contains it: the sequence rules ${loser} out, ${winner} explains it infinitely better.`;
  const verb = r.n === 1 ? "is" : "are";
  const pronoun = r.n === 1 ? "it" : "them";
  return `The ${things} ${verb} ${factor(Math.abs(r.log10BayesFactor))} times as likely under ${winner} as under ${loser}: ${winner} explains ${pronoun} better (${short(Math.abs(r.total))} ${r.unit} in total, ${short(Math.abs(r.perSample))} ${r.unit} per outcome).`;
}

function logName(unit: string): string {
  if (unit === "nats") return "ln";
  if (unit === "bits") return "log₂";
  if (unit === "dits") return "log₁₀";
  return unit.replace(/ units$/, "");
}

/** How many samples tell P from Q, and why, in one sentence. */
export function distinguishSentence(d: Distinguishability): string {
  const f = short(d.factor);
  if (d.divergence === 0)
    return "P and Q are the same distribution (D(P‖Q) = 0): no number of samples makes the likelihood ratio favour P over Q.";
  if (d.divergence === Number.POSITIVE_INFINITY)
    return `Q gives probability zero to outcomes that P produces ${short(100 * d.ruledOutMass)}% of the time (D(P‖Q) = ∞): after about ${short(d.samples)} samples from P on average, one of them appears and rules Q out, whatever the factor.`;
  const average = d.samples < 100 ? ` (${short(d.samples)} on average)` : "";
  return `After about ${d.rounded} sample${d.rounded === 1 ? "" : "s"} from P${average}, the likelihood ratio favours P over Q by a factor of ${f}: each sample adds D(P‖Q) = ${short(d.divergence)} ${d.unit} of evidence, and ${logName(d.unit)} ${f} = ${short(d.needed)} ${d.unit} are needed.`;
}
