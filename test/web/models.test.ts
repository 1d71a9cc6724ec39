/**
 * The explorer's "Two models" section in a real browser (Debian's chromium via playwright-core):
 * the shipped example's report equals ModelComparison's in Node on the same files, a position's
 * "why" equals its per-token KLD, and hostile token strings from a dropped vocabulary are shown as
 * text and run nothing. The page, built once for the run by test/web/build-once.ts,
 * is served with Vite's `preview`.
 */
import { readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { contributions, ModelComparison, type PerToken, widenHalf } from "../../src/index.js";
import { parseNpyHeader } from "../../src/io/npy.js";
import { relErr } from "../helpers/fixtures.js";
import { shots, useExplorer, value as valueIn } from "./browser.js";

const here = dirname(fileURLToPath(import.meta.url));
const example = resolve(here, "../../web/public/models");
const HOSTILE = "<img src=x onerror=alert(1)>";

const explorer = useExplorer();
/** A page at `?query`, scrolled to the section and with its report computed. */
async function open(query = "", width = 1280) {
  const opened = await explorer.open(query, { width, section: "models", staticHeader: true });
  await opened.page.waitForSelector("#models [data-models=ready]");
  return opened;
}
const value = (page: Page, testid: string) => valueIn(page, testid, "#models");

/** A float16 or int32 .npy of the example, as its typed array. */
function npy(name: string): { data: Uint16Array | Int32Array; shape: number[] } {
  const bytes = new Uint8Array(readFileSync(join(example, name)));
  const h = parseNpyHeader(bytes, name);
  const body = bytes.slice(h.dataOffset).buffer;
  return { data: h.descr === "<f2" ? new Uint16Array(body) : new Int32Array(body), shape: h.shape };
}

/** The library's report in Node on the example's files. */
function reference(other: "int8" | "int4") {
  const b = npy("base.npy");
  const o = npy(`${other}.npy`);
  const tokens = npy("tokens.npy").data as Int32Array;
  const vocab = b.shape[1]!;
  const c = new ModelComparison({ vocab, input: "logits" });
  c.add({
    base: b.data as Uint16Array,
    baseKind: "float16",
    other: o.data as Uint16Array,
    otherKind: "float16",
    tokens,
  });
  const row = (x: Uint16Array, i: number) =>
    widenHalf(x.subarray(i * vocab, (i + 1) * vocab), "float16");
  return {
    result: c.value(),
    perToken: c.perToken() as PerToken,
    tokens,
    vocab,
    why: (i: number) =>
      contributions(row(b.data as Uint16Array, i), row(o.data as Uint16Array, i), {
        input: "logits",
      }),
  };
}

describe("Two models in a real browser", () => {
  it("the example's report equals ModelComparison's in Node on the same files", async () => {
    const { page, problems, dialogs } = await open("?u=nats");
    const ref = reference("int4");
    const r = ref.result;
    const expected: [string, number][] = [
      ["kld-mean", r.kld.mean],
      ["kld-mean-u", r.kld.uncertainty],
      ["kld-max", r.kld.max],
      ["kld-min", r.kld.min],
      ["kld-median", r.kld.median],
      ...r.kld.percentiles.map((p): [string, number] => [`kld-p${p.fraction}`, p.value]),
      ["ppl-q", r.perplexity!.other.value],
      ["ppl-base", r.perplexity!.base.value],
      ["ppl-cor", r.perplexity!.correlation!],
      ["ppl-log-ratio", r.perplexity!.logRatio.value],
      ["ppl-diff", r.perplexity!.difference.value],
      ["dp-mean", r.deltaP!.mean * 100],
      ["dp-median", r.deltaP!.median * 100],
      ["dp-rms", r.deltaP!.rms.value * 100],
      ["same-top", r.sameTop.value * 100],
      ["rkld", r.reverseKld!.mean],
      ["js", r.js!.mean],
      ["top5-hit", r.topK[1]!.hit * 100],
    ];
    const rows: string[] = [];
    for (const [id, want] of expected) {
      const got = await value(page, id);
      rows.push(`${id}: page ${got} node ${want} rel ${relErr(got, want)}`);
      expect(relErr(got, want), id).toBeLessThanOrEqual(1e-12);
    }
    console.log(rows.join("\n"));
    // The worst positions, in the library's order.
    const order = Array.from(ref.perToken.kld.keys()).sort(
      (a, b) => ref.perToken.kld[b]! - ref.perToken.kld[a]! || a - b,
    );
    const shown = await page.$$eval("#models [data-testid=models-worst] tbody tr", (trs) =>
      trs.map((tr) => Number(tr.getAttribute("data-pos"))),
    );
    expect(shown).toEqual(order.slice(0, shown.length));
    // The chosen position defaults to the worst; its "why" sums to its per-token KLD.
    const kld0 = await value(page, "models-position-kld");
    expect(relErr(kld0, ref.perToken.kld[order[0]!]!)).toBeLessThanOrEqual(1e-12);
    await page.locator("#models").screenshot({ path: resolve(shots, "models-desktop.png") });
    // Choose the third worst: the address keeps the position (an option), the panel follows.
    await page.click(`#models [data-testid=models-worst] button[data-pos="${order[2]}"]`);
    await page.waitForFunction(
      (p) => new URL(location.href).searchParams.get("mp") === String(p),
      order[2],
    );
    await page.waitForFunction(
      (p) => document.querySelector("#models tr.chosen")?.getAttribute("data-pos") === String(p),
      order[2],
    );
    const kld2 = await value(page, "models-position-kld");
    expect(relErr(kld2, ref.perToken.kld[order[2]!]!)).toBeLessThanOrEqual(1e-12);
    const why = ref.why(order[2]!);
    const top = why.order[0]!;
    const cell = await page.getAttribute(
      `#models [data-testid=models-contributions] tr[data-token="${top}"] td[data-value]`,
      "data-value",
    );
    expect(relErr(Number(cell), why.contribution[top]!)).toBeLessThanOrEqual(1e-12);
    // The address holds options only.
    const params = [...new URL(page.url()).searchParams.keys()].sort();
    expect(params).toEqual(["mp", "u"]);
    expect(problems).toEqual([]);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it("the int8 twin, in bits, from the address", async () => {
    const { page, problems } = await open("?mo=int8");
    const r = reference("int8").result;
    expect(relErr(await value(page, "kld-mean"), r.kld.mean / Math.LN2)).toBeLessThanOrEqual(1e-12);
    expect(
      relErr(
        await value(page, "kld-p0.99"),
        r.kld.percentiles.find((p) => p.fraction === 0.99)!.value / Math.LN2,
      ),
    ).toBeLessThanOrEqual(1e-12);
    expect(await page.getAttribute('#models button[data-other="int8"]', "aria-pressed")).toBe(
      "true",
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it("dropped files with a hostile vocabulary: shown as text, nothing runs", async () => {
    const { page, problems, dialogs } = await open();
    const ref = reference("int4");
    const order = Array.from(ref.perToken.kld.keys()).sort(
      (a, b) => ref.perToken.kld[b]! - ref.perToken.kld[a]! || a - b,
    );
    const worst = order[0]!;
    const why = ref.why(worst);
    let pTop = 0;
    for (let i = 1; i < why.p.length; i++) if (why.p[i]! > why.p[pTop]!) pTop = i;
    const next = ref.tokens[worst]!;
    const tokenizer = JSON.parse(readFileSync(join(example, "tokenizer.json"), "utf8"));
    tokenizer.added_tokens = [
      { id: next, content: HOSTILE, special: true },
      { id: pTop, content: "<script>alert(2)</script>\u0007\u202e\n", special: true },
    ];
    const file = (name: string, buffer: Buffer, mimeType = "application/octet-stream") => ({
      name,
      mimeType,
      buffer,
    });
    await page.click("#models details summary");
    await page.setInputFiles(
      '#models input[data-slot="base"]',
      file("base.npy", readFileSync(join(example, "base.npy"))),
    );
    await page.setInputFiles(
      '#models input[data-slot="other"]',
      file("q4.npy", readFileSync(join(example, "int4.npy"))),
    );
    await page.setInputFiles(
      '#models input[data-slot="tokens"]',
      file("ids.npy", readFileSync(join(example, "tokens.npy"))),
    );
    await page.setInputFiles(
      '#models input[data-slot="vocab"]',
      file("tokenizer.json", Buffer.from(JSON.stringify(tokenizer)), "application/json"),
    );
    await page.waitForFunction(() =>
      document.querySelector("#models [data-testid=models-worst]")?.textContent?.includes("<img"),
    );
    await page.waitForSelector("#models [data-models=ready]");
    const worstText = await page.textContent("#models [data-testid=models-worst]");
    expect(worstText).toContain("<img␣src=x␣onerror=alert(1)>");
    expect(worstText).toContain("<script>alert(2)</script>\\x07\\u{202E}\\n");
    const ctx = await page.textContent("#models [data-testid=models-context]");
    expect(ctx).toContain("<img␣src=x␣onerror=alert(1)>");
    expect(await page.locator("#models img, #models script").count()).toBe(0);
    expect(await page.textContent("#models [data-testid=models-source]")).toBe(
      "Showing your files.",
    );
    // Same numbers as the example (the same data).
    expect(
      relErr(await value(page, "kld-mean"), ref.result.kld.mean / Math.LN2),
    ).toBeLessThanOrEqual(1e-12);
    // Nothing of the files in the address.
    expect(new URL(page.url()).search).toBe("");
    await page.locator("#models").screenshot({ path: resolve(shots, "models-hostile.png") });
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it("a malformed file is refused with a sentence, not an exception", async () => {
    const { page, problems } = await open();
    await page.click("#models details summary");
    await page.setInputFiles('#models input[data-slot="base"]', {
      name: "notes.npy",
      mimeType: "application/octet-stream",
      buffer: Buffer.from("hello"),
    });
    await page.setInputFiles('#models input[data-slot="other"]', {
      name: "q.npy",
      mimeType: "application/octet-stream",
      buffer: readFileSync(join(example, "int4.npy")),
    });
    await page.waitForSelector("#models [data-models=error]");
    expect(await page.textContent("#models .callout.error")).toContain(
      "notes.npy is not a .npy file",
    );
    expect(problems).toEqual([]);
    await page.close();
  });

  it("fits a 375 px phone screen", async () => {
    const { page, problems } = await open("", 375);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth);
    expect(overflow).toBeLessThanOrEqual(375);
    await page.locator("#models").screenshot({ path: resolve(shots, "models-phone.png") });
    expect(problems).toEqual([]);
    await page.close();
  });
});
