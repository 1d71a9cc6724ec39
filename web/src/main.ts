import "katex/dist/katex.min.css";
import "./style.css";
import { h, replace } from "./dom.js";
import { mountConditional } from "./sections/conditional.js";
import { mountDivergence } from "./sections/divergence.js";
import { mountEntropy } from "./sections/entropy.js";
import { mountModels } from "./sections/models.js";
import { mountSamples } from "./sections/samples.js";
import { mountSampling } from "./sections/sampling.js";
import { mountSurprise } from "./sections/surprise.js";
import { mountTables } from "./sections/tables.js";
import { type ExplorerState, parseLink, serializeState, UNITS, type Unit } from "./state.js";
import type { Section, Store } from "./store.js";

const parsed = parseLink(window.location.search);
let state: ExplorerState = parsed.state;

const notice = document.getElementById("notice")!;
showNotices(parsed.notices);

/**
 * A mounted section. Heavy sections (estimators with bootstraps, model files, tables) are `lazy`:
 * they are built at once but computed only while they are near the viewport; a change made while
 * one is far away leaves it stale until it comes near again. So the page is ready to read without
 * waiting for them, and a click in one section does not recompute the others off screen. Each
 * section's root carries `data-rendered="true"` while it shows the current state.
 */
interface Mounted {
  id: string;
  root: HTMLElement;
  section: Section;
  error: HTMLElement;
  /** An empty element at the section's top, watched to know when its top comes near. */
  top: HTMLElement;
  /** Eager: computed on every change. */
  eager: boolean;
  /** Lazy: its top has come near once (computed since). */
  activated: boolean;
  /** Lazy: some part of it is in view or within a screen below. */
  near: boolean;
  /** Lazy: a change has not been shown yet. */
  stale: boolean;
}
const sections: Mounted[] = [];
let scheduled = false;

const store: Store = {
  get: () => state,
  set(patch) {
    state = { ...state, ...patch };
    writeLink();
    if (!scheduled) {
      scheduled = true;
      requestAnimationFrame(() => {
        scheduled = false;
        render();
      });
    }
  },
};

function writeLink(): void {
  const query = serializeState(state);
  const url = `${window.location.pathname}${query ? `?${query}` : ""}${window.location.hash}`;
  window.history.replaceState(null, "", url);
}

function render(): void {
  document.documentElement.dataset.unit = state.unit;
  for (const radio of unitRadios) radio.checked = radio.value === state.unit;
  for (const mounted of sections) {
    if (mounted.eager || (mounted.activated && mounted.near)) update(mounted);
    else {
      mounted.stale = true;
      delete mounted.root.dataset.rendered;
    }
  }
  document.body.dataset.ready = "true";
}

function update(mounted: Mounted): void {
  const { id, root, section, error } = mounted;
  mounted.stale = false;
  try {
    section.update(state);
    error.hidden = true;
  } catch (e) {
    // A value the library refuses: say so in the section instead of breaking the page.
    error.hidden = false;
    replace(
      error,
      `This section cannot show these values: ${e instanceof Error ? e.message : String(e)}`,
    );
    error.dataset.section = id;
  }
  root.dataset.rendered = "true";
}

function showNotices(notices: string[]): void {
  if (notices.length === 0) {
    notice.hidden = true;
    return;
  }
  const close = h("button", { type: "button", class: "small" }, "Dismiss");
  close.addEventListener("click", () => {
    notice.hidden = true;
  });
  replace(
    notice,
    h(
      "strong",
      {},
      "Parts of this link could not be used, so the explorer shows its defaults there.",
    ),
    h("ul", {}, ...notices.slice(0, 8).map((n) => h("li", {}, n))),
    notices.length > 8 ? h("p", {}, `… and ${notices.length - 8} more.`) : "",
    close,
  );
  notice.hidden = false;
}

// Unit switch.
const unitGroup = document.getElementById("unit-switch")!;
const unitRadios = UNITS.map((u) => {
  const input = h("input", { type: "radio", name: "unit", value: u, id: `unit-${u}` });
  input.addEventListener("change", () => {
    if (input.checked) store.set({ unit: u as Unit });
  });
  unitGroup.append(h("label", { for: `unit-${u}`, class: "unit" }, input, ` ${u}`));
  return input;
});

// Copy link.
const copy = document.getElementById("copy-link") as HTMLButtonElement;
const copyStatus = document.getElementById("copy-status")!;
copy.addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(window.location.href);
    replace(copyStatus, "Link copied: it reproduces this view.");
  } catch {
    replace(copyStatus, "Copy the address from the address bar: it reproduces this view.");
  }
});

const mounts: [string, (root: HTMLElement, store: Store) => Section, "eager" | "lazy"][] = [
  ["surprise", mountSurprise, "eager"],
  ["entropy", mountEntropy, "eager"],
  ["divergence", mountDivergence, "eager"],
  ["sampling", mountSampling, "eager"],
  ["conditional", mountConditional, "eager"],
  ["samples", mountSamples, "lazy"],
  ["models", mountModels, "lazy"],
  ["tables", mountTables, "lazy"],
];
// Lazy sections: first computed when their top is in view or within a screen below it (never when
// only their end shows at the top of the window: computing would make them grow and push the
// reader's place down, their nodes being replaced so that scroll anchoring cannot hold it); from
// then on computed on every change while any part of them is that near, else left stale until it is.
const below = { rootMargin: "0px 0px 100% 0px" };
const io = typeof IntersectionObserver === "function";
const arriving = io
  ? new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const mounted = sections.find((s) => s.top === entry.target);
        if (!mounted || !entry.isIntersecting) continue;
        arriving?.unobserve(entry.target);
        mounted.activated = true;
        if (mounted.near && mounted.stale) update(mounted);
      }
    }, below)
  : undefined;
const nearby = io
  ? new IntersectionObserver((entries) => {
      for (const entry of entries) {
        const mounted = sections.find((s) => s.root === entry.target);
        if (!mounted) continue;
        mounted.near = entry.isIntersecting;
        if (mounted.near && mounted.activated && mounted.stale) update(mounted);
      }
    }, below)
  : undefined;
for (const [id, mount, when] of mounts) {
  const root = document.getElementById(id)!;
  const body = h("div", { class: "section-body" });
  const error = h("p", { class: "callout error", role: "alert", hidden: true });
  root.append(body, error);
  const eager = when === "eager" || !io;
  const top = h("div", { class: "section-top", "aria-hidden": "true" });
  root.prepend(top);
  sections.push({
    id,
    root,
    top,
    section: mount(body, store),
    error,
    eager,
    activated: eager,
    near: false,
    stale: !eager,
  });
  if (!eager) {
    arriving?.observe(top);
    nearby?.observe(root);
  }
}

writeLink();
render();

let resizeTimer = 0;
window.addEventListener("resize", () => {
  window.clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(render, 150);
});
