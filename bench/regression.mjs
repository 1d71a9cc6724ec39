// The rows of round 1's bench (bench/run.mjs at its last commit) that must not regress, timed for
// round 1's build and this one in the same sitting: dense KL (n = 10³, 10⁵, 10⁷; copied, in place,
// one thread), Jensen–Shannon at 10⁷ (copied, in place) and KL per row of 512 × 32,000 float32
// logits (copied, in place). The two builds run in alternating child processes (A B A B …) on the
// same seeded inputs; each figure is the median over the processes of the per-process medians, and
// the ratio is this build's time over the baseline's (≤ 1.05: within the 5 % of issue 17). The
// inputs are those of round 1's bench (its seeded generator, the same seeds and shapes).
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
const REPS = 11;
const SETTLE_MS = 2000; // before the first case (see child)
const WARM_MS = 300; // each case is called for this long before it is timed (JIT, wasm tier-up, workers)

// ---------------------------------------------------------------------------------------------
// Child: time one build (argv: --child <dist dir>), print JSON.
// ---------------------------------------------------------------------------------------------

async function child(dist, inputsDist) {
  const fast = await import(pathToFileURL(join(dist, "fast/index.js")).href);
  const pool = await import(pathToFileURL(join(dist, "fast/pool.js")).href);
  const lib = await import(pathToFileURL(join(dist, "index.js")).href);
  // Inputs from the baseline's seeded generator (round 1's bench inputs), whichever build is timed.
  const { createRng } = await import(pathToFileURL(join(inputsDist, "index.js")).href);
  const { fastArray, setFastThreads, fastPathInfo } = fast;
  const { klDivergence, jsDivergence, klDivergenceRows } = lib;
  const threads = fastPathInfo().threads;
  pool.warmUp(threads);

  let sink = 0;
  const medianTime = (f, inner) => {
    const until = performance.now() + WARM_MS;
    while (performance.now() < until) sink += f();
    const times = [];
    for (let r = 0; r < REPS; r++) {
      const t0 = performance.now();
      for (let i = 0; i < inner; i++) sink += f();
      times.push((performance.now() - t0) / inner);
    }
    times.sort((a, b) => a - b);
    return times[times.length >> 1];
  };
  const probabilities = (n, seed) => {
    const rng = createRng(seed);
    const a = new Float64Array(n);
    let s = 0;
    for (let i = 0; i < n; i++) s += a[i] = rng.nextFloat() + 1e-3;
    for (let i = 0; i < n; i++) a[i] /= s;
    return a;
  };
  const inPlace = (a, type = "float64") => {
    const w = fastArray(a.length, type);
    w.set(a);
    return w;
  };

  // The first second or so of a process runs beside V8's background compilation of the kernels'
  // module (optimizing tier), which takes one of the two cores: a case timed then reads 10-20 %
  // slow, more so for the larger module of this build. Settle first.
  {
    const p = probabilities(1000, 9);
    const until = performance.now() + SETTLE_MS;
    while (performance.now() < until) sink += klDivergence(p, p);
  }
  const out = {};
  for (const [n, inner] of [
    [1e3, 2000],
    [1e5, 20],
    [1e7, 1],
  ]) {
    const p = probabilities(n, 1);
    const q = probabilities(n, 2);
    const pw = inPlace(p);
    const qw = inPlace(q);
    out[`KL n=${n}`] = medianTime(() => klDivergence(p, q), inner);
    out[`KL n=${n}, in place`] = medianTime(() => klDivergence(pw, qw), inner);
    setFastThreads(1);
    out[`KL n=${n}, 1 thread`] = medianTime(() => klDivergence(p, q), inner);
    setFastThreads(undefined);
    if (n === 1e7) {
      out[`JS n=${n}`] = medianTime(() => jsDivergence(p, q), inner);
      out[`JS n=${n}, in place`] = medianTime(() => jsDivergence(pw, qw), inner);
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
  const zw = inPlace(z, "float32");
  const ww = inPlace(w, "float32");
  const lo = { input: "logits", columns: cols };
  out["KL rows, 512 × 32,000 logits"] = medianTime(() => klDivergenceRows(z, w, lo)[0], 1);
  out["KL rows, 512 × 32,000 logits, in place"] = medianTime(
    () => klDivergenceRows(zw, ww, lo)[0],
    1,
  );
  if (!Number.isFinite(sink)) throw new Error("a timed call returned a non-finite value");
  process.stdout.write(JSON.stringify(out));
  process.exit(0);
}

// ---------------------------------------------------------------------------------------------
// Parent: alternate the builds, report medians and ratios.
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
  const runs = { baseline: [], current: [] };
  const load = [loadavg()[0]];
  for (let r = 0; r < rounds; r++)
    for (const name of r % 2 === 0 ? ["baseline", "current"] : ["current", "baseline"]) {
      process.stderr.write(`round ${r + 1}/${rounds}: ${name} … `);
      const res = spawnSync(
        process.execPath,
        [fileURLToPath(import.meta.url), "--child", builds[name], builds.baseline],
        {
          encoding: "utf8",
          maxBuffer: 1 << 24,
        },
      );
      if (res.status !== 0) {
        console.error(`\n${name} failed:\n${res.stderr}`);
        process.exit(1);
      }
      runs[name].push(JSON.parse(res.stdout));
      load.push(loadavg()[0]);
      process.stderr.write("done\n");
    }
  const median = (xs) => {
    const s = [...xs].sort((a, b) => a - b);
    return s.length % 2 ? s[s.length >> 1] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  };
  const fmt = (ms) =>
    ms < 1 ? `${(ms * 1000).toFixed(2)} µs` : `${ms.toFixed(ms < 10 ? 2 : 1)} ms`;
  const cases = Object.keys(runs.current[0]);
  const table = cases.map((c) => {
    const b = runs.baseline.map((x) => x[c]);
    const k = runs.current.map((x) => x[c]);
    const ratio = median(k) / median(b);
    return { case: c, baseline: b, current: k, ratio, within: ratio <= 1.05 };
  });
  console.log(
    `\nRound 1's bench rows: the build at ${commits.baseline} (${baseline}) against this one at ${commits.current}, ${rounds} process(es) each, alternating; ${new Date().toISOString()}`,
  );
  console.log("| case | round 1 | now | now / round 1 | per process (now / round 1) |");
  console.log("|---|---:|---:|---:|---|");
  for (const t of table)
    console.log(
      `| ${t.case} | ${fmt(median(t.baseline))} | ${fmt(median(t.current))} | ${t.ratio.toFixed(2)} ${t.within ? "✓" : "✗"} | ${t.current.map((x, i) => (x / t.baseline[i]).toFixed(2)).join(" / ")} |`,
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
