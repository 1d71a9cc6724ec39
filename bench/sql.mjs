// KL where the data lives, side by side in one run:
//
//   npm run build && node bench/sql.mjs [--rows 1e7] [--parquet 1e8] [--pg 1e6] [--ch 1e7] [--reps 5]
//
// 1. DuckDB embedded, `--rows` rows: the careful query (measureSql, every row checked and
//    counted) against the naive `SELECT sum(p * ln(p / q))` on the same table, and against reading the two
//    columns into Node and calling klDivergence. Medians of REPS interleaved runs; ratios of medians.
// 2. `--parquet` rows from a Parquet file on DuckDB (out of core, memory_limit 500MB): the query
//    runs in a child process whose peak RSS is reported.
// 3. PostgreSQL (`--pg` rows) and the 2-shard ClickHouse cluster (`--ch` rows, the per-shard
//    split shown), when SURPRISAL_PG_URL / SURPRISAL_CH_URLS are set or scripts/engines/start.sh
//    has run (its env file). Data generated server-side.
// 4. Accuracy: the shared fixture's near-identical pairs, naive SQL vs ours vs the in-memory
//    library vs mpmath (the fixture's reference, 60 digits).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { klDivergence, measureSql } from "../dist/index.js";
import { openClickHouse, openPostgres, runMeasure } from "../dist/node.js";

const arg = (name, def) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? def : Number(process.argv[i + 1]);
};

// Child mode: run one query on a Parquet file and print the value and peak RSS.
if (process.argv[2] === "--child") {
  const [file, threads] = [process.argv[3], process.argv[4]];
  const inst = await DuckDBInstance.create(":memory:", {
    memory_limit: "500MB",
    threads,
    temp_directory: join(tmpdir(), "surprisal-duck-tmp"),
  });
  const conn = await inst.connect();
  const sql = measureSql({
    dialect: "duckdb",
    measure: "kl",
    from: { file },
    p: "p",
    q: "q",
  }).sql;
  const t0 = performance.now();
  const row = (await conn.runAndReadAll(sql)).getRowObjectsJS()[0];
  const ms = performance.now() - t0;
  console.log(
    JSON.stringify({
      ms,
      value: row.value,
      n: Number(row.n),
      rssMB: process.resourceUsage().maxRSS / 1024,
    }),
  );
  process.exit(0);
}

const N = arg("rows", 1e7);
const NPARQUET = arg("parquet", 1e8);
const NPG = arg("pg", 1e6);
const NCH = arg("ch", 1e7);
const REPS = arg("reps", 5);
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
console.log(
  `load average at start: ${loadavg()
    .map((x) => x.toFixed(1))
    .join(" ")}`,
);

// ------------------------------------------------------------------------------------------
// 1. DuckDB embedded
// ------------------------------------------------------------------------------------------
const inst = await DuckDBInstance.create(":memory:");
const conn = await inst.connect();
if (N > 0) {
  const run = async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS();
  await run("SELECT setseed(0.42)");
  await run(
    `CREATE TABLE raw AS SELECT random() + 1e-3 AS w, random() + 1e-3 AS v FROM range(${N})`,
  );
  await run(
    "CREATE TABLE big AS SELECT w / (SELECT fsum(w) FROM raw) AS p, v / (SELECT fsum(v) FROM raw) AS q FROM raw",
  );
  // Near-identical: q within 1e-7 of p (relative), renormalized; every row on the series branch.
  await run("CREATE TABLE raw2 AS SELECT p AS w, p * (1 + 1e-7 * (random() - 0.5)) AS v FROM big");
  await run(
    "CREATE TABLE near AS SELECT w / (SELECT fsum(w) FROM raw2) AS p, v / (SELECT fsum(v) FROM raw2) AS q FROM raw2",
  );
  await run("DROP TABLE raw");
  await run("DROP TABLE raw2");

  const methods = (t) => [
    [
      "ours (measureSql)",
      measureSql({ dialect: "duckdb", measure: "kl", from: t, p: "p", q: "q" }).sql,
    ],
    ["naive sum(p*ln(p/q))", `SELECT sum(p * ln(p / q)) AS value FROM ${t}`],
    ["load into Node + klDivergence", null],
  ];
  const results = [];
  for (const t of ["big", "near"]) {
    const ms = methods(t);
    const times = ms.map(() => []);
    const cpu = ms.map(() => []);
    const values = [];
    for (let rep = 0; rep < REPS; rep++) {
      for (const [i, [, sql]] of ms.entries()) {
        const c0 = process.cpuUsage();
        const t0 = performance.now();
        let v;
        if (sql === null) {
          const r = await conn.runAndReadAll(`SELECT p, q FROM ${t}`);
          const [p, q] = r.getColumnsJS();
          v = klDivergence(Float64Array.from(p), Float64Array.from(q));
        } else v = (await run(sql))[0].value;
        times[i].push(performance.now() - t0);
        const c = process.cpuUsage(c0);
        cpu[i].push((c.user + c.system) / 1000);
        values[i] = v;
      }
    }
    const naive = median(times[1]);
    const naiveCpu = median(cpu[1]);
    for (const [i, [name]] of ms.entries()) {
      results.push({
        table: t,
        name,
        ms: median(times[i]),
        ratio: median(times[i]) / naive,
        cpu: median(cpu[i]),
        cpuRatio: median(cpu[i]) / naiveCpu,
        value: values[i],
      });
    }
  }
  console.log(
    `\nKL of ${N.toExponential(0)} rows on DuckDB embedded (median of ${REPS} interleaved runs; wall and CPU ms, CPU summed over DuckDB's threads; ratios to the naive query)`,
  );
  console.log("| data | method | wall ms | × naive | CPU ms | × naive | value |");
  console.log("|---|---|---:|---:|---:|---:|---|");
  for (const r of results) {
    console.log(
      `| ${r.table === "big" ? "random p, q" : "near-identical"} | ${r.name} | ${r.ms.toFixed(0)} | ${r.ratio.toFixed(2)} | ${r.cpu.toFixed(0)} | ${r.cpuRatio.toFixed(2)} | ${r.value} |`,
    );
  }
  console.log(
    `load average after: ${loadavg()
      .map((x) => x.toFixed(1))
      .join(" ")}`,
  );

  // ------------------------------------------------------------------------------------------
  // 4. Accuracy on the fixture's near-identical pairs
  // ------------------------------------------------------------------------------------------
  const fixture = JSON.parse(
    readFileSync(new URL("../../shared/fixtures/discrete.json", import.meta.url), "utf8"),
  );
  const near = fixture.cases.filter((x) => x.name.startsWith("near_identical"));
  await run("CREATE TABLE fx (g VARCHAR, p DOUBLE, q DOUBLE)");
  const app = await conn.createAppender("fx");
  for (const x of near) {
    x.p.forEach((v, i) => {
      app.appendVarchar(x.name);
      app.appendDouble(v);
      app.appendDouble(x.q[i]);
      app.endRow();
    });
  }
  app.closeSync();
  const oursRows = await run(
    measureSql({ dialect: "duckdb", measure: "kl", from: "fx", p: "p", q: "q", groupBy: "g" }).sql,
  );
  const naiveRows = await run(
    "SELECT g AS grp, sum(p * ln(p / q)) AS value FROM fx WHERE p > 0 GROUP BY g ORDER BY g",
  );
  const err = (v, ref) => (ref === 0 ? Math.abs(v) : Math.abs(v - ref) / ref).toExponential(1);
  console.log("\nNear-identical pairs (shared fixture), KL in nats; relative error against mpmath");
  console.log("| case | mpmath | naive SQL | error | ours (DuckDB) | error | in memory | error |");
  console.log("|---|---|---|---:|---|---:|---|---:|");
  for (const x of near) {
    const ref = x.expected.kl;
    const o = oursRows.find((r) => r.grp === x.name).value;
    const n = naiveRows.find((r) => r.grp === x.name).value;
    const m = klDivergence(x.p, x.q);
    console.log(
      `| ${x.name} | ${ref} | ${n} | ${err(n, ref)} | ${o} | ${err(o, ref)} | ${m} | ${err(m, ref)} |`,
    );
  }
}
conn.closeSync();
inst.closeSync();

// ------------------------------------------------------------------------------------------
// 2. Parquet, out of core
// ------------------------------------------------------------------------------------------
if (NPARQUET > 0) {
  const dir = mkdtempSync(join(tmpdir(), "surprisal-bench-"));
  const file = join(dir, "big.parquet");
  try {
    const gi = await DuckDBInstance.create(":memory:", { memory_limit: "1GB" });
    const gc = await gi.connect();
    const t0 = performance.now();
    await gc.run(
      `COPY (SELECT (hash(i) % 1000003 + 1)::DOUBLE / 500001500006.0 AS p, (hash(i + 7) % 1000003 + 1)::DOUBLE / 500001500006.0 AS q FROM range(${NPARQUET}) t(i)) TO '${file}' (FORMAT parquet, ROW_GROUP_SIZE 1000000)`,
    );
    gc.closeSync();
    gi.closeSync();
    console.log(
      `\nParquet: ${NPARQUET.toExponential(0)} rows written in ${((performance.now() - t0) / 1000).toFixed(0)} s`,
    );
    const child = spawnSync(
      process.execPath,
      [fileURLToPath(import.meta.url), "--child", file, "2"],
      {
        encoding: "utf8",
        maxBuffer: 1 << 20,
      },
    );
    if (child.status !== 0) console.log(`child failed: ${child.stderr}`);
    else {
      const r = JSON.parse(child.stdout.trim().split("\n").at(-1));
      console.log("| rows | source | memory_limit | ms | peak RSS (MB) | value |");
      console.log("|---:|---|---|---:|---:|---|");
      console.log(
        `| ${r.n} | Parquet file | 500MB | ${r.ms.toFixed(0)} | ${r.rssMB.toFixed(0)} | ${r.value} |`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

// ------------------------------------------------------------------------------------------
// 3. PostgreSQL and the ClickHouse cluster
// ------------------------------------------------------------------------------------------
function engineEnv() {
  const env = { ...process.env };
  const f = join(process.env.SURPRISAL_ENGINES_DIR ?? "/tmp/surprisal-engines", "env");
  if ((!env.SURPRISAL_PG_URL || !env.SURPRISAL_CH_URLS) && existsSync(f)) {
    for (const line of readFileSync(f, "utf8").split("\n")) {
      const i = line.indexOf("=");
      if (i > 0 && !env[line.slice(0, i)]) env[line.slice(0, i)] = line.slice(i + 1);
    }
  }
  return env;
}
const env = engineEnv();
const timed = async (f) => {
  const ts = [];
  let out;
  for (let i = 0; i < 3; i++) {
    const t0 = performance.now();
    out = await f();
    ts.push(performance.now() - t0);
  }
  return { ms: median(ts), out };
};
if (NPG > 0 && env.SURPRISAL_PG_URL) {
  const pg = await openPostgres(env.SURPRISAL_PG_URL);
  await pg.query("DROP TABLE IF EXISTS bench_kl");
  await pg.query(
    `CREATE TABLE bench_kl AS SELECT (i % 1000 + 1)::float8 AS p, ((i * 7) % 1000 + 1)::float8 AS q FROM generate_series(1, ${NPG}) i`,
  );
  await pg.query("ANALYZE bench_kl");
  const ours = await timed(() =>
    runMeasure(pg, { measure: "kl", from: "bench_kl", p: "p", q: "q", input: "counts" }),
  );
  const naive = await timed(async () => {
    const r = await pg.query(
      "SELECT sum((p / t.sp) * ln((p / t.sp) / (q / t.sq))) AS value FROM bench_kl, (SELECT sum(p) AS sp, sum(q) AS sq FROM bench_kl) t",
    );
    return Number(r[0].value);
  });
  console.log(`\nPostgreSQL 15, ${NPG.toExponential(0)} rows (counts), median of 3`);
  console.log("| method | ms | × naive | value |");
  console.log("|---|---:|---:|---|");
  console.log(
    `| ours (runMeasure) | ${ours.ms.toFixed(0)} | ${(ours.ms / naive.ms).toFixed(2)} | ${ours.out[0].value} |`,
  );
  console.log(`| naive sum(p̂·ln(p̂/q̂)) | ${naive.ms.toFixed(0)} | 1.00 | ${naive.out} |`);
  await pg.query("DROP TABLE bench_kl");
  await pg.close();
}
if (NCH > 0 && env.SURPRISAL_CH_URLS) {
  const urls = env.SURPRISAL_CH_URLS.split(",");
  const ch = await openClickHouse(urls);
  const post = async (u, sql) => {
    const r = await fetch(`${u}/`, { method: "POST", body: sql });
    if (!r.ok) throw new Error(await r.text());
    return r.text();
  };
  // Each shard generates its half (rows i with i % 2 = shard), then a Distributed table over both.
  for (const [k, u] of urls.entries()) {
    await post(u, "DROP TABLE IF EXISTS bench_kl");
    await post(u, "DROP TABLE IF EXISTS bench_kl_dist");
    await post(
      u,
      "CREATE TABLE bench_kl (p Float64, q Float64) ENGINE = MergeTree ORDER BY tuple()",
    );
    await post(
      u,
      `INSERT INTO bench_kl SELECT toFloat64(number % 1000 + 1), toFloat64((number * 7) % 1000 + 1) FROM numbers(${NCH}) WHERE number % ${urls.length} = ${k}`,
    );
    await post(
      u,
      `CREATE TABLE bench_kl_dist (p Float64, q Float64) ENGINE = Distributed(${env.SURPRISAL_CH_CLUSTER ?? "surprisal"}, default, bench_kl)`,
    );
  }
  const ours = await timed(() =>
    runMeasure(ch, { measure: "kl", from: "bench_kl", p: "p", q: "q", input: "counts" }),
  );
  const naive = await timed(async () => {
    const [sp, sq] = (await post(urls[0], "SELECT sum(p), sum(q) FROM bench_kl_dist"))
      .trim()
      .split("\t")
      .map(Number);
    const t = await post(
      urls[0],
      `SELECT sum((p / ${sp}) * log((p / ${sp}) / (q / ${sq}))) FROM bench_kl_dist`,
    );
    return Number(t.trim());
  });
  const split = await ch.queryShards("SELECT count() AS n FROM bench_kl");
  console.log(`\nClickHouse 18.16, 2 shards, ${NCH.toExponential(0)} rows (counts), median of 3`);
  console.log(`rows per shard: ${split.map((rows) => rows[0]?.n).join(" + ")}`);
  console.log("| method | ms | × naive | value |");
  console.log("|---|---:|---:|---|");
  console.log(
    `| ours (runMeasure: sums per shard, merged) | ${ours.ms.toFixed(0)} | ${(ours.ms / naive.ms).toFixed(2)} | ${ours.out[0].value} |`,
  );
  console.log(`| naive on the Distributed table | ${naive.ms.toFixed(0)} | 1.00 | ${naive.out} |`);
  for (const u of urls) {
    await post(u, "DROP TABLE IF EXISTS bench_kl_dist");
    await post(u, "DROP TABLE IF EXISTS bench_kl");
  }
  await ch.close();
}
