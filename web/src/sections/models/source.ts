import { h, replace, uid } from "../../dom.js";
import type { Store } from "../../store.js";
import { fileSlot } from "../../widgets.js";
import { EXAMPLE_OTHERS, type ExampleOther, type ModelFiles } from "./data.js";

/** Where the section's data come from: the shipped example, or files the reader chose. */
export interface Source {
  /** Shows which source is in use and the example's choice. */
  update(mode: "example" | "files", other: ExampleOther): void;
}

const SLOTS = [
  {
    key: "base",
    label: "Base model (P, the truth)",
    hint: ".npy logits, rows × vocab",
    required: true,
  },
  { key: "other", label: "Other model (Q)", hint: ".npy logits, same shape", required: true },
  {
    key: "tokens",
    label: "Next tokens (optional)",
    hint: ".npy integer ids, one per row",
    required: false,
  },
  { key: "vocab", label: "Vocabulary (optional)", hint: "tokenizer.json", required: false },
] as const;

/**
 * The data chooser: the example (the small model trained here against its int8 or int4 twin) or
 * four file slots, each a file input that also takes a dropped file. Files are read in this page
 * only; they never enter the address and are sent nowhere.
 */
export function mountSource(
  container: HTMLElement,
  store: Store,
  on: { files(files: ModelFiles): void; example(): void },
): Source {
  const chosen: Partial<Record<(typeof SLOTS)[number]["key"], File>> = {};
  const exampleButtons = EXAMPLE_OTHERS.map((o) => {
    const b = h("button", { type: "button", "data-other": o }, `${o} twin`);
    b.addEventListener("click", () => {
      on.example();
      store.set({ modelsOther: o, modelsPos: -1 });
    });
    return b;
  });
  const slots = SLOTS.map((slot) =>
    fileSlot({
      id: uid(`models-${slot.key}`),
      key: slot.key,
      label: slot.label,
      hint: slot.hint,
      accept: slot.key === "vocab" ? ".json,application/json" : ".npy",
      take: (file) => {
        chosen[slot.key] = file;
        if (chosen.base && chosen.other) {
          on.files({
            base: chosen.base,
            other: chosen.other,
            tokens: chosen.tokens,
            vocab: chosen.vocab,
          });
        }
      },
    }),
  );
  const using = h("p", { class: "status", role: "status", "data-testid": "models-source" });
  container.append(
    h(
      "div",
      { class: "models-source" },
      h(
        "div",
        { class: "example" },
        h("strong", {}, "The example: "),
        "a small language model trained here (float16, P) against its quantized ",
        ...exampleButtons,
      ),
      h(
        "details",
        {},
        h("summary", {}, "Or compare your own models' logits"),
        h(
          "p",
          { class: "note" },
          "Choose or drop the files below. They are read by this page only: nothing is uploaded anywhere, and the address keeps only the options, never the data.",
        ),
        h("div", { class: "drops" }, ...slots),
      ),
      using,
    ),
  );
  return {
    update(mode, other) {
      for (const b of exampleButtons) {
        b.setAttribute("aria-pressed", String(mode === "example" && b.dataset.other === other));
      }
      replace(
        using,
        mode === "example"
          ? `Showing the example: the float16 model (P) against its ${other} twin (Q).`
          : "Showing your files.",
      );
    },
  };
}
