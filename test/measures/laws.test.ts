import { fc, test } from "@fast-check/vitest";
import { describe, expect } from "vitest";
import {
  crossEntropy,
  entropy,
  hellinger,
  jsDistance,
  jsDivergence,
  klDivergence,
  renyiDivergence,
  SurprisalError,
  totalVariation,
} from "../../src/index.js";

/** Random distributions: positive weights (some exact zeros), normalized by their sum. */
const weights = (n: number, zeros: boolean) =>
  fc.array(
    zeros
      ? fc.oneof(fc.constant(0), fc.double({ min: 1e-12, max: 1e3, noNaN: true }))
      : fc.double({ min: 1e-12, max: 1e3, noNaN: true }),
    { minLength: n, maxLength: n },
  );
const normalize = (w: number[]) => {
  const s = w.reduce((a, b) => a + b, 0);
  return w.map((x) => x / s);
};
const dist = (zeros = true) =>
  fc
    .integer({ min: 1, max: 40 })
    .chain((n) => weights(n, zeros).filter((w) => w.some((x) => x > 0)))
    .map(normalize);
const pair = (zeros = true) =>
  fc
    .integer({ min: 1, max: 40 })
    .chain((n) =>
      fc.tuple(
        weights(n, zeros).filter((w) => w.some((x) => x > 0)),
        weights(n, zeros).filter((w) => w.some((x) => x > 0)),
      ),
    )
    .map(([a, b]) => [normalize(a), normalize(b)] as const);

const close = (a: number, b: number, rel: number) => {
  if (a === b) return;
  expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.max(Math.abs(a), Math.abs(b), 1e-300));
};

describe("laws of the measures (fast-check)", () => {
  test.prop([pair()])("D(P‖Q) ≥ 0", ([p, q]) => {
    expect(klDivergence(p, q)).toBeGreaterThanOrEqual(0);
  });

  test.prop([dist()])("D(P‖P) = 0 exactly, JS = TV = Hellinger = 0, Rényi = 0", (p) => {
    expect(klDivergence(p, p)).toBe(0);
    expect(jsDivergence(p, p)).toBe(0);
    expect(totalVariation(p, p)).toBe(0);
    expect(hellinger(p, p)).toBe(0);
    for (const a of [0, 0.5, 2, Number.POSITIVE_INFINITY])
      expect(renyiDivergence(p, p, { alpha: a })).toBe(0);
  });

  test.prop([pair()])("H(P,Q) = H(P) + D(P‖Q)", ([p, q]) => {
    const h = entropy(p);
    const d = klDivergence(p, q);
    const hpq = crossEntropy(p, q);
    if (d === Number.POSITIVE_INFINITY) expect(hpq).toBe(Number.POSITIVE_INFINITY);
    else close(hpq, h + d, 1e-13);
    // and against the textbook form, which is well conditioned for H(P,Q) itself
    if (d < Number.POSITIVE_INFINITY) {
      const direct = -p.reduce((s, pi, i) => (pi > 0 ? s + pi * Math.log(q[i]) : s), 0);
      // (the test's own normalization leaves Σq = 1 ± 1e-16, which shifts the textbook form by ~1e-16)
      expect(Math.abs(hpq - direct)).toBeLessThanOrEqual(1e-9 * hpq + 1e-15);
    }
  });

  test.prop([pair()])("0 ≤ JS ≤ log 2, JS distance = √JS; TV and Hellinger in [0, 1]", ([p, q]) => {
    const js = jsDivergence(p, q);
    expect(js).toBeGreaterThanOrEqual(0);
    expect(js).toBeLessThanOrEqual(Math.LN2);
    expect(jsDivergence(p, q, { base: "bits" })).toBeLessThanOrEqual(1);
    close(jsDistance(p, q), Math.sqrt(js), 1e-15);
    for (const v of [totalVariation(p, q), hellinger(p, q)]) {
      expect(v).toBeGreaterThanOrEqual(0);
      expect(v).toBeLessThanOrEqual(1);
    }
  });

  test.prop([pair(), fc.constantFrom<"bits" | "dits" | number>("bits", "dits", 3, 0.5, 1.7)])(
    "unit conversions: value in base b = value in nats / ln b",
    ([p, q], base) => {
      const lb = base === "bits" ? Math.LN2 : base === "dits" ? Math.LN10 : Math.log(base);
      for (const f of [
        (o: object) => klDivergence(p, q, o),
        (o: object) => crossEntropy(p, q, o),
        (o: object) => jsDivergence(p, q, o),
        (o: object) => entropy(p, o),
        (o: object) => renyiDivergence(p, q, { ...o, alpha: 0.5 }),
      ]) {
        const nats = f({});
        const inBase = f({ base });
        if (nats === Number.POSITIVE_INFINITY)
          expect(inBase).toBe(nats / lb); // −∞ for a base < 1
        else close(inBase, nats / lb, 4e-16);
      }
    },
  );

  test.prop([pair(), fc.infiniteStream(fc.nat())])(
    "invariant under relabelling outcomes (the same permutation of P and Q)",
    ([p, q], stream) => {
      const n = p.length;
      const perm = Array.from({ length: n }, (_, i) => i);
      const it = stream[Symbol.iterator]();
      for (let i = n - 1; i > 0; i--) {
        const j = it.next().value % (i + 1);
        [perm[i], perm[j]] = [perm[j], perm[i]];
      }
      const pp = perm.map((i) => p[i]);
      const qq = perm.map((i) => q[i]);
      close(klDivergence(pp, qq), klDivergence(p, q), 1e-13);
      close(entropy(pp), entropy(p), 1e-13);
      close(jsDivergence(pp, qq), jsDivergence(p, q), 1e-13);
      close(totalVariation(pp, qq), totalVariation(p, q), 1e-13);
      close(hellinger(pp, qq), hellinger(p, q), 1e-12);
      close(renyiDivergence(pp, qq, { alpha: 2 }), renyiDivergence(p, q, { alpha: 2 }), 1e-12);
    },
  );

  test.prop([pair(), fc.double({ min: 1e-6, max: 1e9, noNaN: true })])(
    "counts scaled by a constant give the same answer",
    ([p, q], c) => {
      const o = { input: "counts" as const };
      const pc = p.map((x) => x * c);
      const qc = q.map((x) => x * 7.3);
      // Scaling rounds each count once (≈1e-16 relative), which moves a divergence by ≈1e-16 absolute.
      const near = (a: number, b: number, rel: number) =>
        a === b || expect(Math.abs(a - b)).toBeLessThanOrEqual(rel * Math.abs(b) + 1e-15);
      near(klDivergence(pc, qc, o), klDivergence(p, q), 1e-11);
      near(entropy(pc, o), entropy(p), 1e-12);
      near(jsDivergence(pc, qc, o), jsDivergence(p, q), 1e-11);
      near(
        renyiDivergence(pc, qc, { ...o, alpha: 0.5 }),
        renyiDivergence(p, q, { alpha: 0.5 }),
        1e-10,
      );
    },
  );

  test.prop([
    pair(false),
    fc.double({ min: 0, max: 20, noNaN: true }),
    fc.double({ min: 0, max: 20, noNaN: true }),
  ])("Rényi divergence is non-decreasing in α, D₁ = KL, D_∞ = log max p/q", ([p, q], a, b) => {
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    const dlo = renyiDivergence(p, q, { alpha: lo });
    const dhi = renyiDivergence(p, q, { alpha: hi });
    expect(dhi).toBeGreaterThanOrEqual(dlo * (1 - 1e-12) - 1e-15);
    expect(renyiDivergence(p, q, { alpha: 1 })).toBe(klDivergence(p, q));
    const dinf = renyiDivergence(p, q, { alpha: Number.POSITIVE_INFINITY });
    expect(dinf).toBeGreaterThanOrEqual(dhi * (1 - 1e-12) - 1e-15);
    // the naive form is the less accurate one: ≈1e-16 absolute error from rounding p/q
    const naive = Math.max(...p.map((x, i) => Math.log(x / q[i])));
    expect(Math.abs(dinf - naive)).toBeLessThanOrEqual(1e-12 * Math.abs(naive) + 4e-16);
  });

  test.prop([pair()])(
    "KL is asymmetric but both directions agree with the sum of contributions",
    ([p, q]) => {
      const d = klDivergence(p, q);
      if (d < Number.POSITIVE_INFINITY) {
        const naive = p.reduce((s, pi, i) => (pi > 0 ? s + pi * Math.log(pi / q[i]) : s), 0);
        expect(Math.abs(d - naive)).toBeLessThanOrEqual(1e-13 * p.length + 1e-12 * d);
      }
    },
  );
});

describe("extreme magnitudes never give NaN (counts from 5e-324 to 1.8e308, zeros)", () => {
  const extreme = fc.oneof(
    fc.constant(0),
    fc.constant(5e-324),
    fc.double({ min: 1e-320, max: 1e-300, noNaN: true }),
    fc.integer({ min: -300, max: 300 }).map((e) => 10 ** e),
    fc.double({ min: 1e300, max: 1.7976931348623157e308, noNaN: true }),
  );
  const extremePair = fc
    .integer({ min: 1, max: 150 })
    .chain((n) =>
      fc.tuple(
        fc.array(extreme, { minLength: n, maxLength: n }),
        fc.array(extreme, { minLength: n, maxLength: n }),
      ),
    )
    .filter(([a, b]) => a.some((x) => x > 0) && b.some((x) => x > 0));
  test.prop([extremePair, fc.boolean()])(
    "every measure is a number ≥ 0 (or +∞), D(P‖P) = 0",
    ([p0, q0], typed) => {
      const o = { input: "counts" as const };
      // typed arrays of 64 and more outcomes take the WebAssembly path where it is available
      const p = typed ? (Float64Array.from(p0) as unknown as number[]) : p0;
      const q = typed ? (Float64Array.from(q0) as unknown as number[]) : q0;
      const values = [
        klDivergence(p, q, o),
        crossEntropy(p, q, o),
        entropy(p, o),
        jsDivergence(p, q, o),
        totalVariation(p, q, o),
        hellinger(p, q, o),
      ];
      // Rényi refuses counts that overflow and span more than the double range (it would need
      // the counts that scaling loses); it never returns NaN.
      for (const alpha of [0.5, 2, Number.POSITIVE_INFINITY]) {
        try {
          values.push(renyiDivergence(p, q, { ...o, alpha: alpha }));
        } catch (e) {
          expect(e).toBeInstanceOf(SurprisalError);
          expect((e as SurprisalError).code).toBe("not-finite");
        }
      }
      for (const v of values) {
        expect(Number.isNaN(v)).toBe(false);
        expect(v).toBeGreaterThanOrEqual(0);
      }
      expect(klDivergence(p, p, o)).toBe(0);
    },
  );
});
