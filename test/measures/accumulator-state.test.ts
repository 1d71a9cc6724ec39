/**
 * Accumulators leave the process: toJSON() writes a versioned state, fromJSON() reads it back, merge
 * takes a parsed state, and anything that is not a state of the same kind is refused with a
 * SurprisalError (never a TypeError).
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { fc, test as fcTest } from "@fast-check/vitest";
import { describe, expect, test } from "vitest";
import {
  CrossEntropyAccumulator,
  crossEntropy,
  EntropyAccumulator,
  entropy,
  KlAccumulator,
  KlEstimateAccumulator,
  klDivergence,
  SurprisalError,
} from "../../src/index.js";

const rel = (a: number, b: number) => (a === b ? 0 : Math.abs(a - b) / Math.abs(b));
const roundTrip = <T>(x: T): unknown => JSON.parse(JSON.stringify(x));

/** Whole-array inputs of each kind, with chunk boundaries. */
const P = [0.1, 0.2, 0.05, 0.15, 0.3, 0.2];
const Q = [0.15, 0.15, 0.1, 0.1, 0.25, 0.25];
const KINDS = [
  { input: "probabilities" as const, p: P, q: Q },
  { input: "counts" as const, p: [3, 7, 1e-3, 12, 5, 0], q: [1, 9, 2, 2, 4, 1] },
  { input: "logits" as const, p: [0.3, -1, 2, -Infinity, 0, 1], q: [0, 0, 1, 1, -2, 0.5] },
  {
    input: "logprobs" as const,
    p: P.map(Math.log),
    q: Q.map(Math.log),
  },
];

describe("toJSON / fromJSON round trips", () => {
  for (const k of KINDS) {
    test(`${k.input}: every accumulator, bits, split and merged through JSON`, () => {
      const o = { input: k.input, base: "bits" as const };
      const a = new KlAccumulator(o).add(k.p.slice(0, 2), k.q.slice(0, 2));
      const b = new KlAccumulator(o).add(k.p.slice(2), k.q.slice(2));
      const merged = KlAccumulator.fromJSON(roundTrip(a)).merge(roundTrip(b) as never);
      expect(rel(merged.value(), klDivergence(k.p, k.q, o))).toBeLessThanOrEqual(1e-15);
      expect(merged.length).toBe(k.p.length);

      const h = new EntropyAccumulator(o).add(k.p.slice(0, 3));
      const h2 = new EntropyAccumulator(o).add(k.p.slice(3));
      const hm = EntropyAccumulator.fromJSON(roundTrip(h)).merge(roundTrip(h2) as never);
      expect(rel(hm.value(), entropy(k.p, o))).toBeLessThanOrEqual(1e-15);

      const x = new CrossEntropyAccumulator(o).add(k.p.slice(0, 4), k.q.slice(0, 4));
      const x2 = new CrossEntropyAccumulator(o).add(k.p.slice(4), k.q.slice(4));
      const xm = CrossEntropyAccumulator.fromJSON(roundTrip(x)).merge(roundTrip(x2) as never);
      expect(rel(xm.value(), crossEntropy(k.p, k.q, o))).toBeLessThanOrEqual(1e-15);
    });
  }

  test("JSON.stringify no longer gives {} and the state names its kind and version", () => {
    const s = roundTrip(new KlAccumulator({ input: "counts" }).add([1, 2], [2, 1])) as Record<
      string,
      unknown
    >;
    expect(s).toMatchObject({ kind: "KlAccumulator", version: 1, input: "counts", base: "nats" });
    expect(Object.keys(roundTrip(new EntropyAccumulator()) as object).length).toBeGreaterThan(3);
  });

  test("an empty log-domain state (maximum −∞) survives JSON", () => {
    const s = roundTrip(new EntropyAccumulator({ input: "logits" }));
    expect(s).toMatchObject({ max: "-Infinity", length: 0 });
    const acc = EntropyAccumulator.fromJSON(s).add([0, 0]);
    expect(acc.value()).toBe(Math.LN2);
  });

  test("+∞ (Q rules out an outcome) survives JSON", () => {
    const a = new KlAccumulator().add([0.5, 0.5], [1, 0]);
    expect(KlAccumulator.fromJSON(roundTrip(a)).value()).toBe(Number.POSITIVE_INFINITY);
  });

  test("KlEstimateAccumulator: state round trip and merge of a parsed state", () => {
    const lp = [-0.5, -1, -2, -0.1];
    const lq = [-0.7, -0.9, -2.5, -0.2];
    const whole = new KlEstimateAccumulator({ estimator: "k3" }).add(lp, lq).value();
    const a = new KlEstimateAccumulator({ estimator: "k3" }).add(lp.slice(0, 1), lq.slice(0, 1));
    const b = new KlEstimateAccumulator({ estimator: "k3" }).add(lp.slice(1), lq.slice(1));
    const m = KlEstimateAccumulator.fromJSON(roundTrip(a))
      .merge(roundTrip(b) as never)
      .value();
    expect(rel(m.estimate, whole.estimate)).toBeLessThanOrEqual(1e-15);
    expect(rel(m.standardError, whole.standardError)).toBeLessThanOrEqual(1e-14);
    expect(m.samples).toBe(4);
  });

  fcTest.prop(
    [
      fc.array(fc.double({ min: 0, max: 100, noNaN: true }), { minLength: 2, maxLength: 40 }),
      fc.array(fc.double({ min: 0.01, max: 100, noNaN: true }), { minLength: 40, maxLength: 40 }),
      fc.integer({ min: 1, max: 39 }),
      fc.constantFrom("counts", "probabilities", "logits"),
    ],
    { numRuns: 100 },
  )(
    "a state through JSON merges exactly as the accumulator itself (bit for bit)",
    (p, q0, cut, input) => {
      const q = q0.slice(0, p.length);
      const c = Math.min(cut, p.length - 1);
      const o = { input: input as "counts", tolerance: 1e300 };
      const a = () => new KlAccumulator(o).add(p.slice(0, c), q.slice(0, c));
      const b = new KlAccumulator(o).add(p.slice(c), q.slice(c));
      expect(JSON.stringify(a().merge(roundTrip(b) as never))).toBe(JSON.stringify(a().merge(b)));
      const h = () => new EntropyAccumulator(o).add(p.slice(0, c));
      const h2 = new EntropyAccumulator(o).add(p.slice(c));
      expect(JSON.stringify(h().merge(roundTrip(h2) as never))).toBe(JSON.stringify(h().merge(h2)));
    },
  );
});

describe("states from another process", () => {
  test("a child process writes states of half the data; merged here they give the whole-array value", () => {
    // Reached: relative error 0 to 2e-16 (measured); held to 1e-12 as the issue asks.
    const n = 10_000;
    const p = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % 101));
    const q = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 104729) % 97));
    const half = n / 2;
    const dir = mkdtempSync(join(tmpdir(), "surprisal-state-"));
    try {
      const entry = pathToFileURL(resolve(import.meta.dirname, "../../src/index.ts")).href;
      const script = join(dir, "worker.ts");
      writeFileSync(
        script,
        `import { CrossEntropyAccumulator, EntropyAccumulator, KlAccumulator } from ${JSON.stringify(entry)};
const n = ${n};
const p = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 7919) % 101)).subarray(${half});
const q = Float64Array.from({ length: n }, (_, i) => 1 + ((i * 104729) % 97)).subarray(${half});
const o = { input: "counts" as const, base: "bits" as const };
process.stdout.write(JSON.stringify({
  kl: new KlAccumulator(o).add(p, q),
  h: new EntropyAccumulator(o).add(p),
  x: new CrossEntropyAccumulator(o).add(p, q),
}));
`,
      );
      const r = spawnSync(process.execPath, ["--import", "tsx", script], {
        encoding: "utf8",
        timeout: 120_000,
      });
      expect(r.stderr).toBe("");
      expect(r.status).toBe(0);
      const states = JSON.parse(r.stdout);
      const o = { input: "counts" as const, base: "bits" as const };
      const kl = new KlAccumulator(o).add(p.subarray(0, half), q.subarray(0, half));
      const h = new EntropyAccumulator(o).add(p.subarray(0, half));
      const x = new CrossEntropyAccumulator(o).add(p.subarray(0, half), q.subarray(0, half));
      expect(rel(kl.merge(states.kl).value(), klDivergence(p, q, o))).toBeLessThanOrEqual(1e-12);
      expect(rel(h.merge(states.h).value(), entropy(p, o))).toBeLessThanOrEqual(1e-12);
      expect(rel(x.merge(states.x).value(), crossEntropy(p, q, o))).toBeLessThanOrEqual(1e-12);
      expect(kl.length).toBe(n);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

/** The SurprisalError a call throws (fails the test for anything else, a TypeError in particular). */
function refusal(f: () => unknown): SurprisalError {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(SurprisalError);
    return e as SurprisalError;
  }
  throw new Error("expected a refusal");
}

describe("hostile or mismatched states are refused with a SurprisalError", () => {
  const good = roundTrip(new KlAccumulator({ input: "counts" }).add([1, 2], [2, 1])) as Record<
    string,
    unknown
  >;
  const cases: [string, unknown, string][] = [
    ["not an object", "hello", "invalid-state"],
    ["null", null, "invalid-state"],
    ["an array", [1, 2], "invalid-state"],
    ["wrong kind", { ...good, kind: "EntropyAccumulator" }, "invalid-state"],
    ["wrong version", { ...good, version: 2 }, "invalid-state"],
    ["no version", { ...good, version: undefined }, "invalid-state"],
    ["negative sum", { ...good, sp: [-3, 0] }, "invalid-state"],
    ["negative G", { ...good, g: [-1e-3, 0] }, "invalid-state"],
    ["NaN (number)", { ...good, sq: [Number.NaN, 0] }, "invalid-state"],
    ["NaN (string)", { ...good, g: ["NaN", 0] }, "invalid-state"],
    ["missing sum", { ...good, delta: undefined }, "invalid-state"],
    ["sum not a pair", { ...good, sp: 3 }, "invalid-state"],
    ["missing lambda", { ...good, lambda: undefined }, "invalid-state"],
    ["lambda 0", { ...good, lambda: 0 }, "invalid-state"],
    ["fractional length", { ...good, length: 1.5 }, "invalid-state"],
    ["more infinite than length", { ...good, infinite: 5 }, "invalid-state"],
    ["empty but with sums", { ...good, length: 0 }, "invalid-state"],
    ["unknown input", { ...good, input: "count" }, "invalid-state"],
    ["unknown base", { ...good, base: "furlongs" }, "invalid-state"],
    ["a string for a number", { ...good, tolerance: "1e-6" }, "invalid-state"],
    ["different input", { ...good, input: "probabilities" }, "incompatible"],
    ["different base", { ...good, base: "bits" }, "incompatible"],
  ];
  test.each(cases)("%s", (_, state, code) => {
    const acc = new KlAccumulator({ input: "counts" });
    const e = refusal(() => acc.merge(state as never));
    expect(e.code).toBe(code);
    if (code === "invalid-state") {
      expect(refusal(() => KlAccumulator.fromJSON(state)).code).toBe("invalid-state");
    }
  });

  test("each accumulator checks its own kind, and the other kinds' states", () => {
    const h = roundTrip(new EntropyAccumulator().add([0.5, 0.5]));
    const x = roundTrip(new CrossEntropyAccumulator().add([0.5], [0.5]));
    const k = roundTrip(new KlEstimateAccumulator().add([-1], [-2]));
    expect(refusal(() => new KlAccumulator().merge(h as never)).code).toBe("invalid-state");
    expect(refusal(() => new EntropyAccumulator().merge(x as never)).code).toBe("invalid-state");
    expect(refusal(() => new CrossEntropyAccumulator().merge(k as never)).code).toBe(
      "invalid-state",
    );
    expect(refusal(() => new KlEstimateAccumulator().merge(h as never)).code).toBe("invalid-state");
    const bad = { ...(x as Record<string, unknown>) };
    bad.kl = { ...(bad.kl as Record<string, unknown>), input: "counts" };
    expect(refusal(() => CrossEntropyAccumulator.fromJSON(bad)).code).toBe("invalid-state");
    const kb = { ...(k as Record<string, unknown>), m2: -1 };
    expect(refusal(() => KlEstimateAccumulator.fromJSON(kb)).code).toBe("invalid-state");
    const kc = { ...(k as Record<string, unknown>), count: 7 };
    expect(refusal(() => KlEstimateAccumulator.fromJSON(kc)).code).toBe("invalid-state");
    const kd = { ...(k as Record<string, unknown>), base: "bits" };
    expect(refusal(() => new KlEstimateAccumulator().merge(kd as never)).code).toBe("incompatible");
  });

  test("merging accumulators of another input kind or unit is refused too", () => {
    expect(
      refusal(() => new KlAccumulator().merge(new KlAccumulator({ input: "counts" }))).code,
    ).toBe("incompatible");
    expect(
      refusal(() => new EntropyAccumulator().merge(new EntropyAccumulator({ base: "bits" }))).code,
    ).toBe("incompatible");
    // "bits" and 2 are the same unit.
    expect(() =>
      new EntropyAccumulator({ base: 2 }).merge(new EntropyAccumulator({ base: "bits" })),
    ).not.toThrow();
  });

  fcTest.prop([fc.anything()], { numRuns: 300 })(
    "anything at all: a SurprisalError, never a TypeError",
    (x) => {
      for (const f of [
        () => KlAccumulator.fromJSON(x),
        () => EntropyAccumulator.fromJSON(x),
        () => CrossEntropyAccumulator.fromJSON(x),
        () => KlEstimateAccumulator.fromJSON(x),
      ]) {
        refusal(f);
      }
    },
  );

  fcTest.prop(
    [
      fc.constantFrom("g", "sp", "sq", "delta", "length", "infinite", "lambda", "tolerance"),
      fc.oneof(
        fc.constant(undefined),
        fc.constant(null),
        fc.string(),
        fc.double(),
        fc.array(fc.double(), { maxLength: 3 }),
      ),
    ],
    { numRuns: 300 },
  )("a field replaced by anything: accepted only when it is a valid state", (field, value) => {
    const state = { ...good, [field]: value };
    try {
      const acc = KlAccumulator.fromJSON(state);
      expect(Number.isNaN(acc.length)).toBe(false);
    } catch (e) {
      expect(e).toBeInstanceOf(SurprisalError);
    }
  });
});
