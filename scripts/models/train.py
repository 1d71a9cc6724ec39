#!/usr/bin/env python3
"""Trains a tiny GPT-2-style language model on CPU and writes its next-token logits on held-out
text, with those of its int8- and int4-quantized twins: the real data of `surprisal models`.

Text: the King James Version of the Bible (public domain), from Debian's `bible-kjv` package
(`apt-get install bible-kjv`, which brings the `bible` program and its data). Training books:
Genesis … Deuteronomy; held out: Joshua (never seen in training).

Tokenizer: byte-level BPE (`tokenizers`) trained on the training text, vocabulary 1,024.
Model: GPT-2 (`transformers`), 2 layers, 4 heads, width 64, context 64, trained for a fixed number
of steps (about two minutes on two shared cores) with a fixed seed.

Evaluation follows llama-perplexity: the held-out tokens are cut into chunks of n_ctx = 64, each
evaluated from an empty context; the rows scored are those of positions n_ctx/2 … n_ctx − 2, each
predicting the next token. Quantized twins: every Conv1D weight of the transformer blocks is
rounded to a symmetric grid and dequantized, int8 per output channel (scale max|w|/127) and int4
per group of 32 inputs (scale max|w|/7, values −8 … 7); embeddings, norms and biases stay float32.

Writes to OUT (default /tmp/surprisal-models):
  base.npy, int8.npy, int4.npy   float32 logits, rows × vocab (rows = n_chunk · 31)
  base64.npy                     the base model evaluated in float64 (near-identical to base.npy)
  tokens.npy                     int32, the next token of each row
  chunks.npy                     int32, n_chunk × n_ctx, the evaluated tokens (as in a base file)
  tokenizer.json
With --fixtures DIR, also the small samples shipped in test/fixtures/models (float16 logits of the
first 5 chunks, the float32/float64 near-identical pair of the first 24 rows, tokens, tokenizer).

Usage: python3 scripts/models/train.py [--out DIR] [--steps N] [--fixtures test/fixtures/models]
"""

import argparse
import json
import os
import re
import subprocess
import time

import numpy as np
import torch
from tokenizers import ByteLevelBPETokenizer
from transformers import GPT2Config, GPT2LMHeadModel
from transformers.pytorch_utils import Conv1D

N_CTX = 64
VOCAB = 1024
SEED = 1234
TRAIN_BOOKS = [
    "Genesis1:1-50:26",
    "Exodus1:1-40:38",
    "Leviticus1:1-27:34",
    "Numbers1:1-36:13",
    "Deuteronomy1:1-34:12",
]
HELD_OUT = ["Joshua1:1-24:33"]


def kjv(specs):
    out = subprocess.run(["bible", *specs], capture_output=True, text=True, check=True).stdout
    # Drop verse references ("Ge1:1 "), join wrapped lines.
    text = re.sub(r"(?m)^[0-9]?[A-Z][a-z]*\d+:\d+ ", "", out)
    return re.sub(r"\s+", " ", text).strip()


def quantize(model, bits):
    q = GPT2LMHeadModel(model.config)
    q.load_state_dict(model.state_dict())
    with torch.no_grad():
        for mod in q.transformer.h.modules():
            if not isinstance(mod, Conv1D):
                continue
            w = mod.weight  # [in, out]
            if bits == 8:
                scale = w.abs().amax(dim=0, keepdim=True) / 127
                scale[scale == 0] = 1
                w.copy_(torch.clamp(torch.round(w / scale), -127, 127) * scale)
            else:
                n_in, n_out = w.shape
                g = w.reshape(n_in // 32, 32, n_out)
                scale = g.abs().amax(dim=1, keepdim=True) / 7
                scale[scale == 0] = 1
                g = torch.clamp(torch.round(g / scale), -8, 7) * scale
                w.copy_(g.reshape(n_in, n_out))
    return q


def evaluate(model, chunks, dtype=torch.float32):
    model = model.to(dtype).eval()
    first = N_CTX // 2
    rows = []
    with torch.no_grad():
        for c in chunks:
            logits = model(torch.tensor(c[None, :], dtype=torch.long)).logits[0]
            rows.append(logits[first : N_CTX - 1].to(torch.float64).numpy())
    return np.concatenate(rows)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--out", default="/tmp/surprisal-models")
    ap.add_argument("--steps", type=int, default=400)
    ap.add_argument("--fixtures", default=None)
    args = ap.parse_args()
    os.makedirs(args.out, exist_ok=True)
    torch.manual_seed(SEED)
    np.random.seed(SEED)
    torch.set_num_threads(2)

    train_text = kjv(TRAIN_BOOKS)
    test_text = kjv(HELD_OUT)
    tok = ByteLevelBPETokenizer()
    tok.train_from_iterator([train_text], vocab_size=VOCAB, min_frequency=2, show_progress=False)
    tok.save(os.path.join(args.out, "tokenizer.json"))
    vocab = tok.get_vocab_size()
    train_ids = np.array(tok.encode(train_text).ids, dtype=np.int64)
    test_ids = np.array(tok.encode(test_text).ids, dtype=np.int32)

    cfg = GPT2Config(
        vocab_size=vocab, n_positions=N_CTX, n_embd=64, n_layer=2, n_head=4,
        resid_pdrop=0.0, embd_pdrop=0.0, attn_pdrop=0.0,
    )
    model = GPT2LMHeadModel(cfg)
    opt = torch.optim.AdamW(model.parameters(), lr=5e-3, weight_decay=0.01)
    sched = torch.optim.lr_scheduler.OneCycleLR(opt, max_lr=5e-3, total_steps=args.steps)
    rng = np.random.default_rng(SEED)
    t0 = time.time()
    model.train()
    for step in range(args.steps):
        starts = rng.integers(0, len(train_ids) - N_CTX - 1, size=16)
        x = torch.tensor(np.stack([train_ids[s : s + N_CTX] for s in starts]))
        loss = model(x, labels=x).loss
        opt.zero_grad()
        loss.backward()
        opt.step()
        sched.step()
        if step % 100 == 0 or step == args.steps - 1:
            print(f"step {step:4d}  loss {loss.item():.3f}  {time.time() - t0:.0f}s", flush=True)

    n_chunk = len(test_ids) // N_CTX
    chunks = test_ids[: n_chunk * N_CTX].reshape(n_chunk, N_CTX)
    first = N_CTX // 2
    tokens = chunks[:, first + 1 : N_CTX].reshape(-1).astype(np.int32)
    base = evaluate(model, chunks)
    base64 = evaluate(model, chunks, torch.float64)
    q8 = evaluate(quantize(model.to(torch.float32), 8), chunks)
    q4 = evaluate(quantize(model.to(torch.float32), 4), chunks)
    np.save(os.path.join(args.out, "base.npy"), base.astype(np.float32))
    np.save(os.path.join(args.out, "base64.npy"), base64)
    np.save(os.path.join(args.out, "int8.npy"), q8.astype(np.float32))
    np.save(os.path.join(args.out, "int4.npy"), q4.astype(np.float32))
    np.save(os.path.join(args.out, "tokens.npy"), tokens)
    np.save(os.path.join(args.out, "chunks.npy"), chunks.astype(np.int32))
    meta = {
        "vocab": vocab, "n_ctx": N_CTX, "n_chunk": int(n_chunk), "rows": int(base.shape[0]),
        "steps": args.steps, "seconds": round(time.time() - t0, 1), "final_loss": float(loss.item()),
        "train_tokens": int(len(train_ids)), "test_tokens": int(len(test_ids)),
    }
    with open(os.path.join(args.out, "meta.json"), "w") as f:
        json.dump(meta, f, indent=1)
    print(json.dumps(meta))

    if args.fixtures:
        d = args.fixtures
        os.makedirs(d, exist_ok=True)
        k = 5 * (N_CTX - 1 - first)
        np.save(os.path.join(d, "base_f16.npy"), base[:k].astype(np.float16))
        np.save(os.path.join(d, "int8_f16.npy"), q8[:k].astype(np.float16))
        np.save(os.path.join(d, "int4_f16.npy"), q4[:k].astype(np.float16))
        np.save(os.path.join(d, "tokens.npy"), tokens[:k])
        np.save(os.path.join(d, "chunks.npy"), chunks[:5].astype(np.int32))
        np.save(os.path.join(d, "near_f32.npy"), base[:24].astype(np.float32))
        np.save(os.path.join(d, "near_f64.npy"), base64[:24])
        tok.save(os.path.join(d, "tokenizer.json"))
        with open(os.path.join(d, "meta.json"), "w") as f:
            json.dump({**meta, "fixture_rows": k, "fixture_chunks": 5}, f, indent=1)


if __name__ == "__main__":
    main()
