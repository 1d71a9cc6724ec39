import { fc, test } from "@fast-check/vitest";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { CHUNK } from "../../src/cli/readers/types.js";
import { WasmLines } from "../../src/io/csv-lines.js";
import { createRng } from "../../src/numeric/rng.js";
import { read, same } from "../helpers/csv-read.js";

/**
 * The CSV fast path with its WebAssembly line reader (assembly/csv/parse.ts, called from
 * fast-csv.ts) against the general path (csv-parse through standard input): the same values, line
 * numbers and refusals, on files whose lines the WebAssembly reader takes in runs and stops at (a
 * quote, a bad value, a number it declines, a line cut by the end of a 1 MiB block, a chunk of
 * CHUNK rows filled). A spy counts the rows it read, so that a test cannot pass by never calling it.
 */
let wasmRows = 0;
beforeEach(() => {
  wasmRows = 0;
  const original = WasmLines.prototype.read;
  vi.spyOn(WasmLines.prototype, "read").mockImplementation(function (this: WasmLines, ...a) {
    const rows = original.apply(this, a);
    wasmRows += rows;
    return rows;
  });
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** A seeded generator of uint32 (the library's xoroshiro128+, from pure-rand). */
function generator(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.nextInt(0, 0xffffffff);
}

/** A 17-digit value as numpy's '%.17g' writes a normalized probability. */
function value(rand: () => number): string {
  return ((rand() + 1) / 2 ** 32 / 2_000_000).toPrecision(17);
}

describe("the WebAssembly line reader = csv-parse path", () => {
  it("small files: CRLF, spaces and tabs, extra and skipped columns, blank lines", async () => {
    // (The first data line is read with the header, before the layout is known.)
    await same("p,q\n0.25,0.5\n0.75,0.5\n0.5,0.5\n", ["p", "q"]);
    expect(wasmRows).toBe(2);
    await same("p,q\r\n0.25 , 0.5\r\n\r\n \t0.75,\t0.5 \r\n1,2\r\n", ["p", "q"]);
    await same("a,p,b,q,c,d\nx,1,y,2,z,w\nx,3,y,4,z,w\n", ["q", "p"]);
    await same("p,q,r\n1,2,3\n4,5,6\n7,8\n", ["p", "q"]); // a short line (extra fields elsewhere)
    await same("p\tq\n1\t 2\n3 \t4\n", ["p", "q"], "tsv"); // spaces around, tab the delimiter
    await same("p,q\n1,2\n\n\n3,4\n   \n5,6", ["p", "q"]); // no final line break
    await same("p,q\n1,2\r3,4\n", ["p", "q"]); // a lone carriage return midway
    await same('p,q\n1,2\n3,4,"x"\n5,6\n', ["p", "q"]); // a quote in an extra field
    await same("p,q\n1e-3,2E+2\n.5,5.\n-0,+7\n-.5e1,1.e1\n", ["p", "q"]);
  });

  it("refusals name the same line, after runs of lines read in WebAssembly", async () => {
    const rows = ["p,q"];
    for (let i = 0; i < 1000; i++) rows.push(`${i + 1},${i + 2}`);
    await same(`${rows.join("\n")}\n3,abc\n5,6\n`, ["p", "q"]);
    expect(wasmRows).toBeGreaterThanOrEqual(999);
    await same(`${rows.join("\n")}\n3\n5,6\n`, ["p", "q"]);
    await same(`${rows.join("\n")}\n3,inf\n`, ["p", "q"]);
    await same(`${rows.join("\n")}\n,4\n`, ["p", "q"]);
    await same(`${rows.join("\n")}\n3,1e\n`, ["p", "q"]);
    await same(`${rows.join("\n")}\n3,1.2.3\n`, ["p", "q"]);
  });

  it("a big file: blocks, chunks, quotes, declined numbers and bad lines midway", async () => {
    const rand = generator(42);
    const lines = ["p,s,q,r"];
    const n = 3 * CHUNK + 1234; // > CHUNK rows, > 2 MiB: lines straddle block boundaries
    for (let i = 0; i < n; i++) {
      const k = rand() % 1000;
      const p = value(rand);
      const q = value(rand);
      // (No quote in the first block: the fast path would decline the file.)
      const late = i > 40_000;
      if (k === 0 && late)
        lines.push(`"${p}",s,${q},x`); // a quoted wanted field
      else if (k === 1 && late)
        lines.push(`${p},"s,t",${q},x`); // a quote in a skipped field
      else if (k === 2 && late)
        lines.push(`${p},s,${q},"x"`); // a quote in an extra field
      else if (k === 3)
        lines.push(`${p},s,1.00000000000000000000001,x`); // > 19 digits
      else if (k === 4)
        lines.push(`${p},s,4.9e-324`); // subnormal: declined
      else if (k === 5)
        lines.push(""); // blank
      else if (k === 6)
        lines.push(`${p}\t,s , ${q}\r`); // tab, space, CRLF
      else if (k === 7)
        lines.push("9007199254740993,s,2.5000000000000000e-01,0"); // tie, dyadic
      else lines.push(`${p},s${k},${q},${k}`);
    }
    const text = `${lines.join("\n")}\n`;
    expect(text.length).toBeGreaterThan(2 * 2 ** 20);
    await same(text, ["p", "q"]);
    expect(wasmRows).toBeGreaterThan(0.99 * n);
    // The same file with a bad value near its end: the same message and line number.
    await same(`${text}1,2,3\n0.5,s,zz,3\n1,2,3\n`, ["q", "p"]);
  });

  it("quotes after the first block: the line goes to csv-parse", async () => {
    const rows = ["p,s,t,q"];
    for (let i = 0; i < 100_000; i++) rows.push(`${i / 7},s,t,${i}`); // > 1 MiB
    const head = `${rows.join("\n")}\n`;
    expect(head.length).toBeGreaterThan(2 ** 20);
    await same(`${head}1,"s","t",2\n3,s,t,4\n`, ["p", "q"]);
    expect(wasmRows).toBeGreaterThan(99_000);
    await same(`${head}1,"s,t",2\n3,s,t,4\n`, ["p", "q"]); // 3 fields for csv-parse: refused
    await same(`${head}"1",s,t,2\n3,s,t,"4"\n5,s,t,6,"x"\n`, ["p", "q"]);
  });

  it("exactly CHUNK data rows: the last chunk full", async () => {
    const rand = generator(7);
    const lines = ["p,q"];
    for (let i = 0; i < CHUNK; i++) lines.push(`${value(rand)},${value(rand)}`);
    await same(`${lines.join("\n")}\n`, ["p", "q"]);
    expect(wasmRows).toBe(CHUNK - 1);
    const got = await read(`${lines.join("\n")}\n`, ["q"], false);
    expect("values" in got && got.values[0]?.length).toBe(CHUNK);
  });

  const cell = fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => String(x)),
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((x) => x.toPrecision(17)),
    fc.integer().map(String),
    fc.constantFrom(" 1.5", "2 ", "\t3", "1e5", "1e", "-.5", "x", '"4"', "1.2.3", "", "1e400"),
  );
  test.prop(
    [
      fc.array(fc.array(cell, { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 40 }),
      fc.constantFrom("\n", "\r\n"),
      fc.constantFrom(",", "\t"),
      fc.constantFrom(["a", "b"], ["b"], ["a", "c"], ["c", "a"]),
    ],
    { numRuns: 60 },
  )("random lines", async (rows, eol, del, cols) => {
    const text = `${["a", "b", "c"].join(del)}${eol}${rows.map((r) => r.join(del)).join(eol)}${eol}`;
    const format = del === "," ? "csv" : "tsv";
    const fast = await read(text, cols, false, format);
    const general = await read(text, cols, true, format);
    if ("error" in general) expect(fast, text).toHaveProperty("error");
    else expect(fast, text).toEqual(general);
  });
});
