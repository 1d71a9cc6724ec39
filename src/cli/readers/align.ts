import type { InputKind } from "../../index.js";
import { dataError } from "../errors.js";
import type { VectorInput } from "./types.js";

/** Whether values are log-probabilities or logits, where an absent outcome is −∞ rather than 0. */
function isLog(input: InputKind | undefined): boolean {
  return input === "logprobs" || input === "logits";
}

function sameLabels(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * Puts two labelled inputs side by side on the union of their labels, in order of first
 * appearance (P's labels, then Q's new ones), as the library's `alignCounts` does: an outcome
 * missing from one input counts 0 there (−∞ for log-probabilities and logits), and a label listed
 * twice adds up (refused for the log forms, where adding has no meaning). Inputs whose labels are
 * the same, in the same order, are returned as they are; an input without labels is matched by
 * position. Lines follow their values (0 where an outcome was missing).
 */
export function alignByLabel(
  p: VectorInput,
  q: VectorInput,
  input: InputKind | undefined,
): { p: VectorInput; q: VectorInput } {
  if (!p.labels || !q.labels || sameLabels(p.labels, q.labels)) return { p, q };
  const index = new Map<string, number>();
  const labels: string[] = [];
  for (const l of [...p.labels, ...q.labels]) {
    if (!index.has(l)) {
      index.set(l, labels.length);
      labels.push(l);
    }
  }
  const place = (v: VectorInput, role: string): VectorInput => {
    const fill = isLog(input) ? Number.NEGATIVE_INFINITY : 0;
    const values = new Float64Array(labels.length).fill(fill);
    const lines = v.lines ? new Int32Array(labels.length) : undefined;
    const seen = new Uint8Array(labels.length);
    (v.labels as string[]).forEach((l, k) => {
      const i = index.get(l) as number;
      const x = v.values[k] as number;
      if (seen[i]) {
        if (isLog(input)) {
          throw dataError(
            `${role} = ${v.name} lists outcome ${JSON.stringify(l)} twice${v.lines ? ` (lines ${lines?.[i]} and ${v.lines[k]})` : ""}: log-probabilities of one outcome cannot be added`,
          );
        }
        values[i] = (values[i] as number) + x;
      } else values[i] = x;
      seen[i] = 1;
      if (lines && v.lines && lines[i] === 0) lines[i] = v.lines[k] as number;
    });
    return { name: v.name, values, labels, lines };
  };
  return { p: place(p, "P"), q: place(q, "Q") };
}

/** An outcome that P allows and Q rules out, which makes D(P‖Q) and H(P,Q) infinite. */
export interface ZeroInQ {
  /** Its label, or its index (from 0) when the inputs have no labels. */
  outcome: string;
  index: number;
}

/** Collects the outcomes P allows and Q gives zero (at most `limit` of them, all counted). */
export class ZeroInQCollector {
  readonly outcomes: ZeroInQ[] = [];
  count = 0;
  readonly #log: boolean;
  readonly #limit: number;

  constructor(input: InputKind | undefined, limit = 10) {
    this.#log = isLog(input);
    this.#limit = limit;
  }

  /** Looks at values from outcome `offset` on, with their labels if any. */
  add(
    p: ArrayLike<number>,
    q: ArrayLike<number>,
    labels: readonly string[] | undefined,
    offset = 0,
  ): void {
    const none = this.#log ? Number.NEGATIVE_INFINITY : 0;
    const n = Math.min(p.length, q.length);
    for (let i = 0; i < n; i++) {
      if (q[i] === none && (p[i] as number) > none) {
        this.count++;
        if (this.outcomes.length < this.#limit)
          this.outcomes.push({ outcome: labels?.[i] ?? String(offset + i), index: offset + i });
      }
    }
  }
}
