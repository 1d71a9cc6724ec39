/**
 * The two models' data held by the page (never in the address, never sent anywhere), and what the
 * library computes from it once per dataset: the {@link ModelComparison} report and its per-token
 * values. The example ships in web/public/models (a small sample of the test fixtures).
 */
import {
  type Contributions,
  contributions,
  ModelComparison,
  type ModelComparisonResult,
  type PerToken,
  widenHalf,
} from "surprisal";
import { type NpyMatrix, readMatrix, readTokens } from "./npy.js";
import { parseVocabulary, type Vocabulary } from "./vocab.js";

/** The example's other models: the same small model quantized to int8 or to int4. */
export const EXAMPLE_OTHERS = ["int8", "int4"] as const;
export type ExampleOther = (typeof EXAMPLE_OTHERS)[number];

/** Rows fed to the accumulator at a time (bounds the float64 copies of float16 rows). */
const CHUNK_ROWS = 64;

/** A dataset: two matrices of logits, optional next tokens and vocabulary, and their report. */
export class ModelsData {
  readonly result: ModelComparisonResult;
  readonly perToken: PerToken;
  /** Positions sorted by KLD, largest first (ties by position). */
  readonly worst: Int32Array;
  #rows = new Map<number, Contributions>();

  constructor(
    readonly source: string,
    readonly baseName: string,
    readonly otherName: string,
    readonly base: NpyMatrix,
    readonly other: NpyMatrix,
    readonly tokens: Int32Array | undefined,
    readonly vocab: Vocabulary | undefined,
    /** For the example: each chunk's full token ids and where its scored rows start, for contexts. */
    readonly contexts?: { chunks: Int32Array; nCtx: number; first: number; perChunk: number },
  ) {
    if (base.vocab !== other.vocab || base.rows !== other.rows) {
      throw new Error(
        `${otherName} has ${other.rows} rows of ${other.vocab} logits where ${baseName} has ${base.rows} rows of ${base.vocab}: the two files must have the same shape.`,
      );
    }
    if (tokens && tokens.length !== base.rows) {
      throw new Error(
        `The tokens file has ${tokens.length} ids for ${base.rows} rows: give one next token per row.`,
      );
    }
    const V = base.vocab;
    const c = new ModelComparison({ vocab: V, input: "logits", baseName, otherName });
    for (let r = 0; r < base.rows; r += CHUNK_ROWS) {
      const end = Math.min(base.rows, r + CHUNK_ROWS);
      c.add({
        base: base.data.subarray(r * V, end * V),
        baseKind: base.kind,
        other: other.data.subarray(r * V, end * V),
        otherKind: other.kind,
        tokens: tokens?.subarray(r, end),
      });
    }
    this.result = c.value();
    this.perToken = c.perToken();
    const kld = this.perToken.kld;
    this.worst = Int32Array.from(kld.keys()).sort((a, b) => kld[b]! - kld[a]! || a - b);
  }

  get rows(): number {
    return this.base.rows;
  }

  /** One row of logits (float16 widened exactly to float32). */
  row(m: NpyMatrix, i: number): Float32Array | Float64Array {
    const V = m.vocab;
    const x = m.data.subarray(i * V, (i + 1) * V);
    return x instanceof Uint16Array ? widenHalf(x, m.kind ?? "float16") : x;
  }

  /** The per-token "why" at a position: p, q and p·log(p/q) of every token, in nats. */
  contributionsAt(i: number): Contributions {
    let c = this.#rows.get(i);
    if (!c) {
      c = contributions(this.row(this.base, i), this.row(this.other, i), { input: "logits" });
      this.#rows.set(i, c);
    }
    return c;
  }

  /** Up to `n` token ids that precede position i (the context), oldest first. */
  context(i: number, n: number): number[] {
    const ctx = this.contexts;
    if (ctx) {
      const chunk = Math.floor(i / ctx.perChunk);
      const at = ctx.first + (i % ctx.perChunk); // index in the chunk of the next token
      const from = Math.max(0, at - n);
      return Array.from(ctx.chunks.subarray(chunk * ctx.nCtx + from, chunk * ctx.nCtx + at));
    }
    if (!this.tokens) return [];
    return Array.from(this.tokens.subarray(Math.max(0, i - n), i));
  }
}

async function fetchBuffer(path: string): Promise<ArrayBuffer> {
  const response = await fetch(new URL(path, document.baseURI));
  if (!response.ok)
    throw new Error(`The example file ${path} could not be loaded (${response.status}).`);
  return response.arrayBuffer();
}

const exampleCache = new Map<ExampleOther, Promise<ModelsData>>();

/** The shipped example: the small trained model (float16) against its int8 or int4 twin. */
export function loadExample(other: ExampleOther): Promise<ModelsData> {
  let p = exampleCache.get(other);
  if (!p) {
    p = (async () => {
      const [base, q, tokens, chunks, tok, meta] = await Promise.all([
        fetchBuffer("models/base.npy"),
        fetchBuffer(`models/${other}.npy`),
        fetchBuffer("models/tokens.npy"),
        fetchBuffer("models/chunks.npy"),
        fetchBuffer("models/tokenizer.json"),
        fetchBuffer("models/meta.json"),
      ]);
      const m = JSON.parse(new TextDecoder().decode(meta)) as {
        n_ctx: number;
        scored_per_chunk: number;
      };
      return new ModelsData(
        "example",
        "base.npy",
        `${other}.npy`,
        readMatrix(base, "base.npy"),
        readMatrix(q, `${other}.npy`),
        readTokens(tokens, "tokens.npy"),
        parseVocabulary(new TextDecoder().decode(tok), "tokenizer.json"),
        {
          chunks: readTokens(chunks, "chunks.npy"),
          nCtx: m.n_ctx,
          first: m.n_ctx - m.scored_per_chunk,
          perChunk: m.scored_per_chunk,
        },
      );
    })();
    exampleCache.set(other, p);
    p.catch(() => exampleCache.delete(other));
  }
  return p;
}

/** Files chosen by the reader, one per slot: the base model (P, the truth), the other (Q), optionally the next tokens and a vocabulary. */
export interface ModelFiles {
  base: File;
  other: File;
  tokens?: File;
  vocab?: File;
}

/** Reads and compares the reader's files (in this page only: nothing is sent anywhere). */
export async function loadFiles(files: ModelFiles): Promise<ModelsData> {
  const { base: b, other: o, tokens: t, vocab: v } = files;
  const base = readMatrix(await b.arrayBuffer(), b.name);
  const other = readMatrix(await o.arrayBuffer(), o.name);
  const tokens = t ? readTokens(await t.arrayBuffer(), t.name) : undefined;
  const vocab = v ? parseVocabulary(await v.text(), v.name) : undefined;
  if (tokens && t) {
    for (let i = 0; i < tokens.length; i++) {
      if (tokens[i]! >= base.vocab) {
        throw new Error(
          `${t.name}: token ${i} has id ${tokens[i]}, outside the vocabulary of ${base.vocab}.`,
        );
      }
    }
  }
  return new ModelsData("files", b.name, o.name, base, other, tokens, vocab);
}
