import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { COMMANDS } from "../../src/cli/commands/index.js";
import {
  adjustedMutualInformation,
  conditionalMutualInformation,
  ENTROPY_ESTIMATORS,
  estimateEntropy,
  jsFromHistograms,
  jsFromSamples,
  klFromHistograms,
  klFromSamples,
  knnEntropy,
  knnKlDivergence,
  ksgMutualInformation,
  mutualInformation,
  normalizedMutualInformation,
} from "../../src/index.js";
import { isEstimatorExample, parseJson, runMain } from "./run.js";

/**
 * The estimator side of the CLI (entropy/kl/js --from-samples, --continuous, and mi), in-process
 * through main(), against the library's own records; every example of the help runs on files of
 * the names it uses.
 */

const dir = mkdtempSync(join(tmpdir(), "surprisal-estx-"));

/** A seeded generator for the test data (mulberry32). */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const COLORS = ["red", "green", "blue", "cyan", "magenta", "yellow", "black"];
const data = { color: [] as string[], x: [] as number[], y: [] as number[], z: [] as string[] };

beforeAll(() => {
  const r = rng(7);
  const gauss = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  for (let i = 0; i < 80; i++) {
    const u = r();
    data.color.push(COLORS[Math.min(6, Math.floor(u * u * 7))] as string);
    const x = Number(gauss().toFixed(4));
    data.x.push(x);
    data.y.push(Number((0.8 * x + 0.6 * gauss()).toFixed(4)));
    data.z.push(x > 0 ? "a" : r() < 0.3 ? "a" : "b");
  }
  const rows = data.color.map((c, i) => `${c},${data.x[i]},${data.y[i]},${data.z[i]}`);
  writeFileSync(join(dir, "data.csv"), `color,x,y,z\n${rows.join("\n")}\n`);
  writeFileSync(
    join(dir, "a.csv"),
    `v,height\n${data.color
      .slice(0, 40)
      .map((c, i) => `${c},${data.x[i]}`)
      .join("\n")}\n`,
  );
  writeFileSync(
    join(dir, "b.csv"),
    `v,height\n${data.color
      .slice(40)
      .map((c, i) => `${c},${(data.y[i + 40] as number) + 0.5}`)
      .join("\n")}\n`,
  );
  writeFileSync(join(dir, "heights.csv"), `cm\n${data.x.map((x) => 170 + 7 * x).join("\n")}\n`);
  writeFileSync(
    join(dir, "labels.csv"),
    `truth,cluster\n${data.z.map((z, i) => `${z},${data.color[i]}`).join("\n")}\n`,
  );
  writeFileSync(join(dir, "today.txt"), `${data.color.slice(0, 40).join("\n")}\n`);
  writeFileSync(join(dir, "yesterday.txt"), `${data.color.slice(40).join("\n")}\n`);
});

async function ok(args: string[]): Promise<string> {
  const r = await runMain(args, { cwd: dir });
  expect(r.stderr, `stderr of surprisal ${args.join(" ")}`).toBe("");
  expect(r.code, `exit code of surprisal ${args.join(" ")}`).toBe(0);
  return r.stdout;
}
async function json(args: string[]): Promise<Record<string, unknown>> {
  return parseJson(await ok([...args, "--json"]));
}
async function fails(args: string[], code: number): Promise<string> {
  const r = await runMain(args, { cwd: dir });
  expect(r.code, `exit code of surprisal ${args.join(" ")}: ${r.stderr}`).toBe(code);
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n"), r.stderr).toHaveLength(1);
  return r.stderr.trim();
}

/** Counts of the colours in sorted label order (the CLI's order for --from-samples). */
function colorCounts(s: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const l of [...new Set(s)].sort()) m.set(l, s.filter((x) => x === l).length);
  return m;
}

describe("entropy --from-samples: every estimator by name", () => {
  it.each(ENTROPY_ESTIMATORS)("%s: the library's record, its name and its figures", async (est) => {
    const j = await json(["entropy", "data.csv#color", "--from-samples", "--estimator", est]);
    const lib = estimateEntropy(colorCounts(data.color), { estimator: est });
    expect(j.entropy).toBe(lib.value);
    expect(j.estimator).toBe(est);
    expect(j.se).toBe(lib.se);
    expect(j.n).toBe(80);
    const text = await ok(["entropy", "data.csv#color", "--from-samples", "--estimator", est]);
    expect(text).toMatch(/^H\(P\) ≈ [0-9.]+ nats {3}\(entropy estimated by /);
    if (lib.se !== undefined) expect(text).toContain("±");
  });

  it("--categories K, --ci, --bootstrap, --seed: the interval as the library draws it", async () => {
    const args = ["entropy", "data.csv#color", "--from-samples", "--estimator", "nsb"];
    const more = ["--categories", "12", "--ci", "0.9", "--bootstrap", "200", "--seed", "7"];
    const j = await json([...args, ...more, "--base", "bits"]);
    const lib = estimateEntropy(colorCounts(data.color), {
      estimator: "nsb",
      categories: 12,
      base: "bits",
      ci: { level: 0.9, replicates: 200, seed: 7 },
    });
    expect(j.entropy).toBe(lib.value);
    expect(j.categories).toBe(12);
    expect(j.ci).toEqual(lib.ci);
    const text = await ok([...args, ...more]);
    expect(text).toContain("of K = 12");
    expect(text).toContain("posterior standard deviation");
    expect(text).toMatch(
      /90% interval \[[0-9.]+, [0-9.]+\] nats \(BCa bootstrap, 200 replicates, seed 7/,
    );
    // Same seed, same interval; another seed, another one.
    expect((await json([...args, ...more])).ci).toEqual((await json([...args, ...more])).ci);
  });

  it("a small sample warns in words, naming the sizes", async () => {
    const text = await ok(["entropy", "a,b,c", "--from-samples", "--categories", "10"]);
    expect(text).toContain("warning: only 3 samples for 10 categories");
    const j = await json([
      "entropy",
      "a,b,c",
      "--from-samples",
      "--estimator",
      "nsb",
      "--categories",
      "10",
    ]);
    expect((j.warnings as { code: string }[]).map((w) => w.code)).toEqual([
      "fewer-samples-than-categories",
      "no-coincidences",
    ]);
  });

  it("--input counts with an estimator: the counts are the observations", async () => {
    const j = await json([
      "entropy",
      "4,2,1,1",
      "--input",
      "counts",
      "--estimator",
      "miller-madow",
      "--base",
      "bits",
    ]);
    expect(j.entropy).toBe(
      estimateEntropy([4, 2, 1, 1], { estimator: "miller-madow", base: "bits" }).value,
    );
  });

  it("--continuous: Kozachenko-Leonenko on a column of numbers", async () => {
    const j = await json(["entropy", "data.csv#x", "--continuous", "--k", "4"]);
    expect(j.entropy).toBe(knnEntropy(data.x, { k: 4 }).value);
    expect(j.estimator).toBe("kozachenko-leonenko");
    expect(await ok(["entropy", "data.csv#x", "--continuous"])).toContain("h(P) ≈");
  });

  it("bad flags are usage errors naming the flag", async () => {
    expect(await fails(["entropy", "a,b", "--from-samples", "--estimator", "magic"], 2)).toContain(
      '--estimator "magic" is not an entropy estimator',
    );
    expect(await fails(["entropy", "a,b", "--from-samples", "--ci", "95"], 2)).toContain("--ci");
    expect(await fails(["entropy", "0.5,0.5", "--estimator", "nsb"], 2)).toContain(
      "--from-samples",
    );
    expect(await fails(["entropy", "data.csv#x", "--continuous", "--ci", "0.95"], 2)).toContain(
      "distance 0",
    );
    expect(await fails(["entropy", "1,2,3", "--continuous", "--k", "3"], 2)).toContain(
      "--k 3 is not valid: k-nearest-neighbour estimators need k < n, and there are 3 points",
    );
    expect(await fails(["entropy", "a,b", "--k", "3", "--from-samples"], 2)).toContain(
      "--continuous",
    );
  });
});

describe("kl and js --from-samples: matched by label, smoothing stated", () => {
  let p: string[] = [];
  let q: string[] = [];
  beforeAll(() => {
    p = data.color.slice(0, 40);
    q = data.color.slice(40);
  });

  it("--smoothing none|jeffreys|laplace|α: the library's value and α", async () => {
    for (const [flag, s] of [
      ["none", "none"],
      ["jeffreys", "jeffreys"],
      ["laplace", "laplace"],
      ["0.25", 0.25],
    ] as const) {
      const j = await json(["kl", "a.csv#v", "b.csv#v", "--from-samples", "--smoothing", flag]);
      expect(j.klDivergence).toBe(klFromSamples(p, q, { smoothing: s }).value);
      expect(j.pseudoCount).toBe(klFromSamples(p, q, { smoothing: s }).pseudoCount);
    }
    const text = await ok([
      "kl",
      "a.csv#v",
      "b.csv#v",
      "--from-samples",
      "--smoothing",
      "jeffreys",
    ]);
    expect(text).toContain("Jeffreys pseudo-counts: ½ added to each of the");
  });

  it("+∞ names the unseen outcome and suggests --smoothing", async () => {
    const text = await ok(["kl", "H,T,X", "T,T,H", "--from-samples"]);
    expect(text).toContain("D(P‖Q) = ∞ nats");
    expect(text).toContain('outcome "X" of P was never seen in Q\'s sample');
    expect(text).toContain("--smoothing jeffreys");
    const j = await json(["kl", "H,T,X", "T,T,H", "--from-samples"]);
    expect(j.klDivergence).toBe(Infinity);
    expect(j.infiniteAt).toBe("X");
  });

  it("--ci on kl and js: the library's interval, seeded", async () => {
    const more = [
      "--from-samples",
      "--smoothing",
      "laplace",
      "--ci",
      "0.95",
      "--bootstrap",
      "100",
      "--seed",
      "7",
    ];
    const j = await json(["kl", "a.csv#v", "b.csv#v", ...more]);
    const ci = { level: 0.95, replicates: 100, seed: 7 };
    // The CLI counts on the sorted union of labels (the bootstrap draws in that order).
    const labels = [...new Set([...p, ...q])].sort();
    const hp = new Map(labels.map((l) => [l, p.filter((x) => x === l).length]));
    const hq = new Map(labels.map((l) => [l, q.filter((x) => x === l).length]));
    expect(j.ci).toEqual(klFromHistograms(hp, hq, { smoothing: "laplace", ci }).ci);
    const js = await json(["js", "a.csv#v", "b.csv#v", ...more, "--base", "bits"]);
    expect(js.jsDivergence).toBe(jsFromSamples(p, q, { smoothing: "laplace", base: "bits" }).value);
    expect(js.ci).toEqual(jsFromHistograms(hp, hq, { smoothing: "laplace", base: "bits", ci }).ci);
  });

  it("--estimator miller-madow: the library's bias-corrected KL and JS, said in words", async () => {
    for (const m of ["kl", "js"] as const) {
      const args = [m, "a.csv#v", "b.csv#v", "--from-samples", "--smoothing", "jeffreys"];
      const j = await json([...args, "--estimator", "miller-madow"]);
      const lib = (m === "kl" ? klFromSamples : jsFromSamples)(p, q, {
        smoothing: "jeffreys",
        estimator: "miller-madow",
      });
      expect(j[m === "kl" ? "klDivergence" : "jsDivergence"]).toBe(lib.value);
      expect(j.estimator).toBe("miller-madow");
      const text = await ok([...args, "--estimator", "miller-madow"]);
      expect(text).toContain("minus the first-order sampling bias (Miller-Madow)");
    }
    expect(await fails(["kl", "a,b", "a,b", "--from-samples", "--estimator", "nsb"], 2)).toContain(
      "takes plugin (the frequencies) or miller-madow",
    );
  });

  it("--continuous: the k-NN KL divergence", async () => {
    const j = await json(["kl", "a.csv#height", "b.csv#height", "--continuous", "--k", "2"]);
    const pv = data.x.slice(0, 40);
    const qv = data.y.slice(40).map((y) => y + 0.5);
    expect(j.klDivergence).toBeCloseTo(knnKlDivergence(pv, qv, { k: 2 }).value, 12);
    expect(j.estimator).toBe("wang-kulkarni-verdu");
  });

  it("refusals: --smoothing without samples, a bad α, an estimator, JS --continuous", async () => {
    expect(await fails(["kl", "0.5,0.5", "0.9,0.1", "--smoothing", "laplace"], 2)).toContain(
      "--from-samples",
    );
    expect(await fails(["kl", "a,b", "a,b", "--from-samples", "--smoothing", "-1"], 2)).toContain(
      "--smoothing",
    );
    expect(await fails(["kl", "a,b", "a,b", "--from-samples", "--smoothing", "lots"], 2)).toContain(
      "--smoothing",
    );
    expect(await fails(["js", "1,2,3,4", "1,2,3,4", "--continuous"], 2)).toContain(
      "unknown option --continuous",
    );
  });
});

describe("mi", () => {
  it("discrete: the library's I(X;Y), H(Y) for scale, warnings", async () => {
    const j = await json(["mi", "data.csv#color", "data.csv#z"]);
    expect(j.mutualInformation).toBe(mutualInformation(data.color, data.z).value);
    expect(j.estimator).toBe("plugin");
    const text = await ok(["mi", "data.csv#color", "data.csv#z", "--base", "bits"]);
    expect(text).toMatch(/^I\(X;Y\) ≈ [0-9.]+ bits/);
    expect(text).toContain("of the uncertainty about Y");
  });

  it("--estimator, --ci, --test: the library's record", async () => {
    const args = ["mi", "data.csv#color", "data.csv#z", "--estimator", "miller-madow"];
    const more = ["--ci", "0.95", "--bootstrap", "100", "--seed", "7", "--test", "99"];
    const j = await json([...args, ...more]);
    const lib = mutualInformation(data.color, data.z, {
      estimator: "miller-madow",
      ci: { level: 0.95, replicates: 100, seed: 7 },
      test: { permutations: 99, seed: 7 },
    });
    expect(j.mutualInformation).toBe(lib.value);
    expect(j.ci).toEqual(lib.ci);
    expect(j.test).toEqual(lib.test);
    const text = await ok([...args, ...more]);
    expect(text).toContain("Miller-Madow");
    expect(text).toContain(
      `p = ${Number((lib.test?.pValue ?? 0).toPrecision(6))} (99 shuffles of Y, seed 7)`,
    );
  });

  it("--nmi and --ami as scikit-learn's averages", async () => {
    for (const avg of ["arithmetic", "geometric", "min", "max"] as const) {
      const j = await json(["mi", "labels.csv#truth", "labels.csv#cluster", "--nmi", avg, "--ami"]);
      expect(j.normalizedMutualInformation).toBe(
        normalizedMutualInformation(data.z, data.color, { average: avg }),
      );
      expect(j.adjustedMutualInformation).toBe(
        adjustedMutualInformation(data.z, data.color, { average: avg }),
      );
    }
    expect(await fails(["mi", "a,b", "a,b", "--nmi", "mean"], 2)).toContain("--nmi");
  });

  it("--given Z: the conditional mutual information", async () => {
    const j = await json([
      "mi",
      "data.csv#color",
      "data.csv#z",
      "--given",
      "data.csv#z",
      "--base",
      "bits",
    ]);
    expect(j.conditionalMutualInformation).toBe(
      conditionalMutualInformation(data.color, data.z, data.z, { base: "bits" }).value,
    );
    expect(j.conditionalMutualInformation).toBe(0);
  });

  it("--continuous: KSG algorithms 1 and 2, with a permutation test", async () => {
    for (const algorithm of [1, 2] as const) {
      const j = await json([
        "mi",
        "data.csv#x",
        "data.csv#y",
        "--continuous",
        "--k",
        "3",
        "--algorithm",
        String(algorithm),
      ]);
      expect(j.mutualInformation).toBe(
        ksgMutualInformation(data.x, data.y, { k: 3, algorithm }).value,
      );
      expect(j.estimator).toBe(`ksg${algorithm}`);
    }
    const j = await json([
      "mi",
      "data.csv#x",
      "data.csv#y",
      "--continuous",
      "--test",
      "49",
      "--seed",
      "3",
    ]);
    expect(j.test).toEqual(
      ksgMutualInformation(data.x, data.y, { seed: 3, test: { permutations: 49, seed: 3 } }).test,
    );
  });

  it("refusals name the inputs and flags", async () => {
    expect(await fails(["mi", "a,b,a", "a,b"], 1)).toContain(
      "Y = a,b has 2 values but X = a,b,a has 3",
    );
    expect(await fails(["mi", "a,a,a", "a,b,a", "--test", "9"], 1)).toContain("single category");
    expect(await fails(["mi", "a,b", "a,b", "--algorithm", "2"], 2)).toContain("--continuous");
    expect(await fails(["mi", "a,b", "a,b", "--given", "a,b", "--ci", "0.9"], 2)).toContain(
      "--given",
    );
    expect(await fails(["mi", "a,b"], 2)).toContain("expected 2 inputs");
  });
});

describe("the help's examples run", () => {
  const examples = Object.values(COMMANDS).flatMap((c) =>
    c.examples.filter((e) => isEstimatorExample(c.meta.name, e)).map((e) => [e] as [string]),
  );

  it("there are examples of every new flag", () => {
    const all = examples.map(([e]) => e).join("\n");
    for (const flag of [
      "--estimator nsb",
      "--smoothing jeffreys",
      "--given",
      "--nmi",
      "--ami",
      "--test",
      "--continuous --k 3",
      "--algorithm 2",
      "--ci 0.95 --bootstrap 1000 --seed 7",
    ])
      expect(all).toContain(flag);
  });

  it.each(examples)("%s", async (example) => {
    const words = example.split(" ").slice(1);
    const r = await runMain(words, { cwd: dir });
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/NaN/);
  });

  it("mi's help lists its flags and examples", async () => {
    const r = await runMain(["mi", "--help"], { cwd: dir });
    expect(r.code).toBe(0);
    for (const flag of [
      "--given",
      "--nmi",
      "--ami",
      "--test",
      "--continuous",
      "--algorithm",
      "--ci",
    ])
      expect(r.stdout).toContain(flag);
    expect(r.stdout).toContain("surprisal mi data.csv#x data.csv#y --continuous --k 3");
    const root = await runMain(["--help"], { cwd: dir });
    expect(root.stdout).toMatch(/ mi X Y +I\(X;Y\)/);
  });
});
