/**
 * Every measure on every engine (DuckDB in process, PostgreSQL, a 2-shard ClickHouse cluster)
 * equals the in-memory library's value to 1e-12 relative, on the shared fixture cases (one group
 * per case) and on 10⁵ generated rows (8 groups; 10⁶ for KL and JS on DuckDB), grouped results
 * included, the NULL group too; MI, conditional
 * entropy and PSI too; bad input refused clearly.
 */
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import type { Engine } from "../../src/engines/engine.js";
import {
  openClickHouse,
  openDuckDB,
  openEngine,
  openPostgres,
  runInformation,
  runMeasure,
  runPsi,
  type SqlResultRecord,
} from "../../src/engines/index.js";
import { SurprisalError } from "../../src/errors.js";
import {
  crossEntropy,
  entropy,
  hellinger,
  jsDivergence,
  klDivergence,
  renyiDivergence,
  totalVariation,
} from "../../src/index.js";
import type { SqlMeasure } from "../../src/sql/measures.js";
import type { MeasureOptions } from "../../src/types.js";
import { chPost, ensureEngines, generatedPairs, loadTable, type TestTable } from "./helpers.js";

type Ref = (p: number[] | Float64Array, q: number[] | Float64Array, o: MeasureOptions) => number;
const MEASURES: [string, SqlMeasure, Ref, number?][] = [
  ["kl", "kl", (p, q, o) => klDivergence(p, q, o)],
  ["cross-entropy", "cross-entropy", (p, q, o) => crossEntropy(p, q, o)],
  ["entropy", "entropy", (p, _q, o) => entropy(p, o)],
  ["js", "js", (p, q, o) => jsDivergence(p, q, o)],
  ["total-variation", "total-variation", (p, q, o) => totalVariation(p, q, o)],
  ["hellinger", "hellinger", (p, q, o) => hellinger(p, q, o)],
  ["renyi 0.5", "renyi", (p, q, o) => renyiDivergence(p, q, 0.5, o), 0.5],
  ["renyi 2", "renyi", (p, q, o) => renyiDivergence(p, q, 2, o), 2],
];

/** Relative error, with an absolute floor of 1e-300 for exact zeros and equal infinities as 0. */
function relErr(a: number, b: number): number {
  if (a === b) return 0;
  return Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
}

interface FixtureCase {
  name: string;
  input: string;
  p: number[];
  q: number[];
}
const fixture = JSON.parse(
  readFileSync(new URL("../../../shared/fixtures/discrete.json", import.meta.url), "utf8"),
) as { cases: FixtureCase[] };
const probCases = fixture.cases.filter((c) => c.input === "probabilities");
const countCases = fixture.cases.filter((c) => c.input === "counts");

function casesTable(name: string, cases: FixtureCase[]): TestTable {
  const t: TestTable = { name, g: [], cols: { p: [], q: [] } };
  for (const c of cases) {
    c.p.forEach((x, i) => {
      t.g.push(c.name);
      t.cols.p.push(x);
      t.cols.q.push(c.q[i]);
    });
  }
  return t;
}

// 10⁵ rows (8 groups of 12,500 outcomes; even groups nearly identical, D ≈ 1e-13) on every engine,
// and 10⁶ rows (8 × 125,000) for KL and JS on DuckDB: the engine tests stay well under 30 s.
const GEN = generatedPairs(8, 12_500, 20261124);
const GEN_BIG = generatedPairs(8, 125_000, 20261124);
GEN_BIG.table.name = "genbig";
const genOf = (_engine: string) => GEN;

/** Categorical data for MI / conditional entropy / PSI: 3 groups, x in 0..7, y depends on x. */
function categorical(): TestTable {
  const t: TestTable = { name: "cat", g: [], cols: { x: [], y: [] } };
  let s = 12345;
  const next = () => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return s / 2147483648;
  };
  for (let i = 0; i < 60_000; i++) {
    const g = i % 3;
    const x = Math.floor(next() * 8);
    const y = next() < 0.2 * g ? x % 4 : Math.floor(next() * 4);
    t.g.push(g);
    t.cols.x.push(x);
    t.cols.y.push(y);
  }
  return t;
}
const CAT = categorical();

interface Ctx {
  engine: Engine;
  /** Rows per shard of the generated table (ClickHouse), to show both shards took part. */
  shardCounts?: number[];
}
const ctx: Record<string, Ctx> = {};
let stop = () => {};
let CH_URLS: string[] = [];
let duckInstance: import("@duckdb/node-api").DuckDBInstance | undefined;
let duckConn: import("@duckdb/node-api").DuckDBConnection | undefined;

const table: {
  engine: string;
  measure: string;
  data: string;
  group: string;
  ours: number;
  mem: number;
  err: number;
}[] = [];

beforeAll(async () => {
  const urls = await ensureEngines();
  stop = urls.stop;
  CH_URLS = urls.chUrls;
  const { DuckDBInstance } = await import("@duckdb/node-api");
  duckInstance = await DuckDBInstance.create(":memory:");
  duckConn = await duckInstance.connect();
  const duck = await openDuckDB(duckConn);
  const pg = await openPostgres(urls.pgUrl);
  const ch = await openClickHouse(urls.chUrls);
  for (const [name, e] of [
    ["duckdb", duck],
    ["postgres", pg],
    ["clickhouse", ch],
  ] as const) {
    const c = urls.chUrls;
    await loadTable(e, casesTable("fx", probCases), c, duckConn);
    await loadTable(e, casesTable("fxc", countCases), c, duckConn);
    await loadTable(e, genOf(name).table, c, duckConn);
    await loadTable(e, CAT, c, duckConn);
    if (name === "duckdb") await loadTable(e, GEN_BIG.table, c, duckConn);
    ctx[name] = { engine: e };
  }
  const counts = await ch.queryShards("SELECT count() AS n FROM gen");
  ctx.clickhouse.shardCounts = counts.map((r) => Number(r[0].n));
}, 170_000);

afterAll(async () => {
  for (const c of Object.values(ctx)) await c.engine.close();
  duckConn?.closeSync();
  duckInstance?.closeSync();
  stop();
  if (table.length) {
    const worst = new Map<string, (typeof table)[number]>();
    for (const r of table) {
      const k = `${r.engine} ${r.measure} ${r.data}`;
      if (!worst.has(k) || (worst.get(k) as (typeof table)[number]).err < r.err) worst.set(k, r);
    }
    console.log(
      `agreement (worst group per engine, measure and data set):\n${[...worst.values()]
        .map(
          (r) =>
            `${r.engine.padEnd(10)} ${r.measure.padEnd(16)} ${r.data.padEnd(9)} ${r.group.padEnd(28)} ours=${r.ours} mem=${r.mem} err=${r.err.toExponential(1)}`,
        )
        .join("\n")}`,
    );
  }
});

function check(
  engine: string,
  data: string,
  label: string,
  recs: SqlResultRecord[],
  expected: Map<string, number>,
  tol: number,
) {
  expect(recs.map((r) => String(r.group))).toEqual([...expected.keys()].sort());
  for (const r of recs) {
    const mem = expected.get(String(r.group)) as number;
    const err = relErr(r.value, mem);
    table.push({ engine, measure: label, data, group: String(r.group), ours: r.value, mem, err });
    expect(
      err,
      `${engine} ${label} ${data} group ${String(r.group)}: ${r.value} vs ${mem}`,
    ).toBeLessThanOrEqual(mem === 0 ? 0 : tol);
  }
}

describe.each(["duckdb", "postgres", "clickhouse"])("%s", (name) => {
  test("ClickHouse rows come from both shards", () => {
    if (name !== "clickhouse") return;
    const counts = ctx.clickhouse.shardCounts as number[];
    console.log(`clickhouse rows per shard of gen: ${counts.join(" + ")}`);
    expect(counts.length).toBe(2);
    expect(counts[0]).toBeGreaterThan(0);
    expect(counts[1]).toBeGreaterThan(0);
    expect(counts[0] + counts[1]).toBe(GEN.table.g.length);
  });

  test.each(MEASURES)(
    "%s on the fixture cases (one group per case)",
    async (label, measure, ref, alpha) => {
      const { engine } = ctx[name];
      for (const [t, cases, input] of [
        ["fx", probCases, "probabilities"],
        ["fxc", countCases, "counts"],
      ] as const) {
        const recs = await runMeasure(engine, {
          measure,
          from: t,
          p: "p",
          q: "q",
          groupBy: "g",
          input,
          alpha,
        });
        const exp = new Map(cases.map((c) => [c.name, ref(c.p, c.q, { input })]));
        check(name, t, label, recs, exp, 1e-12);
      }
    },
  );

  test.each(MEASURES)("%s on 10⁵ generated rows, 8 groups", async (label, measure, ref, alpha) => {
    const { engine } = ctx[name];
    const GEN = genOf(name);
    const recs = await runMeasure(engine, {
      measure,
      from: "gen",
      p: "p",
      q: "q",
      groupBy: "g",
      alpha,
    });
    const exp = new Map(GEN.p.map((p, k) => [String(k), ref(p, GEN.q[k], {})]));
    check(name, "gen", label, recs, exp, 1e-12);
  });

  test.each(MEASURES.filter(([l]) => l === "kl" || l === "js"))(
    "%s on 10⁶ generated rows, 8 groups (DuckDB)",
    async (label, measure, ref) => {
      if (name !== "duckdb") return;
      const recs = await runMeasure(ctx[name].engine, {
        measure,
        from: "genbig",
        p: "p",
        q: "q",
        groupBy: "g",
      });
      const exp = new Map(GEN_BIG.p.map((p, k) => [String(k), ref(p, GEN_BIG.q[k], {})]));
      check(name, "genbig", label, recs, exp, 1e-12);
    },
  );

  test("rows whose group value is NULL form a group of their own (one-pass and two-pass)", async () => {
    const { engine } = ctx[name];
    const t: TestTable = {
      name: "nullg",
      g: ["a", "a", null, null, "b", "b"],
      cols: { p: [0.5, 0.5, 0.25, 0.75, 0.2, 0.8], q: [0.9, 0.1, 0.5, 0.5, 0.3, 0.7] },
    };
    await loadTable(engine, t, CH_URLS, duckConn);
    const from = "nullg";
    for (const [label, measure, ref] of MEASURES.filter(([l]) =>
      ["kl", "entropy", "js", "renyi 2"].includes(l),
    )) {
      const alpha = label === "renyi 2" ? 2 : undefined;
      const recs = await runMeasure(engine, { measure, from, p: "p", q: "q", groupBy: "g", alpha });
      expect(recs.map((r) => r.group).sort(), label).toEqual(["a", "b", null].sort());
      const nul = recs.find((r) => r.group === null) as SqlResultRecord;
      expect(nul.n, label).toBe(2);
      const v = ref([0.25, 0.75], [0.5, 0.5], {});
      table.push({
        engine: name,
        measure: label,
        data: "nullg",
        group: "NULL",
        ours: nul.value,
        mem: v,
        err: relErr(nul.value, v),
      });
      expect(relErr(nul.value, v), label).toBeLessThan(1e-14);
    }
  });

  test("MI, H(Y|X) and PSI keep the rows whose group value is NULL as a group of their own", async () => {
    const { engine } = ctx[name];
    // x, y as small whole numbers; the NULL group is x = [0, 0, 1, 1], y = [0, 1, 1, 1].
    const t: TestTable = {
      name: "nulli",
      g: ["a", "a", "a", null, null, null, null, "b", "b"],
      cols: { x: [0, 1, 1, 0, 0, 1, 1, 0, 1], y: [0, 1, 0, 0, 1, 1, 1, 1, 0] },
    };
    await loadTable(engine, t, CH_URLS, duckConn);
    // On ClickHouse the rows are split between the shards: the Distributed table reads both.
    const from = name === "clickhouse" ? "nulli_dist" : "nulli";
    const base = { from, x: "x", y: "y", groupBy: "g" };
    const mi = await runInformation(engine, { ...base, measure: "mutual-information" });
    const ce = await runInformation(engine, { ...base, measure: "conditional-entropy" });
    const ref = [
      { bin: 0, weight: 1 },
      { bin: 1, weight: 3 },
    ];
    const psi = await runPsi(engine, {
      from,
      column: "x",
      groupBy: "g",
      reference: ref,
      edges: [0.5],
    });
    // References of the NULL group, from its 2×2 joint counts [[1, 1], [0, 2]].
    const joint = [1, 1, 0, 2];
    const prod = [2 * 1, 2 * 3, 2 * 1, 2 * 3];
    const miRef = klDivergence(joint, prod, { input: "counts" });
    const ceRef = entropy(joint, { input: "counts" }) - entropy([2, 2], { input: "counts" });
    const psiRef =
      klDivergence([2, 2], [1, 3], { input: "counts" }) +
      klDivergence([1, 3], [2, 2], { input: "counts" });
    for (const [label, recs, want] of [
      ["mutual information", mi, miRef],
      ["conditional entropy", ce, ceRef],
      ["psi", psi, psiRef],
    ] as const) {
      expect(recs.map((r) => r.group).sort(), label).toEqual(["a", "b", null].sort());
      const nul = recs.find((r) => r.group === null) as SqlResultRecord;
      expect(nul.n, label).toBe(4);
      table.push({
        engine: name,
        measure: label,
        data: "nulli",
        group: "NULL",
        ours: nul.value,
        mem: want,
        err: relErr(nul.value, want),
      });
      expect(relErr(nul.value, want), label).toBeLessThan(1e-14);
    }
  });

  test("KL ungrouped, in bits", async () => {
    const { engine } = ctx[name];
    const recs = await runMeasure(engine, {
      measure: "kl",
      from: "fx",
      p: "p",
      q: "q",
      input: "counts",
      base: "bits",
    });
    const all = probCases.flatMap((c) => c.p);
    const allq = probCases.flatMap((c) => c.q);
    expect(recs).toHaveLength(1);
    expect(recs[0].group).toBeNull();
    expect(recs[0].unit).toBe("bits");
    expect(
      relErr(recs[0].value, klDivergence(all, allq, { input: "counts", base: "bits" })),
    ).toBeLessThan(1e-12);
  });

  test("mutual information, conditional entropy and PSI per group", async () => {
    const { engine } = ctx[name];
    // On ClickHouse the joint counts come from the Distributed table (both shards).
    const from = name === "clickhouse" ? "cat_dist" : "cat";
    const mi = await runInformation(engine, {
      measure: "mutual-information",
      from,
      x: "x",
      y: "y",
      groupBy: "g",
    });
    const ce = await runInformation(engine, {
      measure: "conditional-entropy",
      from,
      x: "x",
      y: "y",
      groupBy: "g",
    });
    const ref = [0.3, 0.1, 0.2, 0.1, 0.1, 0.05, 0.1, 0.05].map((w, b) => ({ bin: b, weight: w }));
    // x is a DOUBLE column here: bins by edges (labels compared as text would read "0.0" on DuckDB).
    const edges = [0.5, 1.5, 2.5, 3.5, 4.5, 5.5, 6.5];
    const psi = await runPsi(engine, { from, column: "x", groupBy: "g", reference: ref, edges });
    expect(mi).toHaveLength(3);
    for (let g = 0; g < 3; g++) {
      const joint = new Float64Array(32);
      for (let i = 0; i < CAT.g.length; i++) {
        if (CAT.g[i] === g) joint[(CAT.cols.x[i] as number) * 4 + (CAT.cols.y[i] as number)]++;
      }
      const nx = new Float64Array(8);
      const ny = new Float64Array(4);
      joint.forEach((v, k) => {
        nx[Math.floor(k / 4)] += v;
        ny[k % 4] += v;
      });
      const prod = Float64Array.from(joint, (_, k) => nx[Math.floor(k / 4)] * ny[k % 4]);
      const miRef = klDivergence(joint, prod, { input: "counts" });
      const ceRef = entropy(joint, { input: "counts" }) - entropy(nx, { input: "counts" });
      const a = nx;
      const e = Float64Array.from(ref, (r) => r.weight);
      const psiRef =
        klDivergence(a, e, { input: "counts" }) + klDivergence(e, a, { input: "counts" });
      for (const [label, recs, v, tol] of [
        ["mutual-information", mi, miRef, 1e-12],
        ["conditional-entropy", ce, ceRef, 1e-13],
        ["psi", psi, psiRef, 1e-12],
      ] as const) {
        const r = recs[g];
        const err = relErr(r.value, v);
        table.push({
          engine: name,
          measure: label,
          data: "cat",
          group: String(g),
          ours: r.value,
          mem: v,
          err,
        });
        expect(r.group).toBe(g);
        expect(err, `${label} group ${g}`).toBeLessThan(tol);
      }
    }
  });

  test("NULL and negative values are counted per group and refused, or dropped on request", async () => {
    const { engine } = ctx[name];
    const t: TestTable = {
      name: "bad",
      g: ["a", "a", "a", "b", "b", "b"],
      cols: { p: [0.5, 0.5, null, 0.5, 0.5, -0.25], q: [0.5, 0.25, 0.25, 0.5, 0.5, 0.5] },
    };
    await loadTable(engine, t, CH_URLS, duckConn);
    const err = await runMeasure(engine, {
      measure: "kl",
      from: "bad",
      p: "p",
      q: "q",
      groupBy: "g",
    }).catch((e) => e);
    expect(err).toBeInstanceOf(SurprisalError);
    expect(err.code).toBe("null");
    expect(err.message).toContain('group "a": 1 NULL');
    expect(err.message).toContain('group "b": 1 negative');
    const recs = await runMeasure(engine, {
      measure: "kl",
      from: "bad",
      p: "p",
      q: "q",
      groupBy: "g",
      input: "counts",
      invalidRows: "drop",
    });
    expect(recs.map((r) => [r.group, r.n, r.invalid, r.nulls, r.negative])).toEqual([
      ["a", 3, 1, 1, 0],
      ["b", 3, 1, 0, 1],
    ]);
    expect(
      relErr(recs[0].value, klDivergence([0.5, 0.5], [0.5, 0.25], { input: "counts" })),
    ).toBeLessThan(1e-14);
    expect(recs[1].value).toBe(0);
  });

  test("a missing table or column is named with the ones there are; a text column is refused", async () => {
    const { engine } = ctx[name];
    const e1 = await runMeasure(engine, { measure: "kl", from: "nope", p: "p", q: "q" }).catch(
      (e) => e,
    );
    expect(e1).toBeInstanceOf(SurprisalError);
    expect(e1.code).toBe("not-found");
    expect(e1.message).toMatch(/table "nope" does not exist.*gen/);
    const e2 = await runMeasure(engine, { measure: "kl", from: "gen", p: "p", q: "qq" }).catch(
      (e) => e,
    );
    expect(e2.code).toBe("not-found");
    expect(e2.message).toContain('column "qq" is not in "gen"; its columns: g, p, q');
    const e3 = await runMeasure(engine, { measure: "kl", from: "fx", p: "g", q: "q" }).catch(
      (e) => e,
    );
    expect(e3.code).toBe("wrong-type");
  });

  test("hostile identifiers and group values stay names and values", async () => {
    const { engine } = ctx[name];
    const hostile = `x"; DROP TABLE gen; --\`'`;
    const t: TestTable = {
      name: `t${hostile}`,
      g: [`a'); DROP TABLE gen; --`, `a'); DROP TABLE gen; --`, `b\\"\``, `b\\"\``],
      cols: { [`p${hostile}`]: [0.5, 0.5, 0.2, 0.8], [`q ${hostile}`]: [0.9, 0.1, 0.3, 0.7] },
    };
    if (engine.dialect === "clickhouse") {
      // Names in the loader are quoted by hand there; use the runner's quoting through a safe copy.
      const urls = CH_URLS;
      for (const u of urls) {
        await chPost(u, "DROP TABLE IF EXISTS `t\\`hostile'\"`");
        await chPost(
          u,
          "CREATE TABLE `t\\`hostile'\"` (`g\\`'` String, `p\"; DROP TABLE gen; --` Float64, `q'\\`` Float64) ENGINE = Memory",
        );
      }
      await chPost(
        urls[0],
        "INSERT INTO `t\\`hostile'\"` VALUES ('a\\'); DROP TABLE gen; --', 0.5, 0.9), ('a\\'); DROP TABLE gen; --', 0.5, 0.1)",
      );
      await chPost(
        urls[1],
        "INSERT INTO `t\\`hostile'\"` VALUES ('b\\\\\"`', 0.2, 0.3), ('b\\\\\"`', 0.8, 0.7)",
      );
      const recs = await runMeasure(engine, {
        measure: "kl",
        from: "t`hostile'\"",
        p: 'p"; DROP TABLE gen; --',
        q: "q'`",
        groupBy: "g`'",
        input: "counts",
      });
      expect(recs.map((r) => r.group)).toEqual([`a'); DROP TABLE gen; --`, `b\\"\``]);
      expect(relErr(recs[0].value, klDivergence([0.5, 0.5], [0.9, 0.1]))).toBeLessThan(1e-14);
    } else {
      await engine.query(`DROP TABLE IF EXISTS "${t.name.replace(/"/g, '""')}"`);
      await engine.query(
        `CREATE TABLE "${t.name.replace(/"/g, '""')}" ("g${hostile.replace(/"/g, '""')}" TEXT, "p${hostile.replace(/"/g, '""')}" DOUBLE PRECISION, "q ${hostile.replace(/"/g, '""')}" DOUBLE PRECISION)`,
      );
      const rows = t.g.map(
        (g, i) =>
          `('${String(g).replace(/'/g, "''")}', ${t.cols[`p${hostile}`][i]}, ${t.cols[`q ${hostile}`][i]})`,
      );
      await engine.query(`INSERT INTO "${t.name.replace(/"/g, '""')}" VALUES ${rows.join(", ")}`);
      const recs = await runMeasure(engine, {
        measure: "kl",
        from: t.name,
        p: `p${hostile}`,
        q: `q ${hostile}`,
        groupBy: `g${hostile}`,
      });
      expect(recs.map((r) => r.group)).toEqual([`a'); DROP TABLE gen; --`, `b\\"\``]);
      expect(relErr(recs[0].value, klDivergence([0.5, 0.5], [0.9, 0.1]))).toBeLessThan(1e-14);
      expect(relErr(recs[1].value, klDivergence([0.2, 0.8], [0.3, 0.7]))).toBeLessThan(1e-14);
    }
    // gen is still there.
    const still = await runMeasure(engine, {
      measure: "total-variation",
      from: "gen",
      p: "p",
      q: "q",
      input: "counts",
    });
    expect(still[0].n).toBe(genOf(name).table.g.length);
  });
});

test("an unreachable server is one clear SurprisalError", async () => {
  for (const db of ["postgres://postgres@127.0.0.1:1/postgres", "clickhouse://127.0.0.1:1"]) {
    const e = await openEngine(db).catch((x) => x);
    expect(e).toBeInstanceOf(SurprisalError);
    expect(e.code).toBe("unreachable");
    expect(e.message.split("\n")).toHaveLength(1);
  }
});
