import { SurprisalError } from "../errors.js";
import { checkLabel, type Label, type LabelledCounts } from "../input/labels.js";
import { checkCounts } from "./counts.js";
import {
  checkEntropyEstimator,
  type EntropyEstimate,
  type EntropyEstimateOptions,
  estimateFromChecked,
} from "./entropy.js";
import {
  type MutualInformationEstimate,
  type MutualInformationOptions,
  mutualInformationFromTable,
} from "./mutual-information.js";

/**
 * Entropy estimation as a stream: `add` chunks of samples (or `addCounts` labelled histograms),
 * `merge` partial accumulators (from other chunks, workers or machines), `value()` at any time.
 * The state is the counts by label, so every counts-based estimator works on it, and merging is
 * exact (the counts add).
 *
 * @example
 * ```ts
 * const acc = new EntropyEstimateAccumulator({ estimator: "miller-madow", base: "bits" });
 * acc.add(["a", "b"]).add(["a", "c"]);
 * acc.value().value; // 1.8606737602222407 (1.5 bits plug-in + (3 − 1)/(2·4) nats)
 * ```
 */
export class EntropyEstimateAccumulator {
  readonly #counts = new Map<Label, number>();
  readonly #options: Omit<EntropyEstimateOptions, "ci"> | undefined;
  #n = 0;

  /** @param options - `estimator`, `base`, `categories` (no bootstrap: it needs the whole sample). */
  constructor(options?: Omit<EntropyEstimateOptions, "ci">) {
    checkEntropyEstimator(options?.estimator);
    this.#options = options;
  }

  /** Observations so far. */
  get n(): number {
    return this.#n;
  }

  /** Adds a chunk of observed labels. */
  add(samples: ArrayLike<Label>): this {
    for (let i = 0; i < samples.length; i++) {
      const x = samples[i];
      checkLabel(x, "samples", i);
      this.#counts.set(x, (this.#counts.get(x) ?? 0) + 1);
    }
    this.#n += samples.length;
    return this;
  }

  /** Adds a labelled histogram (whole counts ≥ 0). */
  addCounts(counts: LabelledCounts): this {
    const c = checkCounts(counts, "counts", true);
    const labels = c.labels!;
    for (let i = 0; i < labels.length; i++) {
      this.#counts.set(labels[i], (this.#counts.get(labels[i]) ?? 0) + c.counts[i]);
    }
    this.#n += c.n;
    return this;
  }

  /** Adds another accumulator's counts. */
  merge(other: EntropyEstimateAccumulator): this {
    for (const [k, v] of other.#counts) this.#counts.set(k, (this.#counts.get(k) ?? 0) + v);
    this.#n += other.#n;
    return this;
  }

  /** The counts by label so far (a copy). */
  counts(): Map<Label, number> {
    return new Map(this.#counts);
  }

  /**
   * The estimate on everything added so far.
   * @throws {SurprisalError} `empty` before any observation.
   */
  value(): EntropyEstimate {
    if (this.#n === 0) {
      throw new SurprisalError("empty", "nothing was added: no observation to estimate from", {
        argument: "samples",
        value: [],
      });
    }
    return estimateFromChecked(
      {
        counts: Float64Array.from(this.#counts.values()),
        n: this.#n,
        labels: [...this.#counts.keys()],
      },
      this.#options,
    );
  }
}

/**
 * Mutual information as a stream of pairs: `add(xChunk, yChunk)`, `merge`, `value()`; the state is
 * the contingency table by label (exact merges).
 *
 * @example
 * ```ts
 * const acc = new MutualInformationAccumulator({ base: "bits" });
 * acc.add([0, 1], ["a", "b"]).add([0, 1], ["a", "b"]);
 * acc.value().value; // 1
 * ```
 */
export class MutualInformationAccumulator {
  readonly #cells = new Map<Label, Map<Label, number>>();
  readonly #options: Omit<MutualInformationOptions, "ci" | "test"> | undefined;
  #n = 0;

  /** @param options - `estimator`, `base`. */
  constructor(options?: Omit<MutualInformationOptions, "ci" | "test">) {
    checkEntropyEstimator(options?.estimator);
    this.#options = options;
  }

  /** Pairs so far. */
  get n(): number {
    return this.#n;
  }

  /**
   * Adds paired chunks.
   * @throws {SurprisalError} `length-mismatch` for chunks of unequal length.
   */
  add(x: ArrayLike<Label>, y: ArrayLike<Label>): this {
    if (x.length !== y.length) {
      throw new SurprisalError(
        "length-mismatch",
        `y has length ${y.length} but x has length ${x.length}: paired samples must have one value per observation`,
        { argument: "y", value: y.length },
      );
    }
    for (let i = 0; i < x.length; i++) {
      checkLabel(x[i], "x", i);
      checkLabel(y[i], "y", i);
      let row = this.#cells.get(x[i]);
      if (row === undefined) {
        row = new Map();
        this.#cells.set(x[i], row);
      }
      row.set(y[i], (row.get(y[i]) ?? 0) + 1);
    }
    this.#n += x.length;
    return this;
  }

  /** Adds another accumulator's table. */
  merge(other: MutualInformationAccumulator): this {
    for (const [a, row] of other.#cells) {
      let mine = this.#cells.get(a);
      if (mine === undefined) {
        mine = new Map();
        this.#cells.set(a, mine);
      }
      for (const [b, v] of row) mine.set(b, (mine.get(b) ?? 0) + v);
    }
    this.#n += other.#n;
    return this;
  }

  /**
   * The estimate on every pair added so far.
   * @throws {SurprisalError} `empty` before any pair.
   */
  value(): MutualInformationEstimate {
    if (this.#n === 0) {
      throw new SurprisalError("empty", "nothing was added: no pair to estimate from", {
        argument: "x",
        value: [],
      });
    }
    const cols = new Map<Label, number>();
    for (const row of this.#cells.values())
      for (const b of row.keys()) if (!cols.has(b)) cols.set(b, cols.size);
    const table = [...this.#cells.values()].map((row) => {
      const r = new Float64Array(cols.size);
      for (const [b, v] of row) r[cols.get(b)!] = v;
      return r;
    });
    return mutualInformationFromTable(table, this.#options);
  }
}
