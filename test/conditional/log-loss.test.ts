import { describe, expect, test } from "vitest";
import { conditionalKl, logLoss } from "../../src/conditional/index.js";
import { categoricalSampler, createRng } from "../../src/sampling/index.js";
import { relErr } from "../helpers/fixtures.js";
import { type ErrorCase, expectRefusals } from "../sampling/expect-error.js";
import { samplingFixture } from "../sampling/fixture.js";

const F = samplingFixture.log_loss;

/** Measured worst 0.9ε on every value below (means, standard errors, perplexity, decomposition); held to 4ε. */
const TOL = 4 * Number.EPSILON;

describe("logLoss: mpmath reference values", () => {
  test("probabilities: mean, standard error, perplexity", () => {
    const r = logLoss(F.labels, F.q_rows);
    expect(relErr(r.mean, F.probabilities.mean)).toBeLessThanOrEqual(TOL);
    expect(relErr(r.standardError, F.probabilities.standard_error)).toBeLessThanOrEqual(TOL);
    expect(relErr(r.perplexity, F.probabilities.perplexity)).toBeLessThanOrEqual(TOL);
    expect(r.n).toBe(F.labels.length);
    expect(r.perSample.length).toBe(F.labels.length);
  });

  test("logits: normalized by log-sum-exp per row", () => {
    const r = logLoss(F.labels, F.q_logits, { input: "logits" });
    expect(relErr(r.mean, F.logits.mean)).toBeLessThanOrEqual(TOL);
    expect(relErr(r.standardError, F.logits.standard_error)).toBeLessThanOrEqual(TOL);
  });

  test("decomposition against mpmath, and its parts add up", () => {
    for (const [q, input, ckl, exp] of [
      [
        F.q_rows,
        "probabilities",
        F.conditional_kl_probabilities,
        F.expected_log_loss_probabilities,
      ],
      [F.q_logits, "logits", F.conditional_kl_logits, F.expected_log_loss_logits],
    ] as const) {
      const d = logLoss(F.labels, q, { input, pRows: F.p_rows }).decomposition!;
      expect(relErr(d.conditionalEntropy, F.conditional_entropy)).toBeLessThanOrEqual(TOL);
      expect(relErr(d.conditionalKl, ckl)).toBeLessThanOrEqual(TOL);
      expect(relErr(d.expectedLogLoss, exp)).toBeLessThanOrEqual(TOL);
      expect(relErr(d.conditionalEntropy + d.conditionalKl, d.expectedLogLoss)).toBeLessThanOrEqual(
        TOL,
      );
      // the conditional KL part is conditionalKl's mean over the rows
      expect(relErr(d.conditionalKl, conditionalKl(F.p_rows, F.q_rows).mean)).toBeLessThanOrEqual(
        TOL,
      );
    }
  });

  test("bits: every value divided by ln 2, the perplexity unchanged", () => {
    const nats = logLoss(F.labels, F.q_rows, { pRows: F.p_rows });
    const bits = logLoss(F.labels, F.q_rows, { pRows: F.p_rows, base: "bits" });
    expect(relErr(bits.mean, nats.mean / Math.LN2)).toBeLessThanOrEqual(1e-15);
    expect(relErr(bits.standardError, nats.standardError / Math.LN2)).toBeLessThanOrEqual(1e-15);
    expect(bits.perplexity).toBe(nats.perplexity);
    expect(
      relErr(bits.decomposition!.conditionalKl, nats.decomposition!.conditionalKl / Math.LN2),
    ).toBeLessThanOrEqual(1e-15);
    expect(bits.unit).toBe("bits");
  });
});

describe("logLoss: labels drawn from P estimate the expected log-loss", () => {
  test("|mean − (H(Y|X) + conditional KL)| ≤ 5 SE over 20,000 labelled rows (fixed seed)", () => {
    // rows cycle through the fixture's 40 conditionals; each label is drawn from its P row.
    const rng = createRng(31);
    const samplers = F.p_rows.map((row) => categoricalSampler(row, { rng }));
    const n = 20_000;
    const labels = new Int32Array(n);
    const q: number[][] = [];
    const p: number[][] = [];
    for (let i = 0; i < n; i++) {
      const r = i % F.p_rows.length;
      labels[i] = samplers[r].next();
      q.push(F.q_rows[r]);
      p.push(F.p_rows[r]);
    }
    const r = logLoss(labels, q, { pRows: p });
    const d = r.decomposition!;
    // failure probability of a correct implementation for a random seed: 5.7e-7 (normal approx.)
    expect(Math.abs(r.mean - d.expectedLogLoss)).toBeLessThanOrEqual(5 * r.standardError);
    // and the model pays more than a perfect one would
    expect(r.mean).toBeGreaterThan(d.conditionalEntropy + 10 * r.standardError);
  });
});

describe("logLoss: edge cases and errors", () => {
  test("a label the model calls impossible costs +∞", () => {
    const r = logLoss(
      [0, 1],
      [
        [0.5, 0.5],
        [1, 0],
      ],
    );
    expect(r.mean).toBe(Number.POSITIVE_INFINITY);
    expect(r.perplexity).toBe(Number.POSITIVE_INFINITY);
    expect(r.perSample[1]).toBe(Number.POSITIVE_INFINITY);
  });

  test("logits keep digits where probabilities underflow", () => {
    const r = logLoss([1], [[0, -800]], { input: "logits" });
    expect(relErr(r.mean, 800)).toBeLessThanOrEqual(1e-15);
  });

  test("flat rows with columns", () => {
    const flat = new Float64Array(F.q_rows.flat());
    const r = logLoss(F.labels, flat, { columns: 4 });
    expect(relErr(r.mean, F.probabilities.mean)).toBeLessThanOrEqual(TOL);
  });

  test("refuses labels out of range, mismatched lengths and empty data", () => {
    const q = [
      [0.5, 0.5],
      [0.1, 0.9],
    ];
    const cases: ErrorCase[] = [
      [() => logLoss([0, 2], q), "out-of-range", "labels", 1, /out of range/],
      [() => logLoss([0, 0.5], q), "out-of-range", "labels", 1, /0\.5/],
      [() => logLoss([0], q), "length-mismatch", "labels", undefined, /one label per row/],
      [() => logLoss([], []), "empty", "qRows", undefined, /empty/],
      [
        () => logLoss([0, 1], q, { pRows: [[1, 0]] }),
        "length-mismatch",
        "pRows",
        undefined,
        /rows/,
      ],
      [
        () =>
          logLoss(
            [0, 1],
            [
              [0.5, 0.5],
              [0.2, 0.2],
            ],
          ),
        "sum",
        "qRows[1]",
        undefined,
        /sum/,
      ],
    ];
    expectRefusals(cases);
  });
});
