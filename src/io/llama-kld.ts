/**
 * Streaming reader of llama.cpp's KL-divergence base file, as `llama-perplexity
 * --kl-divergence-base FILE` writes it (tools/perplexity/perplexity.cpp):
 *
 *     "_logits_"                 8 bytes
 *     n_ctx, n_vocab, n_chunk    int32 each
 *     tokens                     int32 × n_ctx·n_chunk
 *     per chunk, n_ctx − 1 − n_ctx/2 scored rows of nv = 2·⌈n_vocab/2⌉ + 4 uint16:
 *       scale, min_log_prob      2 float32
 *       q[0 … n_vocab)           uint16 (and one uint16 of padding when n_vocab is odd)
 *
 * Row i of chunk c is the position n_ctx/2 + i, whose next token is tokens[c·n_ctx + n_ctx/2 + i + 1].
 * A log-probability reads back as scale·q + min_log_prob, computed in float32 as the C++ does.
 * The stored values are log-probabilities rounded to 16 bits with a floor at max − 16: the
 * comparison normalizes them exactly per row (see docs/models.md for what that changes).
 */
import { dequantizeRows } from "../index.js";
import {
  type ChunkBuffers,
  fileError,
  RandomAccess,
  type RowChunk,
  type RowSource,
} from "./source.js";

/** The header of a base file. */
export interface LlamaKldHeader {
  nCtx: number;
  nVocab: number;
  nChunk: number;
  /** The evaluated tokens, n_chunk × n_ctx. */
  tokens: Int32Array;
  /** Scored rows per chunk: n_ctx − 1 − ⌊n_ctx/2⌋. */
  rowsPerChunk: number;
  /** uint16 per row: 2·⌈n_vocab/2⌉ + 4. */
  nv: number;
  dataOffset: number;
}

/** Reads and checks the header of a base file (size included: a truncated file is refused at once). */
export function llamaKldHeader(file: RandomAccess): LlamaKldHeader {
  const path = file.path;
  const head = file.read(0, 20, undefined, "header");
  const magic = new TextDecoder("latin1").decode(head.subarray(0, 8));
  if (magic !== "_logits_")
    fileError(
      "malformed",
      path,
      `is not a llama.cpp base file (starts with ${JSON.stringify(magic)}, not "_logits_")`,
    );
  const v = new DataView(head.buffer, head.byteOffset, 20);
  const nCtx = v.getInt32(8, true);
  const nVocab = v.getInt32(12, true);
  const nChunk = v.getInt32(16, true);
  if (!(nCtx >= 2)) fileError("malformed", path, `has n_ctx = ${nCtx}`, undefined, nCtx);
  if (!(nVocab >= 1)) fileError("malformed", path, `has n_vocab = ${nVocab}`, undefined, nVocab);
  if (!(nChunk >= 1)) fileError("malformed", path, `has n_chunk = ${nChunk}`, undefined, nChunk);
  const tokBytes = file.read(20, 4 * nCtx * nChunk, undefined, "tokens");
  const tokens = new Int32Array(nCtx * nChunk);
  const tv = new DataView(tokBytes.buffer, tokBytes.byteOffset, tokBytes.byteLength);
  for (let i = 0; i < tokens.length; i++) {
    const t = tv.getInt32(4 * i, true);
    if (t < 0 || t >= nVocab)
      fileError(
        "out-of-range",
        path,
        `token ${i} is ${t}, outside the vocabulary 0 … ${nVocab - 1}`,
        i,
        t,
      );
    tokens[i] = t;
  }
  const rowsPerChunk = nCtx - 1 - (nCtx >> 1);
  const nv = 2 * ((nVocab + 1) >> 1) + 4;
  const dataOffset = 20 + 4 * nCtx * nChunk;
  const want = dataOffset + nChunk * rowsPerChunk * nv * 2;
  if (file.size < want) {
    const rows = Math.floor((file.size - dataOffset) / (nv * 2));
    fileError(
      "truncated",
      path,
      `announces ${nChunk} chunks of ${rowsPerChunk} rows but ends in row ${rows} (${file.size} bytes of ${want})`,
      rows,
      file.size,
    );
  }
  if (file.size > want)
    fileError(
      "malformed",
      path,
      `has ${file.size - want} bytes after its last row`,
      undefined,
      file.size - want,
    );
  return { nCtx, nVocab, nChunk, tokens, rowsPerChunk, nv, dataOffset };
}

/**
 * Opens a llama.cpp base file as a {@link RowSource} of float32 log-probabilities, whose chunks
 * carry the next token of each row.
 * @throws {SurprisalError} `malformed`, `truncated`, `out-of-range`, `not-finite` (a scale or
 * min_log_prob that is NaN/∞, naming the row).
 */
export function openLlamaKld(path: string): RowSource & { close(): void; header: LlamaKldHeader } {
  const file = new RandomAccess(path);
  const h = llamaKldHeader(file);
  const rows = h.nChunk * h.rowsPerChunk;
  const next = new Int32Array(rows);
  const first = h.nCtx >> 1;
  for (let c = 0; c < h.nChunk; c++) {
    for (let i = 0; i < h.rowsPerChunk; i++)
      next[c * h.rowsPerChunk + i] = h.tokens[c * h.nCtx + first + i + 1] as number;
  }
  return {
    path,
    rows,
    columns: h.nVocab,
    kind: "float32",
    input: "logprobs",
    header: h,
    *chunks(rowsPerChunk: number, buffers?: ChunkBuffers): Iterable<RowChunk> {
      const rowBytes = h.nv * 2;
      for (let r0 = 0; r0 < rows; r0 += rowsPerChunk) {
        const n = Math.min(rowsPerChunk, rows - r0);
        const buf = file.read(
          h.dataOffset + r0 * rowBytes,
          n * rowBytes,
          buffers?.bytes(n * rowBytes),
        );
        const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
        for (let r = 0; r < n; r++) {
          const o = r * rowBytes;
          const scale = view.getFloat32(o, true);
          const min = view.getFloat32(o + 4, true);
          if (!Number.isFinite(scale) || !Number.isFinite(min) || scale < 0) {
            fileError(
              "not-finite",
              path,
              `row ${r0 + r} has scale ${scale} and min_log_prob ${min}`,
              r0 + r,
              Number.isFinite(scale) ? min : scale,
            );
          }
        }
        // The uint16 words of the rows: in place when the read is 4-byte aligned (always, in
        // practice), else a copy.
        const words =
          buf.byteOffset % 4 === 0
            ? new Uint16Array(buf.buffer, buf.byteOffset, n * h.nv)
            : new Uint16Array(buf.slice().buffer, 0, n * h.nv);
        const out = dequantizeRows(words, n, h.nv, h.nVocab, buffers?.floats(n * h.nVocab));
        yield {
          data: out,
          kind: "float32",
          firstRow: r0,
          rows: n,
          columns: h.nVocab,
          tokens: next.subarray(r0, r0 + n),
          input: "logprobs",
        };
      }
    },
    close: () => file.close(),
  };
}
