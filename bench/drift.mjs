// The drift report side by side with pandas + numpy + scipy (bench/drift.py), in one run:
//
//   npm run build && node bench/drift.mjs [DIR]     (DIR default /tmp/surprisal-drift-bench)
//
// Two tables of 10⁶ rows × 20 columns (10 numeric, 10 categorical) written by
// `python3 bench/drift.py generate DIR` (done here when missing). Each measurement runs in its own
// process (so peak RSS is its own): the whole report without bootstrap from CSV and from Parquet
// (reading included), the same work by the pandas/scipy script, and a bootstrap of 200 resamples
// (plus 200 permutations) on one 10⁶-row column. Times are medians of REPS runs; the ratio is
// pandas time / surprisal time (> 1: surprisal is faster). Figures go to bench/results/drift.json.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const REPS = Number(process.env.REPS ?? 3);

async function child(mode, dir) {
  const { readDriftTables, readTable } = await import("../dist/node.js");
  const { driftReport } = await import("../dist/index.js");
  const t0 = performance.now();
  if (mode === "bootstrap") {
    const [r, c] = await Promise.all([
      readTable(join(dir, "reference.parquet"), { columns: ["num3"] }),
      readTable(join(dir, "current.parquet"), { columns: ["num3"] }),
    ]);
    const t1 = performance.now();
    const rep = driftReport(r.columns, c.columns, {
      ci: { replicates: 200, seed: 7 },
      permutations: 200,
    });
    const t2 = performance.now();
    const ci = rep.columns[0].ci.jsDivergence;
    return {
      seconds: (t2 - t1) / 1000,
      read: (t1 - t0) / 1000,
      js: rep.columns[0].measures.jsDivergence,
      lower: ci.lower,
      upper: ci.upper,
    };
  }
  const ext = mode === "csv" ? "csv" : "parquet";
  // As the CLI does (readDriftTables).
  const [r, c] = await readDriftTables(join(dir, `reference.${ext}`), join(dir, `current.${ext}`));
  const t1 = performance.now();
  const rep = driftReport(r.columns, c.columns);
  const t2 = performance.now();
  return {
    seconds: (t2 - t0) / 1000,
    read: (t1 - t0) / 1000,
    compute: (t2 - t1) / 1000,
    columns: rep.columns.length,
    drifted: rep.drifted,
  };
}

function once(args) {
  const r = spawnSync(args[0], args.slice(1), { encoding: "utf8", maxBuffer: 1 << 24 });
  if (r.status !== 0) throw new Error(`${args.join(" ")} failed: ${r.stderr}`);
  return JSON.parse(r.stdout.trim().split("\n").at(-1));
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

if (process.argv[2] === "--child") {
  const out = await child(process.argv[3], process.argv[4]);
  const use = process.resourceUsage();
  out.peak_rss_mb = use.maxRSS / 1024;
  out.cpu = (use.userCPUTime + use.systemCPUTime) / 1e6;
  console.log(JSON.stringify(out));
} else {
  const dir = process.argv[2] ?? "/tmp/surprisal-drift-bench";
  if (!existsSync(join(dir, "current.parquet")))
    once(["python3", join(here, "drift.py"), "generate", dir]);
  const me = fileURLToPath(import.meta.url);
  const results = {};
  for (const [name, args] of [
    ["surprisal CSV", [process.execPath, me, "--child", "csv", dir]],
    ["surprisal Parquet", [process.execPath, me, "--child", "parquet", dir]],
    ["pandas/scipy CSV", ["python3", join(here, "drift.py"), "run", dir]],
    [
      "surprisal bootstrap 200 + permutations 200, one 10⁶-row column",
      [process.execPath, me, "--child", "bootstrap", dir],
    ],
  ]) {
    const runs = Array.from({ length: REPS }, () => once(args));
    results[name] = {
      seconds: median(runs.map((r) => r.seconds)),
      read: median(runs.map((r) => r.read ?? 0)),
      cpu: median(runs.map((r) => r.cpu)),
      peak_rss_mb: Math.max(...runs.map((r) => r.peak_rss_mb)),
      runs: runs.map((r) => r.seconds),
    };
  }
  // On a shared machine the wall time counts other processes' turns; the CPU time (user + system,
  // whole process) is the fairer figure, and both are printed.
  const ratio = results["pandas/scipy CSV"].seconds / results["surprisal CSV"].seconds;
  const cpuRatio = results["pandas/scipy CSV"].cpu / results["surprisal CSV"].cpu;
  console.log(
    `load average ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")} on ${cpus().length} cores`,
  );
  console.log("| run | median wall s | of which reading s | CPU s (process) | peak RSS MB |");
  console.log("|---|---:|---:|---:|---:|");
  for (const [k, v] of Object.entries(results)) {
    console.log(
      `| ${k} | ${v.seconds.toFixed(2)} | ${v.read.toFixed(2)} | ${v.cpu.toFixed(2)} | ${v.peak_rss_mb.toFixed(0)} |`,
    );
  }
  console.log(
    `pandas/scipy / surprisal (CSV): wall ${ratio.toFixed(2)}, CPU ${cpuRatio.toFixed(2)}`,
  );
  mkdirSync(resolve(here, "results"), { recursive: true });
  writeFileSync(
    resolve(here, "results/drift.json"),
    `${JSON.stringify({ reps: REPS, load: loadavg(), results, ratio, cpuRatio }, null, 2)}\n`,
  );
}
