/**
 * The explorer's "Two tables" section in a real browser (Debian's chromium via playwright-core):
 * the shipped example's report equals `driftReport` in Node on the same files read by the command
 * line's reader, a Parquet file gives the same report as its CSV twin, hostile column names and
 * categories from dropped files are shown as text and run nothing, bad files are refused with a
 * sentence, and the section fits a phone.
 */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { type DriftOptions, type DriftReport, driftReport } from "../../src/index.js";
import { readTable } from "../../src/node.js";
import { relErr } from "../helpers/fixtures.js";
import { settle, shots, useExplorer } from "./browser.js";

const here = dirname(fileURLToPath(import.meta.url));
const example = resolve(here, "../../web/public/tables");
const parquetTwin = resolve(here, "../fixtures/web-tables/current.parquet");
const HEADER = "<img src=x onerror=window.__pwned=1>";
const CATEGORY = "<script>window.__pwned=2</script>";

const explorer = useExplorer();
/** A page at `?query`, scrolled to the section and with its report computed. */
async function open(query = "", width = 1280) {
  const opened = await explorer.open(query, { width, section: "tables", staticHeader: true });
  await opened.page.waitForSelector("#tables [data-tables=ready]");
  return opened;
}

/** The library's report in Node on two files read by the command line's reader. */
async function reference(
  refPath: string,
  curPath: string,
  options: DriftOptions = {},
): Promise<DriftReport> {
  const [r, c] = await Promise.all([readTable(refPath), readTable(curPath)]);
  return driftReport(r.columns, c.columns, {
    preset: "evidently",
    binning: "quantile",
    bins: 10,
    smoothing: "none",
    base: "bits",
    top: 12,
    types: r.types,
    ...options,
  });
}

/** The measures the page shows for its chosen column, by test id. */
const MEASURES: [string, (m: DriftReport["columns"][number]["measures"]) => number | undefined][] =
  [
    ["m-psi", (m) => m.psi],
    ["m-kl-rc", (m) => m.klReferenceCurrent],
    ["m-kl-cr", (m) => m.klCurrentReference],
    ["m-js", (m) => m.jsDivergence],
    ["m-js-distance", (m) => m.jsDistance],
    ["m-js-corrected", (m) => m.jsCorrected],
    ["m-kl-corrected", (m) => m.klCorrected],
    ["m-hellinger", (m) => m.hellinger],
    ["m-tv", (m) => m.totalVariation],
    ["m-linf", (m) => m.lInfinity],
    ["m-wasserstein", (m) => m.wassersteinNormed],
    ["m-ks", (m) => m.ks?.pValue],
    ["m-chi2", (m) => m.chiSquare.pValue],
  ];

/** Every `data-value` inside `scope`, by test id (one round trip to the page). */
async function values(page: Page, scope: string): Promise<Map<string, number>> {
  const pairs = await page.$$eval(`${scope} [data-testid][data-value]`, (els) =>
    els.map((e) => [e.getAttribute("data-testid") ?? "", e.getAttribute("data-value") ?? ""]),
  );
  return new Map(pairs.map(([k, v]) => [k as string, Number(v)]));
}

/**
 * Checks the page's report against the library's, column by column: the verdict's value and the
 * JS divergence of every row, and (`deep`) choosing each column in turn, every measure and the "why".
 */
async function expectReport(page: Page, want: DriftReport, deep = true): Promise<string[]> {
  const log: string[] = [];
  const names = await page.$$eval("#tables [data-testid=tables-report] tbody tr th button", (bs) =>
    bs.map((b) => b.getAttribute("title")),
  );
  expect(names).toEqual(want.columns.map((c) => c.name));
  const verdicts = await page.$$eval(
    "#tables [data-testid=tables-report] tbody tr td.verdict",
    (tds) => tds.map((t) => t.textContent),
  );
  for (const [i, c] of want.columns.entries()) {
    const row = `#tables [data-testid=tables-report] tr[data-column="${i}"]`;
    const inRow = await values(page, row);
    const checks: [string, number | undefined, number][] = [
      ["decision", inRow.get("decision-value"), c.decision.value],
      ["js", inRow.get("js"), c.measures.jsDivergence],
    ];
    expect(verdicts[i]).toBe(
      { drift: "drifted", "possible-drift": "possible drift", "no-drift": "no drift" }[
        c.decision.status
      ],
    );
    if (deep) {
      await page.click(`${row} button`);
      await page.waitForSelector(`#tables tr.chosen[data-column="${i}"]`);
      const shown = await values(page, "#tables");
      for (const [id, get] of MEASURES) {
        const w = get(c.measures);
        if (w === undefined) {
          expect(shown.has(id), `${c.name} ${id}`).toBe(false);
          continue;
        }
        checks.push([id, shown.get(id), w]);
      }
      for (const [k, r] of c.why.entries())
        checks.push([`why-${k}`, shown.get(`why-${k}`), r.contribution]);
    }
    for (const [id, got, w] of checks) {
      expect(got, `${c.name} ${id} is shown`).not.toBeUndefined();
      log.push(`${c.name} ${id}: page ${got} node ${w} rel ${relErr(got as number, w)}`);
      // NaN where the library gives NaN (a bias correction of an infinite KL), else 1e-12.
      if (Number.isNaN(w)) expect(got, `${c.name} ${id}`).toBeNaN();
      else expect(relErr(got as number, w), `${c.name} ${id}`).toBeLessThanOrEqual(1e-12);
    }
  }
  return log;
}

describe("Two tables in a real browser", () => {
  it("the example's report equals driftReport in Node on the same files", async () => {
    const { page, problems, dialogs } = await open();
    const csv = [join(example, "reference.csv"), join(example, "current.csv")] as const;
    const want = await reference(...csv);
    // The injected drift is found: income and plan drift, the other columns do not.
    expect(want.columns.filter((c) => c.decision.drifted).map((c) => c.name)).toEqual([
      "income",
      "plan",
    ]);
    const log = await expectReport(page, want);
    const worst = Math.max(...log.map((l) => Number(l.split(" rel ")[1]) || 0));
    console.log(`Two tables: ${log.length} values checked, worst relative error ${worst}`);
    expect(await page.textContent("#tables [data-testid=tables-lead]")).toContain(
      "2 of 6 columns drifted: “income”, “plan”",
    );
    // The column shown by default is the one with the largest JS divergence.
    await page.goto(page.url());
    await page.evaluate(() => document.getElementById("tables")?.scrollIntoView());
    await page.waitForSelector("#tables [data-tables=ready]");
    const largest = want.columns.reduce(
      (a, c, i) => (c.measures.jsDivergence > want.columns[a]!.measures.jsDivergence ? i : a),
      0,
    );
    await page.click(`#tables tr[data-column="${largest}"] button`);
    await page.addStyleTag({ content: "header.top { position: static !important; }" });
    await page.locator("#tables").screenshot({ path: resolve(shots, "tables-desktop.png") });
    // Options go to the address (never the data), and the numbers follow them.
    await page.selectOption("#tables [data-testid=tables-preset]", "nannyml");
    await page.selectOption("#tables [data-testid=tables-smoothing]", "jeffreys");
    await page.selectOption("#tables [data-testid=tables-bins]", "20");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("tb") === "20");
    await settle(page);
    const params = Object.fromEntries(new URL(page.url()).searchParams);
    expect(params).toEqual({ tp: "nannyml", ts: "jeffreys", tb: "20", tc: String(largest) });
    await expectReport(
      page,
      await reference(...csv, { preset: "nannyml", smoothing: "jeffreys", bins: 20 }),
      false,
    );
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it("dropped files: a Parquet twin gives its CSV's report; hostile text stays text", async () => {
    const { page, problems, dialogs } = await open("?u=nats&tk=fixed");
    await page.setInputFiles(
      '#tables input[data-slot="reference"]',
      join(example, "reference.csv"),
    );
    await page.setInputFiles('#tables input[data-slot="current"]', parquetTwin);
    await page.waitForFunction(() =>
      document
        .querySelector("#tables [data-testid=tables-source]")
        ?.textContent?.includes("current.parquet"),
    );
    await page.waitForSelector("#tables [data-tables=ready]");
    await expectReport(
      page,
      await reference(join(example, "reference.csv"), join(example, "current.csv"), {
        base: "nats",
        binning: "fixed",
      }),
    );
    expect(new URL(page.url()).search).not.toMatch(/csv|parquet|income/);
    // Markup in a column name and in categories, on both sides.
    const rows = (pick: (i: number) => string) =>
      Array.from({ length: 40 }, (_, i) => `${i % 7},${pick(i)}`).join("\n");
    const ref = `${HEADER},kind\n${rows((i) => (i % 3 ? "a" : `"<img src=x onerror=window.__pwned=3>"`))}\n`;
    const cur = `${HEADER},kind\n${rows((i) => (i % 2 ? "a" : CATEGORY))}\n`;
    await page.setInputFiles('#tables input[data-slot="reference"]', {
      name: "ref<b>.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(ref),
    });
    await page.setInputFiles('#tables input[data-slot="current"]', {
      name: "cur.csv",
      mimeType: "text/csv",
      buffer: Buffer.from(cur),
    });
    await page.waitForFunction(() =>
      document
        .querySelector("#tables [data-testid=tables-source]")
        ?.textContent?.includes("cur.csv"),
    );
    // Wait for this pair's report (two columns), not a state left by one file of the pair.
    await page.waitForFunction(
      (header) =>
        document.querySelector("#tables [data-tables=ready]") !== null &&
        document.querySelector<HTMLElement>('#tables tr[data-column="0"] button')?.title === header,
      HEADER,
    );
    const text = (await page.textContent("#tables")) ?? "";
    expect(text).toContain("ref<b>.csv");
    expect(text).not.toContain("cannot be compared");
    // The long column name is clipped in the table, whole in its tooltip, and never markup.
    const name = page.locator('#tables tr[data-column="0"] button');
    expect(await name.getAttribute("title")).toBe(HEADER);
    expect(await name.textContent()).toBe(`${HEADER.slice(0, 27)}…`);
    await page.click(`#tables tr[data-column="1"] button`);
    await page.waitForSelector(`#tables tr.chosen[data-column="1"]`);
    const after = (await page.textContent("#tables")) ?? "";
    expect(after).toContain(CATEGORY.slice(0, 20));
    expect(after).toContain("<img src=x onerror=window.__pwned=3>");
    expect(await page.locator("#tables img, #tables script, #tables b").count()).toBe(0);
    expect(await page.evaluate(() => (window as { __pwned?: unknown }).__pwned)).toBeUndefined();
    const want = driftReport(
      {
        [HEADER]: Array.from({ length: 40 }, (_, i) => i % 7),
        kind: Array.from({ length: 40 }, (_, i) =>
          i % 3 ? "a" : "<img src=x onerror=window.__pwned=3>",
        ),
      },
      {
        [HEADER]: Array.from({ length: 40 }, (_, i) => i % 7),
        kind: Array.from({ length: 40 }, (_, i) => (i % 2 ? "a" : CATEGORY)),
      },
      { base: "nats", binning: "fixed", top: 12 },
    );
    await expectReport(page, want);
    await page.locator("#tables").screenshot({ path: resolve(shots, "tables-hostile.png") });
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("bad files are refused with a sentence, not an exception", async () => {
    const { page, problems } = await open();
    const drop = async (reference: string, current: string, name = "bad.csv") => {
      await page.setInputFiles('#tables input[data-slot="reference"]', {
        name,
        mimeType: "text/csv",
        buffer: Buffer.from(reference),
      });
      await page.setInputFiles('#tables input[data-slot="current"]', {
        name: "ok.csv",
        mimeType: "text/csv",
        buffer: Buffer.from(current),
      });
      await page.waitForSelector("#tables [data-tables=error]");
      return page.textContent("#tables [data-testid=tables-error]");
    };
    expect(await drop("a,b,c\n1,2,3\n4,5\n", "a,b\n1,2\n")).toBe(
      "These tables cannot be compared: bad.csv, line 3: 2 fields where the header has 3 (delimiter “,”): is the file's delimiter another one?",
    );
    // Back to a readable pair, then the next refusals.
    await page.click("#tables [data-testid=tables-example]");
    await page.waitForSelector("#tables [data-tables=ready]");
    expect(await drop("a,b\n", "a,b\n1,2\n", "empty.csv")).toContain(
      "empty.csv has a header but no rows",
    );
    await page.click("#tables [data-testid=tables-example]");
    await page.waitForSelector("#tables [data-tables=ready]");
    expect(await drop("x,y\n1,2\n", "a,b\n1,2\n", "other.csv")).toContain(
      "other.csv and ok.csv have no column in common",
    );
    await page.click("#tables [data-testid=tables-example]");
    await page.waitForSelector("#tables [data-tables=ready]");
    expect(await drop("PAR1 not really", "a,b\n1,2\n", "broken.parquet")).toContain(
      "broken.parquet is not a readable Parquet file",
    );
    expect(await page.locator("#tables .tables-body").isHidden()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("fits a 375 px phone screen, options from the address", async () => {
    const { page, problems } = await open("?tp=whylogs&tb=7&tc=0", 375);
    expect(await page.inputValue("#tables [data-testid=tables-preset]")).toBe("whylogs");
    expect(await page.inputValue("#tables [data-testid=tables-bins]")).toBe("7");
    expect(await page.getAttribute('#tables tr[data-column="0"] button', "aria-pressed")).toBe(
      "true",
    );
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(375);
    await page.locator("#tables").screenshot({ path: resolve(shots, "tables-phone.png") });
    expect(problems).toEqual([]);
    await page.close();
  });
});
