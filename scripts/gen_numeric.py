#!/usr/bin/env python3
"""Reference values for the numeric building blocks (src/numeric/): fsum, phi, klTerm, logSumExp,
logAddExp and the unit conversions.

Sums come from Python's math.fsum (exactly rounded), or, where math.fsum raises on an intermediate
overflow or on special values, from mpmath at 4,000 bits (exact for any sum of doubles) rounded
once. phi, klTerm and the log-sum-exps come from mpmath at 60 significant digits from the float64
inputs as given (so they are the true values for exactly those inputs), rounded to float64 at the
end. Non-finite numbers are written as the strings "Infinity", "-Infinity", "NaN".
Run: python3 scripts/gen_numeric.py > test/fixtures/numeric.json
"""
import json
import math
import random

import mpmath as mp


def enc(x):
    if math.isnan(x):
        return "NaN"
    if math.isinf(x):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def exact_sum(xs):
    specials = [x for x in xs if not math.isfinite(x)]
    if specials:
        if any(math.isnan(x) for x in specials) or (math.inf in specials and -math.inf in specials):
            return math.nan
        return specials[0]
    try:
        return math.fsum(xs)
    except OverflowError:
        with mp.workprec(4000):
            s = mp.fsum(mp.mpf(x) for x in xs)
        return float(s)  # mpf -> float rounds to nearest (ties to even); overflow gives inf


def fsum_cases():
    rnd = random.Random(20261206)
    cases = [
        ("the issue's case: Neumaier is 1 ulp off", [1.2187587061293082e16, 9.396116572938735e-18, -4.650598377408596e16]),
        ("ten times 0.1", [0.1] * 10),
        ("0.1 + 0.2 + 0.3", [0.1, 0.2, 0.3]),
        ("cancellation around a small term", [1e100, 1.0, -1e100]),
        ("half-even across partials (CPython's test)", [1e-16, 1.0, 1e16]),
        ("a tie rounded to even", [1.0, 2.0 ** -53]),
        ("a tie pushed up by a third term", [1.0, 2.0 ** -53, 2.0 ** -106]),
        ("a tie pushed down by a third term", [1.0, 2.0 ** -53, -(2.0 ** -106)]),
        ("subnormals", [5e-324, 5e-324, -1e-310, 2.2250738585072014e-308]),
        ("empty", []),
        ("negative zero alone", [-0.0]),
        ("alternating harmonic, 1000 terms", [(-1.0) ** (k + 1) / k for k in range(1, 1001)]),
        ("intermediate overflow that cancels", [1.7976931348623157e308, 1.7976931348623157e308, -1.7976931348623157e308]),
        ("a sum beyond the largest double", [1.7976931348623157e308, 1e292]),
        ("+Infinity among finite terms", [1.0, math.inf, -5.0]),
        ("-Infinity", [-math.inf, 3.0]),
        ("+Infinity and -Infinity", [math.inf, -math.inf]),
        ("NaN", [1.0, math.nan]),
    ]
    for k in range(8):
        xs = [rnd.choice([-1, 1]) * rnd.random() * 10.0 ** rnd.randint(-30, 30) for _ in range(60)]
        xs += [-x for x in xs[:30]]  # heavy cancellation
        rnd.shuffle(xs)
        cases.append((f"random, wide exponents, cancelling ({k})", xs))
    for k in range(4):
        xs = [rnd.gauss(0, 1) * 2.0 ** rnd.randint(-1000, 1000) for _ in range(40)]
        cases.append((f"random, exponents ±1000 ({k})", xs))
    return [{"name": n, "values": [enc(x) for x in xs], "sum": enc(exact_sum(xs))} for n, xs in cases]


mp.mp.dps = 60


def phi_ref(r):
    r = mp.mpf(r)
    if r == -1:
        return mp.mpf(1)
    return (1 + r) * mp.log1p(r) - r


def kl_term_ref(p, q):
    p, q = mp.mpf(p), mp.mpf(q)
    if p == 0:
        return q
    if q == 0:
        return mp.inf
    return p * mp.log(p / q) - p + q


PHI_R = [-1.0, -0.999999, -0.5, -0.1, -0.09999999999999999, -1e-3, -1e-8, -1e-300, 0.0, 1e-300,
         1e-10, 1e-5, 0.05, 0.09999999999999999, 0.1, 0.10000000000000002, 0.3, 1.0, 2.0, 10.0,
         1e10, 1e300]

KL_PQ = [(0.5, 0.9), (0.9, 0.5), (0.3, 0.3), (0.3, 0.30000000000000004), (0.25, 0.25000000000001),
         (1e-300, 1e-300 * (1 + 1e-9)), (0.0, 0.2), (0.2, 0.0), (1e-320, 1e-310), (1e-310, 1e-320),
         (1.0, 1e-300), (1e-300, 1.0), (1e308, 1.7e308), (1.7e308, 1e308), (0.5, 0.55), (0.5, 0.45)]

LSE = [
    ("two equal", [0.0, 0.0]),
    ("a quarter and three quarters", [math.log(0.25), math.log(0.75)]),
    ("large", [1000.0, 1000.0]),
    ("underflowing exponentials", [-1e4, -1e4 + math.log(3)]),
    ("one dominant term", [0.0, -40.0, -45.0]),
    ("zero weights", [-math.inf, 0.0, -math.inf]),
    ("only zero weights", [-math.inf, -math.inf]),
    ("a +Infinity", [0.0, math.inf]),
    ("softmax row", [2.5, -1.0, 0.3, 7.25, -3.5, 0.0]),
    ("many close values", [1e-3 * k for k in range(100)]),
]


def lse_ref(xs):
    if any(x == math.inf for x in xs):
        return math.inf
    finite = [mp.mpf(x) for x in xs if x != -math.inf]
    if not finite:
        return -math.inf
    return float(mp.log(mp.fsum(mp.e ** x for x in finite)))


def ln_base(b):
    return {"nats": mp.mpf(1), "bits": mp.log(2), "dits": mp.log(10)}.get(b) if isinstance(b, str) else mp.log(mp.mpf(b))


CONVERT = [(1.0, "bits", "nats"), (math.log(2), "nats", "bits"), (1.0, "dits", "bits"), (2.5, "bits", "dits"),
           (1.0, "nats", 3), (0.7, 3, "bits"), (123.456, 1.5, 0.5), (1e-300, "nats", "dits"), (1e300, "bits", 7)]


def main():
    out = {
        "fsum": fsum_cases(),
        "phi": [{"r": r, "value": float(phi_ref(r))} for r in PHI_R],
        "klTerm": [{"p": p, "q": q, "value": enc(float(kl_term_ref(p, q)))} for p, q in KL_PQ],
        "logSumExp": [{"name": n, "values": [enc(x) for x in xs], "value": enc(lse_ref(xs))} for n, xs in LSE],
        "logAddExp": [
            {"a": enc(a), "b": enc(b), "value": enc(lse_ref([a, b]))}
            for a, b in [(0.0, 0.0), (1000.0, 999.0), (-745.0, -746.0), (-math.inf, 2.0), (3.0, -math.inf), (0.0, -40.0)]
        ],
        "units": {
            "convert": [
                {"value": v, "from": a, "to": b, "result": float(mp.mpf(v) * ln_base(a) / ln_base(b))}
                for v, a, b in CONVERT
            ],
            "lnBase": [
                {"base": b, "value": float(mp.log(mp.mpf(b)))}
                for b in [2, 10, 3, 0.5, 1.5, 16, 1e-10, 1e300]
            ],
        },
    }
    print(json.dumps(out, indent=1, allow_nan=False))


main()
