import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { InputKind } from "../../src/types.js";

/** Reference values from scripts/gen_sampling.py (numpy inputs, mpmath values, scipy χ² quantiles). */
export interface SamplingFixture {
  samplers: { name: string; p: number[]; alpha: number; chi2_critical: number }[];
  fair_die: { n: number; log_probability: number; log_probability_float_p: number };
  sequences: {
    name: string;
    input: InputKind;
    p: number[];
    q: number[];
    sequence: number[];
    log_p: number;
    log_q: number;
    llr: number;
    llr_per_sample: number;
  }[];
  estimators: ({ name: string; logP: number[]; logQ: number[] } & Record<
    "k1" | "k2" | "k3",
    { estimate: number; standard_error: number }
  >)[];
  monte_carlo: { name: string; p: number[]; q: number[]; kl: number; expected_k2: number }[];
  normals: {
    p: { mean: number; std: number };
    q: { mean: number; std: number };
    kl: number;
    expected_k2: number;
  }[];
  log_loss: {
    labels: number[];
    p_rows: number[][];
    q_rows: number[][];
    q_logits: number[][];
    probabilities: { mean: number; standard_error: number; perplexity: number };
    logits: { mean: number; standard_error: number; perplexity: number };
    conditional_entropy: number;
    conditional_kl_probabilities: number;
    conditional_kl_logits: number;
    expected_log_loss_probabilities: number;
    expected_log_loss_logits: number;
  };
  distinguish: {
    name: string;
    p: number[];
    q: number[];
    factor: number;
    kl: number;
    samples: number;
  }[];
}

export const samplingFixture: SamplingFixture = JSON.parse(
  readFileSync(
    resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures/sampling.json"),
    "utf8",
  ),
) as SamplingFixture;
