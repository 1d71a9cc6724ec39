#!/usr/bin/env python3
"""The README's table of every measure at n = 10⁷ from several runs of `node bench/measures.mjs`
saved in one file (each run's output after a line starting with "=== run"): for each measure and
peer, our range of times (copied, in place), the peer's range, and the ratio of each run (peer / ours
in that run), copied and in place. Also the targets' lines of every run, as ✓/✗ per run.

    python3 bench/three-runs.py bench/results/measures-….txt [more files: their runs follow]
"""
import re
import sys

UNIT = {"µs": 1e-3, "ms": 1.0, "s": 1e3}


def ms(cell):
    m = re.match(r"\s*([\d.]+) (µs|ms|s)", cell)
    return float(m.group(1)) * UNIT[m.group(2)] if m else None


def fmt(x):
    return f"{x:.1f} ms" if x < 1000 else f"{x / 1000:.2f} s"


def rng(xs):
    lo, hi = min(xs), max(xs)
    if hi < 1000:
        return f"{lo:.1f}–{hi:.1f} ms"
    return f"{fmt(lo)}–{fmt(hi)}"


def runs(text):
    return [r for r in re.split(r"^=== run.*$", text, flags=re.M) if "| measure |" in r]


def table(run):
    rows, measure = [], None
    for line in run.splitlines():
        if not line.startswith("| ") or line.startswith("| measure") or line.startswith("| end to end"):
            continue
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) != 5:
            continue
        if cells[0]:
            measure = cells[0]
        impl = cells[1]
        if impl.startswith("CPU"):
            continue
        rows.append((measure, impl, ms(cells[4])))
    return rows


def main(*paths):
    text = "\n".join(open(path, encoding="utf8").read() for path in paths)
    parsed = [table(r) for r in runs(text)]
    measures = []
    for m, _, _ in parsed[0]:
        if m not in measures:
            measures.append(m)
    print("| measure | surprisal (copied) | in place (`fastArray`) | peer | peer time | ratio, copied | ratio, in place |")
    print("|---|---:|---:|---|---:|---:|---:|")
    for m in measures:
        per = [{impl: t for mm, impl, t in run if mm == m} for run in parsed]
        ours = [p["surprisal fast path, 2 threads"] for p in per]
        inpl = [p["surprisal fast path, inputs in place (fastArray)"] for p in per]
        peers = [k for k in per[0] if not k.startswith("surprisal")]
        for peer in peers:
            pt = [p[peer] for p in per]
            rc = " / ".join(f"{a / b:.2f}" for a, b in zip(pt, ours))
            ri = " / ".join(f"{a / b:.2f}" for a, b in zip(pt, inpl))
            print(
                f"| `{m}` | {rng(ours)} | {rng(inpl)} | {peer} | {rng(pt)} | {rc} | {ri} |"
            )
    print()
    targets = {}
    for r in runs(text):
        for line in r.splitlines():
            m = re.match(r"\s+([✓✗]) (.*?): ([\d.]+)×", line)
            if m:
                targets.setdefault(m.group(2), []).append((m.group(1), m.group(3)))
    for what, res in targets.items():
        every = all(s == "✓" for s, _ in res)
        print(f"{'in every run' if every else 'NOT in every run'}: {what}: {' / '.join(v for _, v in res)}")


if __name__ == "__main__":
    main(*sys.argv[1:])
