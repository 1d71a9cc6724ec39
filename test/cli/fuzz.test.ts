import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { assertBuilt, fixtures, type Run, runAsync, runMain } from "./run.js";

/**
 * Seeded fuzzing of the CLI (the seed is fixed in test/setup.ts; FC_SEED=… explores others).
 * Random argv from the CLI's own words and hostile values, random-byte and truncated files of every
 * format, odd stdin. Whatever the input: no stack trace, no hang (a 15 s limit per run), exit code
 * 0, 1 or 2 (never 3, an internal error), one line on stderr when it fails, and no NaN printed.
 * The runs go through `main()` in this process, with their own stdin/stdout/stderr; a handful run
 * the built program as subprocesses too, end to end, and must give the same output.
 */

const dir = mkdtempSync(join(tmpdir(), "surprisal-fuzz-"));

const COMMANDS = [
  "entropy",
  "cross-entropy",
  "kl",
  "js",
  "compare",
  "explain",
  "sample",
  "conditional",
  "help",
  "nope",
];
const FLAGS = [
  "--base",
  "--input",
  "--tolerance",
  "--json",
  "--rows",
  "--csv",
  "--from-samples",
  "--header",
  "--no-header",
  "--alpha",
  "--top",
  "--samples",
  "--seed",
  "--estimator",
  "--weights",
  "--help",
  "--version",
  "--",
  "-",
  "-x",
  "--json=false",
  "--base=bits",
];
const VALUES = [
  "bits",
  "nats",
  "dits",
  "2",
  "1",
  "0",
  "-0",
  "e",
  "probabilities",
  "counts",
  "logprobs",
  "logits",
  "0.5,0.5",
  "0.9,0.1",
  "1,0",
  "0,0",
  "0.2,0.3,0.5",
  "-1,-2,-3",
  "0,-inf",
  "nan",
  "NaN,1",
  "inf",
  "-inf",
  "Infinity,1",
  "1e308,1e308",
  "1e-320,1",
  "5e-324,5e-324",
  "1e999",
  "",
  " ",
  ",",
  ",,,",
  ";",
  "0.5,0.5;0.1",
  "0.9,0.1;0.2,0.8",
  "#",
  "x#",
  "#1",
  "abc",
  "0x10",
  "1_000",
  "１,２",
  "💥",
  "normal(0,1)",
  "normal(1,2)",
  "normal(",
  "gamma(shape=-1)",
  "categorical(0.5,0.5)",
  "100000000",
  "-5",
  "2.5",
  "k1",
  "k3",
  "k9",
  "a".repeat(300),
];

/** Files: every fixture, plus random-byte and truncated files of every extension (written below). */
const fileNames: string[] = [];

function writeHostileFiles(): void {
  const rng = fc.sample(fc.uint8Array({ minLength: 0, maxLength: 400 }), { numRuns: 12, seed: 7 });
  const exts = ["csv", "tsv", "json", "npy", "txt", "dat"];
  rng.forEach((bytes, i) => {
    const name = `random${i}.${exts[i % exts.length]}`;
    writeFileSync(join(dir, name), bytes);
    fileNames.push(join(dir, name));
  });
  for (const f of readdirSync(fixtures)) {
    const full = readFileSync(join(fixtures, f));
    fileNames.push(join(fixtures, f));
    for (const cut of [9, Math.floor(full.length / 2)]) {
      if (cut <= 0 || cut >= full.length) continue;
      const name = `cut${cut}_${f}`;
      writeFileSync(join(dir, name), full.subarray(0, cut));
      fileNames.push(join(dir, name));
    }
  }
  // Text that parses but is hostile: huge, tiny, negative, blank lines, quotes, BOM, CRLF.
  const odd: Record<string, string> = {
    "quotes.csv": 'a,b\n"0.5",0.5\n"0.5,0.5\n',
    "bom.csv": "\ufeffp,q\r\n0.5,0.9\r\n0.5,0.1\r\n",
    "blank.csv": "\n\n\np\n\n0.5\n\n0.5\n",
    "header_only.csv": "p,q\n",
    "labels_only.csv": "a\nb\nc\n",
    "huge.txt": "1e308\n1e308\n1e308\n",
    "tiny.txt": "5e-324\n5e-324\n",
    "neg.txt": "-1,2\n",
    "json_obj.json": '{"a": {"b": 1}, "c": [1, [2]]}',
    "json_str.json": '["0.5", "x"]',
    "json_null.json": "null",
  };
  for (const [name, text] of Object.entries(odd)) {
    writeFileSync(join(dir, name), text);
    fileNames.push(join(dir, name));
  }
}

function column(file: string): fc.Arbitrary<string> {
  return fc.constantFrom(
    file,
    `${file}#p`,
    `${file}#q`,
    `${file}#1`,
    `${file}#2`,
    `${file}#nope`,
    `${file}#truth`,
  );
}

const word = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 3, arbitrary: fc.constantFrom(...FLAGS) },
  { weight: 3, arbitrary: fc.constant(0).chain(() => fc.constantFrom(...fileNames).chain(column)) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }).map((s) => s.replace(/\0/g, "")) },
  {
    weight: 1,
    arbitrary: fc.array(fc.double(), { minLength: 1, maxLength: 5 }).map((a) => a.join(",")),
  },
);

const stdin = fc.oneof(
  fc.constant(""),
  fc.constant("0.5\n0.5\n"),
  fc.constant("0.5,0.9\n0.5,0.1\n"),
  fc.constant("p,q\n0.5,0.9\n0.5,0.1\n"),
  fc.string({ maxLength: 60 }),
  fc.uint8Array({ maxLength: 200 }).map((b) => Buffer.from(b).toString("latin1")),
);

const input = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...VALUES) },
  { weight: 3, arbitrary: fc.constant(0).chain(() => fc.constantFrom(...fileNames).chain(column)) },
  { weight: 1, arbitrary: fc.constant("-") },
  {
    weight: 1,
    arbitrary: fc.array(fc.double(), { minLength: 1, maxLength: 5 }).map((a) => a.join(",")),
  },
);

const flag = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .tuple(fc.constantFrom(...FLAGS), fc.constantFrom(...VALUES))
      .map(([f, v]) => [f, v]),
  },
  { weight: 2, arbitrary: fc.constantFrom(...FLAGS).map((f) => [f]) },
  { weight: 1, arbitrary: word.map((w) => [w]) },
);

/** A command, then inputs (usually as many as it takes), then flags (some with values). */
const argv = fc
  .tuple(
    fc.constantFrom(...COMMANDS),
    fc.array(input, { minLength: 0, maxLength: 3 }),
    fc.array(flag, { minLength: 0, maxLength: 3 }),
  )
  .map(([cmd, inputs, flags]) => [cmd, inputs.concat(flags.flat())] as const);

function check(args: string[], input: string, r: Run): void {
  const what = `surprisal ${args.map((a) => JSON.stringify(a)).join(" ")} (stdin ${JSON.stringify(input.slice(0, 40))})`;
  expect(r.timedOut, `${what} hung`).toBe(false);
  expect(r.signal, `${what} was killed`).toBeNull();
  expect([0, 1, 2], `${what} exited ${r.code}: ${r.stderr}`).toContain(r.code);
  expect(r.stderr, `${what} printed a stack trace`).not.toMatch(/\n\s+at |Error: .*\n.*node:/);
  if (r.code !== 0 && !(args[0] === undefined || args.length === 0)) {
    const lines = r.stderr.trimEnd().split("\n");
    if (!(args.length === 0)) {
      expect(lines.length === 1 || r.stderr.includes("USAGE"), `${what}: ${r.stderr}`).toBe(true);
      expect(r.stderr, what).toMatch(/^surprisal: |USAGE/);
    }
  }
  const inputs = `${args.join(" ")} ${input}`.toLowerCase();
  const fileInputs = args.some((a) => a.includes("/"));
  if (!inputs.includes("nan") && !fileInputs) {
    expect(r.stdout, `${what} printed NaN`).not.toMatch(/\bNaN\b/);
  }
  if (fileInputs || inputs.includes("nan")) {
    // Labels may legitimately spell "NaN"; the numbers never do.
    expect(r.stdout, `${what} printed a NaN value`).not.toMatch(/[=:]\s*"?NaN\b/);
  }
}

beforeAll(() => {
  assertBuilt();
  writeHostileFiles();
});

describe("fuzz: the CLI never crashes, hangs or prints NaN", () => {
  it("random argv, files and stdin", async () => {
    let runs = 0;
    const codes = new Map<number | null, number>();
    await fc.assert(
      fc.asyncProperty(argv, stdin, async ([cmd, rest], input) => {
        const args = [cmd, ...rest];
        const r = await runMain(args, { input, timeout: 15_000, cwd: dir });
        runs++;
        if (process.env.FUZZ_SHOW)
          console.log(r.code, args.join(" ").slice(0, 150), r.stderr.slice(0, 100));
        codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
        check(args, input, r);
      }),
      { numRuns: 160 },
    );
    console.log(`fuzz: ${runs} runs, exit codes ${JSON.stringify(Object.fromEntries(codes))}`);
    // The fuzzing reached both successes and refusals.
    expect(codes.get(0) ?? 0).toBeGreaterThan(0);
    expect(codes.get(1) ?? 0).toBeGreaterThan(0);
    expect(codes.get(2) ?? 0).toBeGreaterThan(0);
  }, 240_000);

  it("well-formed command lines over hostile values and files", async () => {
    const arity: Record<string, number> = { entropy: 1 };
    const valueFlags = ["--base", "--input", "--tolerance"];
    const switches = ["--json", "--rows", "--from-samples", "--no-header"];
    const wellFormed = fc
      .tuple(
        fc.constantFrom(
          "entropy",
          "cross-entropy",
          "kl",
          "js",
          "compare",
          "explain",
          "sample",
          "conditional",
        ),
        fc.array(input, { minLength: 2, maxLength: 2 }),
        fc.array(fc.tuple(fc.constantFrom(...valueFlags), fc.constantFrom(...VALUES)), {
          maxLength: 2,
        }),
        fc.subarray(switches, { maxLength: 2 }),
      )
      .map(([cmd, inputs, flags, sw]) => {
        const base = [cmd, ...inputs.slice(0, arity[cmd] ?? 2), ...flags.flat(), ...sw];
        return cmd === "sample" ? [...base, "--samples", "200"] : base;
      });
    const codes = new Map<number | null, number>();
    await fc.assert(
      fc.asyncProperty(wellFormed, stdin, async (args, stdinText) => {
        const r = await runMain(args, { input: stdinText, timeout: 15_000, cwd: dir });
        codes.set(r.code, (codes.get(r.code) ?? 0) + 1);
        check(args, stdinText, r);
      }),
      { numRuns: 120 },
    );
    console.log(`fuzz (well-formed): exit codes ${JSON.stringify(Object.fromEntries(codes))}`);
    expect(codes.get(0) ?? 0).toBeGreaterThan(0);
    expect(codes.get(1) ?? 0).toBeGreaterThan(0);
  }, 240_000);

  it("every fixture, truncated file and random-byte file through entropy, kl and conditional", async () => {
    // One run per file, the command rotating over the files.
    const forms = (f: string): string[][] => [
      ["entropy", f],
      ["kl", `${f}#p`, `${f}#q`, "--input", "counts"],
      ["conditional", f, f],
      ["kl", f, f, "--rows"],
      ["entropy", f, "--from-samples"],
    ];
    let i = 0;
    for (const f of fileNames) {
      const all = forms(f);
      const args = all[i++ % all.length] as string[];
      const r = await runMain(args, { timeout: 15_000, cwd: dir });
      check(args, "", r);
    }
  }, 300_000);

  it("end to end: a handful of runs as subprocesses of the built program give what main() gives", async () => {
    const cases: { args: string[]; input?: string }[] = [
      { args: ["kl", "0.5,0.5", "0.9,0.1", "--json"] },
      { args: ["entropy", "-", "--input", "counts"], input: "1\n2\n3\n" },
      { args: ["kl", "-#p", "-#q"], input: "p,q\n0.5,0.9\n0.5,0.1\n" },
      { args: ["entropy", join(dir, "bom.csv"), "--no-header"] },
      { args: ["conditional", join(dir, "quotes.csv"), join(dir, "quotes.csv")] },
      { args: ["kl", "0.5,0.5", "0.5,0.5", "--bogus"] },
    ];
    const runs = await Promise.all(
      cases.map((c) => runAsync(c.args, { input: c.input ?? "", timeout: 15_000, cwd: dir })),
    );
    for (const [i, c] of cases.entries()) {
      const sub = runs[i] as Run;
      check(c.args, c.input ?? "", sub);
      const inProcess = await runMain(c.args, { input: c.input ?? "", cwd: dir });
      expect({ code: sub.code, stdout: sub.stdout, stderr: sub.stderr }, c.args.join(" ")).toEqual({
        code: inProcess.code,
        stdout: inProcess.stdout,
        stderr: inProcess.stderr,
      });
    }
  }, 120_000);
});
