/**
 * `surprisal drift` end to end (in process, through main): the CSV and Parquet files written by
 * scripts/gen_drift.py give the library's numbers, bad input is one line and a non-zero exit with
 * nothing partial, and the HTML report opens in chromium without console errors, showing markup
 * from the files as text.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium } from "playwright-core";
import { afterAll, describe, expect, test } from "vitest";
import { driftReport } from "../../src/index.js";
import { readTable } from "../../src/node.js";
import { parseJson, runMain } from "../cli/run.js";

const dir = resolve(import.meta.dirname, "../fixtures/drift");
const tmp = mkdtempSync(join(tmpdir(), "surprisal-drift-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const drift = (args: string[]) => runMain(["drift", ...args], { cwd: dir, timeout: 60_000 });

describe("the CLI gives the library's numbers", () => {
  test("Parquet and CSV copies of one table give one report, the library's", async () => {
    const a = await drift([
      "reference.parquet",
      "current.csv",
      "--json",
      "--ci",
      "0.9",
      "--replicates",
      "200",
      "--seed",
      "7",
    ]);
    const b = await drift([
      "reference.csv",
      "current.parquet",
      "--json",
      "--ci",
      "0.9",
      "--replicates",
      "200",
      "--seed",
      "7",
    ]);
    expect(a.stderr).toBe("");
    expect(a.code).toBe(0);
    const ra = parseJson(a.stdout).driftReport;
    const rb = parseJson(b.stdout).driftReport;
    expect(ra).toEqual(rb);
    const ref = await readTable(join(dir, "reference.csv"));
    const cur = await readTable(join(dir, "current.csv"));
    const lib = driftReport(ref.columns, cur.columns, {
      ci: { level: 0.9, replicates: 200, seed: 7 },
      permutations: 200,
      seed: 7,
    });
    expect(ra).toEqual(
      parseJson(JSON.stringify(lib, (_k, v) => (v === Infinity ? "Infinity" : v))),
    );
  });

  test("the injected drift is found: income shifted, a new region, more missing tenure", async () => {
    const r = await drift([
      "reference.parquet",
      "current.parquet",
      "--json",
      "--smoothing",
      "jeffreys",
    ]);
    const report = parseJson(r.stdout).driftReport as {
      columns: {
        name: string;
        decision: { drifted: boolean };
        unseen: unknown[];
        current: { missingShare: number };
      }[];
    };
    const by = Object.fromEntries(report.columns.map((c) => [c.name, c]));
    expect(by.income?.decision.drifted).toBe(true);
    expect(by.region?.unseen).toEqual([{ label: "north-east", count: expect.any(Number) }]);
    expect(by.age?.decision.drifted).toBe(false);
    expect(by.tenure?.current.missingShare).toBeGreaterThan(0.06);
  });

  test("a terminal table: rule, value, verdict, top bin", async () => {
    const r = await drift(["reference.csv", "current.csv", "--columns", "income,region"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      /^Drift of current\.csv \(4000 rows\) against reference\.csv \(5000 rows\)/,
    );
    expect(r.stdout).toMatch(
      /income\s+numeric\s+wassersteinNormed >= 0\.1\s+[\d.]+\s+[\d.]+\s+2% → 8\.\d+%|income\s+numeric/,
    );
    expect(r.stdout).toMatch(
      /region\s+categorical\s+jsDistance >= 0\.1.*DRIFT\s+\(unseen\): 0% → 4\.\d%/,
    );
  });
});

describe("bad input: one line, a non-zero exit, nothing partial", () => {
  const refused = async (args: string[], pattern: RegExp, code = 1) => {
    const html = join(tmp, `r${Math.random()}.html`);
    const r = await drift([...args, "--html", html]);
    expect(r.stdout).toBe("");
    expect(r.code).toBe(code);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(pattern);
    expect(existsSync(html)).toBe(false);
  };
  test("unknown columns, listed with the available ones", () =>
    refused(
      ["reference.csv", "current.csv", "--columns", "income,salary"],
      /reference\.csv has no column "salary": its columns are "income", "age", "region", "score", "late", "tenure"/,
    ));
  test("a column all missing", () =>
    refused(
      ["reference.csv", "all-missing.csv", "--columns", "age"],
      /all-missing\.csv: column "age" has no value: all 3 rows are missing/,
    ));
  test("a column whose type differs between the tables", () =>
    refused(
      ["reference.csv", "text-age.csv", "--columns", "age"],
      /column "age" is categorical in text-age\.csv but numeric in reference\.csv/,
    ));
  test("an unparsable number: file, line, column, value", () =>
    refused(
      ["reference.csv", "bad-number.csv"],
      /bad-number\.csv, line 4: column "age": "thirty" is not a number/,
    ));
  test("an empty table", () =>
    refused(["reference.csv", "empty.csv"], /empty\.csv has no rows|current is empty/));
  test("a corrupt Parquet file", () =>
    refused(["corrupt.parquet", "current.csv"], /corrupt\.parquet: not a readable Parquet file/));
  test("a missing file", () =>
    refused(["reference.csv", "nowhere.csv"], /nowhere\.csv: no such file/));
  test("mismatched delimiters", () => {
    const f = join(tmp, "semi.csv");
    writeFileSync(f, "income;age\n1,2\n3,4\n");
    return refused(
      ["reference.csv", f],
      /line 2: 2 fields where the header has 1|line 2: 1 field where the header has 2/,
    );
  });
  test("a bad flag is a usage error", () =>
    refused(
      ["reference.csv", "current.csv", "--preset", "acme"],
      /--preset "acme" is not a preset/,
      2,
    ));
});

describe("the HTML report", () => {
  const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  test.runIf(existsSync(CHROMIUM))(
    "opens in chromium without console errors; markup in the files is text",
    async () => {
      const html = join(tmp, "markup.html");
      const r = await drift(["markup.csv", "markup.csv", "--html", html]);
      expect(r.code).toBe(0);
      const demo = join(tmp, "demo.html");
      expect(
        (
          await drift([
            "reference.parquet",
            "current.csv",
            "--html",
            demo,
            "--ci",
            "0.95",
            "--replicates",
            "200",
          ])
        ).code,
      ).toBe(0);
      const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ["--headless", "--no-sandbox", "--disable-gpu"],
      });
      try {
        const page = await browser.newPage();
        const errors: string[] = [];
        let dialogs = 0;
        page.on("console", (m) => {
          if (m.type() === "error") errors.push(m.text());
        });
        page.on("pageerror", (e) => errors.push(e.message));
        page.on("dialog", async (d) => {
          dialogs++;
          await d.dismiss();
        });
        await page.goto(`file://${html}`);
        expect(await page.locator("img").count()).toBe(0);
        expect(await page.locator("script").count()).toBe(0);
        const text = await page.locator("body").innerText();
        expect(text).toContain("<img src=x onerror=alert(1)>");
        expect(text).toContain("<script>alert(2)</script>");
        expect(text).toContain("&amp;");
        await page.goto(`file://${demo}`);
        await page.setViewportSize({ width: 1200, height: 900 });
        await page.screenshot({
          path: join(resolve(import.meta.dirname, "../web/screenshots"), "drift-report.png"),
          fullPage: false,
        });
        expect(await page.locator("section").count()).toBe(6);
        expect(errors).toEqual([]);
        expect(dialogs).toBe(0);
      } finally {
        await browser.close();
      }
    },
    60_000,
  );
  test("the page holds no script and no URL to fetch", async () => {
    const html = join(tmp, "demo2.html");
    await drift(["reference.csv", "current.csv", "--html", html]);
    const s = readFileSync(html, "utf8");
    expect(s).not.toMatch(/<script|https?:|src=/i);
  });
});
