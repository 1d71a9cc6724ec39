import {
  encodePair,
  mismatchError,
  STATE_VERSION,
  type StatePair,
  StateReader,
  sameBase,
} from "../input/state.js";
import {
  ENT,
  ENTL,
  entropyLogState,
  entropyState,
  KL,
  KLL,
  klLogState,
  klState,
} from "../numeric/kernels.js";
import type { Base, InputKind, MeasureOptions } from "../types.js";

/**
 * The saved state of a `KlAccumulator` (version 1), as `toJSON()` writes it: the options that give
 * it meaning and the compensated sums of the numerical contract, G = Σ(p·log(p/q) − p + q),
 * Sp = Σp, Sq = Σq, δ = Σ(p − q) (each as [hi, lo]), the count of outcomes Q rules out and the
 * number of outcomes; λ (the scale of Q) for probabilities and counts; the offset c, scale k and a
 * flag for log-probabilities and logits. ±∞ are written `"Infinity"`/`"-Infinity"`.
 */
export interface KlAccumulatorState {
  kind: "KlAccumulator";
  version: 1;
  input: InputKind;
  base: Base;
  tolerance: number;
  length: number;
  infinite: number;
  g: StatePair;
  sp: StatePair;
  sq: StatePair;
  delta: StatePair;
  /** Probabilities and counts: the scale λ of Q. */
  lambda?: number;
  /** Log kinds: the offset c = log Σp − log Σq of the first chunk. */
  offset?: number;
  /** Log kinds: the scale k. */
  scale?: number;
  /** Log kinds: whether a chunk with mass has been seen. */
  initialized?: boolean;
}

/**
 * The saved state of an `EntropyAccumulator` (version 1): the options, the number of outcomes, the
 * reference M (largest value, or largest log-value, −∞ when none), S = Σ x/M-scaled mass and the
 * non-negative terms Σ x·log(M/x) (each sum as [hi, lo]).
 */
export interface EntropyAccumulatorState {
  kind: "EntropyAccumulator";
  version: 1;
  input: InputKind;
  base: Base;
  tolerance: number;
  argument: string;
  length: number;
  max: number | "-Infinity";
  sum: StatePair;
  terms: StatePair;
}

/** The saved state of a `CrossEntropyAccumulator` (version 1): its options and its two parts (in nats). */
export interface CrossEntropyAccumulatorState {
  kind: "CrossEntropyAccumulator";
  version: 1;
  input: InputKind;
  base: Base;
  tolerance: number;
  entropy: EntropyAccumulatorState;
  kl: KlAccumulatorState;
}

/** What an accumulator is made of, read back from a state. */
export interface RestoredState {
  options: MeasureOptions & { base: Base; input: InputKind; tolerance: number };
  s: Float64Array;
}

/** Refuses merging accumulators of other input kinds or units. */
export function checkSameKind(
  mine: { input: InputKind; base: Base },
  other: { input: InputKind; base: Base },
): void {
  if (mine.input !== other.input) throw mismatchError("input", mine.input, other.input);
  if (!sameBase(mine.base, other.base)) throw mismatchError("base", mine.base, other.base);
}

const SUM = { min: 0, posInf: true } as const;
const COUNT = { min: 0, integer: true } as const;

function isLog(input: InputKind): boolean {
  return input === "logprobs" || input === "logits";
}

/** Writes a KL state. */
export function klToState(
  input: InputKind,
  base: Base,
  tolerance: number,
  s: Float64Array,
): KlAccumulatorState {
  const state: KlAccumulatorState = {
    kind: "KlAccumulator",
    version: STATE_VERSION,
    input,
    base,
    tolerance,
    length: s[KL.N] as number,
    infinite: s[KL.INF] as number,
    g: encodePair(s[KL.G] as number, s[KL.G + 1] as number),
    sp: encodePair(s[KL.SP] as number, s[KL.SP + 1] as number),
    sq: encodePair(s[KL.SQ] as number, s[KL.SQ + 1] as number),
    delta: encodePair(s[KL.D] as number, s[KL.D + 1] as number),
  };
  if (isLog(input)) {
    state.offset = s[KLL.C] as number;
    state.scale = s[KLL.K] as number;
    state.initialized = s[KLL.INIT] === 1;
  } else {
    state.lambda = s[KL.LAMBDA] as number;
  }
  return state;
}

function emptyCheck(r: StateReader, length: number, sums: number[], where: string): void {
  if (length === 0 && sums.some((x) => x !== 0)) {
    throw r.error(`${where}.length`, 0, "is 0 but the sums are not: the state is inconsistent");
  }
}

/** Reads a KL state (see {@link KlAccumulatorState}). @throws {SurprisalError} `invalid-state`. */
export function klFromState(state: unknown, where = "state"): RestoredState {
  const r = new StateReader(state, "KlAccumulator", where);
  const input = r.input();
  const base = r.base();
  const tolerance = r.number("tolerance", { min: 0 });
  const length = r.number("length", COUNT);
  const infinite = r.number("infinite", COUNT);
  if (infinite > length)
    throw r.error(`${where}.infinite`, infinite, `is more than length = ${length}`);
  const g = r.pair("g", SUM);
  const sp = r.pair("sp", SUM);
  const sq = r.pair("sq", SUM);
  const d = r.pair("delta", { posInf: true, negInf: true });
  emptyCheck(r, length, [g[0], sp[0], sq[0], d[0], infinite], where);
  const log = isLog(input);
  const s = log ? klLogState() : klState();
  s.set([g[0], g[1], sp[0], sp[1], sq[0], sq[1], d[0], d[1], infinite, length], 0);
  if (log) {
    s[KLL.C] = r.number("offset");
    s[KLL.K] = r.number("scale");
    s[KLL.INIT] = r.boolean("initialized") ? 1 : 0;
  } else {
    s[KL.LAMBDA] = r.number("lambda", { above: 0 });
  }
  return { options: { input, base, tolerance }, s };
}

/** Writes an entropy state. */
export function entropyToState(
  input: InputKind,
  base: Base,
  tolerance: number,
  argument: string,
  s: Float64Array,
): EntropyAccumulatorState {
  const log = isLog(input);
  const T = log ? ENTL.T : ENT.B;
  const max = s[ENT.M] as number;
  return {
    kind: "EntropyAccumulator",
    version: STATE_VERSION,
    input,
    base,
    tolerance,
    argument,
    length: s[ENT.N] as number,
    max: max === Number.NEGATIVE_INFINITY ? "-Infinity" : max,
    sum: encodePair(s[ENT.S] as number, s[ENT.S + 1] as number),
    terms: encodePair(s[T] as number, s[T + 1] as number),
  };
}

/** Reads an entropy state (see {@link EntropyAccumulatorState}). @throws {SurprisalError} `invalid-state`. */
export function entropyFromState(
  state: unknown,
  where = "state",
): RestoredState & { argument: string } {
  const r = new StateReader(state, "EntropyAccumulator", where);
  const input = r.input();
  const base = r.base();
  const tolerance = r.number("tolerance", { min: 0 });
  const argument = r.raw("argument");
  if (typeof argument !== "string") {
    throw r.error(
      `${where}.argument`,
      argument,
      argument === undefined ? "is missing" : "is not a string",
    );
  }
  const length = r.number("length", COUNT);
  const log = isLog(input);
  const max = r.number("max", log ? { negInf: true } : { min: 0 });
  const sum = r.pair("sum", SUM);
  const terms = r.pair("terms", SUM);
  const empty = log ? max === Number.NEGATIVE_INFINITY : max === 0;
  if (empty && (sum[0] !== 0 || terms[0] !== 0)) {
    throw r.error(
      `${where}.max`,
      max,
      "holds no mass but the sums are not 0: the state is inconsistent",
    );
  }
  emptyCheck(r, length, [sum[0], terms[0], log ? 0 : max], where);
  const s = log ? entropyLogState() : entropyState();
  const T = log ? ENTL.T : ENT.B;
  s[ENT.M] = max;
  s[ENT.S] = sum[0];
  s[ENT.S + 1] = sum[1];
  s[T] = terms[0];
  s[T + 1] = terms[1];
  s[ENT.N] = length;
  return { options: { input, base, tolerance }, s, argument };
}
