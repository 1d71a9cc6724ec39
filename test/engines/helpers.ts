/**
 * Test helpers for the engines: start the servers (scripts/engines/start.sh) unless the environment
 * names running ones, load tables exactly (binary or round-trip text), generate seeded data.
 */
import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import type { Engine } from "../../src/engines/engine.js";
import { createRng } from "../../src/numeric/rng.js";

const ROOT = join(dirname(fileURLToPath(import.meta.url)), "../..");
const DIR = process.env.SURPRISAL_ENGINES_DIR ?? "/tmp/surprisal-engines";

export const INSTALL_HINT =
  "start them with `bash scripts/engines/start.sh` (it installs what is missing: apt-get install -y postgresql clickhouse-server clickhouse-client; PostgreSQL runs as the postgres user), or set SURPRISAL_PG_URL and SURPRISAL_CH_URLS (comma-separated HTTP URLs, one per shard)";

function readEnvFile(): Record<string, string> {
  const f = join(DIR, "env");
  if (!existsSync(f)) return {};
  const out: Record<string, string> = {};
  for (const line of readFileSync(f, "utf8").split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) out[line.slice(0, i)] = line.slice(i + 1);
  }
  return out;
}

async function answers(pgUrl: string | undefined, chUrls: string | undefined): Promise<boolean> {
  if (!pgUrl || !chUrls) return false;
  try {
    for (const u of chUrls.split(",")) {
      const r = await fetch(`${u}/ping`, { signal: AbortSignal.timeout(2000) });
      if (!r.ok) return false;
    }
    const pg = (await import("pg")).default;
    const c = new pg.Client({ connectionString: pgUrl, connectionTimeoutMillis: 2000 });
    await c.connect();
    await c.end();
    return true;
  } catch {
    return false;
  }
}

/**
 * The URLs of PostgreSQL and the ClickHouse shards: from the environment, from a running
 * start.sh, or by running start.sh now (then `stop` stops them). Throws with the install hint.
 */
export async function ensureEngines(): Promise<{
  pgUrl: string;
  chUrls: string[];
  stop: () => void;
}> {
  let pgUrl = process.env.SURPRISAL_PG_URL;
  let chUrls = process.env.SURPRISAL_CH_URLS;
  if (!(await answers(pgUrl, chUrls))) {
    const env = readEnvFile();
    pgUrl = env.SURPRISAL_PG_URL;
    chUrls = env.SURPRISAL_CH_URLS;
  }
  let started = false;
  if (!(await answers(pgUrl, chUrls))) {
    try {
      execFileSync("bash", [join(ROOT, "scripts/engines/start.sh")], {
        stdio: "pipe",
        timeout: 170_000,
      });
    } catch (e) {
      // A partial start (one server up, another not) is stopped again by the PIDs it recorded.
      try {
        execFileSync("bash", [join(ROOT, "scripts/engines/stop.sh")], { stdio: "pipe" });
      } catch {
        // nothing recorded
      }
      const err = e as { stderr?: Buffer; message: string };
      throw new Error(
        `the database engines could not be started: ${err.stderr?.toString().trim().split("\n").slice(-3).join(" | ") ?? err.message}. ${INSTALL_HINT}`,
      );
    }
    started = true;
    const env = readEnvFile();
    pgUrl = env.SURPRISAL_PG_URL;
    chUrls = env.SURPRISAL_CH_URLS;
    if (!(await answers(pgUrl, chUrls))) {
      throw new Error(`the database engines were started but do not answer. ${INSTALL_HINT}`);
    }
  }
  return {
    pgUrl: pgUrl as string,
    chUrls: (chUrls as string).split(","),
    stop: () => {
      if (started) execFileSync("bash", [join(ROOT, "scripts/engines/stop.sh")], { stdio: "pipe" });
    },
  };
}

/** Columns of a test table: an integer or string group, and float columns. */
export interface TestTable {
  name: string;
  /** Group column (integers or strings; null for a NULL group value). */
  g: (number | string | null)[];
  cols: Record<string, (number | null)[]>;
}

/** Creates `t` on an engine and loads it exactly (ClickHouse: row i on shard i % shards). */
export async function loadTable(
  engine: Engine,
  t: TestTable,
  chUrls?: string[],
  duck?: import("@duckdb/node-api").DuckDBConnection,
): Promise<void> {
  const names = Object.keys(t.cols);
  const stringGroups = t.g.some((x) => typeof x === "string");
  const nullGroups = t.g.some((x) => x === null);
  const n = t.g.length;
  if (engine.dialect === "duckdb" && duck !== undefined) {
    // The appender: exact doubles, no text.
    await engine.query(`DROP TABLE IF EXISTS "${t.name}"`);
    await engine.query(
      `CREATE TABLE "${t.name}" (g ${stringGroups ? "VARCHAR" : "INTEGER"}, ${names.map((c) => `"${c}" DOUBLE`).join(", ")})`,
    );
    const a = await duck.createAppender(t.name);
    for (let i = 0; i < n; i++) {
      if (t.g[i] === null) a.appendNull();
      else if (stringGroups) a.appendVarchar(String(t.g[i]));
      else a.appendInteger(t.g[i] as number);
      for (const c of names) {
        const v = t.cols[c][i];
        if (v === null) a.appendNull();
        else a.appendDouble(v);
      }
      a.endRow();
    }
    a.closeSync();
    return;
  }
  if (engine.dialect === "duckdb" || engine.dialect === "postgres") {
    // Through a CSV file: numbers as shortest round-trip text, parsed correctly rounded by both.
    const pg = engine.dialect === "postgres";
    const gType = stringGroups ? "TEXT" : "INTEGER";
    const q = (x: string) => `"${x.replace(/"/g, '""')}"`;
    await engine.query(`DROP TABLE IF EXISTS ${q(t.name)}`);
    await engine.query(
      `CREATE TABLE ${q(t.name)} (g ${gType}, ${names.map((c) => `${q(c)} DOUBLE PRECISION`).join(", ")})`,
    );
    const lines: string[] = [];
    for (let i = 0; i < n; i++) {
      const gv =
        t.g[i] === null
          ? ""
          : stringGroups
            ? `"${String(t.g[i]).replace(/"/g, '""')}"`
            : String(t.g[i]);
      lines.push(
        `${gv},${names.map((c) => (t.cols[c][i] === null ? "" : String(t.cols[c][i]))).join(",")}`,
      );
    }
    const file = join(
      tmpdir(),
      `surprisal-test-${process.pid}-${t.name.replace(/[^a-z0-9]/gi, "_")}.csv`,
    );
    writeFileSync(file, `${lines.join("\n")}\n`);
    try {
      await engine.query(
        pg
          ? `COPY ${q(t.name)} FROM '${file}' WITH (FORMAT csv)`
          : `COPY ${q(t.name)} FROM '${file}' (FORMAT csv, HEADER false)`,
      );
    } finally {
      unlinkSync(file);
    }
    return;
  }
  // ClickHouse: a local MergeTree table on each shard, rows in RowBinary (exact float64 bytes), and
  // a Distributed table over them.
  const urls = chUrls ?? [];
  const gType0 = stringGroups ? "String" : "Int32";
  const gType = nullGroups ? `Nullable(${gType0})` : gType0;
  const cols = `g ${gType}, ${names.map((c) => `\`${c}\` Nullable(Float64)`).join(", ")}`;
  for (const [k, u] of urls.entries()) {
    await chPost(u, `DROP TABLE IF EXISTS \`${t.name}\``);
    await chPost(u, `DROP TABLE IF EXISTS \`${t.name}_dist\``);
    await chPost(
      u,
      nullGroups
        ? `CREATE TABLE \`${t.name}\` (${cols}) ENGINE = Memory`
        : `CREATE TABLE \`${t.name}\` (${cols}) ENGINE = MergeTree ORDER BY g`,
    );
    await chPost(
      u,
      `CREATE TABLE \`${t.name}_dist\` (${cols}) ENGINE = Distributed(surprisal, default, \`${t.name}\`)`,
    );
    let size = 0;
    for (let i = k; i < n; i += urls.length) {
      size += nullGroups ? 1 : 0;
      if (t.g[i] !== null) size += stringGroups ? 1 + Buffer.byteLength(String(t.g[i])) : 4;
      for (const c of names) size += t.cols[c][i] === null ? 1 : 9;
    }
    const buf = Buffer.alloc(size);
    let o = 0;
    for (let i = k; i < n; i += urls.length) {
      if (nullGroups) buf[o++] = t.g[i] === null ? 1 : 0;
      if (t.g[i] === null) {
        // NULL group value: the flag byte only.
      } else if (stringGroups) {
        const b = Buffer.from(String(t.g[i]), "utf8");
        buf[o++] = b.length;
        o += b.copy(buf, o);
      } else {
        o = buf.writeInt32LE(t.g[i] as number, o);
      }
      for (const c of names) {
        const v = t.cols[c][i];
        if (v === null) buf[o++] = 1;
        else {
          buf[o++] = 0;
          o = buf.writeDoubleLE(v, o);
        }
      }
    }
    await chPost(u, `INSERT INTO \`${t.name}\` FORMAT RowBinary`, buf);
  }
}

/** Runs one ClickHouse statement over HTTP (query in the URL, data in the body). */
export async function chPost(url: string, sql: string, body?: Buffer): Promise<string> {
  const r = await fetch(body ? `${url}/?query=${encodeURIComponent(sql)}` : `${url}/`, {
    method: "POST",
    body: body ? new Uint8Array(body) : sql,
  });
  const text = await r.text();
  if (!r.ok) throw new Error(`clickhouse: ${text}`);
  return text;
}

/** Seeded test data: `groups` groups of `m` outcomes each, P and Q probabilities per group. */
export function generatedPairs(
  groups: number,
  m: number,
  seed: number,
): { table: TestTable; p: Float64Array[]; q: Float64Array[] } {
  const rng = createRng(seed);
  const g: number[] = [];
  const pc: number[] = [];
  const qc: number[] = [];
  const ps: Float64Array[] = [];
  const qs: Float64Array[] = [];
  for (let k = 0; k < groups; k++) {
    const w = new Float64Array(m);
    const v = new Float64Array(m);
    for (let i = 0; i < m; i++) {
      w[i] = rng.nextFloat() + 1e-3;
      // Even groups: Q within 1e-6 of P (D ≈ 1e-13); odd groups: independent.
      v[i] = k % 2 === 0 ? w[i] * (1 + 2e-6 * (rng.nextFloat() - 0.5)) : rng.nextFloat() + 1e-3;
    }
    // Three zeros in P (q > 0 there) keep the zero branches in play.
    w[0] = 0;
    w[1] = 0;
    w[2] = 0;
    const sw = w.reduce((a, b) => a + b, 0);
    const sv = v.reduce((a, b) => a + b, 0);
    const p = w.map((x) => x / sw);
    const q = v.map((x) => x / sv);
    ps.push(p);
    qs.push(q);
    for (let i = 0; i < m; i++) {
      g.push(k);
      pc.push(p[i]);
      qc.push(q[i]);
    }
  }
  return { table: { name: "gen", g, cols: { p: pc, q: qc } }, p: ps, q: qs };
}
