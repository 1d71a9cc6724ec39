import type { Distribution, MeasureOptions } from "../index.js";
import { accumulatePair } from "./accumulate.js";
import type { Call } from "./command.js";
import { dataError, usageError } from "./errors.js";
import { fromSamples } from "./flags.js";
import { parametricPair } from "./parametric.js";
import { type ZeroInQ, ZeroInQCollector } from "./readers/align.js";
import { LabelsDiffer, readPair } from "./readers/pair.js";
import { isStdin, parseSpec, streamsBest } from "./readers/spec.js";
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
  /** When the value is +∞: the outcomes P allows and Q gives zero (the first ten), and how many. */
  zeroInQ?: { outcomes: ZeroInQ[]; count: number } | undefined;
}

/** The outcomes that make the value infinite, when it is. */
function why(value: number, zeros: ZeroInQCollector): PairValue["zeroInQ"] {
  if (value !== Number.POSITIVE_INFINITY || zeros.count === 0) return undefined;
  return { outcomes: zeros.outcomes, count: zeros.count };
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
    if (call.read.smoothing)
      throw usageError("--smoothing adds to counts; P and Q here are parametric distributions");
    const roles = { p: { label: "P", name: pw }, q: { label: "Q", name: qw } };
    const value = lib(roles, () => measure.parametric(dists[0], dists[1], { base: opts.base }));
    return { value, p: pw, q: qw };
  }
  const ps = parseSpec(pw);
  const qs = parseSpec(qw);
  const whole = async (): Promise<PairValue> => {
    const { p, q } = await readPair(pw, qw, call.read, samples);
    const roles = { p: roleOf("P", p), q: roleOf("Q", q) };
    const value = lib(roles, () => measure.vectors(p.values, q.values, opts), opts);
    const zeros = new ZeroInQCollector(opts.input);
    if (value === Number.POSITIVE_INFINITY) zeros.add(p.values, q.values, p.labels ?? q.labels);
    return { value, p: p.name, q: q.name, zeroInQ: why(value, zeros) };
  };
  // .npy files stream in blocks into one reused array (streamNpy), text files record by record
  if (samples || (!streamsBest(ps) && !streamsBest(qs))) return whole();
  const acc = lib({}, () => measure.accumulator(opts), opts);
  // The outcomes Q rules out matter only when the value is +∞: files are read again then (a scan
  // of every chunk costs ~30 ms per 10⁷ outcomes); standard input, which cannot be, is scanned as
  // it streams.
  const once = isStdin(ps) || isStdin(qs);
  const zeros = new ZeroInQCollector(opts.input);
  try {
    const value = await accumulatePair(
      ps,
      qs,
      acc,
      call.read,
      call.stderr,
      opts,
      once ? zeros : undefined,
    );
    if (value === Number.POSITIVE_INFINITY && !once) {
      const none = { add: () => undefined, value: () => value };
      await accumulatePair(ps, qs, none, call.read, call.stderr, opts, zeros);
    }
    return { value, p: ps.name, q: qs.name, zeroInQ: why(value, zeros) };
  } catch (e) {
    if (!(e instanceof LabelsDiffer)) throw e;
    // Labelled inputs that list their outcomes differently: read whole, matched by label.
    if (isStdin(ps) || isStdin(qs)) {
      throw dataError(
        "P and Q list different outcomes and one is standard input, which cannot be read twice: give both as files to match them by label",
      );
    }
    return whole();
  }
}
