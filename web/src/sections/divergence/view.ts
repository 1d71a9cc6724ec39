import type { Contributions } from "surprisal";
import { contributions, crossEntropy, entropy, klDivergence } from "surprisal";
import type { ExplorerState } from "../../state.js";

/** The weights are counts (the editors hold unnormalized weights). */
export const COUNTS = { input: "counts" } as const;

/**
 * What several panels of the divergence section show, computed once per state and only when first
 * asked for (so the computations run in the order the panels need them). A = the truth and B = the
 * belief: P and Q, or Q and P when the direction is swapped.
 */
export class DivergenceView {
  readonly unit: ExplorerState["unit"];
  readonly opts: { input: "counts"; base: ExplorerState["unit"] };
  /** Weights of the truth A and of the belief B. */
  readonly aw: readonly number[];
  readonly bw: readonly number[];
  /** Their names, "P" and "Q" (or "Q" and "P" when swapped). */
  readonly A: string;
  readonly B: string;
  #c: Contributions | undefined;
  #HA: number | undefined;
  #HAB: number | undefined;
  #D: number | undefined;
  #width: number | undefined;

  constructor(
    readonly state: ExplorerState,
    private readonly root: HTMLElement,
  ) {
    this.unit = state.unit;
    this.opts = { ...COUNTS, base: state.unit };
    [this.aw, this.bw, this.A, this.B] = state.swapped
      ? [state.q, state.p, "Q", "P"]
      : [state.p, state.q, "P", "Q"];
  }

  /**
   * Computes the contributions of (A, B) now: the section checks the pair in the direction shown
   * before anything else, so that a refusal of the library names its arguments as shown.
   */
  check(): void {
    void this.c;
  }
  /** Per-outcome contributions to D(A‖B), in the unit. */
  get c(): Contributions {
    this.#c ??= contributions(this.aw, this.bw, this.opts);
    return this.#c;
  }
  /** H(A). */
  get HA(): number {
    this.#HA ??= entropy(this.aw, this.opts);
    return this.#HA;
  }
  /** H(A, B). */
  get HAB(): number {
    this.#HAB ??= crossEntropy(this.aw, this.bw, this.opts);
    return this.#HAB;
  }
  /** D(A‖B). */
  get D(): number {
    this.#D ??= klDivergence(this.aw, this.bw, this.opts);
    return this.#D;
  }
  /** Width of the charts, from the section's width (read once, when the first chart is drawn). */
  get width(): number {
    this.#width ??= Math.max(260, Math.min(this.root.clientWidth || 600, 760));
    return this.#width;
  }
}

/** A panel of the section: built once by its `mount…`, updated on every change of the state. */
export interface Panel {
  update(view: DivergenceView): void;
}
