import { ENTROPY_ESTIMATORS, type EntropyEstimator, entropy, toProbabilities } from "surprisal";
import type { ExplorerState } from "../../state.js";

/** A panel of the "From samples" section: it appends its part once, then updates from the view. */
export interface Panel {
  update(view: SamplesView): void;
}

/** The estimators shown, with their names for people and a colour each. */
export const ESTIMATORS: readonly { id: EntropyEstimator; name: string; color: string }[] = [
  { id: "plugin", name: "plug-in (frequencies)", color: "#b91c1c" },
  { id: "miller-madow", name: "Miller–Madow", color: "#d97706" },
  { id: "jackknife", name: "jackknife", color: "#65a30d" },
  { id: "grassberger", name: "Grassberger", color: "#0f766e" },
  { id: "chao-shen", name: "Chao–Shen", color: "#2563eb" },
  { id: "nsb", name: "NSB", color: "#7c3aed" },
  { id: "james-stein", name: "James–Stein", color: "#db2777" },
];
if (ESTIMATORS.length !== ENTROPY_ESTIMATORS.length) throw new Error("an estimator is missing");

/** What the panels share, once per state: P of section 2, its alphabet size and true entropy. */
export class SamplesView {
  readonly unit: ExplorerState["unit"];
  /** P of section 2, normalized. */
  readonly p: Float64Array;
  readonly labels: readonly string[];
  /** Alphabet size K (outcomes of P, zeros included). */
  readonly K: number;
  /** The true H(P) in the page's unit. */
  readonly H: number;

  constructor(
    readonly state: ExplorerState,
    private readonly root: HTMLElement,
  ) {
    this.unit = state.unit;
    this.p = toProbabilities(state.entropyWeights, { input: "counts" }, "p");
    this.labels = state.entropyLabels;
    this.K = this.p.length;
    this.H = entropy(this.p, { base: state.unit });
  }

  /** Width for the charts. */
  get width(): number {
    return Math.max(260, Math.min(this.root.clientWidth || 600, 760));
  }
}

/** Counts of the first n draws of a sequence of outcome indices. */
export function countsOf(seq: ArrayLike<number>, n: number, K: number): Float64Array {
  const c = new Float64Array(K);
  for (let i = 0; i < n; i++) c[seq[i] as number]++;
  return c;
}
