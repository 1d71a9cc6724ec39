#!/usr/bin/env node
// Row-wise measures of probabilities (rows × columns, row-major float64) against numpy's
// expressions along axis 1, on the same data in one run: klDivergenceRows, entropyRows,
// crossEntropyRows, jsDivergenceRows, totalVariationRows, hellingerRows, renyiDivergenceRows of
// orders 2 and 0.3. Medians of 7 calls after
// 2 warm-ups; ratio = numpy / surprisal (> 1: surprisal faster). Run after `npm run build`:
//   node bench/rows.mjs            (writes bench/results/rows.md)
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import {
  crossEntropyRows,
  entropyRows,
  hellingerRows,
  jsDivergenceRows,
  klDivergenceRows,
  renyiDivergenceRows,
  totalVariationRows,
} from "../dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const SHAPES = [
  [100_000, 10],
  [10_000, 100],
  [1_000, 10_000],
];
const REPS = 7;

function median(f) {
  f();
  f();
  const t = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    f();
    t.push(performance.now() - t0);
  }
  t.sort((a, b) => a - b);
  return t[REPS >> 1];
}

/** Rows of random probabilities (a fixed linear congruential sequence; no zeros). */
function rows(r, c, seed) {
  const x = new Float64Array(r * c);
  let s = seed;
  for (let i = 0; i < r; i++) {
    let sum = 0;
    for (let j = 0; j < c; j++) {
      s = (s * 16807) % 2147483647;
      sum += x[i * c + j] = s / 2147483647 + 1e-3;
    }
    for (let j = 0; j < c; j++) x[i * c + j] /= sum;
  }
  return x;
}

const MEASURES = {
  klDivergenceRows: (p, q, c) => klDivergenceRows(p, q, { columns: c }),
  entropyRows: (p, _q, c) => entropyRows(p, { columns: c }),
  crossEntropyRows: (p, q, c) => crossEntropyRows(p, q, { columns: c }),
  jsDivergenceRows: (p, q, c) => jsDivergenceRows(p, q, { columns: c }),
  totalVariationRows: (p, q, c) => totalVariationRows(p, q, { columns: c }),
  hellingerRows: (p, q, c) => hellingerRows(p, q, { columns: c }),
  "renyiDivergenceRows α=2": (p, q, c) => renyiDivergenceRows(p, q, { alpha: 2, columns: c }),
  "renyiDivergenceRows α=0.3": (p, q, c) => renyiDivergenceRows(p, q, { alpha: 0.3, columns: c }),
};

const PY = `
import json, sys, time, numpy as np
cfg = json.load(sys.stdin)
def med(f):
    f(); f()
    t = []
    for _ in range(${REPS}):
        a = time.perf_counter(); f(); t.append((time.perf_counter() - a) * 1e3)
    t.sort(); return t[len(t) // 2]
out = {}
for case in cfg:
    r, c = case["rows"], case["cols"]
    p = np.fromfile(case["p"]).reshape(r, c); q = np.fromfile(case["q"]).reshape(r, c)
    def js():
        m = (p + q) / 2
        return 0.5 * np.sum(p * np.log(p / m), axis=1) + 0.5 * np.sum(q * np.log(q / m), axis=1)
    out[f"{r}x{c}"] = {
        "klDivergenceRows": med(lambda: np.sum(p * np.log(p / q), axis=1)),
        "entropyRows": med(lambda: -np.sum(p * np.log(p), axis=1)),
        "crossEntropyRows": med(lambda: -np.sum(p * np.log(q), axis=1)),
        "jsDivergenceRows": med(js),
        "totalVariationRows": med(lambda: 0.5 * np.sum(np.abs(p - q), axis=1)),
        "hellingerRows": med(lambda: np.sqrt(0.5 * np.sum((np.sqrt(p) - np.sqrt(q)) ** 2, axis=1))),
        "renyiDivergenceRows α=2": med(lambda: np.log(np.sum(p * p / q, axis=1))),
        "renyiDivergenceRows α=0.3": med(lambda: np.log(np.sum(p ** 0.3 * q ** 0.7, axis=1)) / -0.7),
    }
print(json.dumps(out))
`;

const tmp = mkdtempSync(join(tmpdir(), "surprisal-rows-"));
const ours = {};
const cases = [];
for (const [r, c] of SHAPES) {
  const p = rows(r, c, 7);
  const q = rows(r, c, 11);
  const key = `${r}x${c}`;
  ours[key] = {};
  for (const [name, f] of Object.entries(MEASURES)) ours[key][name] = median(() => f(p, q, c));
  const pf = join(tmp, `p${key}.f64`);
  const qf = join(tmp, `q${key}.f64`);
  writeFileSync(pf, new Uint8Array(p.buffer));
  writeFileSync(qf, new Uint8Array(q.buffer));
  cases.push({ rows: r, cols: c, p: pf, q: qf });
}
const py = spawnSync("python3", ["-c", PY], { input: JSON.stringify(cases), encoding: "utf8" });
const numpy = py.status === 0 ? JSON.parse(py.stdout) : undefined;
const lines = [
  `surprisal bench/rows.mjs · Node ${process.version} · medians of ${REPS}; ratio = numpy / surprisal`,
  "",
  "| measure | shape | surprisal | numpy (axis=1) | ratio |",
  "|---|---|---:|---:|---:|",
];
for (const [key, byMeasure] of Object.entries(ours)) {
  for (const [name, t] of Object.entries(byMeasure)) {
    const n = numpy?.[key]?.[name];
    const ratio = n === undefined ? "" : `${(n / t).toFixed(2)}×`;
    lines.push(
      `| ${name} | ${key} | ${t.toFixed(1)} ms | ${n === undefined ? "n/a" : `${n.toFixed(1)} ms`} | ${ratio} |`,
    );
  }
}
if (numpy === undefined)
  lines.push("", `numpy unavailable: ${(py.stderr || "").trim().split("\n").pop()}`);
console.log(lines.join("\n"));
mkdirSync(join(here, "results"), { recursive: true });
writeFileSync(join(here, "results", "rows.md"), `${lines.join("\n")}\n`);
