import { h, replace } from "./dom.js";
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
 * A drop zone for one file (a labelled box with a file chooser inside, and the chosen file's
 * name): `take` gets the file chosen or dropped (the box carries the class `over` while a file
 * hovers it).
 */
export function fileSlot(o: {
  /** The input's id (unique on the page). */
  id: string;
  /** The slot's key, in `data-slot` of the box and the input. */
  key: string;
  label: string;
  hint: string;
  /** The input's `accept`. */
  accept: string;
  take: (file: File) => void;
}): HTMLElement {
  const input = h("input", { type: "file", id: o.id, accept: o.accept, "data-slot": o.key });
  const name = h("span", { class: "file-name" }, "none chosen");
  const box = h(
    "div",
    { class: "drop", "data-slot": o.key },
    h("label", { for: o.id }, h("strong", {}, o.label), h("span", { class: "hint" }, ` ${o.hint}`)),
    input,
    name,
  );
  const take = (file: File | undefined): void => {
    if (!file) return;
    replace(name, file.name);
    o.take(file);
  };
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
  return box;
}
