// Estimators side by side with their peers, in one run on this machine:
//
//   npm run build && node bench/estimators.mjs      (python3 with numpy, scipy, scikit-learn)
//
// - KSG mutual information (algorithm 1, k = 3) on 10⁵ two-dimensional points (x, y scalars,
//   ρ = 0.6): ours vs scikit-learn's mutual_info_regression and a cKDTree implementation;
// - exact MI of a 1,000 × 1,000 contingency table: ours (through the KL kernel) vs
//   scikit-learn's mutual_info_score(contingency=…);
// - NSB on 10⁴ categories (ours only; target under 50 ms);
// - the k-d tree's build and k-NN query costs per point at n = 10³ … 10⁶ (2-D).
// Times are medians of REPS runs after one untimed run on each side; ratios are peer median / our median (> 1: ours faster). The
// peers run in a python3 subprocess (bench/estimators.py) on the very same inputs, after ours.
// Two clocks: wall time, and the process's CPU time (user + system, every thread: the workers of
// the fast path included), which a loaded machine disturbs much less than the wall clock.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import "../dist/fast/index.js";
import {
  estimateEntropy,
  KdTree,
  ksgMutualInformation,
  mutualInformationFromTable,
} from "../dist/index.js";
import { createRng } from "../dist/numeric/rng.js";

const here = dirname(fileURLToPath(import.meta.url));

function normals(rng, n) {
  const out = new Float64Array(n);
  for (let i = 0; i < n; i += 2) {
    const r = Math.sqrt(-2 * Math.log(1 - rng.nextFloat()));
    const a = 2 * Math.PI * rng.nextFloat();
    out[i] = r * Math.cos(a);
    if (i + 1 < n) out[i + 1] = r * Math.sin(a);
  }
  return out;
}

function median(f, reps) {
  const t = [];
  const c = [];
  let value = f(); // one untimed run first (the JIT's warm-up; the python side does the same)
  for (let r = 0; r < reps; r++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    value = f();
    t.push(performance.now() - t0);
    const dc = process.cpuUsage(c0);
    c.push((dc.user + dc.system) / 1000);
  }
  t.sort((a, b) => a - b);
  c.sort((a, b) => a - b);
  return { ms: t[reps >> 1], cpu: c[reps >> 1], value };
}

const rng = createRng(2024);
const N = 100_000;
const x = normals(rng, N);
const e = normals(rng, N);
const y = x.map((v, i) => 0.6 * v + 0.8 * e[i]);
const table = new Float64Array(1_000_000);
for (let i = 0; i < table.length; i++) table[i] = rng.nextInt(0, 20);
const nsbCounts = Array.from({ length: 10_000 }, () =>
  Math.floor(-2 * Math.log(1 - rng.nextFloat())),
);

// The k-d tree alone first, in a fresh process: after the estimators and the fast path have run,
// the same queries measured 2–4× slower here (the heap and the JIT state they leave behind).
const tree = [];
for (const n of [1e3, 1e4, 1e5, 1e6]) {
  const pts = normals(rng, 2 * n);
  const b = median(() => new KdTree(pts, 2), n >= 1e6 ? 1 : 3);
  const t = new KdTree(pts, 2);
  const m = Math.min(n, 20_000);
  const q = new Float64Array(2);
  const qr = median(() => {
    for (let i = 0; i < m; i++) {
      q[0] = pts[2 * i];
      q[1] = pts[2 * i + 1];
      t.kthDistance(q, 3, i);
    }
  }, 3);
  tree.push({ n, buildNsPerPoint: (b.ms * 1e6) / n, queryNsPerPoint: (qr.ms * 1e6) / m });
}

const ours = {
  ksg: median(() => ksgMutualInformation(x, y, { k: 3 }).value, 5),
  table: median(() => mutualInformationFromTable(table, { columns: 1000 }).value, 5),
  nsb: median(() => estimateEntropy(nsbCounts, { estimator: "nsb" }).value, 5),
};
const dir = mkdtempSync(join(tmpdir(), "est-bench-"));
writeFileSync(join(dir, "x.f64"), x);
writeFileSync(join(dir, "y.f64"), y);
writeFileSync(join(dir, "table.f64"), table);
const py = spawnSync("python3", [join(here, "estimators.py"), dir], { encoding: "utf8" });
rmSync(dir, { recursive: true });
if (py.status !== 0) {
  console.error(py.stderr);
  process.exit(1);
}
const peers = JSON.parse(py.stdout);

const row = (name, o, peer) =>
  `| ${name} | ${o.ms.toFixed(1)} | ${peer.ms.toFixed(1)} | ${(peer.ms / o.ms).toFixed(2)}× | ${o.cpu.toFixed(1)} | ${peer.cpu.toFixed(1)} | ${(peer.cpu / o.cpu).toFixed(2)}× | ${o.value.toPrecision(10)} | ${peer.value.toPrecision(10)} |`;
console.log(
  `load average ${loadavg()
    .map((v) => v.toFixed(1))
    .join(" ")}\n`,
);
console.log(
  "| case | ours wall (ms) | peer wall (ms) | peer/ours wall | ours CPU (ms) | peer CPU (ms) | peer/ours CPU | ours | peer |",
);
console.log("|---|---|---|---|---|---|---|---|---|");
console.log(row("KSG n=1e5 k=3 vs sklearn mutual_info_regression", ours.ksg, peers.sklearn_ksg));
console.log(row("KSG n=1e5 k=3 vs cKDTree KSG", ours.ksg, peers.ckdtree_ksg));
console.log(row("MI 1000×1000 table vs mutual_info_score", ours.table, peers.mutual_info_score));
console.log(
  `\nNSB on 10⁴ categories: ${ours.nsb.ms.toFixed(1)} ms wall, ${ours.nsb.cpu.toFixed(1)} ms CPU (value ${ours.nsb.value} nats)\n`,
);
console.log(
  `load average after: ${loadavg()
    .map((v) => v.toFixed(1))
    .join(" ")}\n`,
);
console.log("| n | k-d tree build (ns/point) | 3-NN query (ns/point) |");
console.log("|---|---|---|");
for (const t of tree)
  console.log(`| ${t.n} | ${t.buildNsPerPoint.toFixed(0)} | ${t.queryNsPerPoint.toFixed(0)} |`);
