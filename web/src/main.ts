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
 * A mounted section. Heavy sections (estimators with bootstraps, model files) are `lazy`: they are
 * built at once but first computed when they come near the viewport, so the page is ready to read
 * without waiting for them; from then on they update with every change like the others. Each
 * section's root carries `data-rendered="true"` once it shows the current state.
 */
interface Mounted {
  id: string;
  root: HTMLElement;
  section: Section;
  error: HTMLElement;
  /** Computed on every change (else only once it has come near the viewport). */
  active: boolean;
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
    if (mounted.active) update(mounted);
    else delete mounted.root.dataset.rendered;
  }
  document.body.dataset.ready = "true";
}

function update({ id, root, section, error }: Mounted): void {
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
// Lazy sections start computing when they are within a screen or so of the viewport.
const nearby =
  typeof IntersectionObserver === "function"
    ? new IntersectionObserver(
        (entries) => {
          for (const entry of entries) {
            if (!entry.isIntersecting) continue;
            const mounted = sections.find((s) => s.root === entry.target);
            if (!mounted || mounted.active) continue;
            nearby?.unobserve(entry.target);
            mounted.active = true;
            update(mounted);
          }
        },
        { rootMargin: "100% 0px" },
      )
    : undefined;
for (const [id, mount, when] of mounts) {
  const root = document.getElementById(id)!;
  const body = h("div", { class: "section-body" });
  const error = h("p", { class: "callout error", role: "alert", hidden: true });
  root.append(body, error);
  const active = when === "eager" || !nearby;
  sections.push({ id, root, section: mount(body, store), error, active });
  if (!active) nearby?.observe(root);
}

writeLink();
render();

let resizeTimer = 0;
window.addEventListener("resize", () => {
  window.clearTimeout(resizeTimer);
  resizeTimer = window.setTimeout(render, 150);
});
