#!/usr/bin/env python3
"""Writes the CLI's test inputs to test/fixtures/cli/: .npy arrays written by NumPy itself (float32,
float64, integers, big-endian, Fortran order, 2-D, a 3-D one that must be refused), small CSV/TSV/JSON/
text files, and npy_values.json, what NumPy reads back from each .npy (the reference for the reader).

Run: python3 scripts/gen_npy.py   (deterministic: a fixed seed; rerunning gives the same bytes)
"""

import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "test", "fixtures", "cli")
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(20240601)


def path(name):
    return os.path.join(OUT, name)


arrays = {}


def save(name, a):
    np.save(path(name), a)
    arrays[name] = a


p = rng.dirichlet(np.ones(6))
q = rng.dirichlet(np.ones(6))
save("p64.npy", p.astype("<f8"))
save("q64.npy", q.astype("<f8"))
save("p32.npy", p.astype("<f4"))
save("q32.npy", q.astype("<f4"))
save("pbig.npy", p.astype(">f8"))
save("counts_i8.npy", rng.integers(0, 50, size=6).astype("<i8"))
save("counts_u1.npy", rng.integers(1, 20, size=6).astype("|u1"))
rows_p = rng.dirichlet(np.ones(4), size=3)
rows_q = rng.dirichlet(np.ones(4), size=3)
save("rows_p.npy", rows_p)
save("rows_q.npy", rows_q)
save("rows_p_fortran.npy", np.asfortranarray(rows_p))
save("logits_p32.npy", rng.normal(size=(5, 7)).astype("<f4"))
save("logits_q32.npy", rng.normal(size=(5, 7)).astype("<f4"))
save("column.npy", p.reshape(6, 1))
save("cube.npy", np.zeros((2, 2, 2)))
save("complex.npy", np.zeros(3, dtype=np.complex128))
np.save(path("empty.npy"), np.zeros(0))
arrays["empty.npy"] = np.zeros(0)

# Version 2.0 header (NumPy writes it for headers longer than 65535 bytes; force it here).
with open(path("p64_v2.npy"), "wb") as f:
    np.lib.format.write_array(f, p, version=(2, 0))
arrays["p64_v2.npy"] = p

# What NumPy reads back: the reference values for the .npy reader (as float64, row-major).
ref = {}
for name, a in arrays.items():
    back = np.load(path(name))
    values = None if np.iscomplexobj(back) else [float(x) for x in np.asarray(back, dtype=np.float64).ravel(order="C")]
    ref[name] = {"shape": list(back.shape), "dtype": back.dtype.str, "values": values}
with open(path("npy_values.json"), "w") as f:
    json.dump(ref, f, indent=1)
    f.write("\n")

# Text inputs. A labelled CSV of counts, with a header.
labels = ["apple", "banana", "cherry", "date"]
observed = [30, 50, 15, 5]
expected = [25, 25, 25, 25]
with open(path("fruit.csv"), "w") as f:
    f.write("fruit,observed,expected\n")
    for row in zip(labels, observed, expected):
        f.write("%s,%d,%d\n" % row)

# The same, tab-separated, without a header: columns by number.
with open(path("fruit.tsv"), "w") as f:
    for row in zip(labels, observed, expected):
        f.write("%s\t%d\t%d\n" % row)

# Probabilities, one column per distribution, no labels.
with open(path("probs.csv"), "w") as f:
    f.write("p,q\n")
    for a, b in zip(p, q):
        f.write("%.17g,%.17g\n" % (a, b))

# The same as JSON: an object of named arrays, and a plain array.
with open(path("runs.json"), "w") as f:
    json.dump({"truth": [float(x) for x in p], "model": [float(x) for x in q]}, f, indent=1)
    f.write("\n")
with open(path("p.json"), "w") as f:
    json.dump([float(x) for x in p], f)
    f.write("\n")
with open(path("labelled.json"), "w") as f:
    json.dump({"heads": 0.5, "tails": 0.5}, f)
    f.write("\n")
with open(path("rows.json"), "w") as f:
    json.dump({"p": rows_p.tolist(), "q": rows_q.tolist()}, f)
    f.write("\n")

# Rows (conditionals) as CSV with a label column, and weights.
with open(path("rows_p.csv"), "w") as f:
    f.write("x,y0,y1,y2,y3\n")
    for i, r in enumerate(rows_p):
        f.write("x%d,%s\n" % (i, ",".join("%.17g" % v for v in r)))
with open(path("rows_q.csv"), "w") as f:
    f.write("x,y0,y1,y2,y3\n")
    for i, r in enumerate(rows_q):
        f.write("x%d,%s\n" % (i, ",".join("%.17g" % v for v in r)))
with open(path("weights.txt"), "w") as f:
    f.write("0.5\n0.25\n0.25\n")

# Observed outcomes (samples): die rolls, one per line, and a comma-separated list.
rolls_a = rng.choice(6, size=200, p=[0.1, 0.1, 0.1, 0.1, 0.1, 0.5]) + 1
rolls_b = rng.integers(1, 7, size=200)
with open(path("rolls_loaded.txt"), "w") as f:
    f.write("\n".join(str(x) for x in rolls_a) + "\n")
with open(path("rolls_fair.txt"), "w") as f:
    f.write(",".join(str(x) for x in rolls_b) + "\n")
with open(path("coins.csv"), "w") as f:
    f.write("toss,side\n")
    for i, s in enumerate(rng.choice(["H", "T"], size=40, p=[0.7, 0.3])):
        f.write("%d,%s\n" % (i + 1, s))

# Bad inputs, each to be refused with a one-line message.
with open(path("bad_value.csv"), "w") as f:
    f.write("p\n0.5\nabc\n0.5\n")
with open(path("negative.csv"), "w") as f:
    f.write("p\n0.5\n-0.1\n0.6\n")
with open(path("ragged.csv"), "w") as f:
    f.write("a,b\n0.5,0.5\n0.5\n")
with open(path("bad.json"), "w") as f:
    f.write('{"p": [0.5, 0.5')
with open(path("truncated.npy"), "wb") as f:
    f.write(open(path("p64.npy"), "rb").read()[:-5])
print("wrote", len(os.listdir(OUT)), "files to", os.path.normpath(OUT))
