import { h, replace, uid } from "../../dom.js";
import { fileSlot } from "../../widgets.js";

/** Where the section's tables come from: the shipped example, or two files the reader chose. */
export interface Source {
  /** Shows which source is in use (and the files' names). */
  update(mode: "example" | "files", names?: { reference: string; current: string }): void;
}

const SLOTS = [
  { key: "reference", label: "Reference table (P)", hint: "training data, last month" },
  { key: "current", label: "Current table (Q)", hint: "the data to check" },
] as const;

/**
 * The data chooser: the example, or two file slots (CSV, TSV or Parquet), each a file input that
 * also takes a dropped file. Files are read in this page only; they never enter the address.
 */
export function mountSource(
  container: HTMLElement,
  on: { files(reference: File, current: File): void; example(): void },
): Source {
  const chosen: Partial<Record<(typeof SLOTS)[number]["key"], File>> = {};
  const exampleButton = h(
    "button",
    { type: "button", "data-testid": "tables-example" },
    "Show the example",
  );
  exampleButton.addEventListener("click", () => on.example());
  const slots = SLOTS.map((slot) =>
    fileSlot({
      id: uid(`tables-${slot.key}`),
      key: slot.key,
      label: slot.label,
      hint: slot.hint,
      accept: ".csv,.tsv,.txt,.parquet,text/csv,text/tab-separated-values",
      take: (file) => {
        chosen[slot.key] = file;
        if (chosen.reference && chosen.current) on.files(chosen.reference, chosen.current);
      },
    }),
  );
  const using = h("p", { class: "status", role: "status", "data-testid": "tables-source" });
  container.append(
    h(
      "div",
      { class: "tables-source" },
      h(
        "p",
        {},
        h("strong", {}, "Compare your own tables: "),
        "choose or drop two CSV, TSV or Parquet files with a header. They are read by this page only: nothing is uploaded anywhere, and the address keeps only the options, never the data.",
      ),
      h("div", { class: "drops" }, ...slots),
      h("div", { class: "example" }, using, exampleButton),
    ),
  );
  return {
    update(mode, names) {
      exampleButton.hidden = mode === "example";
      replace(
        using,
        mode === "example"
          ? "Showing the example: 3000 customers last month (reference) against 3000 this month (current), with incomes raised by 25% and a shift between plans injected."
          : `Showing your files: ${names?.reference ?? ""} (reference) against ${names?.current ?? ""} (current).`,
      );
    },
  };
}
