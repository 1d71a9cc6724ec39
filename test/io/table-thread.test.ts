/**
 * readTableOffThread (built dist/: the worker's script is JavaScript): a table read on a worker
 * thread equals the one read on the calling thread, column by column and bit for bit, for CSV and
 * Parquet; a refusal comes back as the same TableReadError, with its fields. readDriftTables
 * (counted categories) gives the same drift report, byte for byte, as plain reads.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { assertBuilt, root } from "../cli/run.js";

type NodeApi = typeof import("../../src/node.js");
let api: NodeApi;
const dir = resolve(root, "test/fixtures/drift");
const tmp = mkdtempSync(join(tmpdir(), "surprisal-table-thread-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

beforeAll(async () => {
  assertBuilt();
  api = (await import(resolve(root, "dist/node.js"))) as NodeApi;
});

describe("readTableOffThread", () => {
  for (const file of ["reference.csv", "current.parquet"]) {
    test(`${file}: the same table as on the calling thread`, async () => {
      const here = await api.readTable(join(dir, file));
      const there = await api.readTableOffThread(join(dir, file), { offThread: "always" });
      expect(there.names).toEqual(here.names);
      expect(there.types).toEqual(here.types);
      expect(there.rows).toBe(here.rows);
      for (const name of Object.keys(here.columns)) {
        const a = here.columns[name];
        const b = there.columns[name];
        if (a instanceof Float64Array) {
          expect(b).toBeInstanceOf(Float64Array);
          expect(
            Buffer.from((b as Float64Array).buffer, (b as Float64Array).byteOffset, a.byteLength),
          ).toEqual(Buffer.from(a.buffer, a.byteOffset, a.byteLength));
        } else {
          expect(b).toEqual(a);
        }
      }
    });
  }
  test("a refusal is the same TableReadError, file and line included", async () => {
    const bad = join(tmp, "bad.csv");
    writeFileSync(bad, "x,y\n1,a\n2,b\nthree,c,extra\n");
    const here = await api.readTable(bad).catch((e: unknown) => e);
    const there = await api
      .readTableOffThread(bad, { offThread: "always" })
      .catch((e: unknown) => e);
    expect(there).toBeInstanceOf(api.TableReadError);
    expect(here).toBeInstanceOf(api.TableReadError);
    const fields = (e: unknown) => {
      const t = e as InstanceType<NodeApi["TableReadError"]>;
      return { message: t.message, file: t.file, line: t.line, column: t.column, value: t.value };
    };
    expect(fields(there)).toEqual(fields(here));
  });
});

describe("readDriftTables: each column as a sample", () => {
  type Index = typeof import("../../src/index.js");
  let index: Index;
  beforeAll(async () => {
    index = (await import(resolve(root, "dist/index.js"))) as Index;
  });
  for (const ext of ["parquet", "csv"]) {
    test(`${ext}: the same drift report as plain reads; categories counted`, async () => {
      const ref = join(dir, `reference.${ext}`);
      const cur = join(dir, `current.${ext}`);
      const [r, c] = await api.readDriftTables(ref, cur);
      const [r0, c0] = [await api.readTable(ref), await api.readTable(cur)];
      expect(JSON.stringify(index.driftReport(r.columns, c.columns))).toBe(
        JSON.stringify(index.driftReport(r0.columns, c0.columns)),
      );
      for (const [t, t0] of [
        [r, r0],
        [c, c0],
      ] as const) {
        for (const name of t0.names) {
          const a = t.columns[name];
          const a0 = t0.columns[name];
          if (a0 instanceof Float64Array) {
            expect(a).toEqual(a0);
          } else if (ext === "parquet" && t.types[name] === "categorical") {
            // counted by DuckDB: the same counts per label as the codes give
            const counted = a as { labels: string[]; counts: Float64Array; missing: number };
            const coded = a0 as { labels: string[]; codes: Int32Array };
            const want = new Map<string, number>();
            let missing = 0;
            for (const k of coded.codes) {
              if (k < 0) missing++;
              else
                want.set(coded.labels[k] as string, (want.get(coded.labels[k] as string) ?? 0) + 1);
            }
            expect(counted.missing).toBe(missing);
            expect(new Map(counted.labels.map((l, k) => [l, counted.counts[k]]))).toEqual(want);
          }
        }
      }
    });
  }
});
