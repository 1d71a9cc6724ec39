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
