import { readFileSync } from "node:fs";
import { describe, expect, test } from "vitest";
import {
  entropy,
  hellinger,
  type InputKind,
  jsDivergence,
  klDivergence,
  renyiDivergence,
  totalVariation,
} from "../../src/index.js";
import { num, relErr } from "../helpers/fixtures.js";

// Reference values: scripts/gen_core_extra.py (mpmath, 60 digits) → test/fixtures/core-extra.json.
interface Case {
  name: string;
  input: InputKind;
  p: number[];
  q: number[];
  expected: Record<string, number | string>;
}
const { cases } = JSON.parse(
  readFileSync(new URL("../fixtures/core-extra.json", import.meta.url), "utf8"),
) as { cases: Case[] };

const checks: [string, number, (p: number[], q: number[], o: { input: InputKind }) => number][] = [
  ["entropy_p", 1e-12, (p, _q, o) => entropy(p, o)],
  ["kl", 1e-12, (p, q, o) => klDivergence(p, q, o)],
  ["js_divergence", 1e-10, (p, q, o) => jsDivergence(p, q, o)],
  ["total_variation", 1e-10, (p, q, o) => totalVariation(p, q, o)],
  ["hellinger", 1e-8, (p, q, o) => hellinger(p, q, o)],
  ["renyi_0_5", 1e-10, (p, q, o) => renyiDivergence(p, q, 0.5, o)],
];

describe.each(cases)("$name", (c) => {
  test.each(checks)("%s within %d relative of mpmath", (key, tol, f) => {
    const want = num(c.expected[key]);
    const got = f(c.p, c.q, { input: c.input });
    expect(relErr(got, want), `got ${got}, want ${want}`).toBeLessThanOrEqual(tol);
  });
});
