/**
 * readCsv reads fields from bytes (numbers parsed from their bytes, categories looked up by their
 * bytes) and falls back to text for anything else: both paths give the values the text path
 * gives, whatever the field's form and wherever the 1 MiB reading blocks end.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import type { EncodedColumn } from "../../src/drift/columns.js";
import { readCsv } from "../../src/io/csv.js";
import { TableReadError } from "../../src/io/errors.js";

const tmp = mkdtempSync(join(tmpdir(), "surprisal-csv-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
let k = 0;
const file = (text: string | Buffer): string => {
  const path = join(tmp, `t${k++}.csv`);
  writeFileSync(path, text);
  return path;
};
/** A categorical column as its labels row by row (null for missing). */
const labels = (c: unknown): (string | null)[] => {
  const e = c as EncodedColumn;
  return Array.from(e.codes, (code) => (code < 0 ? null : (e.labels[code] as string)));
};
/** `rows` filler rows after the header, so that the rows under test are read from bytes. */
const filler = (rows: number, row: string): string => `${row}\n`.repeat(rows);

describe("readCsv: the byte path gives the text path's values", () => {
  test("numbers of every form, after the 1000 rows that decide the types", async () => {
    const tail = [
      "0.1",
      " 7 ",
      "-0",
      "+4",
      "1e5",
      "12345678901234567",
      "1.2345678901234567890",
      ".5",
      "NA",
      '"2.5"',
      "1.5\r",
    ];
    const t = await readCsv(file(`x\n${filler(1000, "1")}${tail.join("\n")}\n`));
    const x = Array.from((t.columns.x as Float64Array).subarray(1000));
    expect(x.map((v) => (Object.is(v, -0) ? "-0" : v))).toEqual([
      0.1,
      7,
      "-0",
      4,
      1e5,
      Number("12345678901234567"),
      Number("1.2345678901234567890"),
      0.5,
      Number.NaN,
      2.5,
      1.5,
    ]);
  });

  test("categories: quotes, delimiters and line breaks in quotes, spaces, missing tokens, UTF-8", async () => {
    const tail = [
      '"a,b"',
      '"say ""hi"""',
      '"two\nlines"',
      " a ",
      "a",
      "NA",
      "é",
      "日本",
      '""',
      '"ab"cd',
    ];
    const t = await readCsv(
      file(`c,n\n${filler(1000, "a,1")}${tail.map((v) => `${v},2`).join("\r\n")}\r\n`),
    );
    expect(t.types.c).toBe("categorical");
    expect(labels(t.columns.c).slice(1000)).toEqual([
      "a,b",
      'say "hi"',
      "two\nlines",
      "a",
      "a",
      null,
      "é",
      "日本",
      null,
      "abcd",
    ]);
    expect(Array.from((t.columns.n as Float64Array).subarray(1000))).toEqual(Array(10).fill(2));
  });

  test("a BOM before the header, and records across reading blocks", async () => {
    const rows = 200_000; // ~2.6 MB: several 1 MiB blocks
    let text = "\ufeffid,x,label\n";
    for (let i = 0; i < rows; i++)
      text += `${i},${(i % 997) / 8},${i % 3 === 0 ? '"q,\nr"' : `l${i % 5}`}\n`;
    const t = await readCsv(file(text));
    expect(t.names).toEqual(["id", "x", "label"]);
    expect(t.rows).toBe(rows);
    const id = t.columns.id as Float64Array;
    const x = t.columns.x as Float64Array;
    const lab = labels(t.columns.label);
    for (let i = 0; i < rows; i += 1237) {
      expect(id[i]).toBe(i);
      expect(x[i]).toBe((i % 997) / 8);
      expect(lab[i]).toBe(i % 3 === 0 ? "q,\nr" : `l${i % 5}`);
    }
  });

  test("an unparsable number names its file, line (after multi-line fields), column and value", async () => {
    const path = file(`n,c\n${filler(1000, '1,"x\ny"')}2,a\nthirty,b\n`);
    const e = (await readCsv(path).catch((err: unknown) => err)) as TableReadError;
    expect(e).toBeInstanceOf(TableReadError);
    // header line 1, 1000 rows of two lines each, then "2,a" on line 2002: "thirty" is on 2003.
    expect({ line: e.line, column: e.column, value: e.value }).toEqual({
      line: 2003,
      column: "n",
      value: "thirty",
    });
    expect(e.message).toBe(
      `${path}, line 2003: column "n": "thirty" is not a number (the column's other values are)`,
    );
  });
});
