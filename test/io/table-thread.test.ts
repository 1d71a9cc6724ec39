/**
 * readTableOffThread (built dist/: the worker's script is JavaScript): a table read on a worker
 * thread equals the one read on the calling thread, column by column and bit for bit, for CSV and
 * Parquet; a refusal comes back as the same TableReadError, with its fields.
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
