/**
 * Rows of top-K log-probabilities with a tail mass: checked once, looked up by token id.
 */
import { SurprisalError } from "../errors.js";
import type { TopKRow } from "./types.js";

export interface CheckedTopK {
  ids: ArrayLike<number>;
  lps: ArrayLike<number>;
  tail: number;
  lookup(id: number): number | undefined;
  entries(): Iterable<[number, number]>;
  /** Writes up to k ids in descending log-probability (lower id first on ties); returns how many. */
  top(k: number, out: Int32Array): number;
}

export function checkTopK(
  row: TopKRow,
  name: string,
  index: number,
  allowFull: boolean,
  vocab: number | undefined,
): CheckedTopK {
  const lps = row.logprobs;
  const full = row.ids === undefined;
  if (full && !allowFull) {
    throw new SurprisalError(
      "invalid-option",
      `${name}: row ${index} has no ids: the base's top-K needs them`,
      {
        argument: name,
        index,
      },
    );
  }
  if (full && vocab !== undefined && lps.length !== vocab) {
    throw new SurprisalError(
      "length-mismatch",
      `${name}: row ${index} has ${lps.length} log-probabilities where vocab = ${vocab}`,
      { argument: name, index, value: lps.length },
    );
  }
  const ids = row.ids ?? Int32Array.from({ length: lps.length }, (_, i) => i);
  if (ids.length !== lps.length) {
    throw new SurprisalError(
      "length-mismatch",
      `${name}: row ${index} lists ${ids.length} ids and ${lps.length} log-probabilities`,
      { argument: name, index, value: lps.length },
    );
  }
  const map = new Map<number, number>();
  let mass = 0;
  for (let i = 0; i < lps.length; i++) {
    const v = lps[i] as number;
    if (!(v <= 1e-6) || Number.isNaN(v)) {
      throw new SurprisalError(
        "not-finite",
        `${name}: row ${index}, entry ${i} holds log-probability ${v}: it must be <= 0 (or -Infinity)`,
        { argument: name, index, value: v },
      );
    }
    map.set(ids[i] as number, Math.min(v, 0));
    mass += Math.exp(v);
  }
  let tail = row.tail;
  if (tail === undefined) tail = full ? 0 : Math.max(0, 1 - mass);
  if (!(tail >= 0 && tail <= 1)) {
    throw new SurprisalError(
      "out-of-range",
      `${name}: row ${index} has tail mass ${tail}: it must lie in [0, 1]`,
      { argument: name, index, value: tail },
    );
  }
  if (!full && Math.abs(mass + tail - 1) > 1e-3) {
    throw new SurprisalError(
      "sum",
      `${name}: row ${index}: the listed probabilities (${mass}) and the tail (${tail}) add up to ${mass + tail}, not 1`,
      { argument: name, index, value: mass + tail },
    );
  }
  return {
    ids,
    lps,
    tail,
    lookup: (id) => map.get(id),
    entries: () => map.entries(),
    top(k, out) {
      const order = Array.from({ length: ids.length }, (_, i) => i);
      order.sort(
        (a, b) =>
          (lps[b] as number) - (lps[a] as number) || (ids[a] as number) - (ids[b] as number),
      );
      const m = Math.min(k, order.length);
      for (let i = 0; i < m; i++) out[i] = ids[order[i] as number] as number;
      return m;
    },
  };
}
