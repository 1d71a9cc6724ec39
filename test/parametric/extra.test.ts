/**
 * Hard ranges and cross-family pairs beyond the shared fixture, against mpmath values from
 * scripts/gen_parametric.py (test/fixtures/parametric-extra.json): entropies by direct
 * high-precision summation or evaluation, KL divergences by numerical quadrature/summation of
 * p·(ln p − ln q), which is independent of every closed form used in the library.
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parametricKlDivergence } from "../../src/parametric/index.js";
import { num, relErr } from "../helpers/fixtures.js";
import { build, type Spec } from "./build.js";

interface Extra {
  logprob: { dist: Spec; x: number; value: number | string }[];
  entropies: { dist: Spec; entropy: number }[];
  kl: { p: Spec; q: Spec; kl: number | string; method: string }[];
}

const extra = JSON.parse(
  readFileSync(
    resolve(dirname(fileURLToPath(import.meta.url)), "../fixtures/parametric-extra.json"),
    "utf8",
  ),
) as Extra;

/** Machine epsilon 2⁻⁵²: every tolerance below is a multiple of it. */
const EPS = 2 ** -52;

// Tolerances state the accuracy reached: the worst relative error measured per family (or pair),
// rounded up to a power of two at least twice as large (4ε where it is ≤ 2ε), so that a 100×
// regression fails. Families and pairs not listed are held to the default.
const LOGPROB_EPS: Record<string, number> = {
  default: 4,
  Exponential: 16, // 7.6ε
  Beta: 32, // 13.7ε
  Binomial: 64, // 25.5ε (Loader's saddle point for n ~ 1e15)
};
const ENTROPY_EPS: Record<string, number> = {
  default: 4,
  Beta: 16, // 7.4ε
  Gamma: 32, // 9.0ε
  Poisson: 32, // 9.3ε
  Binomial: 32, // 12.4ε
};
const KL_EPS: Record<string, number> = {
  default: 4,
  "Gamma|Gamma": 8, // 2.4ε
  "Categorical|Poisson": 8, // 2.8ε
  "LogNormal|Laplace": 8, // 2.7ε
  "Poisson|Geometric": 8, // 2.6ε
  "Uniform|Pareto": 8, // 2.7ε
  "HalfNormal|Gumbel": 8, // 3.9ε
  "Exponential|HalfNormal": 32, // 8.6ε
  "Beta|LogNormal": 32, // 8.2ε
  "Beta|Gamma": 32, // 9.4ε
  "Beta|HalfNormal": 32, // 9.7ε
  "Binomial|Poisson": 32, // 10.1ε
  "LogNormal|Gamma": 32, // 12.7ε
  "HalfNormal|Exponential": 64, // 18.1ε
  "Gamma|LogNormal": 64, // 24.7ε
  "Categorical|Binomial": 64, // 28.7ε
  "Binomial|Geometric": 64, // 31.4ε
  "Binomial|Binomial": 128, // 39.0ε
};

const tol = (table: Record<string, number>, key: string) => (table[key] ?? table.default) * EPS;
const show = (s: Spec) => {
  const { family, ...params } = s;
  return `${family}(${Object.values(params)
    .map((v) => JSON.stringify(v))
    .join(", ")})`;
};

describe("parametric-extra.json (mpmath)", () => {
  it.each(
    extra.logprob.map((c) => ({
      ...c,
      name: `${show(c.dist)} at ${c.x}`,
      tol: tol(LOGPROB_EPS, c.dist.family),
    })),
  )("logProb of $name", ({ dist, x, value, tol }) => {
    const v = build(dist).logProb(x);
    const e = num(value);
    expect(relErr(v, e), `${v} vs ${e}`).toBeLessThanOrEqual(tol);
  });

  it.each(
    extra.entropies.map((c) => ({
      ...c,
      name: show(c.dist),
      tol: tol(ENTROPY_EPS, c.dist.family),
    })),
  )("entropy of $name (hard range)", ({ dist, entropy, tol }) => {
    const v = build(dist).entropy();
    expect(relErr(v, entropy), `${v} vs ${entropy}`).toBeLessThanOrEqual(tol);
  });

  it.each(
    extra.kl.map((c) => ({
      ...c,
      name: `${show(c.p)} ‖ ${show(c.q)}`,
      tol: tol(KL_EPS, `${c.p.family}|${c.q.family}`),
    })),
  )("KL $name against $method", ({ p, q, kl, tol }) => {
    const v = parametricKlDivergence(build(p), build(q));
    const expected = num(kl);
    expect(relErr(v, expected), `${v} vs ${expected}`).toBeLessThanOrEqual(tol);
  });
});
