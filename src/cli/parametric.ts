import { type Distribution, parseDistribution } from "../index.js";
import { usageError } from "./errors.js";
import { parseSpec } from "./readers/spec.js";
import { lib } from "./refusal.js";

/** A parametric distribution word (`normal(0,1)`), with the library's refusal as a data error. */
export function distributionOf(word: string, label: string): Distribution {
  return lib({ text: { label, name: word }, "*": { label, name: word } }, () =>
    parseDistribution(word),
  );
}

/** Whether a word names a parametric distribution (`normal(0,1)`). */
export function isDistribution(word: string): boolean {
  return parseSpec(word).kind === "distribution";
}

/** Both inputs parametric (the pair), or neither (undefined); a usage error for a mix. */
export function parametricPair(pw: string, qw: string): [Distribution, Distribution] | undefined {
  const pd = isDistribution(pw);
  const qd = isDistribution(qw);
  if (pd !== qd) {
    throw usageError(
      `P and Q must both be distributions (like normal(0,1)) or both be vectors; got ${pd ? "a distribution" : "a vector"} and ${qd ? "a distribution" : "a vector"}`,
    );
  }
  return pd ? [distributionOf(pw, "P"), distributionOf(qw, "Q")] : undefined;
}
