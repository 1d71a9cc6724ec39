/**
 * End-to-end tests of the explorer in a real browser: Debian's chromium driven by playwright-core.
 * The page is built with Vite's JS API and served with `preview` on a free port. Every number
 * checked here is recomputed in Node with the library itself, from the inputs the page shows
 * (read back from its address, which holds the full-precision state).
 */
import { resolve } from "node:path";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import {
  conditionalKl,
  entropy,
  klDivergence,
  logLikelihoodRatio,
  sampleSequence,
  toProbabilities,
} from "../../src/index.js";
import { relErr } from "../helpers/fixtures.js";
import { settle, shots, useExplorer, value } from "./browser.js";

const COUNTS = { input: "counts" } as const;
const explorer = useExplorer();
const open = (query = "", width = 1280) => explorer.open(query, { width });

/** The page's state as its address holds it. */
function params(page: Page): URLSearchParams {
  return new URL(page.url()).searchParams;
}
const nums = (s: string | null) => (s ?? "").split(",").map(Number);

describe("explorer in a real browser", () => {
  it("shows all five sections with the library's numbers and no console errors", async () => {
    const { page, problems } = await open();
    for (const id of ["surprise", "entropy", "divergence", "sampling", "conditional"]) {
      await expect(page.locator(`#${id} h2`).count()).resolves.toBe(1);
    }
    // Defaults: a loaded die (P) against a fair die (Q), in bits.
    const kl = await value(page, "kl-value");
    const expected = klDivergence([0.1, 0.1, 0.1, 0.1, 0.1, 0.5], [1, 1, 1, 1, 1, 1], {
      ...COUNTS,
      base: "bits",
    });
    expect(relErr(kl, expected)).toBeLessThanOrEqual(1e-12);
    // The text a student reads shows the same number, with its unit.
    const text = await page.textContent('[data-testid="kl-value"]');
    expect(text).toMatch(/ bits$/);
    expect(Number(text!.split(" ")[0])).toBeCloseTo(expected, 3);
    // Surprise of the default p = 0.25 is 2 bits.
    expect(await page.textContent('[data-testid="surprise-value"]')).toBe("2 bits");
    // H(P,Q) = H(P) + D(P‖Q), as the page shows them.
    const hp = await value(page, "h-value");
    const ce = await value(page, "ce-value");
    expect(relErr(hp + kl, ce)).toBeLessThanOrEqual(1e-12);
    await page.screenshot({ path: resolve(shots, "desktop.png"), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("changing a probability and the seed gives the library's KL and sample for those inputs", async () => {
    const { page, problems } = await open();
    const p6 = page.locator('#divergence input[data-dist="P"][data-outcome="5"]');
    await p6.fill("0.7");
    await p6.press("Enter");
    await p6.blur();
    const seed = page.getByTestId("seed");
    await seed.fill("7");
    await seed.press("Enter");
    await seed.blur();
    await page.waitForFunction(() => new URL(location.href).searchParams.get("seed") === "7");
    await settle(page);

    const q = params(page);
    const p = nums(q.get("p"));
    const qq = nums(q.get("q"));
    expect(p).toEqual([0.06, 0.06, 0.06, 0.06, 0.06, 0.7]);
    const kl = await value(page, "kl-value");
    expect(relErr(kl, klDivergence(p, qq, { ...COUNTS, base: "bits" }))).toBeLessThanOrEqual(1e-12);
    expect(await page.inputValue('#divergence input[data-dist="P"][data-outcome="0"]')).toBe(
      "0.06",
    );

    // The sampling section drew its sequence from this P with seed 7.
    const pn = toProbabilities(p, COUNTS, "p");
    const qn = toProbabilities(qq, COUNTS, "q");
    const seq = sampleSequence(pn, 1000, { seed: 7 });
    const labels = q.get("l")!.split(",");
    const shown = (await page.textContent('[data-testid="sequence"]'))!.split(" ");
    expect(shown).toEqual(Array.from(seq.subarray(0, shown.length), (k) => labels[k]));
    const llr = await value(page, "llr-value");
    expect(
      relErr(llr, logLikelihoodRatio(seq, pn, qn, { base: "bits" }).perSample),
    ).toBeLessThanOrEqual(1e-12);
    const seq42 = sampleSequence(pn, 40, { seed: 42 });
    expect(Array.from(seq.subarray(0, 40))).not.toEqual(Array.from(seq42));
    expect(problems).toEqual([]);
    await page.close();
  });

  it("a link reproduces the view (URL round trip)", async () => {
    const { page, problems } = await open();
    await page.locator('#divergence input[data-dist="Q"][data-outcome="0"]').fill("0.3");
    await page.locator('#divergence input[data-dist="Q"][data-outcome="0"]').press("Tab");
    await page.getByLabel("nats").check();
    await page.getByTestId("swap").check();
    await page.locator('#entropy button[data-preset="english"]').click();
    await page.getByTestId("seed").fill("123");
    await page.getByTestId("seed").press("Tab");
    await page.waitForFunction(() => new URL(location.href).searchParams.get("seed") === "123");
    await settle(page);
    const url = page.url();
    const before = {
      kl: await value(page, "kl-value"),
      entropy: await value(page, "entropy-value"),
      llr: await value(page, "llr-value"),
      fields: await page
        .locator("#divergence .editor-fields input")
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    };
    const s = new URL(url).searchParams;
    expect(s.get("u")).toBe("nats");
    expect(s.get("dir")).toBe("qp");
    // Swapped: the headline is D(Q‖P), in nats.
    expect(
      relErr(
        before.kl,
        klDivergence(nums(s.get("q")), nums(s.get("p")), { ...COUNTS, base: "nats" }),
      ),
    ).toBeLessThanOrEqual(1e-12);
    expect(
      relErr(before.entropy, entropy(nums(s.get("ew")), { ...COUNTS, base: "nats" })),
    ).toBeLessThanOrEqual(1e-12);

    const again = await open(new URL(url).search);
    expect(again.page.url()).toBe(url);
    expect(await value(again.page, "kl-value")).toBe(before.kl);
    expect(await value(again.page, "entropy-value")).toBe(before.entropy);
    expect(await value(again.page, "llr-value")).toBe(before.llr);
    expect(
      await again.page
        .locator("#divergence .editor-fields input")
        .evaluateAll((els) => els.map((e) => (e as HTMLInputElement).value)),
    ).toEqual(before.fields);
    expect(await again.page.getByTestId("swap").isChecked()).toBe(true);
    expect(await again.page.getByLabel("nats").isChecked()).toBe(true);
    expect(await again.page.inputValue('[data-testid="seed"]')).toBe("123");
    expect(await again.page.locator("#notice").isHidden()).toBe(true);
    expect([...problems, ...again.problems]).toEqual([]);
    await page.close();
    await again.page.close();
  });

  // Every kind of bad link is refused by parseLink (test/web/state.test.ts); here, those that
  // would run code if the page put them into the DOM as markup, and the notice the page shows.
  const hostile: [string, string][] = [
    ["markup in a label", '?l=<img src=x onerror="window.__pwned=1">,b&p=1,1&q=1,1'],
    ["script in a label", "?l=%3Cscript%3Ewindow.__pwned%3D1%3C%2Fscript%3E,b&p=1,1&q=1,1"],
    [
      "markup in the conditional table",
      "?data=x,weight,p_%3Csvg%20onload%3Dwindow.__pwned%3D1%3E,p_b,q_%3Csvg%3E,q_b%0Aa,1,1,1,1,1",
    ],
    ["javascript in the unit", "?u=javascript:window.__pwned=1&javascript:alert(1)=1"],
  ];
  it.each(hostile)(
    "a hostile link (%s) falls back to the defaults with a visible notice",
    async (_, query) => {
      const { page, problems, dialogs } = await open(query);
      const notice = page.locator("#notice");
      expect(await notice.isVisible()).toBe(true);
      expect(await notice.textContent()).toMatch(/could not be used/);
      expect(
        await page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned),
      ).toBeUndefined();
      expect(await page.locator("img, svg[onload], main script, #notice script").count()).toBe(0);
      expect(dialogs).toEqual([]);
      // The defaults are shown, computed by the library as usual.
      const kl = await value(page, "kl-value");
      const expected = klDivergence([0.1, 0.1, 0.1, 0.1, 0.1, 0.5], [1, 1, 1, 1, 1, 1], {
        ...COUNTS,
        base: "bits",
      });
      expect(relErr(kl, expected)).toBeLessThanOrEqual(1e-12);
      expect(problems).toEqual([]);
      if (query.includes("img")) {
        await page.screenshot({ path: resolve(shots, "hostile-link.png") });
      }
      await page.close();
    },
  );

  it("works with the keyboard: arrow keys nudge a probability, radio buttons switch the unit", async () => {
    const { page, problems } = await open();
    const q1 = page.locator('#divergence input[data-dist="Q"][data-outcome="0"]');
    await q1.focus();
    await page.keyboard.press("ArrowUp");
    await settle(page);
    const s = params(page);
    expect(nums(s.get("q"))[0]).toBeCloseTo(0.177, 6);
    const kl = await value(page, "kl-value");
    expect(
      relErr(kl, klDivergence(nums(s.get("p")), nums(s.get("q")), { ...COUNTS, base: "bits" })),
    ).toBeLessThanOrEqual(1e-12);
    await page.getByLabel("bits").focus();
    await page.keyboard.press("ArrowRight");
    await settle(page);
    expect(params(page).get("u")).toBe("nats");
    expect(await page.textContent('[data-testid="kl-value"]')).toMatch(/ nats$/);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("model against data: a pasted CSV gives the library's conditional KL", async () => {
    const { page, problems } = await open();
    const csv =
      "x,weight,p_yes,p_no,q_yes,q_no\nmorning,4,0.8,0.2,0.6,0.4\nevening,6,0.3,0.7,0.5,0.5";
    await page.locator("#conditional summary").click();
    await page.getByTestId("csv").fill(csv);
    await page.getByRole("button", { name: "Use this CSV" }).click();
    await settle(page);
    const expected = conditionalKl(
      [toProbabilities([0.8, 0.2], COUNTS, "p"), toProbabilities([0.3, 0.7], COUNTS, "p")],
      [toProbabilities([0.6, 0.4], COUNTS, "q"), toProbabilities([0.5, 0.5], COUNTS, "q")],
      { weights: [4, 6], base: "bits" },
    );
    expect(relErr(await value(page, "conditional-total"), expected.total)).toBeLessThanOrEqual(
      1e-12,
    );
    expect(relErr(await value(page, "conditional-mean"), expected.mean)).toBeLessThanOrEqual(1e-12);
    expect(relErr(await value(page, "row-kl-1"), expected.rows[1]!)).toBeLessThanOrEqual(1e-12);
    expect(new URL(page.url()).searchParams.get("data")).toBe(csv);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("fits a 375 px phone screen without sideways scrolling", async () => {
    const { page, problems } = await open("", 375);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      375,
    );
    await page.screenshot({ path: resolve(shots, "phone.png"), fullPage: true });
    expect(problems).toEqual([]);
    await page.close();
  });
});

describe("explorer: what a new user hit (issue #14)", () => {
  it("the “Q → 0” chart labels powers of ten, and its title clears the ticks", async () => {
    const { page, problems } = await open();
    const chart = page.locator('[aria-label="KL divergence as one probability of Q goes to zero"]');
    await chart.scrollIntoViewIfNeeded();
    const svg = chart.locator("svg").first();
    // The x axis: its tick labels and its title (Plot names its groups by aria-label).
    const texts = await svg.evaluate((el) =>
      [
        ...el.querySelectorAll(
          '[aria-label="x-axis tick label"] text, [aria-label="x-axis label"] text',
        ),
      ].map((t) => {
        const r = t.getBoundingClientRect();
        const title = t.closest('[aria-label="x-axis label"]') !== null;
        return {
          text: t.textContent ?? "",
          title,
          x0: r.left,
          x1: r.right,
          y0: r.top,
          y1: r.bottom,
        };
      }),
    );
    const ticks = texts.filter((t) => !t.title);
    const title = texts.find((t) => t.title);
    expect(ticks.map((t) => t.text)).toEqual([
      "10⁻⁸",
      "10⁻⁷",
      "10⁻⁶",
      "10⁻⁵",
      "10⁻⁴",
      "10⁻³",
      "10⁻²",
      "10⁻¹",
      "1",
    ]);
    for (const t of ticks) expect(t.text).not.toMatch(/[nµm]$/);
    expect(title, "the axis title").toBeDefined();
    for (const t of ticks) {
      const overlap = t.x0 < title!.x1 && title!.x0 < t.x1 && t.y0 < title!.y1 && title!.y0 < t.y1;
      expect(overlap, `tick ${t.text} and the axis title overlap`).toBe(false);
    }
    await chart.screenshot({ path: resolve(shots, "zero-chart.png") });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("a card reads “1 bit”, not “1 bits”", async () => {
    const { page, problems } = await open("?u=bits&el=heads,tails&ew=1,1");
    const card = page.locator('[data-testid="entropy-value"]');
    expect(await value(page, "entropy-value")).toBe(entropy([1, 1], { ...COUNTS, base: "bits" }));
    expect((await card.textContent())?.trim()).toBe("1 bit");
    expect(await page.locator("body").textContent()).not.toMatch(/(^|[^\d.,])1 bits\b/);
    await card.screenshot({ path: resolve(shots, "one-bit.png") });
    expect(problems).toEqual([]);
    await page.close();
  });

  it("a broken link's notice speaks of outcome names, never of an internal key", async () => {
    const { page } = await open("?p=0.5,0.5&q=0.9,0.1");
    const notice = page.locator("#notice");
    expect(await notice.isVisible()).toBe(true);
    const text = (await notice.textContent()) ?? "";
    expect(text).toContain("names of the outcomes");
    expect(text).not.toMatch(/\((l|p|q|ew|el)\)/);
    await notice.screenshot({ path: resolve(shots, "broken-link.png") });
    await page.close();
  });
});
