#!/usr/bin/env python3
"""Writes a llama.cpp KL-divergence base file (what `llama-perplexity --kl-divergence-base FILE`
writes) from logits stored as .npy, following the writer in llama.cpp's
tools/perplexity/perplexity.cpp, in float32 arithmetic as the C++ does:

  "_logits_"                      8 bytes
  n_ctx, n_vocab, n_chunk         int32 each (little-endian)
  tokens                          int32 × n_chunk·n_ctx (the evaluated tokens)
  then per chunk, for each of the n_ctx − 1 − n_ctx/2 scored rows, nv = 2·⌈n_vocab/2⌉ + 4 uint16:
    scale, min_log_prob           2 float32 (the first 4 uint16 of the row)
    q[0 … n_vocab)                uint16: round((logit − min_logit)/scale), 0 at or below min_logit
    (one uint16 of padding when n_vocab is odd)
  with max_logit, min_logit = max(min(row), max_logit − 16), log_sum_exp = log Σ expf(logit − max)
  (summed in double, rounded to float), min_log_prob = min_logit − max_logit − log_sum_exp and
  scale = (max_logit − min_logit)/65535; a log-probability reads back as scale·q + min_log_prob.

Usage: python3 scripts/models/write_kld.py LOGITS.npy CHUNKS.npy OUT.kld
  LOGITS.npy: rows × n_vocab logits of the scored rows (n_chunk · (n_ctx − 1 − n_ctx/2) rows, in
  chunk order, as scripts/models/train.py writes them); CHUNKS.npy: n_chunk × n_ctx int32 tokens.
"""

import struct
import sys

import numpy as np


def quantize_row(logits):
    """One row as perplexity.cpp's writer stores it: (scale, min_log_prob, uint16 codes)."""
    x = logits.astype(np.float32)
    max_logit = np.float32(x.max())
    min_logit = np.float32(max(np.float32(x.min()), np.float32(max_logit - np.float32(16))))
    sum_exp = float(np.sum(np.exp(x - max_logit, dtype=np.float32), dtype=np.float64))
    log_sum_exp = np.float32(np.log(sum_exp))
    min_log_prob = np.float32(np.float32(min_logit - max_logit) - log_sum_exp)
    scale = np.float32(np.float32(max_logit - min_logit) / np.float32(65535))
    if scale != 0:
        inv = np.float32(np.float32(1) / scale)
        v = np.float32(inv) * (x - min_logit).astype(np.float32)
        # nearest_int: add 1.5·2^23 in float32, i.e. round half to even.
        q = np.rint(v.astype(np.float32)).astype(np.int64)
        q = np.where(x > min_logit, q, 0)
        q = np.clip(q, 0, 65535).astype(np.uint16)
    else:
        q = np.zeros(x.shape[0], dtype=np.uint16)
    return scale, min_log_prob, q


def write(logits, chunks, path):
    n_chunk, n_ctx = chunks.shape
    n_vocab = logits.shape[1]
    per_chunk = n_ctx - 1 - n_ctx // 2
    if logits.shape[0] != n_chunk * per_chunk:
        raise SystemExit(f"{logits.shape[0]} rows, expected {n_chunk} chunks × {per_chunk}")
    nv = 2 * ((n_vocab + 1) // 2) + 4
    with open(path, "wb") as f:
        f.write(b"_logits_")
        f.write(struct.pack("<iii", n_ctx, n_vocab, n_chunk))
        f.write(chunks.astype("<i4").tobytes())
        row = np.zeros(nv, dtype="<u2")
        for r in range(logits.shape[0]):
            scale, mlp, q = quantize_row(logits[r])
            row[:] = 0
            row[0:4] = np.frombuffer(struct.pack("<ff", scale, mlp), dtype="<u2")
            row[4 : 4 + n_vocab] = q
            f.write(row.tobytes())


def main():
    if len(sys.argv) != 4:
        raise SystemExit(__doc__)
    logits = np.load(sys.argv[1]).astype(np.float32)
    chunks = np.load(sys.argv[2]).astype(np.int32)
    write(logits, chunks, sys.argv[3])


if __name__ == "__main__":
    main()
