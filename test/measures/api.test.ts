import { describe, expect, test } from "vitest";
import {
  contributions,
  crossEntropy,
  crossEntropyRows,
  EntropyAccumulator,
  entropy,
  entropyRows,
  fastArray,
  hellingerRows,
  jsDistanceRows,
  jsDivergence,
  jsDivergenceRows,
  KlAccumulator,
  klDivergence,
  klDivergenceRows,
  renyiDivergence,
  renyiDivergenceRows,
  SurprisalError,
  setFastThreads,
  surprisal,
  totalVariationRows,
} from "../../src/index.js";
import { num, readSharedFixture, relErr } from "../helpers/fixtures.js";

function caught(f: () => unknown): SurprisalError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SurprisalError);
    return e as SurprisalError;
  }
  throw new Error("expected a SurprisalError");
}

describe("SurprisalError names the argument, the index and the value", () => {
  test.each([
    [
      () => klDivergence([0.2, 0.3, 0.5], [0.3, Number.NaN, 0.7]),
      "not-finite",
      "q",
      1,
      "not finite",
    ],
    [() => klDivergence([0.5, 0.5], [0.5, 0.5, 0]), "length-mismatch", "q", undefined, "length"],
    [() => entropy([]), "empty", "p", undefined, "empty"],
    [() => entropy([0.5, 0.6]), "sum", "p", undefined, "sum"],
    [() => entropy([0, 0], { input: "counts" }), "zero", "p", undefined, "zero"],
    [
      () => entropy([Number.NEGATIVE_INFINITY, Number.NEGATIVE_INFINITY], { input: "logits" }),
      "zero",
      "p",
      undefined,
      "zero",
    ],
    [
      () => entropy([0.5, Number.POSITIVE_INFINITY], { input: "logits" }),
      "not-finite",
      "p",
      1,
      "not finite",
    ],
    [() => entropy([0.5, 0.5], { base: 1 }), "invalid-base", "base", undefined, "base"],
    [() => entropy([0.5, 0.5], { base: -2 }), "invalid-base", "base", undefined, "base"],
    [
      () => entropy([0.5, 0.5], { base: "bit" as "bits" }),
      "invalid-base",
      "base",
      undefined,
      "base",
    ],
    [
      () => entropy([0.5, 0.5], { input: "probs" as "counts" }),
      "invalid-input",
      "input",
      undefined,
      "input",
    ],
    [
      () => entropy([0.5, 0.5], { tolerance: -1 }),
      "invalid-option",
      "tolerance",
      undefined,
      "tolerance",
    ],
    [
      () => renyiDivergence([0.5, 0.5], [0.5, 0.5], -1),
      "invalid-alpha",
      "alpha",
      undefined,
      "alpha",
    ],
    [
      () => renyiDivergence([0.5, 0.5], [0.5, 0.5], Number.NaN),
      "invalid-alpha",
      "alpha",
      undefined,
      "alpha",
    ],
    [
      () => renyiDivergence([0.5, 0.5], [0.5, 0.5], { alpha: -1 }),
      "invalid-alpha",
      "alpha",
      undefined,
      "alpha",
    ],
    [
      () => renyiDivergence([0.5, 0.5], [0.5, 0.5], {} as { alpha: number }),
      "invalid-alpha",
      "alpha",
      undefined,
      "alpha",
    ],
    [
      () => renyiDivergenceRows([[0.5, 0.5]], [[0.5, 0.5]], { alpha: Number.NaN }),
      "invalid-alpha",
      "alpha",
      undefined,
      "alpha",
    ],
    [
      () => new KlAccumulator().merge(new KlAccumulator({ input: "logits" })),
      "incompatible",
      "other",
      undefined,
      "logits",
    ],
    [
      () => new EntropyAccumulator({ input: "logprobs" }).merge(new EntropyAccumulator()),
      "incompatible",
      "other",
      undefined,
      "probabilities",
    ],
    [() => setFastThreads(0), "invalid-option", "threads", undefined, "threads"],
    [() => fastArray(-1), "invalid-option", "length", undefined, "length"],
    [() => fastArray(1.5), "invalid-option", "length", undefined, "length"],
    [
      () => new EntropyAccumulator({ argument: "q" }).add([0.5, -0.5]),
      "negative",
      "q",
      1,
      "negative",
    ],
    [() => surprisal(1.5), "sum", "x", undefined, "above 1"],
    [() => surprisal(-0.1), "negative", "x", undefined, "negative"],
    [() => entropy("0.5,0.5" as unknown as number[]), "invalid-option", "p", undefined, "array"],
  ] as const)("%#: %s", (f, code, argument, index, word) => {
    const e = caught(f);
    expect(e.code).toBe(code);
    expect(e.argument).toBe(argument);
    expect(e.index).toBe(index);
    expect(e.message).toContain(word);
  });

  test("the message quotes the value as given", () => {
    expect(caught(() => klDivergence([0.5, -0.25, 0.75], [0.3, 0.3, 0.4])).message).toBe(
      "p[1] = -0.25 is negative: probabilities must be >= 0",
    );
    expect(caught(() => klDivergence([0.5, 0.5], [0.5, 0.5, 0])).message).toBe(
      "q has length 3 but p has length 2: both must give one value per outcome",
    );
  });
});

describe("surprisal", () => {
  test("of one probability, in any base", () => {
    expect(surprisal(0.5, { base: "bits" })).toBe(1);
    expect(surprisal(1)).toBe(0);
    expect(surprisal(0)).toBe(Number.POSITIVE_INFINITY);
    expect(surprisal(0.01, { base: "dits" })).toBeCloseTo(2, 15);
    expect(surprisal(Math.log(0.25), { input: "logprobs", base: "bits" })).toBeCloseTo(2, 15);
  });
  test("per outcome of a distribution, equal to -log p̂ (counts normalized)", () => {
    expect(Array.from(surprisal([0.5, 0.25, 0.25, 0], { base: "bits" }))).toEqual([
      1,
      2,
      2,
      Number.POSITIVE_INFINITY,
    ]);
    expect(Array.from(surprisal([2, 1, 1], { input: "counts", base: "bits" }))).toEqual([1, 2, 2]);
    const s = surprisal([0, Math.log(3)], { input: "logits" });
    expect(s[0]).toBeCloseTo(Math.log(4), 15);
    expect(s[1]).toBeCloseTo(Math.log(4 / 3), 15);
  });
  test("the average surprise is the entropy", () => {
    const p = [0.1, 0.2, 0.3, 0.4];
    const s = surprisal(p);
    const h = p.reduce((acc, pi, i) => acc + pi * s[i], 0);
    expect(h).toBeCloseTo(entropy(p), 15);
  });
});

describe("contributions explain D(P‖Q) outcome by outcome", () => {
  const { cases } = readSharedFixture<{
    cases: {
      name: string;
      input: "probabilities";
      p: (number | string)[];
      q: (number | string)[];
    }[];
  }>("discrete.json");
  test.each(cases)("$name: they sum to D(P‖Q) within the float64 bound", (c) => {
    const p = c.p.map(num);
    const q = c.q.map(num);
    const r = contributions(p, q, { input: c.input });
    expect(r.total).toBe(klDivergence(p, q, { input: c.input }));
    if (r.total === Number.POSITIVE_INFINITY) {
      expect(r.contribution.some((x) => x === Number.POSITIVE_INFINITY)).toBe(true);
      return;
    }
    let sum = 0;
    let abs = 0;
    for (const x of r.contribution) {
      sum += x;
      abs += Math.abs(x);
    }
    const bound = 1e-12 * r.total + 4e-16 * abs * Math.sqrt(p.length);
    expect(Math.abs(sum - r.total)).toBeLessThanOrEqual(bound);
    // where P > Q the outcome adds, where Q > P it takes away; surprises are -log of each side
    for (let i = 0; i < p.length; i++) {
      if (r.p[i] > r.q[i]) expect(r.contribution[i]).toBeGreaterThan(0);
      if (r.p[i] < r.q[i] && r.p[i] > 0) expect(r.contribution[i]).toBeLessThan(0);
      if (r.p[i] > 0 && r.q[i] > 0) {
        expect(r.contribution[i]).toBeCloseTo(r.p[i] * (r.surprisalQ[i] - r.surprisalP[i]), 12);
      }
    }
    if (r.total > 0) {
      const shares = r.share.reduce((a, b) => a + b, 0);
      expect(Math.abs(shares - 1)).toBeLessThanOrEqual(bound / r.total + 1e-15);
    }
    for (let k = 1; k < r.order.length; k++) {
      expect(r.contribution[r.order[k - 1]]).toBeGreaterThanOrEqual(r.contribution[r.order[k]]);
    }
  });
});

describe("contributions: p, q, the surprisals, share and order are formed when first read", () => {
  const p = [0.5, 0.25, 0.125, 0.125, 0];
  const q = [0.25, 0.25, 0.25, 0.125, 0.125];
  test("the same values as formed at once, kept after the first read, in JSON and spreads", () => {
    const r = contributions(p, q);
    const want = Array.from(r.contribution, (c) => c / r.total);
    expect(Array.from(r.share)).toEqual(want);
    expect(r.share).toBe(r.share); // kept, not formed again
    expect(Array.from(r.order)).toEqual([0, 1, 3, 4, 2]);
    const fresh = contributions(p, q);
    expect(Object.keys(fresh)).toEqual([
      "total",
      "unit",
      "p",
      "q",
      "surprisalP",
      "surprisalQ",
      "contribution",
      "share",
      "order",
      "infiniteAt",
    ]);
    const json = JSON.parse(JSON.stringify(fresh));
    expect(json.order).toEqual({ 0: 0, 1: 1, 2: 3, 3: 4, 4: 2 });
    expect({ ...contributions(p, q) }.share).toBeInstanceOf(Float64Array);
    const w = contributions(p, q);
    w.order = Int32Array.of(4, 3, 2, 1, 0); // writable, as a plain field
    expect(Array.from(w.order)).toEqual([4, 3, 2, 1, 0]);
  });
  test("p, q and the surprisals, formed when first read, as their definitions", () => {
    const r = contributions(Float64Array.from([2, 1, 1, 0]), [1, 1, 1, 1], {
      input: "counts",
      base: "bits",
    });
    expect(Array.from(r.p)).toEqual([0.5, 0.25, 0.25, 0]);
    expect(Array.from(r.q)).toEqual([0.25, 0.25, 0.25, 0.25]);
    expect(Array.from(r.surprisalP)).toEqual([1, 2, 2, Number.POSITIVE_INFINITY]);
    expect(Array.from(r.surprisalQ)).toEqual([2, 2, 2, 2]);
    expect(r.p).toBe(r.p); // kept
  });
  test("an infinite total: the infinite outcomes share 1", () => {
    const r = contributions([0.5, 0.5, 0], [0.5, 0, 0.5]);
    expect(r.total).toBe(Number.POSITIVE_INFINITY);
    expect(Array.from(r.share)).toEqual([0, 1, 0]);
    expect(r.infiniteAt).toEqual([1]);
    expect(r.order[0]).toBe(1);
  });
});

describe("row-wise forms", () => {
  const P = [
    [0.5, 0.5, 0],
    [0.2, 0.3, 0.5],
    [1, 0, 0],
  ];
  const Q = [
    [0.9, 0.05, 0.05],
    [0.2, 0.3, 0.5],
    [0.3, 0.3, 0.4],
  ];
  const flatP = Float64Array.from(P.flat());
  const flatQ = Float32Array.from(Q.flat());
  test("equal the single-pair measures, for arrays of rows and flat typed arrays", () => {
    const pairs: [
      typeof klDivergenceRows,
      (p: number[], q: number[] | Float32Array, o: { base: "bits" }) => number,
    ][] = [
      [klDivergenceRows, klDivergence],
      [crossEntropyRows, crossEntropy],
      [jsDivergenceRows, jsDivergence],
    ];
    // Every form of the same numbers gives the same bits (all on the rows kernels); the single-pair
    // loops agree within 4ε (measured ≤ 2.2ε).
    for (const [rows, single] of pairs) {
      const a = rows(P, Q, { base: "bits" });
      const b = rows(flatP, flatQ, { base: "bits", columns: 3 });
      const c = rows(flatP, Float64Array.from(flatQ), { base: "bits", columns: 3 });
      expect(Array.from(b)).toEqual(Array.from(c));
      for (let r = 0; r < P.length; r++) {
        const want = single(P[r], Q[r], { base: "bits" });
        expect(relErr(a[r] as number, want)).toBeLessThanOrEqual(4 * Number.EPSILON);
        const want32 = single(P[r], Float32Array.from(Q[r]), { base: "bits" });
        expect(relErr(b[r] as number, want32)).toBeLessThanOrEqual(4 * Number.EPSILON);
      }
    }
    const h = entropyRows(P, { base: "bits" });
    P.forEach((p, r) => {
      expect(relErr(h[r] as number, entropy(p, { base: "bits" }))).toBeLessThanOrEqual(
        4 * Number.EPSILON,
      );
    });
    expect(renyiDivergenceRows(P, Q, { alpha: 2 }).length).toBe(3);
    expect(totalVariationRows(P, Q)[1]).toBe(0);
    expect(hellingerRows(P, Q)[1]).toBe(0);
    expect(jsDistanceRows(P, Q)[1]).toBe(0);
  });
  test("logits per row are softmaxed row by row", () => {
    const z = new Float32Array([0, 0, 1, 0]);
    const w = new Float32Array([0, 1, 0, 0]);
    const d = klDivergenceRows(z, w, { columns: 2, input: "logits" });
    // The rows kernel and the single vector's loop within 2ε (the kernel's 0.12011450695827752 is
    // the correctly rounded value: mpmath 0.1201145069582775246…).
    expect(
      relErr(d[0] as number, klDivergence([0, 0], [0, 1], { input: "logits" })),
    ).toBeLessThanOrEqual(2 * Number.EPSILON);
    expect(d[0]).toBe(0.12011450695827752);
    expect(
      relErr(d[1] as number, klDivergence([1, 0], [0, 0], { input: "logits" })),
    ).toBeLessThanOrEqual(2 * Number.EPSILON);
  });
  test("errors name the row, and bad shapes are refused", () => {
    const e = caught(() =>
      klDivergenceRows(
        [
          [0.5, 0.5],
          [0.5, -0.5],
        ],
        [
          [0.5, 0.5],
          [0.5, 0.5],
        ],
      ),
    );
    expect(e.message).toBe("row 1: p[1] = -0.5 is negative: probabilities must be >= 0");
    expect(e.argument).toBe("p[1]");
    expect(caught(() => klDivergenceRows(flatP, flatQ)).message).toContain("columns");
    expect(caught(() => klDivergenceRows(flatP, flatQ, { columns: 4 })).code).toBe(
      "length-mismatch",
    );
    expect(caught(() => klDivergenceRows(P, Q.slice(1))).code).toBe("length-mismatch");
  });
});

describe("Float32Array inputs are read as they are (no widening copy needed)", () => {
  test("same values as the Float64Array of the same float32 numbers", () => {
    const p32 = Float32Array.from([0.1, 0.2, 0.3, 0.4]);
    const q32 = Float32Array.from([0.25, 0.25, 0.25, 0.25]);
    const p64 = Float64Array.from(p32);
    const q64 = Float64Array.from(q32);
    expect(klDivergence(p32, q32)).toBe(klDivergence(p64, q64));
    expect(entropy(p32)).toBe(entropy(p64));
    expect(jsDivergence(p32, q32)).toBe(jsDivergence(p64, q64));
  });
});

describe("far-apart logits never give NaN", () => {
  test("D(softmax[0, 0] ‖ softmax[0, -1000]) = 500 - ln 2 (e^d overflows inside)", () => {
    const d = klDivergence([0, 0], [0, -1000], { input: "logits" });
    expect(Math.abs(d - (500 - Math.LN2))).toBeLessThanOrEqual(1e-12 * 500);
    const r = klDivergence([0, -1000], [0, 0], { input: "logits" });
    expect(Math.abs(r - Math.LN2)).toBeLessThanOrEqual(1e-15);
  });
  test("random logits in [-3000, 3000]: every measure is a number (finite or +∞)", () => {
    let seed = 12345;
    const rand = () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed / 2147483648;
    };
    for (let k = 0; k < 200; k++) {
      const n = 1 + Math.floor(rand() * 20);
      const z = Array.from({ length: n }, () => (rand() - 0.5) * 6000);
      const w = Array.from({ length: n }, () => (rand() - 0.5) * 6000);
      const o = { input: "logits" as const };
      for (const v of [
        klDivergence(z, w, o),
        crossEntropy(z, w, o),
        entropy(z, o),
        jsDivergence(z, w, o),
        renyiDivergence(z, w, { ...o, alpha: 0.5 }),
        renyiDivergence(z, w, { ...o, alpha: 3 }),
      ]) {
        expect(Number.isNaN(v)).toBe(false);
        expect(v).toBeGreaterThanOrEqual(0);
      }
    }
  });
});

describe("options objects (the positional forms are deprecated and give the same numbers)", () => {
  const p = [0.2, 0.3, 0.5];
  const q = [0.4, 0.4, 0.2];
  test.for([0, 0.5, 1, 2, Number.POSITIVE_INFINITY])("renyiDivergence, alpha = %s", (alpha) => {
    expect(renyiDivergence(p, q, { alpha, base: "bits" })).toBe(
      renyiDivergence(p, q, alpha, { base: "bits" }),
    );
    expect(renyiDivergenceRows([p, q], [q, p], { alpha, base: "bits" })).toEqual(
      renyiDivergenceRows([p, q], [q, p], alpha, { base: "bits" }),
    );
  });

  test("EntropyAccumulator takes the name for errors as the option `argument`", () => {
    const e = caught(() => new EntropyAccumulator(undefined, "q").add([Number.NaN]));
    expect(e.argument).toBe("q");
  });
});
