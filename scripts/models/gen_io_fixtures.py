#!/usr/bin/env python3
"""Small files for the tests of src/io (test/fixtures/models/io/), written with numpy, zipfile,
the safetensors package and write_kld.py, plus broken variants, and values.json with the arrays
they hold (as float64, after widening float16/bfloat16 exactly).

Usage: python3 scripts/models/gen_io_fixtures.py
"""

import json
import os
import struct
import sys

import numpy as np
from safetensors.numpy import save_file

sys.path.insert(0, os.path.dirname(__file__))
from write_kld import write  # noqa: E402

D = os.path.join(os.path.dirname(__file__), "../../test/fixtures/models/io")


def main():
    os.makedirs(D, exist_ok=True)
    rng = np.random.default_rng(7)
    x = rng.normal(0, 3, size=(4, 6))
    values = {"x64": x.tolist(), "x32": x.astype(np.float32).astype(np.float64).tolist(),
              "x16": x.astype(np.float16).astype(np.float64).tolist()}
    for dt, name in [("<f8", "le_f8"), (">f8", "be_f8"), ("<f4", "le_f4"), (">f4", "be_f4"), ("<f2", "le_f2"), (">f2", "be_f2")]:
        np.save(os.path.join(D, f"{name}.npy"), x.astype(dt))
        np.save(os.path.join(D, f"{name}_fortran.npy"), np.asfortranarray(x.astype(dt)))
    np.save(os.path.join(D, "cube_f4.npy"), x.astype("<f4").reshape(2, 2, 6))
    np.save(os.path.join(D, "ints.npy"), np.arange(6, dtype="<i8") * 3)
    np.save(os.path.join(D, "tokens_u2_be.npy"), np.array([5, 0, 3, 1], dtype=">u2"))
    np.savez(os.path.join(D, "stored.npz"), logits=x.astype("<f4"), tokens=np.array([1, 2, 3, 4], dtype="<i4"))
    np.savez_compressed(os.path.join(D, "deflated.npz"), logits=x.astype(">f8"), tokens=np.array([1, 2, 3, 4], dtype="<i8"))
    np.savez_compressed(os.path.join(D, "deflated_fortran.npz"), logits=np.asfortranarray(x.astype("<f4")))
    # Broken .npy: truncated data, bad magic, int dtype for logits.
    raw = open(os.path.join(D, "le_f4.npy"), "rb").read()
    open(os.path.join(D, "truncated.npy"), "wb").write(raw[:-10])
    open(os.path.join(D, "badmagic.npy"), "wb").write(b"\x93NUMPX" + raw[6:])
    nan = x.astype("<f4").copy()
    nan[2, 3] = np.nan
    np.save(os.path.join(D, "nan_f4.npy"), nan)
    np.save(os.path.join(D, "vocab5_f4.npy"), x[:, :5].astype("<f4"))
    np.save(os.path.join(D, "rows3_f4.npy"), x[:3].astype("<f4"))
    # safetensors: F32, F16, and BF16 (written by hand: numpy has no bfloat16).
    save_file({"logits": x.astype(np.float32)}, os.path.join(D, "f32.safetensors"))
    save_file({"logits": x.astype(np.float16), "other": np.zeros(3, dtype=np.float32)}, os.path.join(D, "f16.safetensors"))
    bf = (x.astype(np.float32).view(np.uint32) >> 16).astype("<u2")
    values["xbf16"] = (bf.astype(np.uint32) << 16).view(np.float32).astype(np.float64).tolist()
    write_st(os.path.join(D, "bf16.safetensors"), {"logits": ("BF16", [4, 6], bf.tobytes())})
    good = bf.tobytes()
    # Lies: an end past the file, a size that disagrees with the shape, overlapping tensors, a hole.
    write_st(os.path.join(D, "lie_end.safetensors"), {"logits": ("BF16", [4, 6], good)}, offsets={"logits": [0, 4800]})
    write_st(os.path.join(D, "lie_size.safetensors"), {"logits": ("BF16", [4, 6], good)}, offsets={"logits": [0, 40]})
    write_st(os.path.join(D, "lie_overlap.safetensors"), {"a": ("BF16", [4, 6], good), "b": ("BF16", [2, 6], good[:24])},
             offsets={"a": [0, 48], "b": [24, 48]})
    write_st(os.path.join(D, "lie_hole.safetensors"), {"logits": ("BF16", [4, 6], good)}, offsets={"logits": [8, 56]}, pad=8)
    # llama.cpp base file: 2 chunks of n_ctx = 8 → 3 scored rows each, vocab 7 (odd: padding).
    lg = rng.normal(0, 4, size=(6, 7)).astype(np.float32)
    lg[0, 2] = -40.0  # below max − 16: stored at the floor
    chunks = rng.integers(0, 7, size=(2, 8)).astype(np.int32)
    write(lg, chunks, os.path.join(D, "base.kld"))
    values["kld_logits"] = lg.astype(np.float64).tolist()
    values["kld_chunks"] = chunks.tolist()
    raw = open(os.path.join(D, "base.kld"), "rb").read()
    open(os.path.join(D, "truncated.kld"), "wb").write(raw[:-5])
    # Dequantized values in float32 arithmetic, as perplexity.cpp reads them.
    nv = 2 * ((7 + 1) // 2) + 4
    off = 20 + 4 * 16
    rows = np.frombuffer(raw[off:], dtype="<u2").reshape(6, nv)
    scale = rows[:, 0:2].copy().view("<f4")[:, 0]
    mlp = rows[:, 2:4].copy().view("<f4")[:, 0]
    deq = (scale[:, None] * rows[:, 4:11].astype(np.float32)).astype(np.float32) + mlp[:, None]
    values["kld_logprobs"] = deq.astype(np.float32).astype(np.float64).tolist()
    # Top-K JSONL.
    lines = [
        {"token": 1, "ids": [1, 4, 2], "logprobs": [-0.5, -1.5, -2.5], "tail": float(1 - np.exp([-0.5, -1.5, -2.5]).sum())},
        {"token": 3, "logprob": -4.0, "top": [[0, -0.2], [3, -4.0]]},
    ]
    with open(os.path.join(D, "top.jsonl"), "w") as f:
        f.write("\n".join(json.dumps(l) for l in lines) + "\n")
    with open(os.path.join(D, "badtail.jsonl"), "w") as f:
        f.write(json.dumps(lines[0]) + "\n" + json.dumps({**lines[0], "tail": 1.5}) + "\n")
    with open(os.path.join(D, "nan.jsonl"), "w") as f:
        f.write(json.dumps(lines[0]) + "\n" + '{"ids": [1], "logprobs": [null]}\n')
    with open(os.path.join(D, "values.json"), "w") as f:
        json.dump(values, f)


def write_st(path, tensors, offsets=None, pad=0):
    header = {}
    at = 0
    data = b""
    for name, (dtype, shape, raw) in tensors.items():
        off = (offsets or {}).get(name, [at, at + len(raw)])
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": off}
        at += len(raw)
        data += raw
    h = json.dumps(header).encode()
    h += b" " * ((8 - len(h) % 8) % 8)
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(h)) + h + b"\0" * pad + data[: len(data) if not offsets else None])


if __name__ == "__main__":
    main()
