import { describeValue, SurprisalError } from "../errors.js";
import { checkOptionKeys } from "../input/options.js";
import { type Rng, rngFrom } from "../numeric/rng.js";
import type { Distribution, SampleOptions } from "./types.js";

/**
 * Where a family lives, as far as "is p's support inside q's?" can be told from the families alone:
 * `real` (ℝ), `positive` ([0, ∞)), `unit` ([0, 1]), `interval` ([low, high]), `tail` ([scale, ∞)),
 * `naturals` ({0, 1, 2, …}), `finite` ({0, …, n}), `simplex`, `vector` (ℝᵈ).
 */
export type SupportKind =
  | "real"
  | "positive"
  | "unit"
  | "interval"
  | "tail"
  | "naturals"
  | "finite"
  | "simplex"
  | "vector";

/** The closed hull [lo, hi] of a univariate support. */
export interface Support {
  lo: number;
  hi: number;
}

/**
 * Expectations under p that a family q may need for the cross-entropy H(p, q) = −E_p[log q(X)].
 * A family provides one when it has the method of that name (a closed form).
 */
export type Expectation =
  | "expectX"
  | "expectSqDev"
  | "expectLog"
  | "expectSqDevLog"
  | "expectLog1m"
  | "expectAbsDev"
  | "expectExpNeg"
  | "expectCauchyLog";

/** Validation context: the family's name, for messages. */
export function fail(
  family: string,
  name: string,
  value: unknown,
  rule: string,
  index?: number,
): never {
  const where = index === undefined ? name : `${name}[${index}]`;
  const shown = describeValue(value);
  if (typeof value === "number" && !Number.isFinite(value)) {
    throw new SurprisalError(
      "not-finite",
      `${family}: ${where} = ${shown} is not finite: ${rule}`,
      { argument: name, index, value },
    );
  }
  throw new SurprisalError(
    "invalid-parameter",
    `${family}: ${where} = ${shown} is invalid: ${rule}`,
    {
      argument: name,
      index,
      value,
    },
  );
}

/** Reads a parameter object, refusing anything that is not a plain object. */
export function readParams(family: string, params: unknown): Record<string, unknown> {
  if (params === null || typeof params !== "object" || Array.isArray(params)) {
    throw new SurprisalError(
      "invalid-parameter",
      `${family}: parameters must be one object of named values, e.g. new ${family}({ … }), got ${describeValue(params)}`,
      { argument: "params", value: params },
    );
  }
  return params as Record<string, unknown>;
}

/** A finite number parameter. */
export function finiteParam(family: string, params: Record<string, unknown>, name: string): number {
  const v = params[name];
  if (v === undefined) {
    throw new SurprisalError("invalid-parameter", `${family}: parameter ${name} is missing`, {
      argument: name,
      value: v,
    });
  }
  if (typeof v !== "number") fail(family, name, v, `${name} must be a number`);
  if (!Number.isFinite(v)) fail(family, name, v, `${name} must be a finite number`);
  return v;
}

/** A finite number > 0 (std, scale, rate, shape, …). */
export function positiveParam(
  family: string,
  params: Record<string, unknown>,
  name: string,
): number {
  const v = finiteParam(family, params, name);
  if (v === 0 && POINT_MASS_AT_ZERO.has(`${family}.${name}`)) {
    fail(
      family,
      name,
      v,
      `${name} must be positive (> 0): ${name} = 0 is a point mass, which has no density (its differential entropy is -Infinity and a divergence from it +Infinity or undefined); fit a spread > 0, or describe a point mass with a discrete distribution (Categorical)`,
    );
  }
  if (!(v > 0)) fail(family, name, v, `${name} must be positive (> 0)`);
  return v;
}

/** Continuous families whose spread parameter at 0 is a point mass (refused with its reason). */
const POINT_MASS_AT_ZERO = new Set([
  "Normal.std",
  "Laplace.scale",
  "Cauchy.scale",
  "HalfNormal.scale",
  "Gumbel.scale",
  "LogNormal.sigma",
]);

/** A probability in [0, 1] (or (0, 1] when `open0`). */
export function probabilityParam(
  family: string,
  params: Record<string, unknown>,
  name: string,
  open0 = false,
): number {
  const v = finiteParam(family, params, name);
  if (v < 0 || v > 1 || (open0 && v === 0)) {
    fail(family, name, v, `${name} must be a probability in ${open0 ? "(0, 1]" : "[0, 1]"}`);
  }
  return v;
}

/** A non-negative integer (counts such as Binomial n). */
export function countParam(family: string, params: Record<string, unknown>, name: string): number {
  const v = finiteParam(family, params, name);
  if (!(v >= 0) || !Number.isInteger(v) || v > 2 ** 53) {
    fail(family, name, v, `${name} must be a non-negative integer`);
  }
  return v;
}

/** A non-empty vector of finite numbers, copied to a Float64Array. */
export function vectorParam(
  family: string,
  params: Record<string, unknown>,
  name: string,
  minLength = 1,
): Float64Array {
  const v = params[name];
  if (v === undefined) {
    throw new SurprisalError("invalid-parameter", `${family}: parameter ${name} is missing`, {
      argument: name,
      value: v,
    });
  }
  if (!Array.isArray(v) && !ArrayBuffer.isView(v)) {
    fail(family, name, v, `${name} must be an array of numbers`);
  }
  const arr = v as ArrayLike<unknown>;
  if (arr.length < minLength) {
    throw new SurprisalError(
      minLength <= 1 ? "empty" : "invalid-parameter",
      `${family}: ${name} has length ${arr.length}: it needs at least ${minLength} entries`,
      { argument: name, value: v },
    );
  }
  const out = new Float64Array(arr.length);
  for (let i = 0; i < arr.length; i++) {
    const x = arr[i];
    if (typeof x !== "number") fail(family, name, x, `${name} must contain numbers`, i);
    if (!Number.isFinite(x)) fail(family, name, x, `${name} must contain finite numbers`, i);
    out[i] = x;
  }
  return out;
}

/** Refuses a value at an index of a vector parameter. */
export function failAt(
  family: string,
  name: string,
  index: number,
  value: unknown,
  rule: string,
): never {
  fail(family, name, value, rule, index);
}

/** Reads a point of a d-dimensional family, refusing any other length. */
export function readPoint(
  family: string,
  x: number | ArrayLike<number>,
  d: number,
): ArrayLike<number> {
  if (typeof x === "number" || x.length !== d) {
    throw new SurprisalError(
      "length-mismatch",
      `${family}: x has length ${typeof x === "number" ? 1 : x.length}, but the dimension is ${d}`,
      { argument: "x", value: typeof x === "number" ? 1 : x.length },
    );
  }
  return x;
}

/** Checks the sample count n. */
export function checkSampleSize(n: unknown): number {
  if (typeof n !== "number" || !Number.isInteger(n) || n < 0) {
    throw new SurprisalError(
      "invalid-option",
      `n = ${describeValue(n)} is not a valid sample count: it must be a non-negative integer`,
      { argument: "n", value: n },
    );
  }
  return n;
}

/** The generator of a sampler call, after checking its option keys (`seed`, `rng`). */
export function samplerRng(options: SampleOptions | undefined): Rng {
  checkOptionKeys(options, ["seed", "rng"], "sample");
  return rngFrom(options);
}

/** Throws for a moment that does not exist (e.g. the mean of a Cauchy). */
export function noMoment(family: string, what: string): never {
  throw new SurprisalError(
    "invalid-parameter",
    `${family}: the ${what} does not exist (the integral diverges)`,
    { argument: what },
  );
}

/**
 * Shared skeleton of every built-in family. Subclasses define the density, sampler, entropy and
 * moments, their support, and (optionally) the expectations E_p[·] listed in {@link Expectation}
 * plus, as the second argument q of a cross entropy, `crossEntropyFrom(p)`.
 */
export abstract class ParametricDistribution implements Distribution {
  abstract readonly family: string;
  abstract readonly params: Readonly<Record<string, unknown>>;
  readonly dimension: number = 1;
  abstract readonly discrete: boolean;
  /** The family's support shape (used to decide pairs without parameters); set once per class. */
  declare static readonly supportKind: SupportKind;
  /** The support shape of this distribution's family (the class's static `supportKind`). */
  readonly supportKind: SupportKind = (this.constructor as typeof ParametricDistribution)
    .supportKind;
  /** Closed hull of the support (univariate families). */
  abstract support(): Support;
  abstract logProb(x: number | ArrayLike<number>): number;
  abstract sample(n: number, options?: SampleOptions): Float64Array;
  abstract entropy(): number;
  abstract get mean(): number | Float64Array;
  abstract get variance(): number | Float64Array;

  /** log p at each point of a flat n × dimension array. */
  logProbMany(samples: ArrayLike<number>): Float64Array {
    const d = this.dimension;
    if (samples.length % d !== 0) {
      throw new SurprisalError(
        "length-mismatch",
        `samples has length ${samples.length}, which is not a multiple of the dimension ${d}`,
        { argument: "samples", value: samples.length },
      );
    }
    const n = samples.length / d;
    const out = new Float64Array(n);
    if (d === 1) {
      for (let i = 0; i < n; i++) out[i] = this.logProb(samples[i]);
    } else {
      const row = new Float64Array(d);
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < d; j++) row[j] = samples[i * d + j];
        out[i] = this.logProb(row);
      }
    }
    return out;
  }

  /** Reads a univariate point (a number or a length-1 array). */
  protected scalar(x: number | ArrayLike<number>): number {
    if (typeof x === "number") return x;
    if (x.length !== 1) {
      throw new SurprisalError(
        "length-mismatch",
        `${this.family}: x has length ${x.length}, but this distribution is univariate`,
        { argument: "x", value: x.length },
      );
    }
    return x[0];
  }

  /** E_p[(X − m)²] = Var + (E X − m)² (+∞ where the variance is). */
  expectSqDev(m: number): number {
    const v = this.variance as number;
    if (v === Number.POSITIVE_INFINITY) return v;
    const d = (this.mean as number) - m;
    return v + d * d;
  }

  /** E_p[X]: the mean, +∞ where it diverges upwards. */
  expectX(): number {
    return this.mean as number;
  }

  /** The q-side of a cross entropy: H(p, this) = −E_p[log this(X)], or undefined if no closed form. */
  crossEntropyFrom?(p: ParametricDistribution): number | undefined;
  /** The expectations {@link crossEntropyFrom} needs from p. */
  static readonly needs: readonly Expectation[] = [];

  expectLog?(): number;
  expectSqDevLog?(m: number): number;
  expectLog1m?(): number;
  expectAbsDev?(c: number): number;
  expectExpNeg?(loc: number, scale: number): number;
  expectCauchyLog?(loc: number, scale: number): number;

  /** A readable form, e.g. `Normal(mean=0, std=1)`. */
  toString(): string {
    const parts = Object.entries(this.params).map(([k, v]) =>
      Array.isArray(v) || ArrayBuffer.isView(v) ? `${k}=[…]` : `${k}=${String(v)}`,
    );
    return `${this.family}(${parts.join(", ")})`;
  }
}
