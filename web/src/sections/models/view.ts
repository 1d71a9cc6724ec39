import type { ExplorerState, Unit } from "../../state.js";
import type { ModelsData } from "./data.js";

/** Nats per unit: a divergence in nats divided by this is in the unit. */
export const NATS_PER: Record<Unit, number> = { nats: 1, bits: Math.LN2, dits: Math.LN10 };

/**
 * What the panels of the "Two models" section share for one state and one dataset: the unit, the
 * chosen position (the worst one when the address asks for none or for one out of range) and the
 * charts' width.
 */
export class ModelsView {
  readonly unit: Unit;
  /** Divide a value in nats by this to get it in the unit. */
  readonly scale: number;
  /** The position shown in detail. */
  readonly pos: number;
  /** Whether the address asked for a position the data do not have. */
  readonly posOutOfRange: boolean;
  #width: number | undefined;

  constructor(
    readonly state: ExplorerState,
    readonly data: ModelsData,
    private readonly root: HTMLElement,
  ) {
    this.unit = state.unit;
    this.scale = NATS_PER[state.unit];
    const asked = state.modelsPos;
    this.posOutOfRange = asked >= data.rows;
    this.pos = asked >= 0 && asked < data.rows ? asked : data.worst[0]!;
  }

  /** Width of the charts, from the section's width. */
  get width(): number {
    this.#width ??= Math.max(260, Math.min(this.root.clientWidth || 600, 760));
    return this.#width;
  }
}

/** A panel of the section: built once by its `mount…`, updated on every change of state or data. */
export interface Panel {
  update(view: ModelsView): void;
}
