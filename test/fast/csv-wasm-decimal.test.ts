import { fc, test } from "@fast-check/vitest";
import { describe, expect, it } from "vitest";
import { type CsvWasmExports, csvWasm } from "../../src/io/csv-lines.js";
import { createRng } from "../../src/numeric/rng.js";

/**
 * The WebAssembly decimal converter of the CSV line reader (assembly/csv/decimal.ts) against
 * JavaScript's `Number(text)`: every answer equal bit for bit (Object.is, so −0 counts), or a
 * decline (NaN), over 10⁶ decimals of the kinds that make converters fail: random 1–19 digit
 * significands and exponents, random doubles written short and long, exact midpoints between
 * adjacent doubles (built with BigInt) and decimals a hair either side of them, powers of two and
 * their neighbours, the ends of the normal range. And ordinary 17-digit values are never declined.
 */

const x = csvWasm() as CsvWasmExports;
const BASE = (x.heapBase() + 15) & ~15;

interface Tally {
  total: number;
  declined: number;
  /** The first few wrong answers. */
  wrong: string[];
}

/** Converts every text with the module and compares with Number(text). */
function check(texts: readonly string[]): Tally {
  const joined = texts.join("\n");
  const need = BASE + joined.length + 16;
  if (x.memory.buffer.byteLength < need)
    x.memory.grow(Math.ceil((need - x.memory.buffer.byteLength) / 65536));
  const mem = new Uint8Array(x.memory.buffer);
  const { written } = new TextEncoder().encodeInto(joined, mem.subarray(BASE));
  expect(written).toBe(joined.length); // ASCII: one byte a character
  const tally: Tally = { total: texts.length, declined: 0, wrong: [] };
  let p = BASE;
  for (const t of texts) {
    const end = p + t.length;
    const v = x.scanDecimal(p, end);
    if (Number.isNaN(v)) tally.declined++;
    else if ((!Object.is(v, Number(t)) || x.scanEnd() !== end) && tally.wrong.length < 5)
      tally.wrong.push(`${t} → ${v} (Number: ${Number(t)})`);
    p = end + 1;
  }
  return tally;
}

/** A seeded generator of uint32 (the library's xoroshiro128+, from pure-rand). */
function generator(seed: number): () => number {
  const rng = createRng(seed);
  return () => rng.nextInt(0, 0xffffffff);
}

const view = new DataView(new ArrayBuffer(8));
function fromBits(hi: number, lo: number): number {
  view.setUint32(0, hi);
  view.setUint32(4, lo);
  return view.getFloat64(0);
}
function bitsOf(v: number): bigint {
  view.setFloat64(0, v);
  return view.getBigUint64(0);
}
function next(v: number): number {
  view.setBigUint64(0, bitsOf(v) + 1n);
  return view.getFloat64(0);
}
function prev(v: number): number {
  view.setBigUint64(0, bitsOf(v) - 1n);
  return view.getFloat64(0);
}

/** A positive double's significand M (53 bits for normals) and exponent E: v = M·2^E. */
function split(v: number): { m: bigint; e: number } {
  const bits = bitsOf(v);
  const be = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  return be === 0 ? { m: frac, e: -1074 } : { m: frac | (1n << 52n), e: be - 1075 };
}

/** The exact decimal of M·2^E as `digits` `e` `exponent` (exact: 2^−k = 5^k·10^−k). */
function exact(m: bigint, e: number): string {
  if (e >= 0) return (m << BigInt(e)).toString();
  return `${(m * 5n ** BigInt(-e)).toString()}e-${-e}`;
}

/** The text with trailing zeros of its digits moved into the exponent (`1200` → `12e2`). */
function stripped(digits: string): string {
  const z = digits.length - digits.replace(/0+$/, "").length;
  return z === 0 ? digits : `${digits.slice(0, -z)}e${z}`;
}

/** `digits` (no sign, no point) with a point placed at `at` and exponent `e`. */
function placed(digits: string, at: number, e: number): string {
  const body = at >= digits.length ? digits : `${digits.slice(0, at)}.${digits.slice(at)}`;
  return e === 0 ? body : `${body}e${e}`;
}

function randomDigits(rand: () => number, n: number): string {
  let s = "";
  for (let i = 0; i < n; i++) s += String.fromCharCode(0x30 + (rand() % 10));
  return s;
}

/** A random finite double over the whole range (random bits), positive. */
function randomDouble(rand: () => number): number {
  for (;;) {
    const v = fromBits(rand() & 0x7fffffff, rand());
    if (Number.isFinite(v)) return v;
  }
}

describe("WebAssembly decimal → double = Number(text), or declined", () => {
  it("10⁶ decimals of many kinds", () => {
    const rand = generator(20261207);
    const kinds: Record<string, string[]> = {};

    // Random significands of 1–19 digits (leading zeros too), a point anywhere, any exponent.
    kinds.random = [];
    for (let i = 0; i < 300_000; i++) {
      const n = 1 + (rand() % 19);
      const digits = randomDigits(rand, n);
      const at = rand() % (n + 1);
      const e = (rand() % 700) - 350;
      const sign = ["", "-", "+"][rand() % 3] as string;
      kinds.random.push(sign + placed(digits, at, e));
    }
    // The same with exponents where most values are normal doubles.
    kinds.normal = [];
    for (let i = 0; i < 100_000; i++) {
      const n = 1 + (rand() % 19);
      kinds.normal.push(placed(randomDigits(rand, n), 1, (rand() % 600) - 300));
    }

    // Random doubles written short (String), with 17 digits, with 1–21 digits (toExponential).
    kinds.doubles = [];
    for (let i = 0; i < 100_000; i++) {
      const v = randomDouble(rand);
      kinds.doubles.push(
        String(v),
        v.toPrecision(17),
        (-v).toExponential(rand() % 21),
        v.toPrecision(19),
      );
    }

    // Exact midpoints between adjacent doubles: integers below 10^19 (an exact tie, written with
    // all its digits or with its trailing zeros in the exponent), their neighbours ±1, and long
    // midpoints of doubles of any size cut to 19 digits (just below) and 19 digits rounded up
    // (just above).
    kinds.ties = [];
    for (let i = 0; i < 50_000; i++) {
      const e = 1 + (rand() % 10); // v = M·2^e in [2^53, 2^63]
      const m = (1n << 52n) | (BigInt(rand() & 0xfffff) << 32n) | BigInt(rand());
      const mid = ((2n * m + 1n) << BigInt(e - 1)).toString();
      kinds.ties.push(
        mid,
        stripped(mid),
        (BigInt(mid) + 1n).toString(),
        (BigInt(mid) - 1n).toString(),
      );
      // A tie with a small negative exponent: (2M+1)·2^−k, k = 1…3 (declined or right).
      const k = 1 + (rand() % 3);
      kinds.ties.push(exact(2n * m + 1n, -k));
      const v = randomDouble(rand);
      const { m: mv, e: ev } = split(v);
      const long = exact(2n * mv + 1n, ev - 1);
      const [digits, exp = "0"] = long.split("e");
      const d = digits as string;
      if (d.length > 19) {
        const cut = d.slice(0, 19);
        const shift = d.length - 19 + Number(exp);
        kinds.ties.push(`${cut}e${shift}`, `${(BigInt(cut) + 1n).toString()}e${shift}`);
      }
    }

    // Powers of two and their neighbours, written long and short.
    kinds.powers = [];
    for (let k = -1074; k <= 1023; k++) {
      const v = 2 ** k;
      for (const w of [prev(v), v, next(v)])
        if (Number.isFinite(w) && w > 0)
          kinds.powers.push(String(w), w.toPrecision(17), w.toPrecision(19), w.toExponential(15));
    }

    // The ends of the normal range.
    const max = Number.MAX_VALUE;
    const minNormal = 2 ** -1022;
    kinds.ends = [
      "1.7976931348623157e308",
      "1.7976931348623158e308",
      "1.7976931348623159e308",
      "1.797693134862315708e308",
      "1.797693134862315807e308",
      "179769313486231570e291",
      "2.2250738585072014e-308",
      "2.2250738585072013e-308",
      "2.2250738585072011e-308",
      "2.225073858507201136e-308",
      "4.9406564584124654e-324",
      "1e-320",
      "1e308",
      "1e309",
      "1e-330",
      "9999999999999999999e288",
      "1e-400",
      "0e999",
      "-0",
      "-0.000",
      "0.0e-5",
    ];
    for (const v of [max, prev(max), prev(prev(max)), minNormal, next(minNormal), prev(minNormal)])
      kinds.ends.push(String(v), v.toPrecision(17), v.toPrecision(19), v.toExponential(18));

    let total = 0;
    const declined: Record<string, number> = {};
    for (const [kind, texts] of Object.entries(kinds)) {
      const tally = check(texts);
      expect(tally.wrong.slice(0, 5), kind).toEqual([]);
      total += tally.total;
      declined[kind] = tally.declined / tally.total;
    }
    expect(total).toBeGreaterThanOrEqual(1_000_000);
    // The test is not vacuous: most of each kind is answered (measured: random 11.9 %, normal 0,
    // doubles 2.5 %, ties 0.014 %, powers 2.6 % declined: subnormals, overflow, 20+ digits).
    expect(declined.normal).toBeLessThan(0.001);
    expect(declined.random).toBeLessThan(0.15);
    expect(declined.doubles).toBeLessThan(0.05);
    expect(declined.ties).toBeLessThan(0.01);
    expect(declined.powers).toBeLessThan(0.05);
  });

  it("declines no ordinary 17-digit value", () => {
    const rand = generator(7);
    const p = Array.from({ length: 100_000 }, () => rand() / 2 ** 32);
    const sum = p.reduce((a, b) => a + b, 0);
    const texts = p.flatMap((v) => [
      (v / sum).toPrecision(17),
      String(v / sum),
      v.toPrecision(17),
      (v * 1e6).toExponential(16),
    ]);
    const tally = check(texts);
    expect(tally.wrong).toEqual([]);
    expect(tally.declined).toBe(0);
  });

  it("exact ties go to the even neighbour", () => {
    const tally = check(["9007199254740993", "9007199254740995", "9007199254740993e0"]);
    expect(tally).toEqual({ total: 3, declined: 0, wrong: [] });
    expect(check(["18014398509481985", "18014398509481987"]).declined).toBe(0);
  });

  it("declines what is not a plain decimal", () => {
    for (const t of ["", ".", "e5", "1e", "1e+", "inf", "nan", "-", "+", "-.e1", "1e100001"])
      expect(check([t]).declined, t).toBe(1);
    // Stops where the number stops (the line reader then checks what follows).
    const mem = new Uint8Array(x.memory.buffer);
    const text = "1.5x,2";
    new TextEncoder().encodeInto(text, mem.subarray(BASE));
    expect(x.scanDecimal(BASE, BASE + text.length)).toBe(1.5);
    expect(x.scanEnd()).toBe(BASE + 3);
  });

  test.prop([fc.double({ noNaN: true, noDefaultInfinity: true }), fc.integer({ min: 0, max: 20 })])(
    "any double written in several forms",
    (v, k) => {
      const tally = check([String(v), v.toPrecision(17), v.toExponential(k), v.toPrecision(1 + k)]);
      expect(tally.wrong).toEqual([]);
    },
  );

  test.prop([
    fc.bigInt({ min: 0n, max: 10n ** 19n - 1n }),
    fc.integer({ min: -360, max: 330 }),
    fc.integer({ min: 0, max: 19 }),
  ])("any significand of up to 19 digits, any exponent", (m, e, at) => {
    const digits = m.toString();
    const tally = check([placed(digits, Math.min(at, digits.length), e), `-${digits}e${e}`]);
    expect(tally.wrong).toEqual([]);
  });
});
