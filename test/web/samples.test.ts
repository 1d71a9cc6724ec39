/**
 * The explorer's "From samples" section in a real browser (chromium via playwright-core, the page
 * built by Vite and served by `preview`): its numbers against the library, recomputed in Node from
 * the state the address holds; the address keeps only the section's options; screenshots.
 */
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import {
  estimateEntropy,
  mutualInformation,
  mutualInformationFromTable,
  sampleSequence,
  toProbabilities,
} from "../../src/index.js";
import { COLS, populationTable, ROWS } from "../../web/src/sections/samples/mi-table.js";
import { settle, shots, useExplorer, value } from "./browser.js";

const explorer = useExplorer();
/** A page at `?query`, scrolled to the section and with its numbers computed. */
const open = (query = "", width = 1280) =>
  explorer.open(query, { width, section: "samples", staticHeader: true });

/** The library's estimates for the section's defaults: P of section 2, n draws, seed. */
function expected(weights: number[], n: number, seed: number, unit: "bits" | "nats") {
  const p = toProbabilities(weights, { input: "counts" }, "p");
  const seq = sampleSequence(p, n, { seed });
  const c = new Float64Array(p.length);
  for (const k of seq) c[k]++;
  return (estimator: Parameters<typeof estimateEntropy>[1] extends infer O ? O : never) =>
    estimateEntropy(c, { ...(estimator as object), categories: p.length, base: unit });
}

describe("From samples, in a real browser", () => {
  it("every estimator on one seeded sample: the library's values; MI cell by cell", async () => {
    const { page, problems } = await open();
    await page.locator("#samples h2").waitFor();
    const est = expected([0.1, 0.1, 0.1, 0.1, 0.1, 0.5], 100, 7, "bits");
    for (const id of [
      "plugin",
      "miller-madow",
      "jackknife",
      "grassberger",
      "chao-shen",
      "nsb",
      "james-stein",
    ] as const) {
      const got = await value(page, `est-${id}`);
      const want = est({ estimator: id }).value;
      // NSB integrates over β with exp/log/lgamma: the browser's V8 may round an ulp differently.
      if (id === "nsb") expect(Math.abs(got - want) / want, id).toBeLessThan(1e-14);
      else expect(got, id).toBe(want);
    }
    // MI: the population's exact value and the sample's plug-in through the library.
    const pop = populationTable(0.5);
    const rows = ROWS.map((_, i) =>
      Array.from(pop.subarray(i * COLS.length, (i + 1) * COLS.length)),
    );
    expect(await value(page, "mi-exact")).toBe(
      mutualInformationFromTable(rows, { base: "bits" }).value,
    );
    const cells = sampleSequence(pop, 100, { seed: 1007 });
    const xs = Array.from(cells, (k) => ROWS[Math.floor(k / COLS.length)] as string);
    const ys = Array.from(cells, (k) => COLS[k % COLS.length] as string);
    const mi = mutualInformation(xs, ys, { base: "bits" }).value;
    expect(await value(page, "mi-plugin")).toBe(mi);
    expect(await value(page, "mi-mm")).toBe(
      mutualInformation(xs, ys, { base: "bits", estimator: "miller-madow" }).value,
    );
    // The cells' contributions sum to the same MI (to a few ulps).
    const sum = Number(await page.getAttribute(".chart[aria-label^='contribution']", "data-value"));
    expect(Math.abs(sum - mi)).toBeLessThan(1e-14);
    // The bias chart: plug-in below 0 at n = 10 (biased low), every estimator near 0 at 10⁴.
    const bias = JSON.parse(
      (await page.getAttribute("[data-testid=bias-chart]", "data-value")) ?? "[]",
    ) as number[];
    expect(bias).toHaveLength(70);
    expect(bias[0]).toBeLessThan(-0.1);
    for (let e = 0; e < 7; e++) expect(Math.abs(bias[e * 10 + 9] as number)).toBeLessThan(0.01);
    await page.locator("#samples").screenshot({ path: resolve(shots, "samples-desktop.png") });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);

  it("the address holds only the section's options, and reproduces the view", async () => {
    const { page, problems } = await open();
    await page.selectOption("[data-testid=from-n]", "1000");
    await page.fill("[data-testid=from-seed]", "11");
    await page.locator("[data-testid=from-seed]").dispatchEvent("change");
    await page.locator("[data-testid=dependence]").fill("0");
    await settle(page);
    const url = new URL(page.url());
    expect(url.searchParams.get("fn")).toBe("1000");
    expect(url.searchParams.get("fs")).toBe("11");
    expect(url.searchParams.get("fd")).toBe("0");
    expect([...url.searchParams.keys()].sort()).toEqual(["fd", "fn", "fs"]);
    const plugin = await value(page, "est-plugin");
    expect(plugin).toBe(
      expected([0.1, 0.1, 0.1, 0.1, 0.1, 0.5], 1000, 11, "bits")({ estimator: "plugin" }).value,
    );
    expect(await value(page, "mi-exact")).toBe(0);
    expect(await value(page, "mi-plugin")).toBeGreaterThan(0);
    await page.locator("#samples").screenshot({ path: resolve(shots, "samples-independent.png") });
    const again = await open(url.search);
    expect(await value(again.page, "est-plugin")).toBe(plugin);
    expect(again.problems).toEqual([]);
    expect(problems).toEqual([]);
    await again.page.close();
    await page.close();
  }, 120_000);

  it("English letters with n = 10: the small-sample warning; a bad link is refused with a notice", async () => {
    const { page, problems } = await open(
      "?fn=10&el=a,b,c,d,e,f,g,h,i,j,k,l&ew=1,1,1,1,1,1,1,1,1,1,1,1",
    );
    await expect(page.locator("#samples .callout").first().textContent()).resolves.toContain(
      "Fewer draws (10) than outcomes (12)",
    );
    await page.locator("#samples").screenshot({ path: resolve(shots, "samples-small.png") });
    expect(problems).toEqual([]);
    await page.close();
    const bad = await open("?fn=12345&fd=2");
    await expect(bad.page.locator("#notice").textContent()).resolves.toContain("sample size");
    expect(await value(bad.page, "est-plugin")).toBe(
      expected([0.1, 0.1, 0.1, 0.1, 0.1, 0.5], 100, 7, "bits")({ estimator: "plugin" }).value,
    );
    await bad.page.close();
  }, 120_000);

  it("on a phone-sized screen", async () => {
    const { page, problems } = await open("", 390);
    await page.locator("#samples").screenshot({ path: resolve(shots, "samples-phone.png") });
    expect(problems).toEqual([]);
    await page.close();
  }, 120_000);
});
