import { afterAll, describe, expect, test } from "vitest";
import {
  crossEntropy,
  entropy,
  hellinger,
  type InputKind,
  jsDivergence,
  klDivergence,
  renyiDivergence,
  SurprisalError,
  totalVariation,
} from "../../src/index.js";
import { num, readSharedFixture, relErr } from "../helpers/fixtures.js";

interface Case {
  name: string;
  input: InputKind;
  p: (number | string)[];
  q: (number | string)[];
  expected: Record<string, number | string>;
}
interface ErrorCase {
  name: string;
  p: (number | string)[];
  q: (number | string)[];
  input?: InputKind;
  error: string;
}
const fixture = readSharedFixture<{ cases: Case[]; errors: ErrorCase[] }>("discrete.json");

/** Tolerances of the issue, stated as relative errors (absolute 1e-15 where the value is 0). */
const TOL: Record<string, number> = {
  entropy_p: 1e-12,
  entropy_q: 1e-12,
  cross_entropy: 1e-12,
  kl: 1e-12,
  kl_reverse: 1e-12,
  js_divergence: 1e-10,
  renyi_0_5: 1e-10,
  renyi_2: 1e-10,
  total_variation: 1e-10,
  hellinger: 1e-8,
};

const worst: Record<string, { err: number; where: string }> = {};
function check(key: string, caseName: string, unit: string, got: number, want: number) {
  const err = want === 0 ? Math.abs(got) : relErr(got, want);
  const k = `${key}${unit}`;
  if (!worst[k] || err > worst[k].err) worst[k] = { err, where: caseName };
  if (want === 0) expect(Math.abs(got), `${caseName} ${key}`).toBeLessThanOrEqual(1e-15);
  else if (want === Number.POSITIVE_INFINITY)
    expect(got, `${caseName} ${key}`).toBe(Number.POSITIVE_INFINITY);
  else expect(err, `${caseName} ${key}: got ${got}, want ${want}`).toBeLessThanOrEqual(TOL[key]);
}

afterAll(() => {
  const rows = Object.entries(worst).map(
    ([k, v]) => `  ${k.padEnd(22)} ${v.err.toExponential(2)}  (${v.where})`,
  );
  console.log(
    `worst relative error against discrete.json (mpmath, 60 digits):\n${rows.join("\n")}`,
  );
});

const measures: Record<
  string,
  (p: number[], q: number[], o: { input: InputKind; base?: "bits" }) => number
> = {
  entropy_p: (p, _q, o) => entropy(p, o),
  entropy_q: (_p, q, o) => entropy(q, o),
  cross_entropy: (p, q, o) => crossEntropy(p, q, o),
  kl: (p, q, o) => klDivergence(p, q, o),
  kl_reverse: (p, q, o) => klDivergence(q, p, o),
  js_divergence: (p, q, o) => jsDivergence(p, q, o),
  renyi_0_5: (p, q, o) => renyiDivergence(p, q, { ...o, alpha: 0.5 }),
  renyi_2: (p, q, o) => renyiDivergence(p, q, { ...o, alpha: 2 }),
  total_variation: (p, q, o) => totalVariation(p, q, o),
  hellinger: (p, q, o) => hellinger(p, q, o),
};

describe.each(fixture.cases)("$name ($input)", (c) => {
  const p = c.p.map(num);
  const q = c.q.map(num);
  for (const [key, fn] of Object.entries(measures)) {
    test(`${key} in nats and bits, as number[] and Float64Array`, () => {
      const want = num(c.expected[key]);
      check(key, c.name, "", fn(p, q, { input: c.input }), want);
      check(
        key,
        c.name,
        " (Float64Array)",
        fn(
          Float64Array.from(p) as unknown as number[],
          Float64Array.from(q) as unknown as number[],
          {
            input: c.input,
          },
        ),
        want,
      );
      const unitless = key === "total_variation" || key === "hellinger";
      check(
        key,
        c.name,
        " (bits)",
        fn(p, q, { input: c.input, base: "bits" }),
        unitless ? want : want / Math.LN2,
      );
    });
  }
});

describe("every errors[] case of the fixtures is refused with a clear error", () => {
  test.each(fixture.errors)("$name → $error", (c) => {
    const p = c.p.map(num);
    const q = c.q.map(num);
    const o = { input: c.input ?? "probabilities" };
    for (const fn of [klDivergence, crossEntropy, jsDivergence, totalVariation, hellinger]) {
      let thrown: unknown;
      try {
        fn(p, q, o);
      } catch (e) {
        thrown = e;
      }
      expect(thrown).toBeInstanceOf(SurprisalError);
      expect((thrown as Error).message).toContain(c.error);
    }
    if (c.name !== "length_mismatch") {
      expect(() => entropy(p, o)).toThrow(c.error);
    }
  });
});
