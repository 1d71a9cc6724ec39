// KL where the data lives, on DuckDB embedded, side by side in one run:
//
//   npm run build && node bench/sql.mjs [rows]        (default 10⁷ rows)
//
// 1. Speed: the careful query of measureSql (φ terms, fsum, normalization at the end) against the
//    naive `SELECT sum(p * ln(p / q))` on the same table, and against reading the two columns into
//    Node and calling klDivergence. Medians of REPS runs; ratios of medians.
// 2. Accuracy: the shared fixture's near-identical pairs, naive SQL vs ours vs the in-memory
//    library vs mpmath (the fixture's reference, 60 digits).
import { readFileSync } from "node:fs";
import { DuckDBInstance } from "@duckdb/node-api";
import { klDivergence, measureSql } from "../dist/index.js";

const N = Number(process.argv[2] ?? 10_000_000);
const REPS = 5;
const inst = await DuckDBInstance.create(":memory:");
const conn = await inst.connect();
const run = async (sql) => (await conn.runAndReadAll(sql)).getRowObjectsJS();
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
async function time(f) {
  const ts = [];
  let out;
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    out = await f();
    ts.push(performance.now() - t0);
  }
  return { ms: median(ts), out };
}

await run("SELECT setseed(0.42)");
await run(`CREATE TABLE raw AS SELECT random() + 1e-3 AS w, random() + 1e-3 AS v FROM range(${N})`);
await run(
  "CREATE TABLE big AS SELECT w / (SELECT fsum(w) FROM raw) AS p, v / (SELECT fsum(v) FROM raw) AS q FROM raw",
);

const ours = measureSql({ dialect: "duckdb", measure: "kl", from: "big", p: "p", q: "q" }).sql;
const naive = "SELECT sum(p * ln(p / q)) AS value FROM big";
const a = await time(async () => (await run(ours))[0].value);
const b = await time(async () => (await run(naive))[0].value);
const c = await time(async () => {
  const r = await conn.runAndReadAll("SELECT p, q FROM big");
  const [p, q] = r.getColumnsJS();
  return klDivergence(Float64Array.from(p), Float64Array.from(q));
});
console.log(`\nKL of ${N.toExponential(0)} rows on DuckDB (median of ${REPS}, ms)`);
console.log("| method | ms | ratio to ours | value |");
console.log("|---|---:|---:|---|");
for (const [name, r] of [
  ["ours (measureSql)", a],
  ["naive sum(p*ln(p/q))", b],
  ["load into Node + klDivergence", c],
]) {
  console.log(`| ${name} | ${r.ms.toFixed(0)} | ${(r.ms / a.ms).toFixed(2)} | ${r.out} |`);
}

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
conn.closeSync();
inst.closeSync();
