#!/usr/bin/env python3
"""Writes the small files the CLI's help examples name (test/fixtures/cli-examples/), so that a
test can run every example of `surprisal <command> --help` as typed (test/cli/help-examples.test.ts).

    python3 scripts/gen_cli_examples.py
"""
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), "..", "test", "fixtures", "cli-examples")
os.makedirs(OUT, exist_ok=True)


def write(name, text):
    with open(os.path.join(OUT, name), "w", encoding="utf-8") as f:
        f.write(text)


# Rolls of a die: observed counts against the counts a fair die would give.
observed = [9, 11, 8, 10, 7, 15]
write("data.csv", "face,observed,expected\n" + "".join(
    f"{i + 1},{o},10\n" for i, o in enumerate(observed)))
write("data.tsv", "face\ttruth\tmodel\n" + "".join(
    f"{i + 1}\t{p}\t{q}\n" for i, (p, q) in enumerate(
        zip([0.1, 0.2, 0.3, 0.4], [0.25, 0.25, 0.25, 0.25]))))
write("runs.json", json.dumps({"truth": [0.5, 0.3, 0.2], "model": [0.4, 0.4, 0.2]}, indent=1) + "\n")
write("counts.csv", "word,n\nthe,61\nof,29\nand,27\nto,25\na,21\n")
write("rolls.txt", "".join(f"{x}\n" for x in [3, 6, 1, 6, 2, 6, 4, 6, 5, 6, 1, 3]))
write("today.txt", "".join(f"{x}\n" for x in ["sun", "sun", "rain", "cloud", "sun", "rain"]))
write("yesterday.txt", "".join(f"{x}\n" for x in ["rain", "rain", "cloud", "sun", "cloud", "rain"]))
letters = {"a": (82, 60), "b": (15, 20), "c": (28, 30), "d": (43, 40), "e": (127, 100),
           "f": (22, 25), "g": (20, 20), "h": (61, 50)}
write("letters.csv", "letter,english,model\n" + "".join(
    f"{k},{e},{m}\n" for k, (e, m) in letters.items()))
# Two weeks of counts keyed by outcome, with different vocabularies (matched by label).
write("week1.json", json.dumps({"tea": 12, "coffee": 30, "water": 8}) + "\n")
write("week2.json", json.dumps({"coffee": 25, "juice": 4, "tea": 15}) + "\n")
# Visits by day id (a numeric first column that names the outcomes), days in another order.
write("visits_2023.csv", "day,visits\n1,120\n2,90\n3,95\n4,100\n5,140\n")
write("visits_2024.csv", "day,visits\n5,150\n4,98\n3,90\n2,85\n1,130\n6,12\n")

rng = np.random.default_rng(7)
logits = lambda: rng.normal(size=(3, 4))
np.save(os.path.join(OUT, "logits.npy"), logits().astype(np.float32))
np.save(os.path.join(OUT, "p_logits.npy"), logits().astype(np.float32))
np.save(os.path.join(OUT, "q_logits.npy"), logits().astype(np.float32))
np.save(os.path.join(OUT, "data.npy"), logits())
np.save(os.path.join(OUT, "model.npy"), logits())
rows = lambda: (lambda x: x / x.sum(axis=1, keepdims=True))(rng.uniform(0.1, 1, size=(3, 4)))
np.save(os.path.join(OUT, "a.npy"), rows())
np.save(os.path.join(OUT, "b.npy"), rows())
