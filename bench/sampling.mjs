// Sampling throughput: surprisal's alias sampler (sampleSequence) against numpy's
// Generator.choice(k, size, p=p), each timed in its own runtime in the same run; ratio of medians.
//
//   node bench/sampling.mjs            (after `npm run build`)
//
// Also importable: `import { benchSampling } from "./sampling.mjs"` returns the rows.
import { spawnSync } from "node:child_process";
import { pathToFileURL } from "node:url";
import { sampleSequence } from "../dist/index.js";

const DRAWS = 1_000_000;
const RUNS = 9;
const WARMUP = 2;

/** Cases: a loaded die (k = 6) and a Zipf-like distribution over k = 1000 outcomes. */
function cases() {
  const zipf = Array.from({ length: 1000 }, (_, i) => (i + 1) ** -1.1);
  const z = zipf.reduce((a, b) => a + b, 0);
  return [
    { name: "loaded die, k=6", p: [0.1, 0.1, 0.1, 0.1, 0.1, 0.5] },
    { name: "zipf, k=1000", p: zipf.map((x) => x / z) },
  ];
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function ours(p) {
  const rates = [];
  let sink = 0;
  for (let r = 0; r < WARMUP + RUNS; r++) {
    const t0 = performance.now();
    const x = sampleSequence(p, DRAWS, { seed: r + 1 });
    const dt = (performance.now() - t0) / 1000;
    sink += x[x.length - 1];
    if (r >= WARMUP) rates.push(DRAWS / dt);
  }
  if (sink < 0) console.log(sink);
  return median(rates);
}

const PYTHON = `
import json, sys, time
import numpy as np
cfg = json.load(sys.stdin)
out = []
for p in cfg["cases"]:
    p = np.asarray(p, dtype=np.float64)
    g = np.random.default_rng(1)
    rates = []
    for r in range(cfg["warmup"] + cfg["runs"]):
        t0 = time.perf_counter()
        x = g.choice(len(p), size=cfg["draws"], p=p)
        dt = time.perf_counter() - t0
        if r >= cfg["warmup"]:
            rates.append(cfg["draws"] / dt)
    out.append(float(np.median(rates)))
print(json.dumps({"numpy": np.__version__, "rates": out}))
`;

function numpy(ps) {
  const r = spawnSync("python3", ["-c", PYTHON], {
    input: JSON.stringify({ cases: ps, draws: DRAWS, runs: RUNS, warmup: WARMUP }),
    encoding: "utf8",
  });
  if (r.status !== 0) return { error: (r.stderr || String(r.error)).trim().split("\n").pop() };
  return JSON.parse(r.stdout);
}

/** Runs the comparison; one row per case: draws per second (medians) and their ratio. */
export function benchSampling() {
  const cs = cases();
  const py = numpy(cs.map((c) => c.p));
  return cs.map((c, i) => {
    const mine = ours(c.p);
    const theirs = py.rates ? py.rates[i] : undefined;
    return {
      case: c.name,
      draws: DRAWS,
      runs: RUNS,
      surprisal: mine,
      numpy: theirs,
      numpyVersion: py.numpy,
      ratio: theirs ? mine / theirs : undefined,
      error: py.error,
    };
  });
}

function fmt(rate) {
  return rate === undefined ? "n/a" : `${(rate / 1e6).toFixed(1)} M draws/s`;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(`sampling throughput: ${DRAWS.toLocaleString("en")} draws, median of ${RUNS} runs`);
  for (const row of benchSampling()) {
    const ratio =
      row.ratio === undefined
        ? `numpy unavailable (${row.error})`
        : `ratio ${row.ratio.toFixed(2)}× numpy`;
    console.log(
      `  ${row.case.padEnd(18)} surprisal sampleSequence ${fmt(row.surprisal).padStart(16)}   numpy ${row.numpyVersion ?? ""} Generator.choice ${fmt(row.numpy).padStart(16)}   ${ratio}`,
    );
  }
}
