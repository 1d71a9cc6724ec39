import type { Distribution, MeasureOptions } from "../index.js";
import { accumulatePair } from "./accumulate.js";
import type { Call } from "./command.js";
import { fromSamples } from "./flags.js";
import { parametricPair } from "./parametric.js";
import { readPair } from "./readers/pair.js";
import { parseSpec, streamsBest } from "./readers/spec.js";
import { lib, roleOf } from "./refusal.js";

/** One pair measure (KL or cross-entropy) in its three library forms. */
export interface PairMeasure {
  /** On two whole vectors. */
  vectors(p: Float64Array, q: Float64Array, o: MeasureOptions): number;
  /** On two parametric distributions (closed form). */
  parametric(p: Distribution, q: Distribution, o: MeasureOptions): number;
  /** An accumulator for streamed inputs. */
  accumulator(o: MeasureOptions): {
    add(p: Float64Array, q: Float64Array): unknown;
    value(): number;
  };
}

/** The measure of the pair the words name, and the inputs' names. */
export interface PairValue {
  value: number;
  p: string;
  q: string;
}

/**
 * Computes a pair measure on whatever the two words name: two parametric distributions (closed
 * form), observed outcomes (`--from-samples`), whole vectors (`.npy`, JSON, inline: one library call,
 * on the fast path), or text inputs streamed chunk by chunk through the accumulator.
 */
export async function pairValue(
  call: Call,
  measure: PairMeasure,
  opts: MeasureOptions,
): Promise<PairValue> {
  const [pw, qw] = call.inputs as [string, string];
  const samples = fromSamples(call.flags);
  const dists = samples ? undefined : parametricPair(pw, qw);
  if (dists) {
    const roles = { p: { label: "P", name: pw }, q: { label: "Q", name: qw } };
    const value = lib(roles, () => measure.parametric(dists[0], dists[1], { base: opts.base }));
    return { value, p: pw, q: qw };
  }
  const ps = parseSpec(pw);
  const qs = parseSpec(qw);
  if (samples || (!streamsBest(ps) && !streamsBest(qs))) {
    const { p, q } = await readPair(pw, qw, call.read, samples);
    const roles = { p: roleOf("P", p), q: roleOf("Q", q) };
    const value = lib(roles, () => measure.vectors(p.values, q.values, opts), opts);
    return { value, p: p.name, q: q.name };
  }
  const acc = lib({}, () => measure.accumulator(opts), opts);
  const value = await accumulatePair(ps, qs, acc, call.read, call.stderr, opts);
  return { value, p: ps.name, q: qs.name };
}
