"""Python peers for bench/run.mjs: times scipy, numpy and (when importable) torch on the very
inputs the JavaScript side wrote, and computes mpmath references for the accuracy column.

Reads one JSON object on stdin:
  {"reps": 7, "dense": [{"n", "p", "q", "inner"}], "entropy": [...same...],
   "logits": {"rows", "cols", "z", "w"}, "near": {"p", "q"}, "nearLogits": {"z", "w"}}
where p, q, z, w are paths of raw little-endian float64 (dense) or float32 (logits) files.
Writes one JSON object on stdout: medians in seconds per call, the values each peer returned on
the near-identical pairs, mpmath's values for those pairs, and the library versions.
"""

import json
import statistics
import sys
import time

import mpmath
import numpy as np
import scipy
import scipy.spatial.distance
import scipy.special
import scipy.stats

try:
    import torch
    import torch.nn.functional as F
except ImportError:  # torch is optional
    torch = None


def median_time(f, reps, inner):
    f()  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            f()
        times.append((time.perf_counter() - t0) / inner)
    return statistics.median(times)


def dense_peers(p, q):
    peers = {
        "scipy.stats.entropy": lambda: scipy.stats.entropy(p, q),
        "numpy sum(p*log(p/q))": lambda: np.sum(p * np.log(p / q)),
        "numpy sum(rel_entr)": lambda: np.sum(scipy.special.rel_entr(p, q)),
    }
    if torch is not None:
        tp = torch.from_numpy(p)
        tq = torch.from_numpy(q)
        peers["torch kl_div"] = lambda: F.kl_div(torch.log(tq), tp, reduction="sum").item()
    return peers


def entropy_peers(p):
    return {
        "scipy.stats.entropy": lambda: scipy.stats.entropy(p),
        "numpy -sum(p*log(p))": lambda: -np.sum(p * np.log(p)),
    }


def js_peers(p, q):
    return {
        "scipy jensenshannon(p, q)**2": lambda: scipy.spatial.distance.jensenshannon(p, q) ** 2,
    }


def logits_peers(z, w):
    def numpy_scipy():
        lz = scipy.special.log_softmax(z, axis=1)
        lw = scipy.special.log_softmax(w, axis=1)
        return np.sum(np.exp(lz) * (lz - lw), axis=1)

    peers = {"numpy/scipy log_softmax": numpy_scipy}
    if torch is not None:
        tz = torch.from_numpy(z)
        tw = torch.from_numpy(w)

        def torch_kl():
            return F.kl_div(
                F.log_softmax(tw, dim=1), F.log_softmax(tz, dim=1), log_target=True, reduction="none"
            ).sum(dim=1)

        peers["torch kl_div"] = torch_kl
    return peers


def mp_kl(p, q):
    """D(P̂‖Q̂) of the exactly normalized float64 inputs, at 50 digits."""
    mpmath.mp.dps = 50
    sp = mpmath.fsum(mpmath.mpf(float(x)) for x in p)
    sq = mpmath.fsum(mpmath.mpf(float(x)) for x in q)
    terms = []
    for a, b in zip(p, q):
        if a > 0:
            pa = mpmath.mpf(float(a)) / sp
            terms.append(pa * mpmath.log(pa / (mpmath.mpf(float(b)) / sq)))
    return float(mpmath.fsum(terms))


def mp_kl_logits(z, w):
    """D(softmax z ‖ softmax w) at 50 digits."""
    mpmath.mp.dps = 50
    zs = [mpmath.mpf(float(x)) for x in z]
    ws = [mpmath.mpf(float(x)) for x in w]
    lz = mpmath.log(mpmath.fsum(mpmath.exp(x) for x in zs))
    lw = mpmath.log(mpmath.fsum(mpmath.exp(x) for x in ws))
    return float(mpmath.fsum(mpmath.exp(a - lz) * ((a - lz) - (b - lw)) for a, b in zip(zs, ws)))


def main():
    cfg = json.load(sys.stdin)
    reps = cfg["reps"]
    out = {
        "versions": {
            "python": sys.version.split()[0],
            "numpy": np.__version__,
            "scipy": scipy.__version__,
            "mpmath": mpmath.__version__,
            "torch": torch.__version__ if torch is not None else None,
            "torch_threads": torch.get_num_threads() if torch is not None else None,
        },
        "dense": {},
        "entropy": {},
        "js": {},
        "logits": {},
        "accuracy": {},
    }
    for case in cfg["dense"]:
        p = np.fromfile(case["p"], dtype="<f8")
        q = np.fromfile(case["q"], dtype="<f8")
        for name, f in dense_peers(p, q).items():
            out["dense"].setdefault(name, {})[str(case["n"])] = median_time(f, reps, case["inner"])
    for case in cfg["entropy"]:
        p = np.fromfile(case["p"], dtype="<f8")
        for name, f in entropy_peers(p).items():
            out["entropy"].setdefault(name, {})[str(case["n"])] = median_time(f, reps, case["inner"])
    for case in cfg["dense"]:
        p = np.fromfile(case["p"], dtype="<f8")
        q = np.fromfile(case["q"], dtype="<f8")
        for name, f in js_peers(p, q).items():
            out["js"].setdefault(name, {})[str(case["n"])] = median_time(f, reps, case["inner"])
    lg = cfg["logits"]
    z = np.fromfile(lg["z"], dtype="<f4").reshape(lg["rows"], lg["cols"])
    w = np.fromfile(lg["w"], dtype="<f4").reshape(lg["rows"], lg["cols"])
    for name, f in logits_peers(z, w).items():
        if name.startswith("torch"):
            all_threads = torch.get_num_threads()
            torch.set_num_threads(1)
            out["logits"][name + ", 1 thread"] = median_time(f, reps, 1)
            torch.set_num_threads(all_threads)
            out["logits"][f"{name}, {all_threads} threads"] = median_time(f, reps, 1)
        else:
            out["logits"][name] = median_time(f, reps, 1)
    # Accuracy: each peer's value on the near-identical pairs, and mpmath's.
    near = cfg["near"]
    p = np.fromfile(near["p"], dtype="<f8")
    q = np.fromfile(near["q"], dtype="<f8")
    acc = {"reference": mp_kl(p, q), "dense": {}, "logits": {}}
    for name, f in dense_peers(p, q).items():
        acc["dense"][name] = float(f())
    nl = cfg["nearLogits"]
    z1 = np.fromfile(nl["z"], dtype="<f4")
    w1 = np.fromfile(nl["w"], dtype="<f4")
    acc["referenceLogits"] = mp_kl_logits(z1, w1)
    for name, f in logits_peers(z1.reshape(1, -1), w1.reshape(1, -1)).items():
        acc["logits"][name] = float(f()[0])
    out["accuracy"] = acc
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
