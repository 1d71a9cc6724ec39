#!/usr/bin/env python3
"""Reference values for the rough edges of issue 14: scipy's kl_div on its whole domain, KL of
labelled histograms aligned on the union of labels (missing label = 0), with and without additive
smoothing, broadcast rows, a row summary, and the degenerate Poisson(0) of PyTorch.

kl_div values come from scipy.special.kl_div itself (the behaviour to match). Divergences are
computed with mpmath at 60 digits from the float64 inputs as given, rounded to float64 at the end,
and are in nats. Non-finite numbers are written as the strings "Infinity", "-Infinity", "NaN".
Run: python3 scripts/gen_edges.py > test/fixtures/edges.json
"""
import json
import math

import mpmath as mp
import numpy as np
import scipy
import scipy.special
import torch

mp.mp.dps = 60


def num(x):
    x = float(x)
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


INF = float("inf")
NAN = float("nan")
KL_DIV_ARGS = [
    (0.5, 0.9), (0.9, 0.5), (1e-300, 1e-300), (0.25, 0.25000000000000006), (3.0, 1e-10),
    (0.0, 0.0), (0.0, 2.5), (2.5, 0.0), (-0.0, 1.0), (0.5, -0.0),
    (-0.5, 0.5), (0.0, -1.0), (-0.5, -0.5), (-1e-300, 1.0), (1.0, -1e-300), (-INF, 1.0),
    (1.0, -INF), (INF, 1.0), (1.0, INF), (INF, INF), (0.0, INF), (INF, 0.0),
    (NAN, 1.0), (1.0, NAN), (NAN, -1.0), (1e308, 1e307), (1.7e308, 1e-300),
]


def kl_div_cases():
    return [
        {"x": num(x), "y": num(y), "scipy": num(scipy.special.kl_div(x, y))}
        for x, y in KL_DIV_ARGS
    ]


def kl_mp(p, q):
    """D(P̂‖Q̂) of non-negative vectors, normalized exactly."""
    sp = mp.fsum(mp.mpf(v) for v in p)
    sq = mp.fsum(mp.mpf(v) for v in q)
    total = mp.mpf(0)
    for a, b in zip(p, q):
        if a == 0:
            continue
        if b == 0:
            return INF
        a = mp.mpf(a) / sp
        b = mp.mpf(b) / sq
        total += a * mp.log(a / b)
    return float(total)


def entropy_mp(p):
    s = mp.fsum(mp.mpf(v) for v in p)
    return float(-mp.fsum((mp.mpf(v) / s) * mp.log(mp.mpf(v) / s) for v in p if v > 0))


def align(hp, hq):
    labels = list(hp)
    labels += [k for k in hq if k not in hp]
    return labels, [hp.get(k, 0) for k in labels], [hq.get(k, 0) for k in labels]


# Letter counts of two short texts (the new user's licence texts, in miniature), other row orders.
LABELLED = [
    {
        "name": "letters",
        "p": {"e": 12, "t": 9, "a": 8, "o": 7, "z": 1},
        "q": {"a": 10, "e": 11, "o": 6, "t": 8, "q": 2},
    },
    {"name": "coin vs die faces", "p": {"heads": 3, "tails": 1}, "q": {"tails": 2, "edge": 1}},
    {"name": "same labels, other order", "p": {"x": 1, "y": 2, "z": 3}, "q": {"z": 3, "y": 2, "x": 1}},
]
SMOOTHING = [("none", None), ("jeffreys", 0.5), ("laplace", 1.0), ("perks", None), ("pseudo", 0.01)]


def labelled_cases():
    out = []
    for c in LABELLED:
        labels, p, q = align(c["p"], c["q"])
        rec = {"name": c["name"], "p": c["p"], "q": c["q"], "labels": labels, "kl": {}, "entropy_p": {}}
        for name, a in SMOOTHING:
            if name == "perks":
                a = 1.0 / len(labels)
            if a is None:
                pp, qq = p, q
            else:
                pp = [v + a for v in p]
                qq = [v + a for v in q]
            rec["kl"][name] = num(kl_mp(pp, qq))
            if a is None:
                rec["entropy_p"][name] = num(entropy_mp([c["p"][k] for k in c["p"]]))
            else:
                rec["entropy_p"][name] = num(entropy_mp([v + (1.0 / len(c["p"]) if name == "perks" else a) for v in c["p"].values()]))
        rec["infinite_at"] = [k for k, a, b in zip(labels, p, q) if a > 0 and b == 0]
        out.append(rec)
    return out


def broadcast_case():
    P = [[0.5, 0.5], [0.9, 0.1], [0.2, 0.8]]
    q = [0.8, 0.2]
    one_q = [num(kl_mp(row, q)) for row in P]
    one_p = [num(kl_mp(q, row)) for row in P]
    return {"p": P, "q": q, "kl_rows_vs_q": one_q, "kl_q_vs_rows": one_p}


def summary_case():
    x = np.array([0.1, 0.2, 0.3, 0.7, 1e-9])
    mean = mp.fsum(mp.mpf(float(v)) for v in x) / len(x)
    sd = mp.sqrt(mp.fsum((mp.mpf(float(v)) - mean) ** 2 for v in x) / (len(x) - 1))
    return {
        "values": [float(v) for v in x],
        "mean": float(mean),
        "standardError": float(sd / mp.sqrt(len(x))),
        "numpy_sem": float(np.std(x, ddof=1) / np.sqrt(len(x))),
    }


def poisson_cases():
    d = torch.distributions
    out = []
    for mu in [0.5, 2.0, 10.0]:
        zero = d.Poisson(torch.tensor(0.0, dtype=torch.float64))
        other = d.Poisson(torch.tensor(mu, dtype=torch.float64))
        out.append({
            "p": 0.0,
            "q": mu,
            "torch": num(d.kl_divergence(zero, other).item()),
            "exact": mu,
        })
        out.append({"p": mu, "q": 0.0, "torch": num(d.kl_divergence(other, zero).item()), "exact": "Infinity"})
    zero = d.Poisson(torch.tensor(0.0, dtype=torch.float64))
    return {
        "kl": out,
        "entropy_exact": 0.0,
        "log_prob_torch": {str(k): num(zero.log_prob(torch.tensor(float(k), dtype=torch.float64)).item()) for k in [0, 1, 3]},
        "sample_torch": [num(v) for v in zero.sample((5,)).tolist()],
    }


print(json.dumps({
    "versions": {"scipy": scipy.__version__, "torch": torch.__version__, "mpmath": mp.__version__},
    "kl_div": kl_div_cases(),
    "labelled": labelled_cases(),
    "broadcast": broadcast_case(),
    "summary": summary_case(),
    "poisson_zero": poisson_cases(),
}, indent=1, allow_nan=False))
