import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { parseDecimalBytes } from "../../src/io/decimal.js";
import { read, same } from "../helpers/csv-read.js";

/**
 * The numeric CSV fast path (fast-csv.ts, decimal.ts) against the general path (csv-parse), which
 * reads the same bytes through standard input (the fast path declines stdin): the same values, line
 * numbers and labels, the same refusals.
 */
describe("fast CSV path = csv-parse path", () => {
  it("headers, labels, blank lines, CRLF, a BOM, spaces, no final line break", async () => {
    await same("p,q\n0.25,0.5\n0.75,0.5\n", ["p", "q"]);
    await same("0.25,0.5\n0.75,0.5", ["1", "2"]);
    await same("\ufeffp,q\r\n0.25 , 0.5\r\n\r\n 0.75,0.5\r\n", ["p", "q"]);
    await same("label,p,q\na,1,2\nb,3,4\n\nc,5,6\n", ["p", "q"]);
    await same("a,1,2\nb,3,4\n", ["2", "3"]);
    await same("p\n1\n2\n3\n", [undefined]);
    await same("p,q\n1e-3,2E+2\n.5,5.\n-0,+7\n", ["p", "q"]);
    await same('p,q\n1,2\n3,"4"\n5,6\n', ["p", "q"]);
  });

  it("refusals: not a number, a missing column, special values passed on", async () => {
    await same("p,q\n1,2\n3,abc\n", ["p", "q"]);
    await same("p,q\n1,2\n3\n", ["p", "q"]);
    await same("p,q\n1,inf\nnan,2\n", ["p", "q"]);
    await same("p,q\n1,2\n", ["p", "r"]);
    await same("p,q\n1,2\n,\n", ["p", "q"]);
  });

  it("many chunks: a 300,000-line file", async () => {
    const rows = ["p,q"];
    for (let i = 0; i < 300_000; i++)
      rows.push(`${(i * 0.1234567).toPrecision(17)},${1 / (i + 1)}`);
    await same(`${rows.join("\n")}\n`, ["p", "q"]);
  });

  test.prop([
    fc.array(
      fc.tuple(
        fc.oneof(fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer()),
        fc.constantFrom("", " ", "e0"),
      ),
      { minLength: 1, maxLength: 40 },
    ),
  ])("random values written in several forms", async (cells) => {
    const text = cells.map(([x, pad]) => {
      const s = typeof x === "number" && !Number.isInteger(x) ? x.toExponential() : String(x);
      return `${pad}${s}${pad === "e0" ? "" : pad}`;
    });
    await same(`v\n${text.join("\n")}\n`, ["v"]);
  });
});

describe("the one-pass line reader = csv-parse path", () => {
  // Lines of 1–4 fields, the wanted ones numbers written in several forms, the others text or
  // numbers, with spaces, tabs, CRLF, blank lines, quotes, short lines and extra fields: every
  // line the one-pass reader takes must read as csv-parse reads it, and every line it declines
  // must fall back to the same answer.
  const cell = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x)),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x.toPrecision(17)),
    fc.integer().map(String),
    fc.constantFrom("", " 1.5", "2 ", "\t3", "1e5", "1e", "-.5", "x", '"4"', "1.2.3", "0x1"),
  );
  const row = fc.array(cell, { minLength: 1, maxLength: 4 });
  test.prop(
    [
      fc.array(row, { minLength: 1, maxLength: 30 }),
      fc.constantFrom("\n", "\r\n"),
      fc.constantFrom(",", "\t"),
      fc.constantFrom(["a", "b"], ["b"], ["a", "c"], ["c", "a"]),
      fc.boolean(),
    ],
    { numRuns: 60 },
  )("random lines", async (rows, eol, del, cols, finalBreak) => {
    const header = ["a", "b", "c"].join(del);
    const body = rows.map((r) => r.join(del)).join(eol);
    const text = `${header}${eol}${body}${finalBreak ? eol : ""}`;
    const format = del === "," ? "csv" : "tsv";
    const fast = await read(text, cols, false, format);
    const general = await read(text, cols, true, format);
    // Values, lines and labels the same; a refusal on both (when a file has several faults, the
    // general path, which reads in batches, may name a later one first).
    if ("error" in general) expect(fast, text).toHaveProperty("error");
    else expect(fast, text).toEqual(general);
  });
});

describe("fast plain-number text (.txt) = the general path's text mode", () => {
  const text = (t: string): Promise<void> => same(t, [undefined], "text");
  it("one or several values per line, blank lines and fields, CRLF, a BOM, spaces", async () => {
    await text("1\n2\n3\n");
    await text("0.5,0.25\n\n 0.25 \r\n1e-3,,2\n");
    await text("\ufeff1\n2");
    await text("1, \t ,2\n\u00a0\n3\n");
    await text("");
  });
  it("refusals name the same line", async () => {
    await text("1\n2\nabc\n");
    await text("1,x,3\n");
    await text('1\n"2"\n');
    await text("1;2\n");
  });
  it("many chunks, a chunk ending inside a line", async () => {
    const lines: string[] = [];
    for (let i = 0; i < 100_000; i++)
      lines.push(`${i},${(i * 0.1234567).toPrecision(17)},${1 / (i + 1)}`);
    await text(`${lines.join("\n")}\n`);
  });
  const cell = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x.toPrecision(17)),
    fc.integer().map(String),
    fc.constantFrom("", " ", " 1.5", "2 ", "\t3", "1e5", "-.5", "x", "1.2.3", "\u00a0"),
  );
  test.prop(
    [
      fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 30 }),
      fc.constantFrom("\n", "\r\n"),
      fc.boolean(),
    ],
    { numRuns: 60 },
  )("random lines", async (rows, eol, finalBreak) => {
    const t = `${rows.map((r) => r.join(",")).join(eol)}${finalBreak ? eol : ""}`;
    const fast = await read(t, [undefined], false, "text");
    const general = await read(t, [undefined], true, "text");
    if ("error" in general) expect(fast, t).toHaveProperty("error");
    else expect(fast, t).toEqual(general);
  });
});

describe("parseDecimalBytes", () => {
  const enc = new TextEncoder();
  const parse = (s: string): number => {
    const b = enc.encode(s);
    return parseDecimalBytes(b, 0, b.length);
  };
  test.prop([fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e300, max: 1e300 })])(
    "correctly rounded or declined (NaN), never wrong",
    (x) => {
      for (const s of [String(x), x.toPrecision(17), x.toExponential(18), x.toPrecision(15)]) {
        const v = parse(s);
        if (!Number.isNaN(v)) expect(Object.is(v, Number(s)), s).toBe(true);
      }
    },
  );
  it("declines what is not a plain decimal", () => {
    for (const s of [
      "",
      ".",
      "e5",
      "1e",
      "1e+",
      "inf",
      "nan",
      "0x10",
      "1,5",
      "--1",
      "1.2.3",
      "1e5.5",
    ])
      expect(parse(s), s).toBeNaN();
    expect(parse("4.9957803412394847e-07")).toBe(Number("4.9957803412394847e-07"));
    expect(parse("9007199254740993")).toBeNaN(); // a tie between two doubles: the text parser decides
  });
});
