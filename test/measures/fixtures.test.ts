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
import { type DiscreteCase, num, readSharedFixture, relErr } from "../helpers/fixtures.js";

type Case = DiscreteCase<InputKind>;
interface ErrorCase {
  name: string;
  p: (number | string)[];
  q: (number | string)[];
  input?: InputKind;
  error: string;
}
const fixture = readSharedFixture<{ cases: Case[]; errors: ErrorCase[] }>("discrete.json");

const EPS = Number.EPSILON; // 2^-52

/**
 * Relative error allowed per measure, in machine epsilons: the worst measured over every case, in
 * nats and bits, as number[] (TypeScript kernels) and Float64Array (WebAssembly kernels), times a
 * factor of 2 to 3, so that a regression of 100× fails.
 *
 * | measure | measured worst |
 * |---|---|
 * | entropy, cross-entropy, KL (both ways), total variation, Hellinger | 1.5ε |
 * | Jensen–Shannon | 4.6ε (counts) |
 * | Rényi α = 2 | 4.4ε (logits) |
 * | Rényi α = ½ | 12.6ε (dirichlet_1000); 212ε on the logits case, held apart in TOL_CASE |
 */
const TOL: Record<string, number> = {
  entropy_p: 4 * EPS,
  entropy_q: 4 * EPS,
  cross_entropy: 4 * EPS,
  kl: 4 * EPS,
  kl_reverse: 4 * EPS,
  js_divergence: 12 * EPS,
  renyi_0_5: 32 * EPS,
  renyi_2: 12 * EPS,
  total_variation: 4 * EPS,
  hellinger: 4 * EPS,
};

/** Cases measured above their measure's tolerance: Rényi ½ of the logits case loses ~8 bits (212ε). */
const TOL_CASE: Record<string, number> = {
  "logits renyi_0_5": 512 * EPS,
};

const worst: Record<string, { err: number; where: string }> = {};
function check(key: string, caseName: string, unit: string, got: number, want: number) {
  const err = want === 0 ? Math.abs(got) : relErr(got, want);
  const k = `${key}${unit}`;
  if (!worst[k] || err > worst[k].err) worst[k] = { err, where: caseName };
  if (want === 0)
    expect(got, `${caseName} ${key}`).toBe(0); // identical inputs give exactly 0
  else if (want === Number.POSITIVE_INFINITY)
    expect(got, `${caseName} ${key}`).toBe(Number.POSITIVE_INFINITY);
  else
    expect(err, `${caseName} ${key}: got ${got}, want ${want}`).toBeLessThanOrEqual(
      TOL_CASE[`${caseName} ${key}`] ?? TOL[key],
    );
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
