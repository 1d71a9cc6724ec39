// Side-by-side speed and accuracy of surprisal against its peers, in one run on this machine:
//
//   npm run bench        (builds, then runs this file; python3 with numpy/scipy/mpmath for the
//                         peers, torch when importable: `pip install torch`)
//
// Dense KL, entropy and Jensen–Shannon of n = 10³, 10⁵, 10⁷ float64 probabilities; KL per row of 512 × 32,000
// float32 logits. Every time is the median of REPS repetitions (each repetition averages INNER
// calls for small n); ratios are ratios of medians (peer time / surprisal time: > 1 means
// surprisal is faster). The accuracy column is the relative error against mpmath (50 digits) on a
// near-identical pair. The peers run in a python3 subprocess (bench/peers.py) on the very same
// inputs, after the JavaScript timings (never concurrently). Figures go to bench/results/latest.json.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { fastArray, fastPathInfo, setFastThreads, useFastPath } from "../dist/fast/index.js";
import { warmUp } from "../dist/fast/pool.js";
import { createRng, entropy, jsDivergence, klDivergence, klDivergenceRows } from "../dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const REPS = 7;
const SIZES = [1_000, 100_000, 10_000_000];
const INNER = { 1000: 2000, 100000: 20, 10000000: 1 };
const ROWS = 512;
const COLS = 32_000;

// ---------------------------------------------------------------------------------------------
// Inputs (seeded)
// ---------------------------------------------------------------------------------------------

function probabilities(n, seed) {
  const rng = createRng(seed);
  const a = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] = rng.nextFloat() + 1e-3;
  for (let i = 0; i < n; i++) a[i] /= s;
  return a;
}

/** A pair with D(P‖Q) ≈ 1e-16: q = p·(1 + ε·u), renormalized. */
function nearPair(n, seed) {
  const p = probabilities(n, seed);
  const rng = createRng(seed + 1);
  const q = p.map((x) => x * (1 + 1e-7 * (rng.nextFloat() - 0.5)));
  const s = q.reduce((a, b) => a + b, 0);
  return [p, q.map((x) => x / s)];
}

/** Logits of a "model" (z) and a slightly different one (w = z + noise), float32. */
function logits(rows, cols, seed, noise) {
  const rng = createRng(seed);
  const z = new Float32Array(rows * cols);
  const w = new Float32Array(rows * cols);
  for (let i = 0; i < z.length; i++) {
    const g = rng.nextFloat() + rng.nextFloat() + rng.nextFloat() + rng.nextFloat() - 2;
    z[i] = 3 * g;
    w[i] = z[i] + noise * (rng.nextFloat() - 0.5);
  }
  return [z, w];
}

// ---------------------------------------------------------------------------------------------
// Timing
// ---------------------------------------------------------------------------------------------

let sink = 0;

function medianTime(f, inner, reps = REPS) {
  for (let w = 0; w < Math.min(3, inner + 2); w++) sink += f(); // warm-up (JIT, wasm tier-up)
  const times = [];
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) sink += f();
    times.push((performance.now() - t0) / 1000 / inner);
  }
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

function plainKl(p, q) {
  let s = 0;
  for (let i = 0; i < p.length; i++) s += p[i] * Math.log(p[i] / q[i]);
  return s;
}

function plainEntropy(p) {
  let s = 0;
  for (let i = 0; i < p.length; i++) if (p[i] > 0) s -= p[i] * Math.log(p[i]);
  return s;
}

/** The naive two-pass loop: per row, log-sum-exp of both, then Σ softmax(z)·(log-softmax difference). */
function naiveLogits(z, w, rows, cols) {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const o = r * cols;
    let mz = -Infinity;
    let mw = -Infinity;
    for (let i = 0; i < cols; i++) {
      if (z[o + i] > mz) mz = z[o + i];
      if (w[o + i] > mw) mw = w[o + i];
    }
    let sz = 0;
    let sw = 0;
    for (let i = 0; i < cols; i++) {
      sz += Math.exp(z[o + i] - mz);
      sw += Math.exp(w[o + i] - mw);
    }
    const lz = mz + Math.log(sz);
    const lw = mw + Math.log(sw);
    let kl = 0;
    for (let i = 0; i < cols; i++) {
      const a = z[o + i] - lz;
      kl += Math.exp(a) * (a - (w[o + i] - lw));
    }
    out[r] = kl;
  }
  return out;
}

function withPath(fast, threads, f) {
  useFastPath(fast);
  setFastThreads(threads);
  try {
    return f();
  } finally {
    useFastPath(true);
    setFastThreads(undefined);
  }
}

// ---------------------------------------------------------------------------------------------
// Run
// ---------------------------------------------------------------------------------------------

const info = fastPathInfo();
const threads = info.threads;
warmUp(threads);
const loadBefore = loadavg();
const tmp = mkdtempSync(join(tmpdir(), "surprisal-bench-"));
const write = (name, a) => {
  const path = join(tmp, name);
  writeFileSync(path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return path;
};

const ALL = `${threads} threads`;
const dense = {}; // implementation -> n -> seconds
const ent = {};
const jsd = {};
const set = (table, impl, n, t) => {
  table[impl] ??= {};
  table[impl][n] = t;
};
const pyDense = [];
const pyEntropy = [];

for (const n of SIZES) {
  const p = probabilities(n, 1);
  const q = probabilities(n, 2);
  const inner = INNER[n];
  const pw = fastArray(n);
  const qw = fastArray(n);
  pw.set(p);
  qw.set(q);
  const slowReps = n >= 1e7 ? 5 : REPS;
  set(
    dense,
    `surprisal fast path, ${ALL}`,
    n,
    medianTime(() => klDivergence(p, q), inner),
  );
  set(
    dense,
    `surprisal fast path, ${ALL}, in place`,
    n,
    medianTime(() => klDivergence(pw, qw), inner),
  );
  set(
    dense,
    "surprisal fast path, 1 thread",
    n,
    withPath(true, 1, () => medianTime(() => klDivergence(p, q), inner)),
  );
  set(
    dense,
    "surprisal TypeScript path",
    n,
    withPath(false, 1, () => medianTime(() => klDivergence(p, q), inner, slowReps)),
  );
  set(
    dense,
    "plain JS loop Σ p·log(p/q)",
    n,
    medianTime(() => plainKl(p, q), inner, slowReps),
  );
  set(
    ent,
    `surprisal fast path, ${ALL}`,
    n,
    medianTime(() => entropy(p), inner),
  );
  set(
    ent,
    "surprisal TypeScript path",
    n,
    withPath(false, 1, () => medianTime(() => entropy(p), inner, slowReps)),
  );
  set(
    ent,
    "plain JS loop −Σ p·log p",
    n,
    medianTime(() => plainEntropy(p), inner, slowReps),
  );
  set(
    jsd,
    `surprisal fast path, ${ALL}`,
    n,
    medianTime(() => jsDivergence(p, q), inner),
  );
  set(
    jsd,
    "surprisal fast path, 1 thread",
    n,
    withPath(true, 1, () => medianTime(() => jsDivergence(p, q), inner)),
  );
  set(
    jsd,
    "surprisal TypeScript path",
    n,
    withPath(false, 1, () => medianTime(() => jsDivergence(p, q), inner, slowReps)),
  );
  pyDense.push({ n, p: write(`p${n}.f64`, p), q: write(`q${n}.f64`, q), inner });
  pyEntropy.push({ n, p: join(tmp, `p${n}.f64`), inner });
}

const [z, w] = logits(ROWS, COLS, 3, 1);
const zw = fastArray(ROWS * COLS, "float32");
const ww = fastArray(ROWS * COLS, "float32");
zw.set(z);
ww.set(w);
const lo = { input: "logits", columns: COLS };
const logitTimes = {};
logitTimes["surprisal fast path, 1 thread"] = withPath(true, 1, () =>
  medianTime(() => klDivergenceRows(z, w, lo)[0], 1),
);
logitTimes[`surprisal fast path, ${ALL}`] = medianTime(() => klDivergenceRows(z, w, lo)[0], 1);
logitTimes[`surprisal fast path, ${ALL}, in place`] = medianTime(
  () => klDivergenceRows(zw, ww, lo)[0],
  1,
);
logitTimes["surprisal TypeScript path, 1 thread"] = withPath(false, 1, () =>
  medianTime(() => klDivergenceRows(z, w, lo)[0], 1, 5),
);
logitTimes["naive two-pass JS loop"] = medianTime(() => naiveLogits(z, w, ROWS, COLS)[0], 1, 5);

// Accuracy pairs.
const [np, nq] = nearPair(1000, 4);
const [nz, nw] = logits(1, COLS, 5, 2e-6);
const accJs = {
  dense: {
    [`surprisal fast path, ${ALL}`]: klDivergence(np, nq),
    "surprisal TypeScript path": withPath(false, 1, () => klDivergence(np, nq)),
    "plain JS loop Σ p·log(p/q)": plainKl(np, nq),
  },
  logits: {
    [`surprisal fast path, ${ALL}`]: klDivergenceRows(nz, nw, lo)[0],
    "surprisal TypeScript path, 1 thread": withPath(
      false,
      1,
      () => klDivergenceRows(nz, nw, lo)[0],
    ),
    "naive two-pass JS loop": naiveLogits(nz, nw, 1, COLS)[0],
  },
};
const loadAfterJs = loadavg();

const py = spawnSync("python3", [join(here, "peers.py")], {
  input: JSON.stringify({
    reps: REPS,
    dense: pyDense,
    entropy: pyEntropy,
    logits: { rows: ROWS, cols: COLS, z: write("z.f32", z), w: write("w.f32", w) },
    near: { p: write("np.f64", np), q: write("nq.f64", nq) },
    nearLogits: { z: write("nz.f32", nz), w: write("nw.f32", nw) },
  }),
  encoding: "utf8",
  maxBuffer: 1 << 26,
});
rmSync(tmp, { recursive: true, force: true });
let peers;
if (py.status === 0) {
  peers = JSON.parse(py.stdout);
  for (const [impl, byN] of Object.entries(peers.dense))
    for (const [n, t] of Object.entries(byN)) set(dense, impl, n, t);
  for (const [impl, byN] of Object.entries(peers.entropy))
    for (const [n, t] of Object.entries(byN)) set(ent, impl, n, t);
  for (const [impl, byN] of Object.entries(peers.js ?? {}))
    for (const [n, t] of Object.entries(byN)) set(jsd, impl, n, t);
  Object.assign(logitTimes, peers.logits);
} else {
  console.log(
    `python3 peers unavailable: ${(py.stderr || py.error?.message || "").trim().split("\n").pop()}`,
  );
}

let sampling;
const samplingFile = join(here, "sampling.mjs");
if (existsSync(samplingFile)) {
  const mod = await import(pathToFileURL(samplingFile).href);
  if (typeof mod.benchSampling === "function") sampling = mod.benchSampling();
}
const loadAfter = loadavg();

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const REF = `surprisal fast path, ${ALL}`;
const fmtTime = (t) =>
  t === undefined
    ? "—"
    : t < 1e-3
      ? `${(t * 1e6).toFixed(t < 1e-5 ? 2 : 1)} µs`
      : t < 1
        ? `${(t * 1e3).toFixed(1)} ms`
        : `${t.toFixed(2)} s`;
const fmtRatio = (x) => (x === undefined ? "" : `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`);
const relErr = (a, b) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));
const fmtErr = (e) => (e === undefined ? "" : e === 0 ? "0" : e.toExponential(1));

function table(title, data, refName, accuracy, reference) {
  const impls = Object.keys(data);
  const ref = data[refName];
  const head = [
    "implementation",
    ...SIZES.map((n) => `n = ${n.toExponential(0).replace("e+", "e")}`),
  ];
  if (accuracy) head.push("rel. error (near pair)");
  const lines = impls.map((impl) => {
    const cells = SIZES.map((n) => {
      const t = data[impl][n];
      const r = impl === refName || t === undefined ? "" : ` ${fmtRatio(t / ref[n])}`;
      return `${fmtTime(t)}${r}`;
    });
    if (accuracy) {
      const v = accuracy.dense[impl];
      cells.push(fmtErr(v === undefined ? undefined : relErr(v, reference)));
    }
    return [impl, ...cells];
  });
  print(title, head, lines);
}

function print(title, head, lines) {
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => String(l[i]).length)));
  console.log(`\n${title}`);
  console.log(head.map((h, i) => h.padEnd(widths[i])).join(" │ "));
  console.log(widths.map((w) => "─".repeat(w)).join("─┼─"));
  for (const l of lines) console.log(l.map((c, i) => String(c).padEnd(widths[i])).join(" │ "));
}

const accuracy = peers
  ? {
      dense: { ...accJs.dense, ...peers.accuracy.dense },
      logits: { ...accJs.logits, ...peers.accuracy.logits },
      reference: peers.accuracy.reference,
      referenceLogits: peers.accuracy.referenceLogits,
    }
  : undefined;

const cpu = cpus()[0]?.model ?? "unknown CPU";
console.log(
  `surprisal bench · ${cpu} · ${cpus().length} cores · Node ${process.version} · fast path: ${info.wasm ? "WebAssembly SIMD" : "off"}, ${threads} threads`,
);
console.log(
  `load average before ${loadBefore.map((x) => x.toFixed(2)).join(" ")}, after ${loadAfter.map((x) => x.toFixed(2)).join(" ")}` +
    (peers
      ? ` · numpy ${peers.versions.numpy}, scipy ${peers.versions.scipy}, torch ${peers.versions.torch ?? "not installed"}`
      : ""),
);
console.log(
  `medians of ${REPS} repetitions (5 for the slowest rows); ratio = peer time / "${REF}" time`,
);
table(
  "KL divergence D(P‖Q) of float64 probabilities (time per call, ratio)",
  dense,
  REF,
  accuracy,
  accuracy?.reference,
);
if (accuracy)
  console.log(`near pair: n = 1000, D = ${accuracy.reference.toExponential(3)} nats (mpmath)`);
table("Entropy H(P) of float64 probabilities (time per call, ratio)", ent, REF);
table(
  "Jensen–Shannon divergence JS(P, Q) of float64 probabilities (time per call, ratio)",
  jsd,
  REF,
);

const logitRows = Object.entries(logitTimes).map(([impl, t]) => {
  const v = accuracy?.logits[impl];
  return [
    impl,
    fmtTime(t),
    impl === REF ? "" : fmtRatio(t / logitTimes[REF]),
    fmtErr(v === undefined ? undefined : relErr(v, accuracy.referenceLogits)),
  ];
});
print(
  `KL per row of ${ROWS} × ${COLS.toLocaleString("en")} float32 logits (log-softmax of both, then KL)`,
  ["implementation", "time", "ratio", "rel. error (near row)"],
  logitRows,
);
if (accuracy)
  console.log(
    `near row: 32,000 logits, D = ${accuracy.referenceLogits.toExponential(3)} nats (mpmath)`,
  );

if (sampling) {
  print(
    "Sampling (bench/sampling.mjs): draws per second",
    ["case", "surprisal", "numpy Generator.choice", "ratio"],
    sampling.map((r) => [
      r.case,
      `${(r.surprisal / 1e6).toFixed(1)} M/s`,
      r.numpy === undefined ? "—" : `${(r.numpy / 1e6).toFixed(1)} M/s`,
      r.ratio === undefined ? "" : fmtRatio(r.ratio),
    ]),
  );
}

// Targets of issue 8.
const targets = [];
const target = (what, value, bound) => targets.push({ what, value, bound, holds: value >= bound });
const d7 = (impl) => dense[impl]?.[1e7];
const d3 = (impl) => dense[impl]?.[1e3];
for (const mine of [REF, `${REF}, in place`]) {
  if (d7("scipy.stats.entropy"))
    target(`n=1e7 ${mine} vs scipy.stats.entropy`, d7("scipy.stats.entropy") / d7(mine), 8);
  if (d7("numpy sum(p*log(p/q))"))
    target(`n=1e7 ${mine} vs numpy expression`, d7("numpy sum(p*log(p/q))") / d7(mine), 1.5);
  target(`n=1e7 ${mine} vs plain JS loop`, d7("plain JS loop Σ p·log(p/q)") / d7(mine), 4);
}
for (const mine of [REF, `${REF}, in place`]) {
  if (d3("scipy.stats.entropy"))
    target(`n=1e3 ${mine} vs scipy.stats.entropy`, d3("scipy.stats.entropy") / d3(mine), 30);
  if (d3("numpy sum(p*log(p/q))"))
    target(`n=1e3 ${mine} vs numpy expression`, d3("numpy sum(p*log(p/q))") / d3(mine), 1);
}
const torchAll = Object.keys(logitTimes).find(
  (k) => k.startsWith("torch") && !k.endsWith("1 thread"),
);
if (torchAll) target(`logits ${REF} vs ${torchAll}`, logitTimes[torchAll] / logitTimes[REF], 1);
if (accuracy) {
  const e = relErr(accuracy.dense[REF], accuracy.reference);
  targets.push({
    what: "accuracy on the near pair (rel. error ≤ 1e-12)",
    value: e,
    bound: 1e-12,
    holds: e <= 1e-12,
  });
}
console.log("\nTargets (issue 8), ratios of medians in this run:");
for (const t of targets) {
  const v = t.what.startsWith("accuracy") ? t.value.toExponential(1) : `${t.value.toFixed(2)}×`;
  const b = t.what.startsWith("accuracy") ? "" : ` (target ≥ ${t.bound}×)`;
  console.log(`  ${t.holds ? "✓" : "✗"} ${t.what}: ${v}${b}`);
}

const results = {
  date: new Date().toISOString(),
  machine: { cpu, cores: cpus().length, node: process.version, loadBefore, loadAfterJs, loadAfter },
  fastPath: info,
  reps: REPS,
  versions: peers?.versions,
  seconds: { klDense: dense, entropy: ent, jsDense: jsd, klLogits: logitTimes },
  accuracy,
  sampling,
  targets,
};
const outDir = resolve(here, "results");
mkdirSync(outDir, { recursive: true });
writeFileSync(join(outDir, "latest.json"), `${JSON.stringify(results, null, 2)}\n`);
console.log(`\nwrote bench/results/latest.json${sink === 42 ? "" : ""}`);
