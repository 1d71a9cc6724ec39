/**
 * The browser harness of the explorer's suites: Debian's chromium driven by playwright-core, the
 * page built once for the run (test/web/build-once.ts) and served with Vite's `preview` on a free
 * port. One browser and one context per suite; every page records its console errors, page
 * errors, failed requests and dialogs, so a test can assert there were none.
 */
import { existsSync, mkdirSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { type Browser, type BrowserContext, chromium, type Page } from "playwright-core";
import { type PreviewServer, preview } from "vite";
import { afterAll, beforeAll, expect, inject } from "vitest";

const here = dirname(fileURLToPath(import.meta.url));
const configFile = resolve(here, "../../web/vite.config.ts");
/** Where the suites write their screenshots (look at them). */
export const shots = resolve(here, "screenshots");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

/** A page with everything that went wrong on it recorded. */
export interface Opened {
  page: Page;
  /** Console errors, page errors and failed requests. */
  problems: string[];
  /** Messages of dialogs (alert, confirm), each dismissed. */
  dialogs: string[];
}

/** How to open the page. */
export interface OpenOptions {
  /** Viewport width in CSS pixels (default 1280; height 900). */
  width?: number;
  /**
   * A lazy section (`samples`, `models`, `tables`) to scroll to and wait for: it is computed when
   * its top comes near the viewport, and its root then carries `data-rendered="true"`.
   */
  section?: string;
  /** Un-stick the page header, which would cover part of a section's screenshots. */
  staticHeader?: boolean;
}

/** The explorer of one suite: `open(query)` gives a fresh page at `?query`, ready to read. */
export interface Explorer {
  open(query?: string, options?: OpenOptions): Promise<Opened>;
}

/** Starts the server and the browser before the suite's tests, and stops them after. */
export function useExplorer(): Explorer {
  let server: PreviewServer | undefined;
  let browser: Browser | undefined;
  let context: BrowserContext | undefined;
  let base = "";

  beforeAll(async () => {
    if (!existsSync(CHROMIUM)) {
      throw new Error(
        `chromium not found at ${CHROMIUM}: install it with "apt-get install -y chromium" (or set CHROMIUM_PATH)`,
      );
    }
    mkdirSync(shots, { recursive: true });
    server = await preview({
      configFile,
      logLevel: "warn",
      build: { outDir: inject("webDist") },
      preview: { port: 0, host: "127.0.0.1", strictPort: false, open: false },
    });
    const url = server.resolvedUrls?.local[0];
    if (!url) throw new Error("vite preview gave no address");
    base = url;
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
    context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await server?.close();
  });

  return {
    async open(query = "", options: OpenOptions = {}): Promise<Opened> {
      if (!context) throw new Error("the browser is not running (open() outside a test?)");
      const page = await context.newPage();
      if (options.width !== undefined && options.width !== 1280) {
        await page.setViewportSize({ width: options.width, height: 900 });
      }
      const problems: string[] = [];
      const dialogs: string[] = [];
      page.on("console", (m) => {
        if (m.type() === "error") problems.push(`console: ${m.text()}`);
      });
      page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
      page.on("requestfailed", (r) => problems.push(`request failed: ${r.url()}`));
      page.on("dialog", async (d) => {
        dialogs.push(d.message());
        await d.dismiss();
      });
      await page.goto(`${base}${query}`);
      await page.waitForSelector("body[data-ready=true]");
      if (options.section) {
        // Its top into view, as the page's links do: a lazy section is computed when its top
        // comes near (not when only its end shows), then carries data-rendered.
        await page.evaluate((id) => document.getElementById(id)?.scrollIntoView(), options.section);
        await page.waitForSelector(`#${options.section}[data-rendered=true]`);
      }
      if (options.staticHeader) {
        await page.addStyleTag({ content: "header.top { position: static !important; }" });
      }
      return { page, problems, dialogs };
    },
  };
}

/** The `data-value` of the element with this test id (within `scope`, a CSS selector). */
export async function value(page: Page, testid: string, scope = ""): Promise<number> {
  const v = await page.getAttribute(`${scope} [data-testid="${testid}"]`.trim(), "data-value");
  expect(v, `data-value of ${testid}`).not.toBeNull();
  return Number(v);
}

/** Waits two frames: the page writes its address at once and renders on the next frame. */
export async function settle(page: Page): Promise<void> {
  await page.evaluate(
    () => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(() => r(null)))),
  );
}
