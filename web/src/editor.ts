import * as Plot from "@observablehq/plot";
import { h, replace, uid } from "./dom.js";
import { fmtProb } from "./format.js";
import { setProbability } from "./state.js";

/** Options of a distribution editor. */
export interface EditorOptions {
  /** Short name used in labels: "P", "Q". */
  name: string;
  /** What the distribution stands for, for screen readers and the caption. */
  caption: string;
  color: string;
  /** Called with new weights (adding up to 1) when the user changes a value. */
  onChange(weights: number[]): void;
}

/**
 * An editable distribution: a bar chart whose bars can be dragged (mouse, touch or pen) and,
 * for the keyboard, one number field per outcome. Changing one probability rescales the others
 * so the whole still adds up to 1. Probabilities shown are the library's normalized values.
 */
export class DistributionEditor {
  readonly root: HTMLElement;
  private readonly chart: HTMLElement;
  private readonly fields: HTMLElement;
  private labels: string[] = [];
  private weights: number[] = [];
  private probs: ArrayLike<number> = [];
  private inputs: HTMLInputElement[] = [];
  private dragIndex = -1;
  private dragDomainMax = 1;
  private yMax = 1;
  private scales: { x?: Plot.Scale; y?: Plot.Scale } = {};

  constructor(private readonly options: EditorOptions) {
    this.chart = h("div", {
      class: "editor-chart",
      role: "img",
      "aria-label": `${options.caption}: bar chart; drag a bar to change it, or use the number fields below`,
    });
    this.fields = h("div", { class: "editor-fields" });
    this.root = h("div", { class: "editor" }, this.chart, this.fields);
    this.chart.addEventListener("pointerdown", (e) => this.onPointerDown(e));
    this.chart.addEventListener("pointermove", (e) => this.onPointerMove(e));
    const end = (e: PointerEvent) => {
      if (this.dragIndex >= 0 && this.chart.hasPointerCapture(e.pointerId)) {
        this.chart.releasePointerCapture(e.pointerId);
      }
      this.dragIndex = -1;
    };
    this.chart.addEventListener("pointerup", end);
    this.chart.addEventListener("pointercancel", end);
  }

  /** Shows new values: `probs` are the library's normalized probabilities of `weights`. */
  update(labels: readonly string[], weights: readonly number[], probs: ArrayLike<number>): void {
    const structureChanged =
      labels.length !== this.labels.length || labels.some((l, i) => l !== this.labels[i]);
    this.labels = [...labels];
    this.weights = [...weights];
    this.probs = probs;
    if (structureChanged) this.buildFields();
    this.inputs.forEach((input, i) => {
      if (document.activeElement !== input) input.value = fmtProb(probs[i] ?? 0);
    });
    this.renderChart();
  }

  private buildFields(): void {
    this.inputs = this.labels.map((_label, i) => {
      const id = uid(`${this.options.name}-field`);
      const input = h("input", {
        id,
        type: "number",
        min: 0,
        max: 1,
        step: "any",
        inputmode: "decimal",
        "data-outcome": i,
        "data-dist": this.options.name,
      });
      // step="any" keeps values such as 1/6 valid; the arrow keys still nudge by 0.01 (0.1 with Shift).
      input.addEventListener("keydown", (e) => {
        if (e.key !== "ArrowUp" && e.key !== "ArrowDown") return;
        e.preventDefault();
        const step = (e.shiftKey ? 0.1 : 0.01) * (e.key === "ArrowUp" ? 1 : -1);
        const current = Number(this.probs[i] ?? 0);
        const v = Math.min(1, Math.max(0, Math.round((current + step) * 1000) / 1000));
        input.value = fmtProb(v);
        this.options.onChange(setProbability(this.weights, i, v));
      });
      input.addEventListener("change", () => {
        const v = Number(input.value);
        if (input.value.trim() === "" || !Number.isFinite(v) || v < 0 || v > 1) {
          input.setCustomValidity("Enter a probability between 0 and 1");
          input.reportValidity();
          return;
        }
        input.setCustomValidity("");
        this.options.onChange(setProbability(this.weights, i, v));
      });
      return input;
    });
    replace(
      this.fields,
      ...this.labels.map((label, i) =>
        h(
          "label",
          { class: "field", for: this.inputs[i]!.id },
          h("span", { class: "field-name" }, `${this.options.name}(${label})`),
          this.inputs[i]!,
        ),
      ),
    );
  }

  private renderChart(): void {
    const width = Math.max(240, Math.min(this.chart.clientWidth || 360, 640));
    const max = Math.max(...Array.from(this.probs));
    if (this.dragIndex < 0)
      this.yMax = this.labels.length <= 6 ? 1 : Math.min(1, Math.max(0.2, max * 1.25));
    const data = this.labels.map((label, i) => ({ label, p: this.probs[i] ?? 0 }));
    const plot = Plot.plot({
      width,
      height: 180,
      marginLeft: 40,
      marginBottom: 30,
      style: { fontSize: "12px" },
      x: { domain: this.labels, label: null, tickSize: 0 },
      y: { domain: [0, this.yMax], label: `${this.options.name}(outcome)`, grid: true },
      marks: [
        Plot.barY(data, {
          x: "label",
          y: "p",
          fill: this.options.color,
          insetLeft: 2,
          insetRight: 2,
        }),
        this.labels.length <= 8
          ? Plot.text(data, {
              x: "label",
              y: "p",
              text: (d: { p: number }) => fmtProb(d.p),
              dy: -7,
              fontSize: 11,
            })
          : null,
        Plot.ruleY([0]),
      ],
    });
    this.scales = { x: plot.scale("x"), y: plot.scale("y") };
    replace(this.chart, plot);
  }

  private pointerToValue(e: PointerEvent): { index: number; value: number } | null {
    const svg = this.chart.querySelector("svg");
    const { x, y } = this.scales;
    if (!svg || !x || !y?.invert) return null;
    const rect = svg.getBoundingClientRect();
    const px = e.clientX - rect.left;
    const py = e.clientY - rect.top;
    let index = -1;
    let best = Number.POSITIVE_INFINITY;
    const bw = x.bandwidth ?? 0;
    this.labels.forEach((label, i) => {
      const left = x.apply(label) as number;
      const d = Math.abs(px - (left + bw / 2));
      if (d < best) {
        best = d;
        index = i;
      }
    });
    const value = Math.min(1, Math.max(0, y.invert(py) as number));
    return { index, value: Math.round(value * 1000) / 1000 };
  }

  private onPointerDown(e: PointerEvent): void {
    const hit = this.pointerToValue(e);
    if (!hit || hit.index < 0) return;
    e.preventDefault();
    this.dragIndex = hit.index;
    this.dragDomainMax = this.yMax;
    this.chart.setPointerCapture(e.pointerId);
    this.options.onChange(setProbability(this.weights, hit.index, hit.value));
  }

  private onPointerMove(e: PointerEvent): void {
    if (this.dragIndex < 0) return;
    this.yMax = this.dragDomainMax;
    const hit = this.pointerToValue(e);
    if (!hit) return;
    this.options.onChange(setProbability(this.weights, this.dragIndex, hit.value));
  }
}
