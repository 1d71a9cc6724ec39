#!/usr/bin/env python3
"""Reference values for src/models: every statistic of llama.cpp's `llama-perplexity
--kl-divergence` report, written from the definitions in llama.cpp's tools/perplexity/perplexity.cpp
(function kl_divergence and its helpers mean_and_uncertainty, covariance, percentile), computed
independently of the TypeScript code:

- per token, from rows widened exactly to float32/float64: the log-normalizers and every
  log-probability in 80-bit long double (numpy.longdouble), KL, reverse KL, JS, the top-1 KL in
  long double; for the near-identical pairs, in mpmath at 40 digits (the values are ~1e-12 … 1e-17,
  where float64 sums cancel);
- summary: means and (co)variances exactly (mpmath at 50 digits over the float64 per-token values),
  uncertainties √(var/(n − 1)) (0 when n ≤ 10), covariance/(n − 1) (0 when n < 10), and the
  propagated ± of llama.cpp; percentiles in float64 with llama.cpp's interpolation at f·(n − 1);
- the llama.cpp base file's own definitions too (section "llamacpp"): nll, Δp in float32 and the
  KLD summed over log-probabilities above −16 as the C++ does, to show the gap to the exact values.

Cases (inputs in test/fixtures/models, made by train.py and write_kld.py):
  int8, int4           base_f16.npy vs int8_f16.npy / int4_f16.npy, tokens.npy
  near                 near_f64.npy (float64 model) vs near_f32.npy (float32 model), tokens[:24]
  ulp                  near_f32.npy vs the same with every 7th logit moved by one float32 ulp
  kld_int8             base.kld (dequantized, as log-probabilities) vs int8_f16.npy

Writes test/fixtures/models/reference.json. Usage: python3 scripts/models/reference.py [DIR]
"""

import json
import math
import os
import struct
import sys

import mpmath
import numpy as np

LD = np.longdouble
KLD_F = [0.999, 0.99, 0.95, 0.9, 0.1, 0.05, 0.01, 0.001]
DP_F = [0.999, 0.99, 0.95, 0.9, 0.75, 0.25, 0.1, 0.05, 0.01, 0.001]
KS = [1, 5, 10]


def lse_ld(x):
    x = x.astype(LD)
    m = x.max()
    return m + np.log(np.sum(np.exp(x - m)))


def top_order(x):
    """Indices by descending value, lower index first on ties (the first maximum first)."""
    return np.lexsort((np.arange(x.shape[0]), -x.astype(np.float64)))


def bern_kl(p, q, one_p, one_q):
    def g(a, b):
        return a * mpmath.log(a / b) - a + b if a > 0 else b

    return g(p, q) + g(one_p, one_q)


def ld2mp(x):
    """A long double as an exact mpmath number (its float64 head plus its tail)."""
    h = float(x)
    return mpmath.mpf(h) + mpmath.mpf(float(x - LD(h)))


def per_token_ld(P, Q, tokens):
    """Per-token values in long double (rows far enough apart that 64-bit mantissas suffice)."""
    mpmath.mp.dps = 40
    out = {k: [] for k in ["kld", "reverseKld", "js", "top1Kld", "nllBase", "nllOther", "lnRatio", "deltaP", "sameTop"]}
    hits = [0] * len(KS)
    overl = [0] * len(KS)
    for r in range(P.shape[0]):
        z, w = P[r], Q[r]
        lz, lw = lse_ld(z), lse_ld(w)
        a = z.astype(LD) - lz
        b = w.astype(LD) - lw
        p, q = np.exp(a), np.exp(b)
        out["kld"].append(float(np.sum(p * (a - b) - p + q)))
        out["reverseKld"].append(float(np.sum(q * (b - a) - q + p)))
        m = (p + q) / 2
        out["js"].append(float(0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(q * np.log(q / m))))
        oz, ow = top_order(z), top_order(w)
        t0 = int(oz[0])
        pt, qt = mpmath.mpf(float(p[t0])), mpmath.mpf(float(q[t0]))
        # 1 − p from the long-double sum of the others (no cancellation).
        one_p = ld2mp(np.sum(np.delete(p, t0)))
        one_q = ld2mp(np.sum(np.delete(q, t0)))
        pt = mpmath.exp(mpmath.mpf(float(a[t0])) + mpmath.mpf(float(a[t0] - float(a[t0]))))
        qt = mpmath.exp(mpmath.mpf(float(b[t0])) + mpmath.mpf(float(b[t0] - float(b[t0]))))
        out["top1Kld"].append(float(bern_kl(pt, qt, one_p, one_q)))
        out["sameTop"].append(1 if int(oz[0]) == int(ow[0]) else 0)
        t = int(tokens[r])
        out["nllBase"].append(float(-a[t]))
        out["nllOther"].append(float(-b[t]))
        out["lnRatio"].append(float(a[t] - b[t]))
        out["deltaP"].append(float(q[t] - p[t]))
        for j, k in enumerate(KS):
            tz, tw = set(oz[:k].tolist()), ow[:k].tolist()
            hits[j] += 1 if t0 in tw else 0
            overl[j] += len(tz.intersection(tw))
    return out, hits, overl


def per_token_mp(P, Q, tokens, dps=40):
    """Per-token values in mpmath (near-identical rows)."""
    mpmath.mp.dps = dps
    out = {k: [] for k in ["kld", "reverseKld", "js", "top1Kld", "nllBase", "nllOther", "lnRatio", "deltaP", "sameTop"]}
    hits = [0] * len(KS)
    overl = [0] * len(KS)
    for r in range(P.shape[0]):
        z = [mpmath.mpf(float(v)) for v in P[r]]
        w = [mpmath.mpf(float(v)) for v in Q[r]]
        lz = mpmath.log(mpmath.fsum(mpmath.exp(v) for v in z))
        lw = mpmath.log(mpmath.fsum(mpmath.exp(v) for v in w))
        a = [v - lz for v in z]
        b = [v - lw for v in w]
        p = [mpmath.exp(v) for v in a]
        q = [mpmath.exp(v) for v in b]
        out["kld"].append(float(mpmath.fsum(pi * (ai - bi) for pi, ai, bi in zip(p, a, b))))
        out["reverseKld"].append(float(mpmath.fsum(qi * (bi - ai) for qi, ai, bi in zip(q, a, b))))
        js = mpmath.fsum(
            pi * mpmath.log(2 * pi / (pi + qi)) + qi * mpmath.log(2 * qi / (pi + qi)) for pi, qi in zip(p, q)
        ) / 2
        out["js"].append(float(js))
        oz, ow = top_order(P[r]), top_order(Q[r])
        t0 = int(oz[0])
        out["top1Kld"].append(float(bern_kl(p[t0], q[t0], 1 - p[t0], 1 - q[t0])))
        out["sameTop"].append(1 if int(oz[0]) == int(ow[0]) else 0)
        t = int(tokens[r])
        out["nllBase"].append(float(-a[t]))
        out["nllOther"].append(float(-b[t]))
        out["lnRatio"].append(float(a[t] - b[t]))
        out["deltaP"].append(float(q[t] - p[t]))
        for j, k in enumerate(KS):
            tz, tw = set(oz[:k].tolist()), ow[:k].tolist()
            hits[j] += 1 if t0 in tw else 0
            overl[j] += len(tz.intersection(tw))
    return out, hits, overl


def mean_unc(x):
    """llama.cpp's mean_and_uncertainty, exactly (mpmath at 50 digits)."""
    mpmath.mp.dps = 50
    n = len(x)
    xs = [v if isinstance(v, mpmath.mpf) else mpmath.mpf(v) for v in x]
    m = mpmath.fsum(xs) / n
    var = mpmath.fsum((v - m) ** 2 for v in xs) / n
    unc = mpmath.sqrt(var / (n - 1)) if var > 0 and n > 10 else mpmath.mpf(0)
    return m, unc


def cov(a, b):
    mpmath.mp.dps = 50
    n = len(a)
    if n < 10:
        return mpmath.mpf(0)
    xa = [mpmath.mpf(v) for v in a]
    xb = [mpmath.mpf(v) for v in b]
    ma = mpmath.fsum(xa) / n
    mb = mpmath.fsum(xb) / n
    return mpmath.fsum((u - ma) * (v - mb) for u, v in zip(xa, xb)) / n / (n - 1)


def percentile(s, f):
    """llama.cpp's percentile in float64: interpolation at f·(n − 1)."""
    n = len(s)
    if f <= 0:
        return s[0]
    if f >= 1:
        return s[-1]
    p = f * (n - 1)
    i = math.floor(p)
    p -= i
    a, b = s[i], s[min(i + 1, n - 1)]
    if p == 0 or a == b:
        return a
    return (1 - p) * a + p * b


def median(s):
    n = len(s)
    h = n // 2
    if n % 2 == 1:
        return s[h]
    a, b = s[h - 1], s[h]
    return a if a == b else 0.5 * a + 0.5 * b


def summarize(x, fractions):
    s = sorted(x)
    m, u = mean_unc(x)
    return {
        "mean": float(m), "uncertainty": float(u), "max": s[-1], "min": s[0], "median": median(s),
        "percentiles": [{"fraction": f, "value": percentile(s, f)} for f in fractions], "count": len(x),
    }


def report(t, hits, overl):
    n = len(t["kld"])
    q, uq = mean_unc(t["nllOther"])
    b, ub = mean_unc(t["nllBase"])
    c = cov(t["nllOther"], t["nllBase"])
    ppl_q, ppl_b = mpmath.exp(q), mpmath.exp(b)
    # ln(PPL(Q)/PPL(base)) = mean(nll_Q − nll_b) and σ_Q² + σ_b² − 2cov = var(nll_Q − nll_b)/(n − 1):
    # formed from the per-token differences (exact in long double/mpmath), as the two sides cancel.
    lr, lru = mean_unc(t["lnRatio"])
    ratio = mpmath.exp(lr)
    dq, db = ppl_q * uq, ppl_b * ub
    diff = ppl_b * mpmath.expm1(lr)
    y = [ppl_q * mpmath.mpf(a) + diff * mpmath.mpf(b) for a, b in zip(t["lnRatio"], t["nllBase"])]
    _, diffu = mean_unc(y)
    dp2 = [v * v for v in t["deltaP"]]
    mse, mseu = mean_unc(dp2)
    rms = mpmath.sqrt(mse)
    same = sum(t["sameTop"])
    p = same / n
    return {
        "count": n,
        "perplexity": {
            "other": {"value": float(ppl_q), "uncertainty": float(dq)},
            "base": {"value": float(ppl_b), "uncertainty": float(db)},
            "correlation": float(c / (uq * ub)),
            "logRatio": {"value": float(lr), "uncertainty": float(lru)},
            "ratio": {"value": float(ratio), "uncertainty": float(ratio * lru)},
            "difference": {"value": float(diff), "uncertainty": float(diffu)},
        },
        "kld": summarize(t["kld"], KLD_F),
        "reverseKld": summarize(t["reverseKld"], KLD_F),
        "js": summarize(t["js"], KLD_F),
        "top1Kld": summarize(t["top1Kld"], KLD_F),
        "deltaP": {**summarize(t["deltaP"], DP_F), "rms": {"value": float(rms), "uncertainty": float(0.5 / rms * mseu)}},
        "sameTop": {"value": p, "uncertainty": math.sqrt(p * (1 - p) / (n - 1)), "count": same},
        "topK": [
            {"k": k, "hit": hits[j] / n, "overlap": overl[j] / (n * k), "count": n} for j, k in enumerate(KS)
        ],
    }


def read_kld(path):
    """A llama.cpp base file: tokens and the dequantized log-probabilities (float32 arithmetic)."""
    with open(path, "rb") as f:
        data = f.read()
    assert data[:8] == b"_logits_"
    n_ctx, n_vocab, n_chunk = struct.unpack("<iii", data[8:20])
    off = 20 + 4 * n_ctx * n_chunk
    chunks = np.frombuffer(data[20:off], dtype="<i4").reshape(n_chunk, n_ctx)
    nv = 2 * ((n_vocab + 1) // 2) + 4
    per = n_ctx - 1 - n_ctx // 2
    rows = np.frombuffer(data[off:], dtype="<u2").reshape(n_chunk * per, nv)
    scale = rows[:, 0:2].copy().view("<f4")[:, 0]
    mlp = rows[:, 2:4].copy().view("<f4")[:, 0]
    q = rows[:, 4 : 4 + n_vocab].astype(np.float32)
    logp = (scale[:, None] * q).astype(np.float32) + mlp[:, None]
    first = n_ctx // 2
    tokens = chunks[:, first + 1 :].reshape(-1)
    return logp.astype(np.float32), tokens, scale, mlp


def llamacpp_view(logp_base, logits_q, tokens):
    """llama.cpp's own per-token values from a base file (float32 nll, KLD cut at −16)."""
    f32 = np.float32
    kld, dp = [], []
    nll_s = nll2 = 0.0
    for r in range(logits_q.shape[0]):
        x = logits_q[r].astype(f32)
        mx = x.max()
        sum_exp = float(np.sum(np.exp(x - mx, dtype=f32), dtype=np.float64))
        lse = f32(np.log(sum_exp))
        t = int(tokens[r])
        nll = f32(f32(mx + lse) - x[t])
        nll_b = f32(-logp_base[r, t])
        mxl = float(f32(mx + lse))
        lb = logp_base[r]
        keep = lb > f32(-16)
        pb = np.exp(lb[keep].astype(f32)).astype(np.float64)
        kld.append(float(np.sum(pb * (lb[keep].astype(np.float64) - x[keep].astype(np.float64) + mxl))))
        dp.append(float(f32(np.exp(-nll, dtype=f32) - np.exp(-nll_b, dtype=f32))))
        nll_s += float(nll)
        nll2 += float(nll) ** 2
    return {"kld_mean": float(np.mean(kld)), "kld_min": float(np.min(kld)), "deltaP_mean": float(np.mean(dp)),
            "ppl_other": math.exp(nll_s / len(kld))}


def main():
    d = sys.argv[1] if len(sys.argv) > 1 else os.path.join(os.path.dirname(__file__), "../../test/fixtures/models")
    f32 = lambda name: np.load(os.path.join(d, name)).astype(np.float32)  # noqa: E731
    tokens = np.load(os.path.join(d, "tokens.npy")).astype(np.int64)
    base = f32("base_f16.npy")
    cases = {}
    tables = {}
    for name in ["int8", "int4"]:
        other = f32(f"{name}_f16.npy")
        t, h, o = per_token_ld(base, other, tokens)
        cases[name] = report(t, h, o)
        tables[name] = t
    near64 = np.load(os.path.join(d, "near_f64.npy")).astype(np.float64)
    near32 = f32("near_f32.npy")
    t, h, o = per_token_mp(near64, near32, tokens[: near32.shape[0]])
    cases["near"] = report(t, h, o)
    tables["near"] = t
    ulp = near32.copy()
    ulp.reshape(-1)[::7] = np.nextafter(ulp.reshape(-1)[::7], np.float32(np.inf))
    np.save(os.path.join(d, "ulp_f32.npy"), ulp)
    t, h, o = per_token_mp(near32, ulp, tokens[: near32.shape[0]])
    cases["ulp"] = report(t, h, o)
    tables["ulp"] = t
    kld_path = os.path.join(d, "base.kld")
    if os.path.exists(kld_path):
        logp, ktokens, _, _ = read_kld(kld_path)
        other = f32("int8_f16.npy")
        t, h, o = per_token_ld(logp, other, ktokens)
        cases["kld_int8"] = report(t, h, o)
        cases["kld_int8"]["llamacpp"] = llamacpp_view(logp, other, ktokens)
        tables["kld_int8"] = t
    out = {"cases": cases, "perToken": tables}
    with open(os.path.join(d, "reference.json"), "w") as f:
        json.dump(out, f, indent=None, separators=(",", ":"))
    for k, v in cases.items():
        print(k, v["count"], "KLD", v["kld"]["mean"], "±", v["kld"]["uncertainty"], "same top", v["sameTop"]["value"])


if __name__ == "__main__":
    main()
