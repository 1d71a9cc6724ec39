import { h } from "./dom.js";
import { withUnit } from "./format.js";

/**
 * A headline number with its unit. The full-precision value sits in `data-value`, so tests (and
 * curious users with the inspector) can compare it with the library's result exactly.
 */
export function bigNumber(
  label: string,
  value: number,
  unit: string,
  sub: string,
  testid: string,
): HTMLElement {
  return h(
    "div",
    { class: "big" },
    h("span", { class: "label" }, label),
    h("strong", { "data-testid": testid, "data-value": String(value) }, withUnit(value, unit)),
    h("span", { class: "sub" }, sub),
  );
}

/**
 * Makes `box` a drop zone for one file and `input` (a file input inside it) its chooser: `take`
 * gets the file chosen or dropped (the box carries the class `over` while a file hovers it).
 */
export function fileSlot(
  box: HTMLElement,
  input: HTMLInputElement,
  take: (file: File | undefined) => void,
): void {
  input.addEventListener("change", () => take(input.files?.[0] ?? undefined));
  box.addEventListener("dragover", (e) => {
    e.preventDefault();
    box.classList.add("over");
  });
  box.addEventListener("dragleave", () => box.classList.remove("over"));
  box.addEventListener("drop", (e) => {
    e.preventDefault();
    box.classList.remove("over");
    take(e.dataTransfer?.files[0] ?? undefined);
  });
}
