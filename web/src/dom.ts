import katex from "katex";

type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | undefined | null>;

/**
 * Creates an element. Text children become text nodes and attributes are set one by one, so
 * nothing passed here is ever parsed as markup (no innerHTML anywhere in the explorer).
 */
export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Child[]
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (/^on/i.test(name)) throw new Error(`h(): event handlers go through addEventListener`);
    el.setAttribute(name, value === true ? "" : String(value));
  }
  append(el, ...children);
  return el;
}

/** Appends children (text as text nodes). */
export function append(el: Element, ...children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    el.append(
      typeof c === "string" || typeof c === "number" ? document.createTextNode(String(c)) : c,
    );
  }
}

/** Replaces an element's children. */
export function replace(el: Element, ...children: Child[]): void {
  el.replaceChildren();
  append(el, ...children);
}

/**
 * Typesets a formula with KaTeX. Only the explorer's own TeX strings and formatted numbers reach
 * here, never text from a link; KaTeX runs with `trust: false` regardless.
 */
export function tex(source: string, display = false): HTMLElement {
  const el = document.createElement(display ? "div" : "span");
  el.className = display ? "math display" : "math";
  katex.render(source, el, {
    displayMode: display,
    throwOnError: false,
    trust: false,
    output: "htmlAndMathml",
  });
  return el;
}

/** Sets a formula into an existing element. */
export function setTex(el: HTMLElement, source: string, display = false): void {
  katex.render(source, el, {
    displayMode: display,
    throwOnError: false,
    trust: false,
    output: "htmlAndMathml",
  });
}

let idCounter = 0;
/** A page-unique id for label/input pairs. */
export function uid(prefix: string): string {
  idCounter += 1;
  return `${prefix}-${idCounter}`;
}
