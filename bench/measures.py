"""Python peers for bench/measures.mjs: numpy and scipy expressions of every measure, timed on the
very inputs the JavaScript side wrote (raw little-endian float64 files).

stdin: {"reps": 5, "cases": [{"n", "p", "q", "inner"}], "only": [prefix, ...] or null}
stdout: {"versions": {...}, "seconds": {measure: {peer: {n: median seconds per call}}}}, with
"CPU: <peer>" entries holding CPU seconds per call
"""

import json
import statistics
import sys
import time

import numpy as np
import scipy
import scipy.spatial.distance
import scipy.special
import scipy.stats


def median_time(f, reps, inner):
    """Median wall seconds per call, and CPU seconds per call (process_time) over the reps."""
    f()
    times = []
    c0 = time.process_time()
    for _ in range(reps):
        t0 = time.perf_counter()
        for _ in range(inner):
            f()
        times.append((time.perf_counter() - t0) / inner)
    cpu = (time.process_time() - c0) / (reps * inner)
    return statistics.median(times), cpu


def peers(p, q):
    def js_numpy():
        m = 0.5 * (p + q)
        return 0.5 * np.sum(p * np.log(p / m)) + 0.5 * np.sum(q * np.log(q / m))

    # The same expression into arrays allocated once (numpy's out=), as contributions(p, q, { into }).
    tmp = np.empty_like(p)
    out = np.empty_like(p)

    def contrib_out():
        np.divide(p, q, out=tmp)
        np.log(tmp, out=tmp)
        return np.multiply(p, tmp, out=out)

    return {
        "entropy": {
            "numpy -sum(p*log(p))": lambda: -np.sum(p * np.log(p)),
            "scipy.stats.entropy(p)": lambda: scipy.stats.entropy(p),
        },
        "crossEntropy": {"numpy -sum(p*log(q))": lambda: -np.sum(p * np.log(q))},
        "klDivergence": {
            "numpy sum(p*log(p/q))": lambda: np.sum(p * np.log(p / q)),
            "scipy.stats.entropy(p, q)": lambda: scipy.stats.entropy(p, q),
        },
        "jsDivergence": {
            "numpy (m = (p+q)/2, two KL sums)": js_numpy,
            "scipy jensenshannon(p, q)**2": lambda: scipy.spatial.distance.jensenshannon(p, q) ** 2,
        },
        "totalVariation": {"numpy 0.5*sum(abs(p-q))": lambda: 0.5 * np.sum(np.abs(p - q))},
        "hellinger": {
            "numpy sqrt(0.5*sum((sqrt p - sqrt q)**2))": lambda: np.sqrt(
                0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2)
            )
        },
        "renyiDivergence α=2": {
            "numpy log(sum(p**2/q))": lambda: np.log(np.sum(p**2 / q)),
        },
        "renyiDivergence α=0.5": {
            "numpy -2*log(sum(sqrt(p*q)))": lambda: -2 * np.log(np.sum(np.sqrt(p * q))),
        },
        "contributions": {"numpy p*log(p/q) (array)": lambda: p * np.log(p / q)},
        "contributions into": {"numpy p*log(p/q) with out= (reused arrays)": contrib_out},
    }


def main():
    cfg = json.load(sys.stdin)
    out = {
        "versions": {"numpy": np.__version__, "scipy": scipy.__version__},
        "seconds": {},
    }
    for case in cfg["cases"]:
        p = np.fromfile(case["p"], dtype="<f8")
        q = np.fromfile(case["q"], dtype="<f8")
        reps = cfg["reps"] if case["n"] < 10**7 else max(3, cfg["reps"] - 2)
        only = cfg.get("only")
        for measure, fs in peers(p, q).items():
            if only and not any(measure.startswith(o) for o in only):
                continue
            for name, f in fs.items():
                t, cpu = median_time(f, reps, case["inner"])
                by = out["seconds"].setdefault(measure, {})
                by.setdefault(name, {})[str(case["n"])] = t
                by.setdefault(f"CPU: {name}", {})[str(case["n"])] = cpu
    json.dump(out, sys.stdout)


if __name__ == "__main__":
    main()
