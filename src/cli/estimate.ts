import {
  type CiOptions,
  ENTROPY_ESTIMATORS,
  type EntropyEstimator,
  type EstimateBase,
  type EstimateWarning,
  type SampleSmoothing,
  SurprisalError,
} from "../index.js";
import { dataError, usageError } from "./errors.js";
import { type Flags, fromSamples } from "./flags.js";
import { human } from "./format.js";
import { parseIntegerFlag, parseNumberFlag } from "./options.js";
import { lib, type Roles } from "./refusal.js";

/** The estimator flags, checked and in the library's form. */
export interface EstimateFlags {
  estimator?: EntropyEstimator;
  categories?: number;
  ci?: CiOptions;
  seed?: number;
  continuous: boolean;
  k?: number;
}

const text = (flags: Flags, name: string): string | undefined => flags[name] as string | undefined;

/**
 * `--estimator`, `--categories`, `--ci`, `--bootstrap`, `--seed`, `--continuous`, `--k`, checked
 * (usage errors name the flag and the value). `--bootstrap` alone asks for a 95% interval.
 */
export function estimateFlags(flags: Flags): EstimateFlags {
  const out: EstimateFlags = { continuous: flags.continuous === true };
  const est = text(flags, "estimator");
  if (est !== undefined) {
    if (!(ENTROPY_ESTIMATORS as readonly string[]).includes(est)) {
      throw usageError(
        `--estimator ${JSON.stringify(est)} is not an entropy estimator: use ${ENTROPY_ESTIMATORS.join(", ")}`,
      );
    }
    out.estimator = est as EntropyEstimator;
  }
  const categories = parseIntegerFlag("categories", text(flags, "categories"), 1, 2 ** 31 - 1);
  if (categories !== undefined) out.categories = categories;
  const seed = parseIntegerFlag("seed", text(flags, "seed"), -(2 ** 31), 2 ** 31 - 1);
  if (seed !== undefined) out.seed = seed;
  const level = parseNumberFlag(
    "ci",
    text(flags, "ci"),
    (x) => x > 0 && x < 1,
    "a coverage between 0 and 1, e.g. 0.95",
  );
  const replicates = parseIntegerFlag("bootstrap", text(flags, "bootstrap"), 10, 1e7);
  if (level !== undefined || replicates !== undefined) {
    out.ci = { level: level ?? 0.95, replicates: replicates ?? 1000, seed: seed ?? 42 };
  }
  const k = parseIntegerFlag("k", text(flags, "k"), 1, 2 ** 31 - 1);
  if (k !== undefined) {
    if (!out.continuous)
      throw usageError("--k is the neighbours of --continuous: add --continuous");
    out.k = k;
  }
  if (out.continuous) {
    if (fromSamples(flags))
      throw usageError("--continuous and --from-samples exclude each other: give one");
    if (out.estimator !== undefined)
      throw usageError(
        `--estimator ${out.estimator} is a discrete estimator; --continuous uses k nearest neighbours (--k)`,
      );
    if (out.ci !== undefined)
      throw usageError(
        "--ci: a bootstrap resample repeats points, which k-nearest-neighbour estimators read as distance 0; it is not offered with --continuous (use --test for MI)",
      );
  }
  return out;
}

/** Whether any flag asks for an estimate rather than a plain measure of distributions. */
export function wantsEstimate(e: EstimateFlags): boolean {
  return (
    e.estimator !== undefined || e.categories !== undefined || e.ci !== undefined || e.continuous
  );
}

/** `--smoothing` in the library's form, or undefined when not given. */
export function parseSmoothing(flags: Flags): SampleSmoothing | undefined {
  const s = text(flags, "smoothing");
  if (s === undefined) return undefined;
  const t = s.trim();
  if (t === "none" || t === "jeffreys" || t === "laplace") return t;
  const a = parseNumberFlag(
    "smoothing",
    t,
    (x) => Number.isFinite(x) && x >= 0,
    "use none, jeffreys, laplace or a number α >= 0",
  );
  return a as number;
}

/** An outcome label as people read it. */
export function label(l: unknown): string {
  return typeof l === "string" ? JSON.stringify(l) : String(l);
}

/** One sentence per warning, built from its code and figures. */
export function warningSentence(w: EstimateWarning): string {
  switch (w.code) {
    case "fewer-samples-than-categories":
      return `only ${w.n} samples for ${w.categories} categories: the plug-in estimate is biased; a corrected estimator (--estimator nsb or chao-shen) and an interval (--ci 0.95) say more`;
    case "no-coincidences":
      return `every category was seen once (n = ${w.n}): NSB has no coincidences to learn from, so its prior drives the estimate`;
    case "unseen-category": {
      const more = Number(w.count) > 1 ? ` (and ${Number(w.count) - 1} more)` : "";
      return `outcome ${label(w.label)} of P${more} was never seen in Q's sample, so D(P‖Q) = ∞ from frequencies; pseudo-counts give a finite estimate: --smoothing jeffreys (or laplace, or a number α)`;
    }
    case "negative-estimate":
      return `the estimate is negative (${human(Number(w.value))}) though the quantity is >= 0: the sample cannot tell it from 0; it is reported as it is, not clipped`;
    case "ties-jittered":
      return `${w.duplicates} repeated values were broken by seeded jitter of ${w.size} × each coordinate's standard deviation (--seed)`;
    case "zero-distance":
      return `point ${w.index} has a neighbour at distance 0 (a duplicate): the estimate is infinite`;
    case "small-sample":
      return `only ${w.n} samples: the estimator needs at least ${w.minimum} to be trusted`;
    case "degenerate-interval":
      return `all ${w.replicates} bootstrap resamples gave ${human(Number(w.value))}: the sample shows no variation to resample (e.g. a single category), so the interval's width 0 is the bootstrap's blindness, not certainty`;
    default:
      return `warning ${String(w.code)}`;
  }
}

/** The estimators' names for people. */
export const ESTIMATOR_NAMES: Record<string, string> = {
  plugin: "plug-in (the observed frequencies)",
  "miller-madow": "Miller-Madow",
  jackknife: "jackknife",
  grassberger: "Grassberger",
  "chao-shen": "Chao-Shen",
  nsb: "NSB (Nemenman-Shafee-Bialek)",
  "james-stein": "James-Stein shrinkage",
  "kozachenko-leonenko": "Kozachenko-Leonenko k-nearest-neighbour",
  ksg1: "KSG (Kraskov-Stögbauer-Grassberger) algorithm 1",
  ksg2: "KSG (Kraskov-Stögbauer-Grassberger) algorithm 2",
  "wang-kulkarni-verdu": "Wang-Kulkarni-Verdú k-nearest-neighbour",
};

/** The lines under an estimate's value: standard error, interval, warnings. */
export function estimateLines(e: EstimateBase): string[] {
  const lines: string[] = [];
  if (e.se !== undefined && Number.isFinite(e.se)) {
    const what = e.estimator === "nsb" ? "posterior standard deviation" : "standard error";
    lines.push(`  ± ${human(e.se)} ${e.unit} (${what})`);
  }
  if (e.ci) {
    const c = e.ci;
    const method = c.method === "bca" ? "BCa" : "percentile";
    lines.push(
      `  ${Number((100 * c.level).toFixed(4))}% interval [${human(c.lower)}, ${human(c.upper)}] ${e.unit} (${method} bootstrap, ${c.replicates} replicates, seed ${c.seed}; bootstrap standard error ${human(c.se)})`,
    );
  }
  for (const w of e.warnings) lines.push(`warning: ${warningSentence(w)}`);
  return lines;
}

/**
 * The JSON of an estimate: the library's record with its `value` under the measure's name
 * (`entropy`, `klDivergence`, `mutualInformation`…), as the plain commands print it.
 */
export function estimateJson(
  key: string,
  e: EstimateBase,
  inputs: Record<string, string>,
): Record<string, unknown> {
  const { value, unit, ...rest } = e;
  return { ...inputs, unit, [key]: value, ...rest };
}

/**
 * Runs a library estimator, turning its refusals into the command line's words: `k` ≥ n names
 * `--k` and the number of points; the rest as {@link lib} does.
 */
export function estimateLib<T>(roles: Roles, f: () => T, n?: () => number | undefined): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SurprisalError && e.argument === "k") {
      const points = n?.();
      throw usageError(
        `--k ${String(e.value)} is not valid: k-nearest-neighbour estimators need k < n${points !== undefined ? `, and there are ${points} points` : ""}`,
      );
    }
    if (e instanceof SurprisalError && e.code === "single-category") {
      const role = roles[e.argument];
      throw dataError(
        `${role ? `${role.label} = ${role.name}` : e.argument} has a single category: nothing varies, so there is nothing to estimate or test`,
      );
    }
    if (e instanceof SurprisalError && e.code === "not-integer") {
      const role = roles[e.argument];
      throw dataError(
        `${role ? `${role.label} = ${role.name}` : e.argument}${e.index !== undefined ? `[${e.index}]` : ""} = ${String(e.value)} is not a whole number: this estimator counts observations`,
      );
    }
    if (e instanceof SurprisalError && e.code === "length-mismatch") {
      const role = roles[e.argument];
      const other = Object.entries(roles).find(
        ([a, r]) => a !== e.argument && r.size !== undefined,
      )?.[1];
      if (role && other)
        throw dataError(
          `${role.label} = ${role.name} has ${String(e.value)} values but ${other.label} = ${other.name} has ${other.size}: paired samples need one value per observation`,
        );
    }
    return lib(roles, () => {
      throw e;
    });
  }
}
