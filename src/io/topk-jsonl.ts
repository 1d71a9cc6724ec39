/**
 * Streaming reader of top-K log-probabilities per token as JSON Lines, the common export of
 * inference servers: one JSON object per line and token,
 *
 *     {"token": 318, "logprob": -2.1, "ids": [318, 262, 11], "logprobs": [-2.1, -2.3, -3.0], "tail": 0.64}
 *
 * `ids`/`logprobs` list the K most likely next tokens (natural logs); `tail` is the probability
 * mass of all the others (default 1 − Σ exp(logprobs)); `token` is the id that actually came next
 * and `logprob` its log-probability when it is not among `ids` (both optional). A pair list
 * `"top": [[id, logprob], …]` is accepted for `ids` + `logprobs`. Lines are read in bounded blocks.
 */
import type { TopKRow } from "../index.js";
import { fileError, RandomAccess } from "./source.js";

/** One parsed line: the row and the next token, if given. */
export interface TopKLine {
  row: TopKRow;
  token: number | undefined;
  /** 0-based index of the token (the line number among non-empty lines). */
  index: number;
}

function parseLine(text: string, path: string, index: number): TopKLine {
  let o: Record<string, unknown>;
  try {
    o = JSON.parse(text);
  } catch (e) {
    return fileError(
      "malformed",
      path,
      `line ${index + 1} is not JSON (${(e as Error).message})`,
      index,
    );
  }
  let ids = o.ids as unknown;
  let lps = o.logprobs as unknown;
  if (ids === undefined && Array.isArray(o.top)) {
    ids = (o.top as unknown[]).map((p) => (Array.isArray(p) ? p[0] : undefined));
    lps = (o.top as unknown[]).map((p) => (Array.isArray(p) ? p[1] : undefined));
  }
  if (!Array.isArray(ids) || !Array.isArray(lps)) {
    fileError(
      "malformed",
      path,
      `line ${index + 1} has no "ids" and "logprobs" lists (nor "top" pairs)`,
      index,
    );
  }
  if (ids.length !== lps.length) {
    fileError(
      "length-mismatch",
      path,
      `line ${index + 1} lists ${ids.length} ids and ${lps.length} log-probabilities`,
      index,
      lps.length,
    );
  }
  for (let i = 0; i < ids.length; i++) {
    const id = ids[i];
    if (!Number.isInteger(id) || (id as number) < 0)
      fileError(
        "malformed",
        path,
        `line ${index + 1}: id ${i} is ${JSON.stringify(id)}`,
        index,
        id,
      );
    const v = lps[i];
    // JSON has no NaN/Infinity: null or a string stands for them.
    if (typeof v !== "number" || !(v <= 0)) {
      fileError(
        "not-finite",
        path,
        `line ${index + 1}: log-probability ${i} is ${JSON.stringify(v)}, not a number <= 0`,
        index,
        v,
      );
    }
  }
  const tail = o.tail;
  if (tail !== undefined && (typeof tail !== "number" || !(tail >= 0 && tail <= 1))) {
    fileError(
      "out-of-range",
      path,
      `line ${index + 1}: tail mass ${JSON.stringify(tail)} is outside [0, 1]`,
      index,
      tail,
    );
  }
  const token = o.token;
  if (token !== undefined && !(Number.isInteger(token) && (token as number) >= 0)) {
    fileError(
      "malformed",
      path,
      `line ${index + 1}: token ${JSON.stringify(token)} is not a token id`,
      index,
      token,
    );
  }
  const lp = o.logprob;
  if (lp !== undefined && (typeof lp !== "number" || !(lp <= 0))) {
    fileError(
      "not-finite",
      path,
      `line ${index + 1}: logprob ${JSON.stringify(lp)} is not a number <= 0`,
      index,
      lp,
    );
  }
  return {
    row: {
      ids: Int32Array.from(ids as number[]),
      logprobs: Float64Array.from(lps as number[]),
      ...(tail !== undefined ? { tail: tail as number } : {}),
      ...(lp !== undefined ? { tokenLogprob: lp as number } : {}),
    },
    token: token as number | undefined,
    index,
  };
}

/** Reads the lines of a top-K JSONL file in blocks of `blockBytes`, yielding one parsed line each. */
export function* readTopKJsonl(path: string, blockBytes = 1 << 20): Iterable<TopKLine> {
  const file = new RandomAccess(path);
  try {
    const dec = new TextDecoder();
    let pos = 0;
    let carry = "";
    let index = 0;
    while (pos < file.size || carry.length > 0) {
      let text = carry;
      if (pos < file.size) {
        const n = Math.min(blockBytes, file.size - pos);
        text += dec.decode(file.read(pos, n), { stream: pos + n < file.size });
        pos += n;
      }
      const lines = text.split("\n");
      carry = pos < file.size ? (lines.pop() ?? "") : "";
      for (const line of lines) {
        const t = line.trim();
        if (t.length === 0) continue;
        yield parseLine(t, path, index++);
      }
      if (pos >= file.size) break;
    }
  } finally {
    file.close();
  }
}
