/**
 * The two tables held by the page (never in the address, never sent anywhere), and the drift
 * report the library computes from them for each choice of options. The example ships in
 * web/public/tables (written by scripts/gen_web_tables.py).
 */
import { type ColumnType, type DriftOptions, type DriftReport, driftReport } from "surprisal";
import type { ExplorerState } from "../../state.js";
import { readTableBytes, readTableFile } from "./read.js";
import { type ReadTable, TableFileError } from "./table.js";

/** How many bins each column's "why" lists (the charts show at most this many). */
export const TOP = 12;

/** A column both tables have but read with different types: not compared, and said so. */
export interface TypeClash {
  name: string;
  reference: string;
  current: string;
}

/** The report's options for a state (the same options the tests give the library in Node). */
export function driftOptions(
  state: ExplorerState,
  types: Record<string, ColumnType>,
): DriftOptions {
  return {
    preset: state.tablesPreset,
    binning: state.tablesBinning,
    bins: state.tablesBins,
    smoothing: state.tablesSmoothing,
    base: state.unit,
    top: TOP,
    types,
  };
}

/** A pair of tables: the reference (P) and the current one (Q). */
export class TablesData {
  /** The columns compared: in both tables with the same type, in the reference's order. */
  readonly compared: string[];
  readonly clashes: TypeClash[];
  readonly types: Record<string, ColumnType>;
  #reports = new Map<string, DriftReport>();

  constructor(
    readonly source: "example" | "files",
    readonly reference: ReadTable,
    readonly current: ReadTable,
  ) {
    const common = reference.names.filter((n) => Object.hasOwn(current.types, n));
    if (common.length === 0) {
      throw new TableFileError(
        `${reference.name} and ${current.name} have no column in common: the reference has ${list(reference.names)}; the current table has ${list(current.names)}.`,
      );
    }
    this.clashes = common
      .filter((n) => reference.types[n] !== current.types[n])
      .map((n) => ({
        name: n,
        reference: reference.types[n] as string,
        current: current.types[n] as string,
      }));
    this.compared = common.filter((n) => reference.types[n] === current.types[n]);
    if (this.compared.length === 0) {
      throw new TableFileError(
        `The columns the two tables share (${list(common)}) were read with different types in each, so none can be compared.`,
      );
    }
    this.types = Object.create(null) as Record<string, ColumnType>;
    for (const n of this.compared) this.types[n] = reference.types[n] as ColumnType;
  }

  /** The library's report under the state's options (computed once per set of options). */
  report(state: ExplorerState): DriftReport {
    const key = [
      state.tablesPreset,
      state.tablesBinning,
      state.tablesBins,
      state.tablesSmoothing,
      state.unit,
    ].join("|");
    let r = this.#reports.get(key);
    if (!r) {
      r = driftReport(this.reference.columns, this.current.columns, {
        ...driftOptions(state, this.types),
        columns: this.compared,
      });
      this.#reports.set(key, r);
    }
    return r;
  }
}

/** Names for a sentence: “a”, “b”, “c” (at most 8, then “… and n more”). */
export function list(names: readonly string[]): string {
  const shown = names.slice(0, 8).map((n) => `“${n}”`);
  return names.length > 8 ? `${shown.join(", ")} … and ${names.length - 8} more` : shown.join(", ");
}

async function fetchBuffer(path: string): Promise<ArrayBuffer> {
  const response = await fetch(new URL(path, document.baseURI));
  if (!response.ok) {
    throw new TableFileError(`The example file ${path} could not be loaded (${response.status}).`);
  }
  return response.arrayBuffer();
}

let example: Promise<TablesData> | undefined;

/** The shipped example: last month's customers (reference) against this month's (current). */
export function loadExample(): Promise<TablesData> {
  if (!example) {
    example = (async () => {
      const [r, c] = await Promise.all([
        fetchBuffer("tables/reference.csv"),
        fetchBuffer("tables/current.csv"),
      ]);
      return new TablesData(
        "example",
        await readTableBytes(r, "reference.csv"),
        await readTableBytes(c, "current.csv"),
      );
    })();
    example.catch(() => {
      example = undefined;
    });
  }
  return example;
}

/** Reads and pairs the reader's two files. */
export async function loadFiles(reference: File, current: File): Promise<TablesData> {
  const [r, c] = await Promise.all([readTableFile(reference), readTableFile(current)]);
  return new TablesData("files", r, c);
}
