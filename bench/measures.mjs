// Every measure side by side with its numpy/scipy expression, and the CLI end to end against the
// python one-liners, in one run on this machine:
//
//   npm run build && node bench/measures.mjs [--quick] [--only=entropy,renyi] [--no-e2e]
//
// --only keeps the library measures whose names start with one of the given prefixes, --no-e2e
// skips the end-to-end table; either writes bench/results/measures-partial.md instead of the
// full results. CPU time per call (all threads of the process; process_time for python) is
// reported beside the wall-clock medians, as rows "CPU: …" (no ratios: the machine is shared).
//
// Library table: n = 10³, 10⁵, 10⁷ float64 probabilities (seeded), surprisal's fast path (the
// default: WebAssembly kernels where a measure has them, all cores) on ordinary Float64Arrays (copied
// into the kernels' memory chunk by chunk) and on inputs that live there (fastArray: read in place,
// the layout numpy's arrays have for numpy; targets are reported for both), its TypeScript path, then
// the peers in a python3 subprocess (bench/measures.py) on the same inputs, after the JavaScript
// timings. End-to-end table: `surprisal kl a.npy b.npy` and `surprisal kl f.csv#p f.csv#q`
// against `np.load`/`np.loadtxt` + `scipy.stats.entropy`, with `node -e 0` and `cat` of the
// inputs as the floor; the commands alternate round by round (the machine's load hits them
// alike). Every time is a median; ratio = peer / surprisal (> 1: surprisal faster). Figures go to
// bench/results/measures.json.
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { fastArray, fastPathInfo, useFastPath } from "../dist/fast/index.js";
import { warmUp } from "../dist/fast/pool.js";
import {
  contributions,
  createRng,
  crossEntropy,
  entropy,
  hellinger,
  jsDivergence,
  klDivergence,
  renyiDivergence,
  totalVariation,
} from "../dist/index.js";

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, "..");
const quick = process.argv.includes("--quick");
const REPS = quick ? 3 : 5;
const only = process.argv
  .find((a) => a.startsWith("--only="))
  ?.slice(7)
  .split(",")
  .filter(Boolean);
const noE2e = process.argv.includes("--no-e2e");
const partial = only !== undefined || noE2e;
const SIZES = [1_000, 100_000, 10_000_000];
const INNER = { 1000: 500, 100000: 5, 10000000: 1 };

function probabilities(n, seed) {
  const rng = createRng(seed);
  const a = new Float64Array(n);
  let s = 0;
  for (let i = 0; i < n; i++) s += a[i] = rng.nextFloat() + 1e-3;
  for (let i = 0; i < n; i++) a[i] /= s;
  return a;
}

let sink = 0;
/** CPU seconds per call of the last medianTime (user + system, every thread of the process). */
let lastCpu = 0;
function medianTime(f, inner, reps = REPS) {
  for (let w = 0; w < 2; w++) sink += Number(f()) || 0;
  const times = [];
  const c0 = process.cpuUsage();
  for (let r = 0; r < reps; r++) {
    const t0 = performance.now();
    for (let i = 0; i < inner; i++) sink += Number(f()) || 0;
    times.push((performance.now() - t0) / 1000 / inner);
  }
  const c = process.cpuUsage(c0);
  lastCpu = (c.user + c.system) / 1e6 / (reps * inner);
  times.sort((a, b) => a - b);
  return times[times.length >> 1];
}

const reusedArrays = new Map();
/**
 * One Float64Array per length, kept across calls (the `into` of contributions), in the kernels'
 * memory (fastArray), which the kernel writes in place (an ordinary array gets a copy).
 */
function reused(n) {
  if (!reusedArrays.has(n)) reusedArrays.set(n, fastArray(n));
  return reusedArrays.get(n);
}

const MEASURES = {
  entropy: (p) => entropy(p),
  crossEntropy: (p, q) => crossEntropy(p, q),
  klDivergence: (p, q) => klDivergence(p, q),
  jsDivergence: (p, q) => jsDivergence(p, q),
  totalVariation: (p, q) => totalVariation(p, q),
  hellinger: (p, q) => hellinger(p, q),
  "renyiDivergence α=2": (p, q) => renyiDivergence(p, q, { alpha: 2 }),
  "renyiDivergence α=0.5": (p, q) => renyiDivergence(p, q, { alpha: 0.5 }),
  contributions: (p, q) => contributions(p, q).total,
  // The contributions into an array allocated once (a new one is fresh memory: page faults), a
  // fastArray, which the kernel writes in place.
  "contributions into": (p, q) => contributions(p, q, { into: reused(p.length) }).total,
};

const info = fastPathInfo();
warmUp(info.threads);
const loadBefore = loadavg();
const tmp = mkdtempSync(join(tmpdir(), "surprisal-bench-"));
const write = (name, a) => {
  const path = join(tmp, name);
  writeFileSync(path, new Uint8Array(a.buffer, a.byteOffset, a.byteLength));
  return path;
};

const FAST = `surprisal fast path, ${info.threads} threads`;
// The same call on inputs that live in the kernels' memory (fastArray): read in place, no copy.
const IN_PLACE = "surprisal fast path, inputs in place (fastArray)";
const TS = "surprisal TypeScript path";
const lib = {}; // measure -> impl -> n -> seconds
const set = (m, impl, n, t) => {
  lib[m] ??= {};
  lib[m][impl] ??= {};
  lib[m][impl][n] = t;
};
const cases = [];
for (const n of SIZES) {
  const p = probabilities(n, 1);
  const q = probabilities(n, 2);
  const pIn = fastArray(n);
  const qIn = fastArray(n);
  pIn.set(p);
  qIn.set(q);
  for (const [m, f] of Object.entries(MEASURES)) {
    if (only && !only.some((o) => m.startsWith(o))) continue;
    set(
      m,
      FAST,
      n,
      medianTime(() => f(p, q), INNER[n]),
    );
    set(m, `CPU: ${FAST}`, n, lastCpu);
    set(
      m,
      IN_PLACE,
      n,
      medianTime(() => f(pIn, qIn), INNER[n]),
    );
    if (quick && n >= 1e7) continue; // --quick: the TypeScript path up to 10⁵ only
    useFastPath(false);
    try {
      set(
        m,
        TS,
        n,
        medianTime(() => f(p, q), INNER[n], n >= 1e7 ? 3 : REPS),
      );
    } finally {
      useFastPath(true);
    }
  }
  cases.push({ n, p: write(`p${n}.f64`, p), q: write(`q${n}.f64`, q), inner: INNER[n] });
}
const py = spawnSync("python3", [join(here, "measures.py")], {
  input: JSON.stringify({ reps: REPS, cases, only }),
  encoding: "utf8",
  maxBuffer: 1 << 26,
});
let versions;
if (py.status === 0) {
  const out = JSON.parse(py.stdout);
  versions = out.versions;
  for (const [m, byImpl] of Object.entries(out.seconds))
    for (const [impl, byN] of Object.entries(byImpl))
      for (const [n, t] of Object.entries(byN)) set(m, impl, Number(n), t);
} else {
  console.log(`python3 peers unavailable: ${(py.stderr || "").trim().split("\n").pop()}`);
}

const outDir = join(here, "results");
mkdirSync(outDir, { recursive: true });
if (!partial)
  writeFileSync(
    join(outDir, "measures-library.json"),
    `${JSON.stringify({ versions, library: lib }, null, 2)}\n`,
  );

// ---------------------------------------------------------------------------------------------
// End to end: the CLI against the python one-liners
// ---------------------------------------------------------------------------------------------

const cli = join(root, "bin/surprisal.cjs");
const e2eFiles = {};
if (!noE2e)
  execFileSync("python3", [
    "-c",
    `
import numpy as np, sys
d = sys.argv[1]
rng = np.random.default_rng(7)
for n in (10**6, 10**7):
    for name in "ab":
        p = rng.random(n) + 1e-3
        np.save(f"{d}/{name}{n}.npy", p / p.sum())
for name in "ab":
    m = rng.random((1000, 10000)) + 1e-3
    np.save(f"{d}/rows_{name}.npy", m / m.sum(axis=1, keepdims=True))
for n in (10**6, 2 * 10**6):
    p = rng.random(n) + 1e-3
    q = rng.random(n) + 1e-3
    with open(f"{d}/pq{n}.csv", "w") as f:
        f.write("p,q\\n")
        np.savetxt(f, np.column_stack([p / p.sum(), q / q.sum()]), delimiter=",", fmt="%.17g")
`,
    tmp,
  ]);
for (const n of noE2e ? [] : [1e6, 1e7])
  e2eFiles[`npy ${n.toExponential(0)}`] = { a: join(tmp, `a${n}.npy`), b: join(tmp, `b${n}.npy`) };
for (const n of noE2e ? [] : [1e6, 2e6])
  e2eFiles[`csv ${n.toExponential(0)} rows`] = { csv: join(tmp, `pq${n}.csv`) };
// `--rows` of two 10³ × 10⁴ matrices (no target of the issue: shown for the row-wise face).
if (!noE2e)
  e2eFiles["npy --rows 1e3×1e4"] = {
    a: join(tmp, "rows_a.npy"),
    b: join(tmp, "rows_b.npy"),
    rows: true,
  };

function wall(cmd, args) {
  const t0 = performance.now();
  const r = spawnSync(cmd, args, { stdio: ["ignore", "pipe", "pipe"], maxBuffer: 1 << 26 });
  const t = (performance.now() - t0) / 1000;
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed: ${r.stderr}`);
  return { t, out: r.stdout.toString() };
}
const ONE_NPY =
  "import sys, numpy as np, scipy.stats; print(scipy.stats.entropy(np.load(sys.argv[1]), np.load(sys.argv[2])))";
const ONE_ROWS =
  "import sys, json, numpy as np, scipy.special; print(json.dumps(scipy.special.rel_entr(np.load(sys.argv[1]), np.load(sys.argv[2])).sum(axis=1).tolist()))";
const ONE_CSV =
  "import sys, numpy as np, scipy.stats; d = np.loadtxt(sys.argv[1], delimiter=',', skiprows=1); print(scipy.stats.entropy(d[:, 0], d[:, 1]))";
const E2E_REPS = quick ? 3 : 5;
const e2e = {}; // case -> what -> [times]
const outputs = {};
for (let r = 0; r < E2E_REPS; r++) {
  for (const [name, f] of Object.entries(e2eFiles)) {
    const row = (e2e[name] ??= {});
    const add = (what, x) => {
      (row[what] ??= []).push(x.t);
      outputs[`${name} ${what}`] = x.out.trim();
    };
    add("node -e 0", wall("node", ["-e", "0"]));
    if (f.csv) {
      add("cat", wall("sh", ["-c", `cat '${f.csv}' > /dev/null`]));
      add("surprisal kl", wall("node", [cli, "kl", `${f.csv}#p`, `${f.csv}#q`, "--json"]));
      add("python one-liner (np.loadtxt + scipy)", wall("python3", ["-c", ONE_CSV, f.csv]));
    } else if (f.rows) {
      add("cat", wall("sh", ["-c", `cat '${f.a}' '${f.b}' > /dev/null`]));
      add("surprisal kl", wall("node", [cli, "kl", f.a, f.b, "--rows", "--json"]));
      add(
        "python one-liner (np.load + scipy rel_entr)",
        wall("python3", ["-c", ONE_ROWS, f.a, f.b]),
      );
    } else {
      add("cat", wall("sh", ["-c", `cat '${f.a}' '${f.b}' > /dev/null`]));
      add("surprisal kl", wall("node", [cli, "kl", f.a, f.b, "--json"]));
      add("python one-liner (np.load + scipy)", wall("python3", ["-c", ONE_NPY, f.a, f.b]));
    }
  }
}
rmSync(tmp, { recursive: true, force: true });
const loadAfter = loadavg();
const med = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

// ---------------------------------------------------------------------------------------------
// Report
// ---------------------------------------------------------------------------------------------

const fmt = (t) =>
  t === undefined
    ? "—"
    : t < 1e-3
      ? `${(t * 1e6).toFixed(t < 1e-5 ? 2 : 1)} µs`
      : t < 1
        ? `${(t * 1e3).toFixed(1)} ms`
        : `${t.toFixed(2)} s`;
const ratio = (x) => `${x >= 10 ? x.toFixed(0) : x.toFixed(2)}×`;
const lines = [];
const say = (s = "") => {
  lines.push(s);
  console.log(s);
};
say(
  `surprisal bench/measures.mjs · ${cpus()[0]?.model ?? "CPU"} · ${cpus().length} cores · Node ${process.version} · numpy ${versions?.numpy}, scipy ${versions?.scipy}`,
);
say(
  `load average before ${loadBefore.map((x) => x.toFixed(1)).join(" ")}, after ${loadAfter.map((x) => x.toFixed(1)).join(" ")} · medians of ${REPS} (library), ${E2E_REPS} (end to end); ratio = peer / surprisal fast path`,
);
say();
say("| measure | implementation | n = 10³ | n = 10⁵ | n = 10⁷ |");
say("|---|---|---|---|---|");
const targets = [];
for (const [m, byImpl] of Object.entries(lib)) {
  const ref = byImpl[FAST];
  for (const [impl, byN] of Object.entries(byImpl)) {
    const cells = SIZES.map((n) =>
      impl === FAST || impl === IN_PLACE || impl.startsWith("CPU") || byN[n] === undefined
        ? fmt(byN[n])
        : `${fmt(byN[n])} (${ratio(byN[n] / ref[n])})`,
    );
    say(`| ${impl === FAST ? m : ""} | ${impl} | ${cells.join(" | ")} |`);
    if (impl.startsWith("numpy") || impl.startsWith("scipy")) {
      const bound = impl.startsWith("scipy") ? 5 : 1.5;
      const r = byN[1e7] / ref[1e7];
      targets.push({ what: `${m} n=1e7 vs ${impl}`, value: r, bound, holds: r >= bound });
      const inPlace = byImpl[IN_PLACE]?.[1e7];
      if (inPlace !== undefined) {
        const ri = byN[1e7] / inPlace;
        targets.push({
          what: `${m} n=1e7, inputs in place, vs ${impl}`,
          value: ri,
          bound,
          holds: ri >= bound,
        });
      }
    }
  }
}
say();
say(
  "| end to end | surprisal kl | python one-liner | ratio | node -e 0 | cat | floor: node + 2×(cat + library) |",
);
say("|---|---|---|---|---|---|---|");
// The library call of the floor: from the table above, or timed here when --only left KL out.
const klFloor = {};
const libKl = (n) => {
  const known = lib.klDivergence?.[FAST]?.[n];
  if (known !== undefined) return known;
  if (klFloor[n] === undefined) {
    const p = probabilities(n, 1);
    const q = probabilities(n, 2);
    klFloor[n] = medianTime(() => klDivergence(p, q), INNER[n]);
  }
  return klFloor[n];
};
const libKl7 = libKl(1e7);
for (const [name, row] of Object.entries(e2e)) {
  const mine = med(row["surprisal kl"]);
  const pyName = Object.keys(row).find((k) => k.startsWith("python"));
  const peer = med(row[pyName]);
  const node0 = med(row["node -e 0"]);
  const cat = med(row.cat);
  const libT = name.startsWith("npy 1e+7") ? libKl7 : libKl(1e5) * 10;
  const floor = node0 + 2 * (cat + libT);
  const rowsCase = name.includes("--rows");
  say(
    `| ${name} | ${fmt(mine)} | ${fmt(peer)} | ${ratio(peer / mine)} | ${fmt(node0)} | ${fmt(cat)} | ${rowsCase ? "—" : fmt(floor)} |`,
  );
  if (rowsCase) continue;
  targets.push({
    what: `e2e ${name} vs python one-liner`,
    value: peer / mine,
    bound: 2,
    holds: peer / mine >= 2,
  });
  if (name === "npy 1e+7")
    targets.push({
      what: "e2e npy 1e7 ≤ node -e 0 + 2×(cat + library)",
      value: floor / mine,
      bound: 1,
      holds: mine <= floor,
    });
  if (name.startsWith("csv 2e+6"))
    targets.push({ what: "e2e csv 2e6 rows ≤ 1 s", value: 1 / mine, bound: 1, holds: mine <= 1 });
}
say();
say("Targets (ratios of medians in this run):");
for (const t of targets)
  say(`  ${t.holds ? "✓" : "✗"} ${t.what}: ${t.value.toFixed(2)}× (target ≥ ${t.bound}×)`);
if (partial) {
  writeFileSync(join(outDir, "measures-partial.md"), `${lines.join("\n")}\n`);
  console.log("\nwrote bench/results/measures-partial.md");
  process.exit(0);
}
writeFileSync(
  join(outDir, "measures.json"),
  `${JSON.stringify({ date: new Date().toISOString(), loadBefore, loadAfter, fastPath: info, versions, library: lib, endToEnd: e2e, outputs, targets }, null, 2)}\n`,
);
writeFileSync(join(outDir, "measures.md"), `${lines.join("\n")}\n`);
console.log(`\nwrote bench/results/measures.json and measures.md${sink === 42 ? "" : ""}`);
