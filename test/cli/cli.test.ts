import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { conditionalKl } from "../../src/conditional/conditional-kl.js";
import { contributions } from "../../src/measures/contributions.js";
import { crossEntropy } from "../../src/measures/cross-entropy.js";
import { entropy } from "../../src/measures/entropy.js";
import { hellinger } from "../../src/measures/hellinger.js";
import { jsDistance, jsDivergence } from "../../src/measures/js.js";
import { klDivergence } from "../../src/measures/kl.js";
import { renyiDivergence } from "../../src/measures/renyi.js";
import { entropyRows, jsDivergenceRows, klDivergenceRows } from "../../src/measures/rows.js";
import { totalVariation } from "../../src/measures/total-variation.js";
import {
  estimateKl,
  logLikelihoodRatio,
  sampleSequence,
  sequenceLogProbability,
} from "../../src/sampling/index.js";
import { num, readSharedFixture, relErr } from "../helpers/fixtures.js";
import { fixture, fixtures, parseJson, runMain } from "./run.js";

interface NpyRef {
  shape: number[];
  values: number[] | null;
}
const npy = JSON.parse(fixture("npy_values.json")) as Record<string, NpyRef>;
const vec = (name: string): number[] => npy[name]?.values as number[];

/** A run that must succeed: exit 0, nothing on stderr (in-process, through main()). */
async function ok(args: string[], input?: string): Promise<string> {
  const r = await runMain(args, input === undefined ? {} : { input });
  expect(r.stderr, `stderr of surprisal ${args.join(" ")}`).toBe("");
  expect(r.code, `exit code of surprisal ${args.join(" ")}`).toBe(0);
  return r.stdout;
}

async function json(args: string[], input?: string): Promise<Record<string, unknown>> {
  return parseJson(await ok([...args, "--json"], input));
}

/** A run that must fail: the exit code, one line on stderr starting `surprisal: <command>: `, no stack. */
async function fails(args: string[], code: number, input?: string): Promise<string> {
  const r = await runMain(args, input === undefined ? {} : { input });
  expect(r.code, `exit code of surprisal ${args.join(" ")}: ${r.stderr}`).toBe(code);
  expect(r.stdout).toBe("");
  const lines = r.stderr.trimEnd().split("\n");
  expect(lines, r.stderr).toHaveLength(1);
  expect(r.stderr).toMatch(/^surprisal: /);
  expect(r.stderr).not.toMatch(/\n\s+at /);
  return r.stderr.trim();
}

describe("every command, against the library's own numbers", () => {
  const p = [0.5, 0.5];
  const q = [0.9, 0.1];

  it("kl: value, unit and direction spelled out", async () => {
    const out = await ok(["kl", "0.5,0.5", "0.9,0.1"]);
    expect(out).toContain(`D(P‖Q) = ${Number(klDivergence(p, q).toPrecision(6))} nats`);
    expect(out).toContain("P (truth):  0.5,0.5");
    expect(out).toContain("Q (belief): 0.9,0.1");
    expect((await json(["kl", "0.5,0.5", "0.9,0.1"])).klDivergence).toBe(klDivergence(p, q));
    expect(await json(["kl", "0.5,0.5", "0.9,0.1", "--base", "bits"])).toEqual({
      P: "0.5,0.5",
      Q: "0.9,0.1",
      unit: "bits",
      klDivergence: klDivergence(p, q, { base: "bits" }),
    });
    // The other direction is a different number: the CLI keeps the order it was given.
    expect((await json(["kl", "0.9,0.1", "0.5,0.5"])).klDivergence).toBe(klDivergence(q, p));
  });

  it("kl: +∞ is written as the string Infinity in JSON and ∞ for people", async () => {
    const r = await runMain(["kl", "0.5,0.5", "1,0", "--json"]);
    expect(r.stdout).toContain('"klDivergence": "Infinity"');
    expect(await ok(["kl", "0.5,0.5", "1,0"])).toContain("D(P‖Q) = ∞ nats");
  });

  it("entropy and cross-entropy", async () => {
    expect((await json(["entropy", "0.25,0.25,0.5", "--base", "bits"])).entropy).toBe(
      entropy([0.25, 0.25, 0.5], { base: "bits" }),
    );
    expect(await ok(["entropy", "0.25,0.25,0.5", "--base", "bits"])).toMatch(/^H\(P\) = 1\.5 bits/);
    expect((await json(["cross-entropy", "0.5,0.5", "0.9,0.1"])).crossEntropy).toBe(
      crossEntropy(p, q),
    );
    expect(await ok(["cross-entropy", "0.5,0.5", "0.9,0.1"])).toContain("H(P,Q) = ");
  });

  it("js", async () => {
    const j = await json(["js", "0.5,0.5", "0.9,0.1", "--base", "bits"]);
    expect(j.jsDivergence).toBe(jsDivergence(p, q, { base: "bits" }));
    expect(j.jsDistance).toBe(jsDistance(p, q, { base: "bits" }));
  });

  it("compare: every measure, both directions", async () => {
    const j = await json(["compare", "0.5,0.5", "0.9,0.1", "--alpha", "0.5,2,inf"]);
    expect(j.entropy).toEqual({ P: entropy(p), Q: entropy(q) });
    expect(j.crossEntropy).toBe(crossEntropy(p, q));
    expect(j.klDivergence).toBe(klDivergence(p, q));
    expect(j.reverse).toEqual({
      crossEntropy: crossEntropy(q, p),
      klDivergence: klDivergence(q, p),
    });
    expect(j.jsDivergence).toBe(jsDivergence(p, q));
    expect(j.jsDistance).toBe(jsDistance(p, q));
    // In the order of --alpha, as an array (object keys would put "2" before "0.5").
    expect(j.renyiDivergence).toEqual([
      { alpha: 0.5, value: renyiDivergence(p, q, 0.5) },
      { alpha: 2, value: renyiDivergence(p, q, 2) },
      { alpha: Infinity, value: renyiDivergence(p, q, Infinity) },
    ]);
    expect(j.totalVariation).toBe(totalVariation(p, q));
    expect(j.hellinger).toBe(hellinger(p, q));
    const text = await ok(["compare", "0.5,0.5", "0.9,0.1"]);
    expect(text).toContain("D(Q‖P)");
    expect(text).toContain("The direction matters");
  });

  it("explain: sorted by contribution, with labels, shares and a bar", async () => {
    const P = [30, 50, 15, 5];
    const Q = [25, 25, 25, 25];
    const c = contributions(P, Q, { input: "counts", base: "bits" });
    const j = await json([
      "explain",
      "fruit.csv#observed",
      "fruit.csv#expected",
      "--input",
      "counts",
      "--base",
      "bits",
    ]);
    expect(j.klDivergence).toBe(c.total);
    const rows = j.contributions as {
      outcome: string;
      contribution: number;
      share: number;
      p: number;
    }[];
    expect(rows.map((r) => r.outcome)).toEqual(["banana", "apple", "cherry", "date"]);
    expect(rows.map((r) => r.contribution)).toEqual(Array.from(c.order, (i) => c.contribution[i]));
    expect(rows.map((r) => r.share)).toEqual(Array.from(c.order, (i) => c.share[i]));
    const text = await ok([
      "explain",
      "fruit.csv#observed",
      "fruit.csv#expected",
      "--input",
      "counts",
    ]);
    const lines = text.split("\n");
    const banana = lines.find((l) => l.startsWith("banana")) as string;
    const date = lines.find((l) => l.startsWith("date")) as string;
    expect(banana).toMatch(/│█+/); // P > Q: the bar grows right
    expect(date).toMatch(/█+│/); // Q > P: the bar grows left
    expect(text).toContain('Outcome "banana" adds the most');
    expect(
      await ok([
        "explain",
        "fruit.csv#observed",
        "fruit.csv#expected",
        "--input",
        "counts",
        "--top",
        "1",
      ]),
    ).toContain("… 3 more outcomes");
  });

  it("sample: the notes' experiment, seeded and reproducible", async () => {
    const P = [0.1, 0.1, 0.1, 0.1, 0.1, 0.5];
    const Q = [1, 1, 1, 1, 1, 1];
    const args = [
      "sample",
      P.join(","),
      Q.join(","),
      "--input",
      "counts",
      "--samples",
      "5000",
      "--seed",
      "7",
    ];
    const j = await json(args);
    const o = { input: "counts" as const };
    const seq = sampleSequence(P, 5000, { seed: 7, input: "counts" });
    expect(j.sequenceLogProbability).toEqual({
      P: sequenceLogProbability(seq, P, o),
      Q: sequenceLogProbability(seq, Q, o),
    });
    const ratio = logLikelihoodRatio(seq, P, Q, o);
    expect((j.logLikelihoodRatio as { total: number }).total).toBe(ratio.total);
    expect((j.logLikelihoodRatio as { perSample: number }).perSample).toBe(ratio.perSample);
    expect(j.klDivergence).toBe(klDivergence(P, Q, o));
    const e = estimateKl(P, Q, { ...o, samples: 5000, seed: 7 });
    expect((j.estimateKl as { estimate: number }).estimate).toBe(e.estimate);
    expect((j.estimateKl as { standardError: number }).standardError).toBe(e.standardError);
    expect(await json(args)).toEqual(j); // same seed, same numbers
    expect(await ok(args)).toContain("log ∏P(x)");
  });

  it("conditional: rows from CSV with labels, weights from a text file", async () => {
    const pr = npy["rows_p.npy"] as NpyRef;
    const qr = npy["rows_q.npy"] as NpyRef;
    const w = [0.5, 0.25, 0.25];
    const expected = conditionalKl(
      Float64Array.from(pr.values as number[]),
      Float64Array.from(qr.values as number[]),
      {
        columns: 4,
        weights: w,
      },
    );
    const j = await json(["conditional", "rows_p.csv", "rows_q.csv", "--weights", "weights.txt"]);
    expect(j.conditionalKl).toEqual({
      total: expected.total,
      mean: expected.mean,
      rows: Array.from(expected.rows),
    });
    expect(j.rowLabels).toEqual(["x0", "x1", "x2"]);
    const csv = (await ok(["conditional", "rows_p.npy", "rows_q.npy", "--csv"])).trim().split("\n");
    expect(csv[0]).toBe("row,klDivergence");
    expect(csv.slice(1).map((l) => Number(l.split(",")[1]))).toEqual(
      Array.from(
        conditionalKl(
          Float64Array.from(pr.values as number[]),
          Float64Array.from(qr.values as number[]),
          { columns: 4 },
        ).rows,
      ),
    );
    expect(
      await ok(["conditional", "0.9,0.1;0.2,0.8", "0.8,0.2;0.5,0.5", "--weights", "0.5,0.5"]),
    ).toContain("P (truth, the data)");
  });

  it("--rows: row-wise results as a table, CSV or JSON", async () => {
    const pr = Float64Array.from(vec("rows_p.npy"));
    const qr = Float64Array.from(vec("rows_q.npy"));
    const kl = klDivergenceRows(pr, qr, { columns: 4 });
    expect((await json(["kl", "rows_p.npy", "rows_q.npy", "--rows"])).klDivergenceRows).toEqual(
      Array.from(kl),
    );
    expect((await json(["kl", "rows.json#p", "rows.json#q", "--rows"])).klDivergenceRows).toEqual(
      Array.from(kl),
    );
    expect(
      (await json(["kl", "rows_p_fortran.npy", "rows_q.npy", "--rows"])).klDivergenceRows,
    ).toEqual(Array.from(kl));
    const csv = (await ok(["entropy", "rows_p.csv", "--rows", "--csv"])).trim().split("\n");
    expect(csv[0]).toBe("row,label,entropyRows");
    expect(csv.slice(1).map((l) => Number(l.split(",")[2]))).toEqual(
      Array.from(entropyRows(pr, { columns: 4 })),
    );
    const lp = Float64Array.from(vec("logits_p32.npy"));
    const lq = Float64Array.from(vec("logits_q32.npy"));
    expect(
      (await json(["js", "logits_p32.npy", "logits_q32.npy", "--rows", "--input", "logits"]))
        .jsDivergenceRows,
    ).toEqual(Array.from(jsDivergenceRows(lp, lq, { columns: 7, input: "logits" })));
    const compare = await json(["compare", "0.5,0.5;0.2,0.8", "0.9,0.1;0.5,0.5", "--rows"]);
    expect(compare.klDivergenceRows).toEqual(
      Array.from(
        klDivergenceRows(
          [
            [0.5, 0.5],
            [0.2, 0.8],
          ],
          [
            [0.9, 0.1],
            [0.5, 0.5],
          ],
        ),
      ),
    );
  });
});

describe("every input form", () => {
  const p = vec("p64.npy");
  const q = vec("q64.npy");
  const exact = klDivergence(p, q);

  it("CSV by column name, TSV by column number, JSON by entry, .npy, stdin", async () => {
    expect((await json(["kl", "probs.csv#p", "probs.csv#q"])).klDivergence).toBe(exact);
    expect((await json(["kl", "probs.csv#1", "probs.csv#2"])).klDivergence).toBe(exact);
    expect((await json(["kl", "runs.json#truth", "runs.json#model"])).klDivergence).toBe(exact);
    expect((await json(["kl", "p.json", "runs.json#model"])).klDivergence).toBe(exact);
    expect((await json(["kl", "p64.npy", "q64.npy"])).klDivergence).toBe(exact);
    expect((await json(["kl", "p64_v2.npy", "q64.npy"])).klDivergence).toBe(exact);
    expect((await json(["kl", "pbig.npy", "q64.npy"])).klDivergence).toBe(exact);
    expect((await json(["kl", "column.npy", "q64.npy"])).klDivergence).toBe(exact);
    expect((await json(["kl", "-", "q64.npy"], `${p.join("\n")}\n`)).klDivergence).toBe(exact);
    expect((await json(["kl", "p64.npy", "-"], q.join(","))).klDivergence).toBe(exact);
    expect((await json(["kl", "-#p", "-#q"], fixture("probs.csv"))).klDivergence).toBe(exact);
    const counts = { input: "counts" as const };
    const fruit = klDivergence([30, 50, 15, 5], [25, 25, 25, 25], counts);
    expect(
      (await json(["kl", "fruit.csv#observed", "fruit.csv#expected", "--input", "counts"]))
        .klDivergence,
    ).toBe(fruit);
    expect(
      (await json(["kl", "fruit.tsv#2", "fruit.tsv#3", "--input", "counts"])).klDivergence,
    ).toBe(fruit);
  });

  it("float32 and integer .npy", async () => {
    const p32 = Float32Array.from(vec("p32.npy"));
    const q32 = Float32Array.from(vec("q32.npy"));
    expect((await json(["kl", "p32.npy", "q32.npy"])).klDivergence).toBe(klDivergence(p32, q32));
    expect((await json(["entropy", "counts_i8.npy", "--input", "counts"])).entropy).toBe(
      entropy(vec("counts_i8.npy"), { input: "counts" }),
    );
    expect((await json(["entropy", "counts_u1.npy", "--input", "counts"])).entropy).toBe(
      entropy(vec("counts_u1.npy"), { input: "counts" }),
    );
  });

  it("labels: a JSON object of named numbers; outcomes in another order are matched by label", async () => {
    expect((await json(["entropy", "labelled.json", "--base", "bits"])).entropy).toBe(1);
    const dir = mkdtempSync(join(tmpdir(), "surprisal-cli-"));
    writeFileSync(join(dir, "a.csv"), "side,p\nH,0.5\nT,0.5\n");
    writeFileSync(join(dir, "b.csv"), "side,p\nT,0.9\nH,0.1\n");
    const j = await json(["kl", join(dir, "a.csv"), join(dir, "b.csv")]);
    expect(j.klDivergence).toBe(klDivergence([0.5, 0.5], [0.1, 0.9]));
  });

  it("--from-samples: empirical distributions over the union of the outcomes seen", async () => {
    const a = fixture("rolls_loaded.txt").trim().split("\n");
    const b = fixture("rolls_fair.txt").trim().split(",");
    const faces = ["1", "2", "3", "4", "5", "6"];
    const ca = faces.map((f) => a.filter((x) => x === f).length);
    const cb = faces.map((f) => b.filter((x) => x === f).length);
    expect(
      (await json(["kl", "rolls_loaded.txt", "rolls_fair.txt", "--from-samples"])).klDivergence,
    ).toBe(klDivergence(ca, cb, { input: "counts" }));
    expect((await json(["entropy", "rolls_loaded.txt", "--from-samples"])).entropy).toBe(
      entropy(ca, { input: "counts" }),
    );
    const sides = fixture("coins.csv")
      .trim()
      .split("\n")
      .slice(1)
      .map((l) => l.split(",")[1]);
    const heads = sides.filter((s) => s === "H").length;
    expect((await json(["entropy", "coins.csv#side", "--from-samples"])).entropy).toBe(
      entropy([heads, sides.length - heads], { input: "counts" }),
    );
    // An outcome seen in P but never in Q: D(P‖Q) = +∞, honestly.
    expect((await json(["kl", "H,T,T", "T,T,T", "--from-samples"])).klDivergence).toBe(Infinity);
    const labels = (await json(["explain", "H,T,T", "T,T,H,H", "--from-samples"]))
      .contributions as {
      outcome: string;
    }[];
    expect(labels.map((l) => l.outcome).sort()).toEqual(["H", "T"]);
  });

  it("negative numbers and -inf are inputs, not flags", async () => {
    const lp = [Math.log(0.5), Math.log(0.5)];
    const lq = [Math.log(0.9), Math.log(0.1)];
    expect(
      (await json(["kl", lp.join(","), lq.join(","), "--input", "logprobs"])).klDivergence,
    ).toBe(klDivergence(lp, lq, { input: "logprobs" }));
    expect((await json(["kl", "0,-inf", "-1,-2", "--input", "logits"])).klDivergence).toBe(
      klDivergence([0, -Infinity], [-1, -2], { input: "logits" }),
    );
  });

  it("the shared reference fixtures, through files (relative error ≤ 1e-12 for KL, H, H(P,Q))", async () => {
    interface Case {
      name: string;
      input: "probabilities" | "counts" | "logits" | "logprobs";
      p: (number | string)[];
      q: (number | string)[];
      expected: Record<string, number | string>;
    }
    const cases = readSharedFixture<{ cases: Case[] }>("discrete.json").cases;
    const dir = mkdtempSync(join(tmpdir(), "surprisal-fixtures-"));
    let worst = 0;
    for (const c of cases) {
      const file = join(dir, `${c.name}.json`);
      writeFileSync(file, JSON.stringify({ p: c.p, q: c.q }));
      const j = await json(["compare", `${file}#p`, `${file}#q`, "--input", c.input]);
      const e = c.expected;
      const check = (
        got: unknown,
        want: number | string | undefined,
        tol: number,
        what: string,
      ) => {
        const w = num(want as number | string);
        const err = relErr(got as number, w);
        if (Math.abs(w) < 1e-300 ? Math.abs(got as number) > 1e-15 : err > tol) {
          throw new Error(`${c.name}: ${what} = ${got}, expected ${w} (relative error ${err})`);
        }
        if (tol === 1e-12 && Number.isFinite(err)) worst = Math.max(worst, err);
      };
      check((j.entropy as { P: number }).P, e.entropy_p, 1e-12, "entropy P");
      check((j.entropy as { Q: number }).Q, e.entropy_q, 1e-12, "entropy Q");
      check(j.crossEntropy, e.cross_entropy, 1e-12, "crossEntropy");
      check(j.klDivergence, e.kl, 1e-12, "klDivergence");
      check(
        (j.reverse as { klDivergence: number }).klDivergence,
        e.kl_reverse,
        1e-12,
        "reverse kl",
      );
      check(j.jsDivergence, e.js_divergence, 1e-10, "jsDivergence");
      const renyi = j.renyiDivergence as { alpha: number; value: number }[];
      expect(renyi.map((r) => r.alpha)).toEqual([0.5, 2]);
      check(renyi[0]?.value, e.renyi_0_5, 1e-10, "renyi 0.5");
      check(renyi[1]?.value, e.renyi_2, 1e-10, "renyi 2");
      check(j.totalVariation, e.total_variation, 1e-10, "totalVariation");
      check(j.hellinger, e.hellinger, 1e-8, "hellinger");
    }
    console.log(
      `CLI on ${cases.length} shared fixture cases: worst relative error (H, H(P,Q), KL) = ${worst}`,
    );
    expect(worst).toBeLessThanOrEqual(1e-12);
  });
});

describe("errors: one line naming the argument, file, line and value; exit 1 (data) or 2 (usage)", () => {
  it("data errors (exit 1)", async () => {
    expect(await fails(["kl", "0.5,0.5", "0.3,0.3,0.4"], 1)).toBe(
      "surprisal: kl: Q has length 3 but P has length 2: both must give one value per outcome",
    );
    expect(await fails(["kl", "nope.csv", "0.5,0.5"], 1)).toBe(
      "surprisal: kl: cannot read nope.csv: no such file",
    );
    expect(await fails(["entropy", "0.5,abc"], 1)).toBe(
      'surprisal: entropy: P[1] = "abc" is not a number',
    );
    expect(await fails(["entropy", "bad_value.csv"], 1)).toBe(
      'surprisal: entropy: P = bad_value.csv, line 3: "abc" is not a number',
    );
    expect(await fails(["entropy", "negative.csv"], 1)).toMatch(
      /P\[1\] = -0\.1 is negative.*negative\.csv, line 3/,
    );
    expect(await fails(["kl", "ragged.csv#a", "ragged.csv#b"], 1)).toContain("line 3 has 1 field");
    expect(await fails(["entropy", "probs.csv#nope"], 1)).toContain(
      'has no column "nope" (columns: "p", "q")',
    );
    expect(await fails(["entropy", "probs.csv"], 1)).toContain("name one, e.g. probs.csv#p");
    expect(await fails(["entropy", "probs.csv#9"], 1)).toContain("has no column 9");
    expect(await fails(["entropy", "bad.json"], 1)).toContain("cannot parse bad.json");
    expect(await fails(["entropy", "runs.json#nope"], 1)).toContain('has no entry "nope"');
    expect(await fails(["entropy", "truncated.npy"], 1)).toContain("truncated .npy file");
    expect(await fails(["entropy", "cube.npy"], 1)).toContain("3 dimensions");
    expect(await fails(["entropy", "complex.npy"], 1)).toContain("unsupported dtype");
    expect(await fails(["entropy", "rows_p.npy"], 1)).toContain("pass --rows");
    expect(await fails(["entropy", "0.5,0.6"], 1)).toContain("sum to");
    expect(await fails(["entropy", "0.5,0.6"], 1)).toContain("--input counts");
    expect(await fails(["entropy", "-"], 1, "")).toContain("empty");
    expect(await fails(["entropy", "-"], 1, "0.5\nx\n")).toBe(
      'surprisal: entropy: P = stdin, line 2 of stdin: "x" is not a number',
    );
    expect(await fails(["kl", "rows_p.npy", "logits_q32.npy", "--rows"], 1)).toContain("rows");
    expect(
      await fails(["conditional", "rows_p.npy", "rows_q.npy", "--weights", "1,2"], 1),
    ).toContain("weights");
    expect(await fails(["kl", fixtures, "0.5,0.5"], 1)).toContain("is a directory");
  });

  it("every refusal in the shared fixtures, with the word a user would look for", async () => {
    const errors = readSharedFixture<{
      errors: {
        name: string;
        input?: string;
        p: (number | string)[];
        q: (number | string)[];
        error: string;
      }[];
    }>("discrete.json").errors;
    const dir = mkdtempSync(join(tmpdir(), "surprisal-errors-"));
    for (const e of errors) {
      const file = join(dir, `${e.name}.json`);
      writeFileSync(file, JSON.stringify({ p: e.p, q: e.q }));
      const message = await fails(
        ["kl", `${file}#p`, `${file}#q`, ...(e.input ? ["--input", e.input] : [])],
        1,
      );
      expect(message.toLowerCase(), e.name).toContain(e.error);
    }
  });

  it("usage errors (exit 2)", async () => {
    const bare = await runMain([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain("USAGE");
    expect(await fails(["frobnicate"], 2)).toContain('unknown command "frobnicate"');
    expect(await fails(["kl", "0.5,0.5"], 2)).toBe(
      'surprisal: kl: expected 2 inputs (P Q), got 1: "0.5,0.5"',
    );
    expect(await fails(["kl", "1", "1", "1"], 2)).toContain("expected 2 inputs");
    expect(await fails(["kl", "0.5,0.5", "0.5,0.5", "--bogus"], 2)).toBe(
      "surprisal: kl: unknown option --bogus",
    );
    expect(await fails(["kl", "0.5,0.5", "0.5,0.5", "--base", "furlongs"], 2)).toContain(
      '--base "furlongs" is not a unit',
    );
    expect(await fails(["kl", "0.5,0.5", "0.5,0.5", "--base", "1"], 2)).toContain("--base");
    expect(await fails(["kl", "0.5,0.5", "0.5,0.5", "--input", "odds"], 2)).toContain("--input");
    expect(await fails(["kl", "0.5,0.5", "0.5,0.5", "--tolerance", "-1"], 2)).toContain(
      "--tolerance",
    );
    expect(await fails(["kl", "0.5,0.5", "0.5,0.5", "--base"], 2)).toContain(
      "--base needs a value",
    );
    expect(await fails(["sample", "0.5,0.5", "0.5,0.5", "--samples", "2.5"], 2)).toContain(
      "--samples",
    );
    expect(await fails(["sample", "0.5,0.5", "0.5,0.5", "--seed", "x"], 2)).toContain("--seed");
    expect(await fails(["sample", "0.5,0.5", "0.5,0.5", "--estimator", "k9"], 2)).toContain(
      "--estimator",
    );
    expect(await fails(["compare", "0.5,0.5", "0.5,0.5", "--alpha", "-1"], 2)).toContain("--alpha");
    expect(await fails(["kl", "0.5,0.5", "0.5,0.5", "--csv"], 2)).toContain("--rows");
    expect(await fails(["explain", "0.5,0.5", "0.5,0.5", "--rows"], 2)).toContain("not --rows");
    expect(await fails(["kl", "-", "-"], 2)).toContain("only one input can be -");
    expect(
      await fails(["kl", "0.5,0.5", "0.5,0.5", "--from-samples", "--input", "logits"], 2),
    ).toContain("--from-samples");
    expect(await fails(["kl", "0.5,0.5", "0.5,0.5", "--json=maybe"], 2)).toContain(
      "--json is a switch",
    );
  });

  it("--help on every command shows its flags and examples; --version", async () => {
    const pkg = JSON.parse(readFileSync(join(fixtures, "../../../package.json"), "utf8")) as {
      version: string;
    };
    expect((await ok(["--version"])).trim()).toBe(pkg.version);
    expect(await ok(["--help"])).toContain("EXIT CODES");
    for (const c of [
      "entropy",
      "cross-entropy",
      "kl",
      "js",
      "compare",
      "explain",
      "sample",
      "conditional",
    ]) {
      const h = await ok([c, "--help"]);
      expect(h, c).toContain("EXAMPLES");
      expect(h, c).toContain(`surprisal ${c}`);
      expect(h, c).toContain("--base");
      expect(h.includes(String.fromCharCode(27)), c).toBe(false);
    }
  });
});

describe("parametric distributions (closed forms from the library)", () => {
  it("kl, cross-entropy, entropy and sample on normal(0,1) vs normal(1,2)", async () => {
    const { parametricCrossEntropy, parametricKlDivergence, parseDistribution } = await import(
      "../../src/parametric/index.js"
    );
    const P = parseDistribution("normal(0,1)");
    const Q = parseDistribution("normal(1,2)");
    expect((await json(["kl", "normal(0,1)", "normal(1,2)"])).klDivergence).toBe(
      parametricKlDivergence(P, Q),
    );
    expect((await json(["kl", "normal(0,1)", "normal(1,2)", "--base", "bits"])).klDivergence).toBe(
      parametricKlDivergence(P, Q, { base: "bits" }),
    );
    expect((await json(["cross-entropy", "normal(0,1)", "normal(1,2)"])).crossEntropy).toBe(
      parametricCrossEntropy(P, Q),
    );
    expect((await json(["entropy", "normal(0,1)"])).entropy).toBe(P.entropy());
    const s = await json([
      "sample",
      "normal(0,1)",
      "normal(1,2)",
      "--samples",
      "4000",
      "--seed",
      "3",
    ]);
    expect(s.klDivergence).toBe(parametricKlDivergence(P, Q));
    const e = s.estimateKl as { estimate: number; standardError: number };
    // |estimate − exact| ≤ 5 SE fails with probability < 1e-6 for a normal estimate (seed fixed anyway).
    expect(Math.abs(e.estimate - parametricKlDivergence(P, Q))).toBeLessThanOrEqual(
      5 * e.standardError,
    );
    expect(await fails(["kl", "normal(0,1)", "0.5,0.5"], 2)).toContain(
      "must both be distributions",
    );
    expect(await fails(["kl", "normal(0,-1)", "normal(0,1)"], 1)).toContain("std");
    expect(await fails(["kl", "normal(0,1)", "cauchy(0,1)"], 1)).toContain("surprisal sample");
  });
});
