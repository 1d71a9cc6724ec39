// The rows of round 1's bench (bench/run.mjs at its last commit) that must not regress, timed for
// round 1's build and this one in the same sitting: dense KL (n = 10³, 10⁵, 10⁷; copied, in place,
// one thread), Jensen–Shannon at 10⁷ (copied, in place) and KL per row of 512 × 32,000 float32
// logits (copied, in place), on round 1's inputs (its seeded generator, seeds and shapes).
//
// Both builds are loaded in one process (each with its own kernels and worker pool) and timed in
// alternating blocks, case by case (A B B A A B …, a short sleep between blocks so that the other
// build's worker is asleep): separate processes per build were not comparable here, as one process
// can run a call 20-30 % slower than another for its whole life (memory placement; seen at n = 10³
// as 4.0 against 5.0 µs for the same build). Each round is a fresh process; the ratio of a round is
// the median block of this build over the baseline's, and the table gives the median over rounds
// (≤ 1.05: within the 5 % of issue 17).
//
//   git worktree add ../round1 b1c841a && (cd ../round1 && npm ci && npm run build)
//   npm run build && node bench/regression.mjs ../round1 [--rounds 3]
//
// Output: a table on stdout and bench/results/regression.json.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const BLOCKS = 11; // timed blocks per build and case
const SETTLE_MS = 2000; // before the first case: V8 compiles the kernels' modules in the background
const WARM_MS = 300; // each case, each build, before it is timed (JIT, wasm tier-up, workers)
const GAP_MS = 10; // sleep between blocks: the idle pool's worker stops spinning

// ---------------------------------------------------------------------------------------------
// Child: both builds in one process (argv: --child <baseline dist> <current dist>), print JSON.
// ---------------------------------------------------------------------------------------------

async function child(baseDist, curDist) {
  const load = async (dist) => {
    const fast = await import(pathToFileURL(join(dist, "fast/index.js")).href);
    const pool = await import(pathToFileURL(join(dist, "fast/pool.js")).href);
    const lib = await import(pathToFileURL(join(dist, "index.js")).href);
    pool.warmUp(fast.fastPathInfo().threads);
    return { ...fast, ...lib };
  };
  const builds = { baseline: await load(baseDist), current: await load(curDist) };
  const { createRng } = builds.baseline; // round 1's inputs
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  const sleep = (ms) => Atomics.wait(sleeper, 0, 0, ms);

  let sink = 0;
  /** Times f(build) for each build in alternating blocks of `inner` calls: { baseline, current } medians in ms. */
  const compare = (make, inner) => {
    const fs = { baseline: make(builds.baseline), current: make(builds.current) };
    for (const name of ["baseline", "current"]) {
      const until = performance.now() + WARM_MS;
      while (performance.now() < until) sink += fs[name]();
      sleep(GAP_MS);
    }
    const times = { baseline: [], current: [] };
    for (let b = 0; b < BLOCKS; b++)
      for (const name of b % 2 ? ["baseline", "current"] : ["current", "baseline"]) {
        const f = fs[name];
        const t0 = performance.now();
        for (let i = 0; i < inner; i++) sink += f();
        times[name].push((performance.now() - t0) / inner);
        sleep(GAP_MS);
      }
    const med = (a) => a.sort((x, y) => x - y)[a.length >> 1];
    return { baseline: med(times.baseline), current: med(times.current) };
  };
  const probabilities = (n, seed) => {
    const rng = createRng(seed);
    const a = new Float64Array(n);
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i] = rng.nextFloat() + 1e-3;
    for (let i = 0; i < n; i++) a[i] /= s;
    return a;
  };
  /** A copy of `a` in build b's kernels' memory (read in place by that build only). */
  const inPlace = (b, a, type = "float64") => {
    const w = b.fastArray(a.length, type);
    w.set(a);
    return w;
  };
  const oneThread = (b, f) => () => {
    b.setFastThreads(1);
    try {
      return f();
    } finally {
      b.setFastThreads(undefined);
    }
  };

  {
    const p = probabilities(1000, 9);
    const until = performance.now() + SETTLE_MS;
    while (performance.now() < until)
      sink += builds.baseline.klDivergence(p, p) + builds.current.klDivergence(p, p);
  }
  const out = {};
  for (const [n, inner] of [
    [1e3, 2000],
    [1e5, 20],
    [1e7, 1],
  ]) {
    const p = probabilities(n, 1);
    const q = probabilities(n, 2);
    out[`KL n=${n}`] = compare((b) => () => b.klDivergence(p, q), inner);
    out[`KL n=${n}, in place`] = compare((b) => {
      const pw = inPlace(b, p);
      const qw = inPlace(b, q);
      return () => b.klDivergence(pw, qw);
    }, inner);
    out[`KL n=${n}, 1 thread`] = compare((b) => oneThread(b, () => b.klDivergence(p, q)), inner);
    if (n === 1e7) {
      out[`JS n=${n}`] = compare((b) => () => b.jsDivergence(p, q), inner);
      out[`JS n=${n}, in place`] = compare((b) => {
        const pw = inPlace(b, p);
        const qw = inPlace(b, q);
        return () => b.jsDivergence(pw, qw);
      }, inner);
    }
  }
  const rows = 512;
  const cols = 32_000;
  const rng = createRng(3);
  const z = new Float32Array(rows * cols);
  const w = new Float32Array(rows * cols);
  for (let i = 0; i < z.length; i++) {
    const g = rng.nextFloat() + rng.nextFloat() + rng.nextFloat() + rng.nextFloat() - 2;
    z[i] = 3 * g;
    w[i] = z[i] + (rng.nextFloat() - 0.5);
  }
  const lo = { input: "logits", columns: cols };
  out["KL rows, 512 × 32,000 logits"] = compare((b) => () => b.klDivergenceRows(z, w, lo)[0], 1);
  out["KL rows, 512 × 32,000 logits, in place"] = compare((b) => {
    const zw = inPlace(b, z, "float32");
    const ww = inPlace(b, w, "float32");
    return () => b.klDivergenceRows(zw, ww, lo)[0];
  }, 1);
  if (!Number.isFinite(sink)) throw new Error("a timed call returned a non-finite value");
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Parent: one process per round, report medians and ratios.
// ---------------------------------------------------------------------------------------------

function parent(args) {
  const baseline = args.find((a) => !a.startsWith("--"));
  const ri = args.indexOf("--rounds");
  const rounds = ri >= 0 ? Number(args[ri + 1]) : 3;
  if (!baseline || !(rounds >= 1)) {
    console.error("usage: node bench/regression.mjs <baseline checkout, built> [--rounds N]");
    process.exit(2);
  }
  const builds = { baseline: resolve(baseline, "dist"), current: resolve(here, "../dist") };
  for (const d of Object.values(builds))
    if (!existsSync(join(d, "fast/index.js"))) {
      console.error(`no build at ${d}: run npm run build there first`);
      process.exit(2);
    }
  const commit = (dir) => {
    const r = spawnSync("git", ["-C", dir, "rev-parse", "--short", "HEAD"], { encoding: "utf8" });
    return r.status === 0 ? r.stdout.trim() : "?";
  };
  const commits = { baseline: commit(resolve(baseline)), current: commit(resolve(here, "..")) };
  const runs = [];
  const load = [loadavg()[0]];
  for (let r = 0; r < rounds; r++) {
    process.stderr.write(`round ${r + 1}/${rounds} … `);
    const res = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), "--child", builds.baseline, builds.current],
      { encoding: "utf8", maxBuffer: 1 << 24 },
    );
    if (res.status !== 0) {
      console.error(`\nround ${r + 1} failed:\n${res.stderr}`);
      process.exit(1);
    }
    runs.push(JSON.parse(res.stdout));
    load.push(loadavg()[0]);
    process.stderr.write("done\n");
  }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const fmt = (ms) =>
    ms < 1 ? `${(ms * 1000).toFixed(2)} µs` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  const table = Object.keys(runs[0]).map((c) => {
    const b = runs.map((x) => x[c].baseline);
    const k = runs.map((x) => x[c].current);
    const ratios = k.map((x, i) => x / b[i]);
    const ratio = median(ratios);
    return { case: c, baseline: b, current: k, ratios, ratio, within: ratio <= 1.05 };
  });
  console.log(
    `\nRound 1's bench rows: the build at ${commits.baseline} (${baseline}) against this one at ${commits.current}, both in each of ${rounds} process(es), alternating blocks; ${new Date().toISOString()}`,
  );
  console.log("| case | round 1 | now | now / round 1 (median) | per process |");
  console.log("|---|---:|---:|---:|---|");
  for (const t of table)
    console.log(
      `| ${t.case} | ${fmt(median(t.baseline))} | ${fmt(median(t.current))} | ${t.ratio.toFixed(2)} ${t.within ? "✓" : "✗"} | ${t.ratios.map((x) => x.toFixed(2)).join(" / ")} |`,
    );
  console.log(
    `load average (1 min) at the start and after each process: ${load.map((x) => x.toFixed(1)).join(", ")}`,
  );
  const dir = join(here, "results");
  if (!existsSync(dir)) mkdirSync(dir);
  writeFileSync(
    join(dir, "regression.json"),
    `${JSON.stringify({ date: new Date().toISOString(), baseline, commits, rounds, load, table }, null, 2)}\n`,
  );
}

if (process.argv[2] === "--child") await child(process.argv[3], process.argv[4]);
else parent(process.argv.slice(2));
