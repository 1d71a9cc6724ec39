import { describeValue, SurprisalError } from "../errors.js";
import type { DistributionLike, Label } from "../input/labels.js";
import { type MatchedPair, matchPair } from "../input/match.js";
import { checkOptionKeys, MEASURE_OPTION_KEYS, resolveOptions } from "../input/options.js";
import { balanced, type LinearPair, linearPair, normalizedLogRatio } from "../input/pair.js";
import { checkLogMass } from "../input/validate.js";
import { fastHooks } from "../numeric/fast-hooks.js";
import { orderDescending } from "../numeric/order.js";
import { logRatio, logRatioAccurate } from "../numeric/phi.js";
import { unitName } from "../numeric/units.js";
import type { AppliedSmoothing, MeasureOptions } from "../types.js";
import { klDivergence } from "./kl.js";
import { surprisal } from "./surprisal.js";

/**
 * The per-outcome breakdown of D(P‖Q): why the divergence is what it is.
 *
 * `total`, `contribution` and `infiniteAt` are computed by the call; `p`, `q`, `surprisalP`,
 * `surprisalQ`, `share` and `order` when first read, then kept (for 10⁷ outcomes each is 80 MB of
 * fresh memory). The first four are read from the inputs at that moment: read them before changing
 * the input arrays in place.
 */
export interface Contributions {
  /** D(P‖Q) in the chosen unit (computed by {@link klDivergence}, to full accuracy). */
  total: number;
  /** Name of the unit: `"nats"`, `"bits"`, `"dits"`, … */
  unit: string;
  /** P normalized, per outcome (formed when first read, then kept). */
  p: Float64Array;
  /** Q normalized, per outcome (formed when first read, then kept). */
  q: Float64Array;
  /** Surprise of each outcome under P: −log p̂ᵢ (+∞ where p̂ᵢ = 0); formed when first read. */
  surprisalP: Float64Array;
  /** Surprise of each outcome under Q: −log q̂ᵢ (+∞ where q̂ᵢ = 0); formed when first read. */
  surprisalQ: Float64Array;
  /**
   * Signed contribution p̂ᵢ·log(p̂ᵢ/q̂ᵢ) = p̂ᵢ·(surprisalQᵢ − surprisalPᵢ): positive where P > Q (the
   * outcome adds to the divergence), negative where Q > P (it takes from it), 0 where p̂ᵢ = 0, +∞ where
   * q̂ᵢ = 0 < p̂ᵢ.
   */
  contribution: Float64Array;
  /**
   * contributionᵢ / total. Sums to 1 (negative shares offset the positive ones). When the total is +∞,
   * the infinite outcomes share 1 equally and the others get 0; when the total is 0, every share is 0.
   * Formed from `contribution` and `total` when first read, then kept.
   */
  share: Float64Array;
  /**
   * Outcome indices sorted by contribution, largest first (ties by index). Like `share`, formed from
   * `contribution` when first read (a radix sort: for 10⁷ outcomes the allocations alone cost more
   * than the rest of the call), then kept.
   */
  order: Int32Array;
  /**
   * The outcomes' labels, when P and Q were given by label (`Map`s or objects): `labels[i]` is
   * outcome i, the union of P's and Q's labels in order of first appearance. Absent for vectors.
   */
  labels?: Label[];
  /**
   * The outcomes that make D(P‖Q) infinite (p̂ᵢ > 0 = q̂ᵢ), as labels when given by label, else as
   * indices; empty when the total is finite. The `smoothing` option removes them.
   */
  infiniteAt: (Label | number)[];
  /** The smoothing applied (absent when none was asked). */
  smoothing?: AppliedSmoothing;
}

/** Options of {@link contributions}: those of every measure, and where to write the contributions. */
export interface ContributionsOptions extends MeasureOptions {
  /**
   * A Float64Array with one element per outcome to write the contributions into (it is returned as
   * `contribution`), instead of a new array. For repeated calls on large inputs: a new array of 10⁷
   * float64 is 80 MB of memory whose first touch costs more than computing the contributions (page
   * faults; ~0.2 s on a small virtual machine), an array used before costs nothing of the kind.
   * An array from `fastArray` (in the kernels' memory) is written by the threads in place; any
   * other gets a copy of their output.
   */
  into?: Float64Array;
}

/**
 * The "why" of a KL divergence: for each outcome, p and q, its surprise under P and under Q, its
 * signed contribution p·log(p/q) to D(P‖Q) and its share of the total.
 *
 * Outcomes where P is larger than Q add to the divergence; where Q is larger they take from it.
 * The contributions sum to D(P‖Q): each is accurate to a few ulps (log(p̂/q̂) is formed exactly for
 * close values), so |Σ contributions − D| ≤ ~4e-16·Σ|contributions|. When P ≈ Q the signed
 * contributions are much larger than their sum, and that bound (not 1e-12·D) is what float64 allows.
 *
 * @param p - the true distribution P.
 * @param q - the believed distribution Q.
 * P and Q may be vectors (outcomes matched by position) or labelled histograms (`Map`s or objects
 * keyed by outcome, matched by label; see `labels`).
 *
 * @param p - the true distribution P.
 * @param q - the believed distribution Q.
 * @param options - `base` (default nats), `input`, `tolerance`, `smoothing`; `into`, a
 * Float64Array of one element per outcome to write the contributions into.
 * @throws {SurprisalError} the input errors of {@link klDivergence}; `invalid-option` when `into` is
 * not a Float64Array of one element per outcome.
 * @example
 * ```ts
 * const c = contributions([0.5, 0.5], [0.9, 0.1], { base: "bits" });
 * c.contribution; // Float64Array [-0.42399845327747504, 1.160964047443681]: tails (P > Q) adds, heads takes away
 * c.total;        // 0.7369655941662062 bits
 * c.order;        // Int32Array [1, 0]
 * ```
 */
export function contributions(
  p: DistributionLike,
  q: DistributionLike,
  options?: ContributionsOptions,
): Contributions {
  let into: Float64Array | undefined;
  if (options !== undefined) {
    checkOptionKeys(options, [...MEASURE_OPTION_KEYS, "into"], "contributions");
    if (options.into !== undefined) ({ into, ...options } = options);
  }
  const m = matchPair(p, q, options);
  if (into !== undefined) checkInto(into, m.p.length);
  let cached: LinearPair | undefined;
  const pairOf = (): LinearPair => {
    cached ??= linearPair(m.p, m.q, m.options);
    return cached;
  };
  const { total, contribution, infiniteAt } =
    logitsOnKernel(m, into) ?? contributionsOf(m, pairOf(), into);
  const infinite = infiniteAt.length;
  const sOpts = { base: options?.base ?? "nats", input: "counts" as const };
  const result = { total, unit: unitName(options?.base) } as Contributions;
  // The per-outcome arrays other than the contributions are formed when first read: for 10⁷
  // outcomes each is 80 MB of fresh memory, whose first touch alone (page faults) costs more than
  // the contributions themselves.
  lazy(result, "p", () => normalized(pairOf().p, pairOf().sp));
  lazy(result, "q", () => normalized(pairOf().q, pairOf().sq));
  lazy(result, "surprisalP", () => surprisal(pairOf().p, sOpts));
  lazy(result, "surprisalQ", () => surprisal(pairOf().q, sOpts));
  result.contribution = contribution;
  lazy(result, "share", () => {
    const c = result.contribution;
    const share = new Float64Array(c.length);
    for (let i = 0; i < c.length; i++) {
      if (total === Number.POSITIVE_INFINITY) {
        share[i] = c[i] === Number.POSITIVE_INFINITY ? 1 / infinite : 0;
      } else if (total > 0) share[i] = (c[i] as number) / total;
    }
    return share;
  });
  lazy(result, "order", () => orderDescending(result.contribution));
  if (m.labels !== undefined) result.labels = m.labels;
  result.infiniteAt = infiniteAt;
  if (m.smoothing !== undefined) result.smoothing = m.smoothing;
  return result;
}

/** What the call computes at once: the total, the contributions and the outcomes Q rules out. */
interface Computed {
  total: number;
  contribution: Float64Array;
  infiniteAt: (Label | number)[];
}

/** The outcomes whose contribution is +∞ (which exist exactly when the total is +∞). */
function infinities(m: MatchedPair, total: number, contribution: Float64Array): (Label | number)[] {
  const at: (Label | number)[] = [];
  if (total !== Number.POSITIVE_INFINITY) return at;
  for (let i = 0; i < contribution.length; i++) {
    if (contribution[i] === Number.POSITIVE_INFINITY) at.push(m.labels?.[i] ?? i);
  }
  return at;
}

/**
 * Logits or log-probabilities in typed arrays on the kernels (the `contributionsLogits` hook), or
 * undefined where the pair and the loop run: the hook declines invalid elements, and
 * log-probabilities whose sums are off 1 are left to the pair too, which raises its error.
 */
function logitsOnKernel(m: MatchedPair, into: Float64Array | undefined): Computed | undefined {
  const hook = fastHooks.contributionsLogits;
  const { p, q } = m;
  if (hook === undefined) return undefined;
  if (!(p instanceof Float64Array || p instanceof Float32Array)) return undefined;
  if (!(q instanceof Float64Array || q instanceof Float32Array)) return undefined;
  const o = resolveOptions(m.options);
  if (!o.log || p.length !== q.length || p.length < (fastHooks.minLength ?? 0)) return undefined;
  const contribution = into ?? new Float64Array(p.length);
  const masses = hook(p, q, contribution, 1 / o.logBase, o.threads);
  if (masses === undefined) return undefined;
  try {
    checkLogMass(masses[0], "p", o.input, o.tolerance);
    checkLogMass(masses[1], "q", o.input, o.tolerance);
  } catch {
    return undefined;
  }
  const total = klDivergence(p, q, m.options);
  return { total, contribution, infiniteAt: infinities(m, total, contribution) };
}

/** The contributions of a validated pair: on the kernel for plain inputs, else one by one. */
function contributionsOf(
  m: MatchedPair,
  pair: LinearPair,
  into: Float64Array | undefined,
): Computed {
  const total = klDivergence(m.p, m.q, m.options);
  const n = pair.p.length;
  const lb = pair.options.logBase;
  const contribution = into ?? new Float64Array(n);
  // log(p̂ᵢ/q̂ᵢ) = log(pᵢ/λqᵢ) − log1p(δ/SqL) for probabilities and counts (λ = 1 but for counts of
  // different totals, λqᵢ carried exactly): the shift once, not per outcome (normalizedLogRatio).
  const plain = pair.logRatio === undefined && balanced(pair);
  const r = pair.delta / pair.sqL;
  const shift = r < 0.5 && r > -0.5 ? Math.log1p(r) : logRatio(pair.sp, pair.sqL);
  const fast = fastHooks.contributions;
  const { p: pv, q: qv } = pair;
  if (
    plain &&
    fast !== undefined &&
    (pv instanceof Float64Array || pv instanceof Float32Array) &&
    (qv instanceof Float64Array || qv instanceof Float32Array) &&
    n >= (fastHooks.minLength ?? 0) &&
    fast(pv, qv, contribution, 1 / pair.sp, shift, 1 / lb, pair.options.threads, pair.lambda)
  ) {
    // The kernel (assembly/contributions.ts) on the threads; +∞ marks the outcomes Q rules out.
    return { total, contribution, infiniteAt: infinities(m, total, contribution) };
  }
  // The contributions one by one (the TypeScript twin of the kernel).
  const infiniteAt: (Label | number)[] = [];
  for (let i = 0; i < n; i++) {
    const a = pair.p[i];
    const b = pair.q[i];
    const pi = a / pair.sp;
    if (a === 0) contribution[i] = 0;
    else if (b === 0) {
      contribution[i] = Number.POSITIVE_INFINITY;
      infiniteAt.push(m.labels?.[i] ?? i);
    } else {
      const l =
        plain && pair.lambda === 1 ? logRatioAccurate(a, b) - shift : normalizedLogRatio(pair, i);
      contribution[i] = (pi * l) / lb;
    }
  }
  return { total, contribution, infiniteAt };
}

/** Checks the `into` option of {@link contributions}: a Float64Array of n elements. */
function checkInto(into: unknown, n: number): void {
  if (into instanceof Float64Array && into.length === n) return;
  throw new SurprisalError(
    "invalid-option",
    `into: must be a Float64Array of ${n} element${n === 1 ? "" : "s"} (one per outcome), got ${arrayLike(into) ? `${into.constructor.name === "Array" ? "an Array" : `a ${into.constructor.name}`} of ${into.length}` : describeValue(into)}`,
    { argument: "into", value: into instanceof Float64Array ? into.length : into },
  );
}

function arrayLike(x: unknown): x is { length: number; constructor: { name: string } } {
  return Array.isArray(x) || (ArrayBuffer.isView(x) && !(x instanceof DataView));
}

/** x / total, element by element, as a new array. */
function normalized(x: ArrayLike<number>, total: number): Float64Array {
  const out = new Float64Array(x.length);
  for (let i = 0; i < x.length; i++) out[i] = (x[i] as number) / total;
  return out;
}

/**
 * Defines `key` of `o` as computed by `f` when first read, then kept as a plain, writable property
 * (enumerable throughout: JSON.stringify and spreading see it as any other field).
 */
function lazy<K extends keyof Contributions>(
  o: Contributions,
  key: K,
  f: () => Contributions[K],
): void {
  Object.defineProperty(o, key, {
    enumerable: true,
    configurable: true,
    get() {
      const value = f();
      Object.defineProperty(o, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
      return value;
    },
    set(value: Contributions[K]) {
      Object.defineProperty(o, key, {
        value,
        enumerable: true,
        writable: true,
        configurable: true,
      });
    },
  });
}
