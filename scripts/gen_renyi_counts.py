#!/usr/bin/env python3
"""Reference Rényi divergences (and, for three cases, contributions) of counts whose totals differ
(the scale λ = Σp/Σq ≠ 1).

Hard cases for the forms of src/measures/renyi.ts and assembly/renyi.ts: counts that are multiples
of each other but for a few outcomes (every ratio p/λq then rounds the same way, so the rounding
errors of a sum of terms near 1 add up), close counts with outliers (|β|·max|ℓ| > 1 while D is
small), far counts, zeros on either side. Computed with mpmath at 60 significant digits from the
integer counts as given, D_α = log(Σ p̂^α·q̂^(1−α))/(α − 1) with the limits at α = 0 and ∞, in nats,
rounded to float64 at the end.
Run: python3 scripts/gen_renyi_counts.py > test/fixtures/renyi-counts.json
"""
import json
import random

import mpmath as mp

mp.mp.dps = 60

ALPHAS = [0, 0.3, 0.5, 2, 3.7, 10, 40, "Infinity"]


def renyi(p, q, alpha):
    sp = mp.fsum(p)
    sq = mp.fsum(q)
    P = [mp.mpf(x) / sp for x in p]
    Q = [mp.mpf(y) / sq for y in q]
    if alpha == "Infinity":
        if any(a > 0 and b == 0 for a, b in zip(P, Q)):
            return "Infinity"
        return float(max(mp.log(a / b) for a, b in zip(P, Q) if a > 0))
    a = mp.mpf(alpha)
    if alpha == 0:
        return float(-mp.log(mp.fsum(b for x, b in zip(P, Q) if x > 0)))
    if alpha > 1 and any(x > 0 and b == 0 for x, b in zip(P, Q)):
        return "Infinity"
    s = mp.fsum(x**a * b ** (1 - a) for x, b in zip(P, Q) if x > 0 and b > 0)
    return float(mp.log(s) / (a - 1))


rng = random.Random(20261207)
cases = []


def contributions(p, q):
    """p̂ᵢ·log(p̂ᵢ/q̂ᵢ) per outcome: 0 where p = 0, "Infinity" where q = 0 < p."""
    sp = mp.fsum(p)
    sq = mp.fsum(q)
    out = []
    for x, y in zip(p, q):
        if x == 0:
            out.append(0.0)
        elif y == 0:
            out.append("Infinity")
        else:
            a = mp.mpf(x) / sp
            out.append(float(a * mp.log(a / (mp.mpf(y) / sq))))
    return out


# The per-outcome contributions to D(P‖Q) of these cases too (test/fast/renyi-counts.test.ts reads them).
WITH_CONTRIBUTIONS = {"multiple_7_bumps_3", "zeros_both_sides", "large_counts"}


def add(name, p, q):
    case = {
        "name": name,
        "p": p,
        "q": q,
        "expected": {str(a): renyi(p, q, a) for a in ALPHAS},
    }
    if name in WITH_CONTRIBUTIONS:
        case["contributions"] = contributions(p, q)
    cases.append(case)


# Multiples: q = k·p, a few outcomes moved by one count.
for k, n, bumps in ((3, 3000, 30), (7, 2000, 3), (1000, 1500, 10)):
    p = [rng.randrange(1, 1000) for _ in range(n)]
    q = [k * x for x in p]
    for i in rng.sample(range(n), bumps):
        q[i] += 1
    add(f"multiple_{k}_bumps_{bumps}", p, q)

# Multiples with zeros: q = 3·p + 1 on 1 % of the outcomes (p = 0 there gives Q₀ > 0).
p = [rng.randrange(0, 1000) for _ in range(4000)]
q = [3 * x + (1 if rng.random() < 0.01 else 0) for x in p]
add("multiple_3_zeros", p, q)

# Multiples with outliers: D small, but one outcome far apart (|β|·max|ℓ| > 1 for large α).
p = [rng.randrange(100, 1000) for _ in range(2500)]
q = [5 * x for x in p]
q[17] = 5 * p[17] * 3
q[900] = 5 * p[900] // 2
add("multiple_5_outliers", p, q)

# Close counts of different totals (q ≈ 2.5·p with noise of a few counts).
p = [rng.randrange(1000, 100000) for _ in range(2000)]
q = [int(2.5 * x) + rng.randrange(-3, 4) for x in p]
add("close_noise", p, q)

# Zeros on either side (q = 0 < p makes α > 1 infinite; p = 0 < q gives Q₀).
p = [rng.randrange(0, 50) for _ in range(1200)]
q = [3 * x + (1 if rng.random() < 0.05 else 0) for x in p]
q[5] = 0
p[5] = max(p[5], 1)
add("zeros_both_sides", p, q)
p = [rng.randrange(0, 50) for _ in range(1200)]
q = [3 * x + (1 if rng.random() < 0.05 else 0) for x in p]
add("zeros_p_only", p, q)

# Far counts of different totals.
p = [rng.randrange(0, 1000) for _ in range(1000)]
q = [rng.randrange(1, 10**6) for _ in range(1000)]
add("far", p, q)

# Large counts (above 2^53 the inputs are the doubles as given: they are what both sides read).
p = [float(rng.randrange(10**15, 10**16)) for _ in range(800)]
q = [x * 0.75 for x in p]
q[3] *= 1.5
add("large_counts", p, q)

print(
    json.dumps(
        {
            "about": "Rényi divergences of counts of different totals, mpmath 60 digits, nats (scripts/gen_renyi_counts.py)",
            "alphas": ALPHAS,
            "cases": cases,
        }
    )
)
