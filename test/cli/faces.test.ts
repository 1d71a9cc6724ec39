// What a new user hit (issue #14), the CLI's half: data as users have it (labels, smoothing, rows
// against one row, numeric labels, semicolons), the words of the results, and the messages.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { conditionalKl } from "../../src/conditional/conditional-kl.js";
import { crossEntropy } from "../../src/measures/cross-entropy.js";
import { klDivergence } from "../../src/measures/kl.js";
import { entropyRows, klDivergenceRows } from "../../src/measures/rows.js";
import { parseJson, runMain } from "./run.js";

const f64 = (v: number[]) => Float64Array.from(v);
const dir = mkdtempSync(join(tmpdir(), "surprisal-faces-"));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

async function ok(args: string[], input?: string): Promise<string> {
  const r = await runMain(args, input === undefined ? {} : { input });
  expect(r.stderr, `stderr of surprisal ${args.join(" ")}`).toBe("");
  expect(r.code, `exit code of surprisal ${args.join(" ")}`).toBe(0);
  return r.stdout;
}
const json = async (args: string[], input?: string) =>
  parseJson(await ok([...args, "--json"], input));
async function fails(args: string[], code: number, input?: string): Promise<string> {
  const r = await runMain(args, input === undefined ? {} : { input });
  expect(r.code, `exit code of surprisal ${args.join(" ")}: ${r.stderr}`).toBe(code);
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  return r.stderr.trim();
}

describe("outcomes matched by label, on the union of the labels (a missing one is 0)", () => {
  const a = file("a.csv", "letter,n\na,5\nb,3\nc,2\n");
  const b = file("b.csv", "letter,n\nb,4\na,6\nd,1\n");
  // Union in order of first appearance, P's labels first: a, b, c, d.
  const P = [5, 3, 2, 0];
  const Q = [6, 4, 0, 1];

  it("CSV label columns with different vocabularies and order", async () => {
    const j = await json(["kl", b, a, "--input", "counts"]);
    expect(j.klDivergence).toBe(klDivergence([4, 6, 0, 1], [3, 5, 2, 0], { input: "counts" }));
    expect(j.klDivergence).toBe(Number.POSITIVE_INFINITY);
    const ce = await json(["cross-entropy", a, a, "--input", "counts"]);
    expect(ce.crossEntropy).toBe(crossEntropy([5, 3, 2], [5, 3, 2], { input: "counts" }));
    // compare and explain read the same way.
    const c = await json(["compare", a, b, "--input", "counts"]);
    expect((c.reverse as { klDivergence: number }).klDivergence).toBe(
      klDivergence(Q, P, { input: "counts" }),
    );
    const e = await json(["explain", a, b, "--input", "counts", "--smoothing", "1"]);
    expect((e.contributions as { outcome: string }[]).map((x) => x.outcome).sort()).toEqual([
      "a",
      "b",
      "c",
      "d",
    ]);
  });

  it("JSON objects keyed by outcome, in any order", async () => {
    const w1 = file("w1.json", JSON.stringify({ tea: 12, coffee: 30, water: 8 }));
    const w2 = file("w2.json", JSON.stringify({ coffee: 25, juice: 4, tea: 15, water: 2 }));
    const j = await json(["kl", w1, w2, "--input", "counts"]);
    // tea, coffee, water, juice
    expect(j.klDivergence).toBe(klDivergence([12, 30, 8, 0], [15, 25, 2, 4], { input: "counts" }));
  });

  it("log-probabilities: a missing outcome is -∞ (probability 0)", async () => {
    const lp = file("lp.json", JSON.stringify({ x: Math.log(0.5), y: Math.log(0.5) }));
    const lq = file(
      "lq.json",
      JSON.stringify({ z: Math.log(0.2), y: Math.log(0.3), x: Math.log(0.5) }),
    );
    const j = await json(["kl", lp, lq, "--input", "logprobs"]);
    expect(j.klDivergence).toBe(
      klDivergence(
        [Math.log(0.5), Math.log(0.5), -Infinity],
        [Math.log(0.5), Math.log(0.3), Math.log(0.2)],
        {
          input: "logprobs",
        },
      ),
    );
  });

  it("+∞ names the outcomes Q rules out and suggests --smoothing (text and JSON)", async () => {
    const text = await ok(["kl", a, b, "--input", "counts"]);
    expect(text).toContain("D(P‖Q) = ∞ nats");
    expect(text).toContain('outcome "c"');
    expect(text).toContain("--smoothing");
    const j = await json(["kl", a, b, "--input", "counts"]);
    expect(j.infiniteBecause).toEqual({
      outcomes: [{ outcome: "c", index: 2 }],
      count: 1,
      remedy: "--smoothing",
    });
    // Streamed files are read a second time for the names (only when the value is +∞); standard
    // input is scanned as it streams: the same outcomes either way.
    const rows = Array.from(
      { length: 5000 },
      (_, i) => `${1 + (i % 7)},${i === 4321 || i === 17 ? 0 : 2}`,
    );
    const pq = file("pq-inf.csv", `p,q\n${rows.join("\n")}\n`);
    const fromFile = await json(["kl", `${pq}#p`, `${pq}#q`, "--input", "counts"]);
    const fromStdin = await json(
      ["kl", "-#p", "-#q", "--input", "counts"],
      `p,q\n${rows.join("\n")}\n`,
    );
    for (const r of [fromFile, fromStdin]) {
      expect(r.infiniteBecause).toEqual({
        outcomes: [
          { outcome: "17", index: 17 },
          { outcome: "4321", index: 4321 },
        ],
        count: 2,
        remedy: "--smoothing",
      });
    }
    // Unlabelled inputs: the outcome's index; probabilities: the hint says --input counts too.
    const t2 = await ok(["cross-entropy", "0.5,0.25,0.25", "0.5,0.5,0"]);
    expect(t2).toContain('outcome "2"');
    expect(t2).toContain("--input counts --smoothing");
  });
});

describe("--smoothing: a pseudocount on every count, recorded in the result, never by default", () => {
  const a = file("sa.csv", "letter,n\na,5\nb,3\nc,2\n");
  const b = file("sb.csv", "letter,n\nb,4\na,6\nd,1\n");
  const P = [5, 3, 2, 0];
  const Q = [6, 4, 0, 1];
  const plus = (v: number[], k: number) => v.map((x) => x + k);

  it("jeffreys, laplace and a number, after matching by label", async () => {
    for (const [flag, k, preset] of [
      ["jeffreys", 0.5, "jeffreys"],
      ["laplace", 1, "laplace"],
      ["0.1", 0.1, undefined],
    ] as const) {
      const j = await json(["kl", a, b, "--input", "counts", "--smoothing", flag]);
      expect(j.klDivergence).toBe(klDivergence(plus(P, k), plus(Q, k), { input: "counts" }));
      expect(j.smoothing).toEqual(preset ? { pseudocount: k, preset } : { pseudocount: k });
      expect(j.infiniteBecause).toBeUndefined();
    }
    expect(await ok(["kl", a, b, "--input", "counts", "--smoothing", "jeffreys"])).toContain(
      "smoothed: 0.5 added to every count (Jeffreys)",
    );
    // Inline, streamed (a text file), rows and samples too.
    const j = await json(["kl", "1,0", "0,1", "--input", "counts", "--smoothing", "1"]);
    expect(j.klDivergence).toBe(klDivergence([2, 1], [1, 2], { input: "counts" }));
    const t = file("counts.txt", "1\n0\n");
    const u = file("counts2.txt", "0\n1\n");
    expect((await json(["kl", t, u, "--input", "counts", "--smoothing", "1"])).klDivergence).toBe(
      klDivergence([2, 1], [1, 2], { input: "counts" }),
    );
    const r = await json([
      "kl",
      "1,0;3,1",
      "0,1",
      "--rows",
      "--input",
      "counts",
      "--smoothing",
      "1",
    ]);
    expect(r.klDivergenceRows).toEqual(
      Array.from(
        klDivergenceRows(f64([2, 1, 4, 2]), f64([1, 2, 1, 2]), { columns: 2, input: "counts" }),
      ),
    );
    const s = await json(["kl", "H,H,T", "H,T,T", "--from-samples", "--smoothing", "0.5"]);
    expect(s.klDivergence).toBe(klDivergence([2.5, 1.5], [1.5, 2.5], { input: "counts" }));
  });

  it("is refused without counts, and is checked", async () => {
    expect(await fails(["kl", "0.5,0.5", "1,0", "--smoothing", "laplace"], 2)).toContain(
      "--input counts",
    );
    expect(
      await fails(["kl", "1,1", "1,0", "--input", "counts", "--smoothing", "-1"], 2),
    ).toContain("--smoothing");
    expect(
      await fails(["kl", "1,1", "1,0", "--input", "counts", "--smoothing", "jefreys"], 2),
    ).toContain("did you mean jeffreys?");
  });
});

describe("--rows: one row against many, and a summary", () => {
  it("a 1-row input is broadcast against a matrix (either side)", async () => {
    const one = [0.5, 0.5];
    const many = [0.9, 0.1, 0.5, 0.5, 0.2, 0.8];
    const tiled = [...one, ...one, ...one];
    const j = await json(["kl", "0.5,0.5", "0.9,0.1;0.5,0.5;0.2,0.8", "--rows"]);
    expect(j.klDivergenceRows).toEqual(
      Array.from(klDivergenceRows(f64(tiled), f64(many), { columns: 2 })),
    );
    const r = await json(["kl", "0.9,0.1;0.5,0.5;0.2,0.8", "0.5,0.5", "--rows"]);
    expect(r.klDivergenceRows).toEqual(
      Array.from(klDivergenceRows(f64(many), f64(tiled), { columns: 2 })),
    );
    // Shapes that do not broadcast are still refused.
    expect(
      await fails(["kl", "0.5,0.5;0.5,0.5", "0.9,0.1;0.5,0.5;0.2,0.8", "--rows"], 1),
    ).toContain("rows");
  });

  it("a summary line (rows, mean ± standard error, min, max), and in --json", async () => {
    const rows = [0.9, 0.1, 0.5, 0.5, 0.2, 0.8];
    const h = Array.from(entropyRows(f64(rows), { columns: 2 }));
    const mean = (h[0]! + h[1]! + h[2]!) / 3;
    const sd = Math.sqrt(h.reduce((s, x) => s + (x - mean) ** 2, 0) / 2);
    const j = await json(["entropy", "0.9,0.1;0.5,0.5;0.2,0.8", "--rows"]);
    const s = (j.summary as Record<string, Record<string, number>>).entropyRows!;
    expect(s.rows).toBe(3);
    expect(s.mean).toBeCloseTo(mean, 15);
    expect(s.standardError).toBeCloseTo(sd / Math.sqrt(3), 15);
    expect(s.min).toBe(Math.min(...h));
    expect(s.max).toBe(Math.max(...h));
    const text = await ok(["entropy", "0.9,0.1;0.5,0.5;0.2,0.8", "--rows"]);
    expect(text).toMatch(
      /3 rows: mean 0\.\d+ ± 0\.\d+ \(standard error\), min 0\.\d+, max 0\.693147/,
    );
    const c = await ok(["compare", "0.5,0.5", "0.9,0.1;0.5,0.5", "--rows"]);
    expect(c).toMatch(/\n\s*mean\s/);
    expect(c).toMatch(/\n\s*± s\.e\.\s/);
  });
});

describe("CSV as users have it", () => {
  it("--labels first-column: a numeric first column (years, ids) names the outcomes", async () => {
    const y1 = file("y1.csv", "year,n\n2019,5\n2020,3\n");
    const y2 = file("y2.csv", "year,n\n2020,4\n2019,6\n2021,1\n");
    const hint = await fails(["kl", y1, y2, "--input", "counts"], 1);
    expect(hint).toContain("--labels first-column");
    const j = await json(["kl", y1, y2, "--input", "counts", "--labels", "first-column"]);
    expect(j.klDivergence).toBe(klDivergence([5, 3, 0], [6, 4, 1], { input: "counts" }));
    const e = await json(["explain", y2, y1, "--input", "counts", "--labels", "first-column"]);
    expect((e.contributions as { outcome: string }[])[0]?.outcome).toBe("2021");
    expect(await fails(["kl", y1, y2, "--labels", "firstcolumn"], 2)).toContain(
      "did you mean first-column?",
    );
  });

  it("a semicolon-separated CSV (decimal commas) is read; on stdin it is refused naming ;", async () => {
    const semi = file("semi.csv", "letter;p\na;0,5\nb;0,3\nc;0,2\n");
    const plain = file("plain.csv", "letter,p\na,0.4\nb,0.4\nc,0.2\n");
    expect((await json(["kl", semi, plain])).klDivergence).toBe(
      klDivergence([0.5, 0.3, 0.2], [0.4, 0.4, 0.2]),
    );
    const semi2 = file("semi2.csv", "a;b\n1;3\n2;1\n");
    expect((await json(["kl", `${semi2}#a`, `${semi2}#b`, "--input", "counts"])).klDivergence).toBe(
      klDivergence([1, 2], [3, 1], { input: "counts" }),
    );
    const m = await fails(["kl", "-#p", plain], 1, "letter;p\na;0,5\nb;0,5\n");
    expect(m).toContain("semicolons (;)");
  });
});

describe("the words of the results", () => {
  it("conditional: per example (total ÷ Σ weights) and per row, labelled", async () => {
    const P = [0.9, 0.1, 0.2, 0.8, 0.5, 0.5];
    const Q = [0.8, 0.2, 0.5, 0.5, 0.1, 0.9];
    const w = [10, 2, 1];
    const r = conditionalKl(f64(P), f64(Q), { columns: 2, weights: w });
    const rowMean = (r.rows[0]! + r.rows[1]! + r.rows[2]!) / 3;
    const args = [
      "conditional",
      "0.9,0.1;0.2,0.8;0.5,0.5",
      "0.8,0.2;0.5,0.5;0.1,0.9",
      "--weights",
      "10,2,1",
    ];
    const text = await ok(args);
    expect(text).not.toContain("per row   (conditional KL)");
    expect(text).toContain(
      `per example (total ÷ Σ weights = 13): ${Number(r.mean.toPrecision(6))} nats`,
    );
    expect(text).toContain(
      `per row (plain mean of the rows): ${Number(rowMean.toPrecision(6))} nats`,
    );
    const j = await json(args);
    expect((j.conditionalKl as { mean: number }).mean).toBe(r.mean);
    expect((j.summary as { rows: { mean: number } }).rows.mean).toBeCloseTo(rowMean, 15);
  });

  it("explain on many outcomes: the share has enough digits, and the rank", async () => {
    const n = 100000;
    const p = Array.from({ length: n }, (_, i) => 1 + (i % 7));
    const q = Array.from({ length: n }, (_, i) => 1 + (i % 5));
    const text = await ok([
      "explain",
      file("big_p.txt", p.join("\n")),
      file("big_q.txt", q.join("\n")),
      "--input",
      "counts",
    ]);
    const sentence = text.trim().split("\n").at(-1) as string;
    expect(sentence).toMatch(/adds the most \(rank 1 of 100000, 0\.0\d+% of D\)/);
    expect(sentence).not.toContain("(0% of D)");
  });

  it("direction: D(P‖Q) is the divergence of Q from P, the information lost when Q approximates P", async () => {
    const h = await ok(["kl", "--help"]);
    expect(h).toContain("the divergence of Q from P");
    expect(h).toContain("information lost when Q approximates P");
    expect(await ok(["--help"])).toContain("the divergence of Q (the belief) from P (the truth)");
  });
});

describe("messages", () => {
  it("rounded probabilities: both remedies, numbers as given", async () => {
    const m = await fails(["entropy", "0.333333,0.333333,0.333333"], 1);
    expect(m).toContain("sum to 0.999999, not 1");
    expect(m).toContain("--tolerance 1e-5");
    expect(m).toContain("--input counts");
    expect(await ok(["entropy", "0.333333,0.333333,0.333333", "--tolerance", "1e-5"])).toContain(
      "H(P)",
    );
    const noise = await fails(["kl", "0.3,0.6", "0.5,0.5"], 1);
    expect(noise).toContain("sum to 0.9, not 1");
    expect(noise).not.toContain("0.8999999999999999");
    expect(noise).toContain("--input counts");
    expect(noise).toContain("--tolerance");
  });

  it("did you mean …? for flags and values", async () => {
    expect(await fails(["kl", "1,1", "1,1", "--inptu", "counts"], 2)).toBe(
      "surprisal: kl: unknown option --inptu: did you mean --input?",
    );
    expect(await fails(["kl", "1,1", "1,1", "--input", "count"], 2)).toContain(
      "did you mean counts?",
    );
    expect(await fails(["kl", "1,1", "1,1", "--base", "bit"], 2)).toContain("did you mean bits?");
    expect(await fails(["kl", "1,1", "1,1", "--bogus"], 2)).toBe(
      "surprisal: kl: unknown option --bogus",
    );
  });

  it("--help: left-aligned flags, and only the flags the command takes", async () => {
    for (const [command, absent] of [
      ["explain", ["--rows", "--csv"]],
      ["sample", ["--rows", "--csv"]],
      ["conditional", ["--rows"]],
    ] as const) {
      const h = await ok([command, "--help"]);
      const options = h.split("\nOPTIONS\n")[1]?.split("\nEXAMPLES\n")[0] ?? "";
      for (const flag of absent) expect(options, `${command} --help`).not.toContain(flag);
      expect(h).not.toContain("not supported");
      // Every flag starts its line at column 3, and descriptions start in one column.
      const flagLines = options.split("\n").filter((l) => /^\s*--/.test(l));
      for (const l of flagLines) expect(l, command).toMatch(/^ {2}--\S/);
      const columns = new Set(
        options
          .split("\n")
          .filter((l) => /^ {2}--\S+( \S+)?\s{2,}\S/.test(l))
          .map((l) => (/^( {2}--\S+(?: \S+)?\s{2,})/.exec(l) as RegExpExecArray)[1]!.length),
      );
      expect(columns.size, `${command}: ${[...columns]}`).toBe(1);
    }
    expect(await fails(["explain", "0.5,0.5", "0.5,0.5", "--rows"], 2)).toContain("not --rows");
    expect(await fails(["conditional", "1,0", "1,0", "--rows"], 2)).toContain("always reads rows");
  });
});
