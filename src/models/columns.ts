import type { ModelComparisonOptions } from "./types.js";

export class Column {
  data = new Float64Array(1024);
  length = 0;
  push(x: number): void {
    if (this.length === this.data.length) {
      const d = new Float64Array(this.data.length * 2);
      d.set(this.data);
      this.data = d;
    }
    this.data[this.length++] = x;
  }
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
  append(x: ArrayLike<number>): void {
    for (let i = 0; i < x.length; i++) this.push(x[i] as number);
  }
}

export const COLUMNS = [
  "kld",
  "reverseKld",
  "js",
  "top1Kld",
  "nllBase",
  "nllOther",
  "lnRatio",
  "deltaP",
  "sameTop",
] as const;
export type ColumnName = (typeof COLUMNS)[number];

/** Serialized state of a {@link ModelComparison} (see {@link ModelComparison.toJSON}). */
export interface ModelComparisonState {
  version: 1;
  options: ModelComparisonOptions;
  tokens: boolean | null;
  columns: Partial<Record<ColumnName, (number | string)[]>>;
  hits: number[];
  overlaps: number[];
  topKCounts: number[];
}

export function encode(x: number): number | string {
  return Number.isFinite(x) ? x : String(x);
}

export function decode(x: number | string): number {
  return typeof x === "number" ? x : Number(x);
}

/**
 * Binary KL of Bernoulli(p) against Bernoulli(q) from log q and the exact d = log p − log q:
 * g(p, q) + g(1 − p, 1 − q) with g(a, b) = a·log(a/b) − a + b = b·ψ(log a − log b), where
 * (1 − p)/(1 − q) − 1 = −q·expm1(d)/(1 − q) is formed without cancellation, so the value keeps its
 * digits when p ≈ q.
 */
