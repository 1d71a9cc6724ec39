#!/usr/bin/env python3
"""Reference values for the core measures on hard inputs not covered by ../shared/fixtures.

Computed with mpmath at 60 significant digits from the float64 inputs as given (so they are the true
values for exactly those inputs), rounded to float64 at the end. Every value is in nats.
Run: python3 scripts/gen_core_extra.py > test/fixtures/core-extra.json
"""
import json
import random

import mpmath as mp

mp.mp.dps = 60


def norm_lin(x):
    s = mp.fsum(mp.mpf(v) for v in x)
    return [mp.mpf(v) / s for v in x]


def norm_log(x):
    m = max(x)
    s = mp.fsum(mp.e ** (mp.mpf(v) - m) for v in x if v != float("-inf"))
    L = m + mp.log(s)
    return [mp.e ** (mp.mpf(v) - L) if v != float("-inf") else mp.mpf(0) for v in x]


def measures(P, Q):
    H = -mp.fsum(p * mp.log(p) for p in P if p > 0)
    if any(p > 0 and q == 0 for p, q in zip(P, Q)):
        kl = mp.inf
    else:
        kl = mp.fsum(p * mp.log(p / q) for p, q in zip(P, Q) if p > 0)
    M = [(p + q) / 2 for p, q in zip(P, Q)]
    js = (mp.fsum(p * mp.log(p / m) for p, m in zip(P, M) if p > 0) + mp.fsum(q * mp.log(q / m) for q, m in zip(Q, M) if q > 0)) / 2
    tv = mp.fsum(abs(p - q) for p, q in zip(P, Q)) / 2
    hel = mp.sqrt(mp.fsum((mp.sqrt(p) - mp.sqrt(q)) ** 2 for p, q in zip(P, Q)) / 2)
    r05 = -2 * mp.log(mp.fsum(mp.sqrt(p * q) for p, q in zip(P, Q)))
    return {
        "entropy_p": float(H),
        "kl": "Infinity" if kl == mp.inf else float(kl),
        "cross_entropy": "Infinity" if kl == mp.inf else float(H + kl),
        "js_divergence": float(js),
        "total_variation": float(tv),
        "hellinger": float(hel),
        "renyi_0_5": float(r05),
    }


rng = random.Random(20261123)
cases = []

# Logits of two models that differ by a constant shift plus a tiny perturbation (softmax-invariant shift).
for eps in (1e-6, 1e-9):
    z = [rng.gauss(0, 3) for _ in range(300)]
    w = [v + 3.7 + eps * rng.gauss(0, 1) for v in z]
    cases.append({"name": f"shifted_logits_eps_{eps}", "input": "logits", "p": z, "q": w,
                  "expected": measures(norm_log(z), norm_log(w))})

# Counts of very different totals describing almost the same distribution.
base = [rng.randint(1, 10**6) for _ in range(200)]
p = [float(b) for b in base]
q = [float(b * 37.0 * (1 + 1e-7 * rng.gauss(0, 1))) for b in base]
cases.append({"name": "near_identical_counts_different_totals", "input": "counts", "p": p, "q": q,
              "expected": measures(norm_lin(p), norm_lin(q))})

# One dominant outcome, as counts (entropy is tiny; log(S) − Σc·log c/S would cancel).
p = [1e12, 1.0, 3.0]
q = [1e12 + 5, 2.0, 1.0]
cases.append({"name": "dominant_counts", "input": "counts", "p": p, "q": q,
              "expected": measures(norm_lin(p), norm_lin(q))})

# Wide range of magnitudes, probabilities summing to 1 within rounding.
raw = [10 ** rng.uniform(-300, 0) for _ in range(50)]
s = sum(raw)
p = [v / s for v in raw]
raw = [10 ** rng.uniform(-300, 0) for _ in range(50)]
s = sum(raw)
q = [v / s for v in raw]
cases.append({"name": "magnitudes_1e-300_to_1", "input": "probabilities", "p": p, "q": q,
              "expected": measures(norm_lin(p), norm_lin(q))})

# Counts near the largest double: p + q overflows for the first outcome (the term must then be
# computed as 2·g(p/2, q/2)), while every sum stays finite.
p = [8.950731233469167e307, 1.1120628591049816e306, 1.0]
q = [8.426215158374965e307, 3.3361885773149448e305, 0.25]
cases.append({"name": "counts_near_the_largest_double", "input": "counts", "p": p, "q": q,
              "expected": measures(norm_lin(p), norm_lin(q))})

# Counts at the edges of the double range: sums or p·log(p/q) that overflow, totals more than the
# double range apart (Σp/Σq not a double), and counts spanning more than the double range.
for name, p, q in [
    ("huge_count_against_tiny", [1e306, 1.0], [1e-300, 1.0]),
    ("counts_whose_sum_overflows", [1e308, 1e308], [1.0, 2.0]),
    ("totals_beyond_the_double_range_apart", [1e308, 1e308], [1e-300, 2e-300]),
    ("counts_spanning_606_decades", [1e306, 1e-300], [1e-300, 1e306]),
    ("largest_double_among_ones", [1.7e308, 1e300, 1.0], [1.0, 1.0, 1.0]),
    ("totals_1e400_apart", [1e200, 1e200], [1e-200, 2e-200]),
]:
    with mp.workdps(1500):  # 1 − 1e-306 and the like must not round to 1
        expected = measures(norm_lin(p), norm_lin(q))
    cases.append({"name": name, "input": "counts", "p": p, "q": q, "expected": expected})

# Counts whose sum overflows and that span more than the double range: scaled down, the smallest
# would lose their digits. KL and entropy are computed (from logarithms, or because the lost
# counts' terms are below the last digit); the Rényi divergence refuses.
p = [1e308, 1e308, 1e-300]
q = [1e-300, 1.0, 1e-310]
with mp.workdps(1500):
    expected = measures(norm_lin(p), norm_lin(q))
cases.append({"name": "overflowing_counts_spanning_more_than_the_double_range", "input": "counts",
              "p": p, "q": q, "expected": expected, "refused": ["renyi_0_5"]})

print(json.dumps({"about": __doc__.strip(), "cases": cases}, indent=1))
