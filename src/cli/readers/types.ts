import type { Readable } from "node:stream";
import type { InputKind } from "../../index.js";
import type { LabelsMode } from "../options.js";
import type { Progress } from "../progress.js";
import type { Smoothing } from "../smoothing.js";

/** Values handed to the library per chunk when streaming. */
export const CHUNK = 65536;

/** How a text input is split into fields. */
export type TextFormat = "csv" | "tsv" | "text";

/** How a file (or `-`, standard input) is read; `sniff` decides by its first bytes. */
export type FileFormat = TextFormat | "json" | "npy" | "sniff";

/** A file (or standard input) named on the command line, with an optional `#column`. */
export interface FileSpec {
  kind: "file";
  path: string;
  column: string | undefined;
  format: FileFormat;
  name: string;
}

/** What a command-line word names as an input. */
export type SourceSpec =
  | { kind: "inline"; text: string; name: string }
  | { kind: "distribution"; text: string; name: string }
  | FileSpec;

/** Per-run reading options shared by every input. */
export interface ReadContext {
  /** `true`/`false` force the first CSV/TSV row to be (or not be) a header; `undefined` detects it. */
  header: boolean | undefined;
  /** What `-` reads. */
  stdin: Readable;
  progress?: Progress | undefined;
  /** `--labels`: which CSV/TSV column names the outcomes; undefined: a text first column. */
  labels?: LabelsMode | undefined;
  /** `--smoothing`: the pseudocount added to every count, after matching outcomes by label. */
  smoothing?: Smoothing | undefined;
  /** `--input`: how the values encode a distribution (an outcome missing from one input is 0, or −∞ for log forms). */
  input?: InputKind | undefined;
}

/** A chunk of a streamed vector: its values, its labels (if the input has a label column) and lines. */
export interface Chunk {
  values: Float64Array;
  labels: string[] | undefined;
  /** Line number of each value (text inputs) or undefined (index = position). */
  lines: Int32Array | undefined;
}

/** A whole vector read into memory. */
export interface VectorInput {
  /** The word the user typed (e.g. `data.csv#observed`). */
  name: string;
  values: Float64Array;
  labels: string[] | undefined;
  lines: Int32Array | undefined;
}

/** A matrix (one distribution per row), flat and row-major. */
export interface MatrixInput {
  name: string;
  data: Float64Array;
  rows: number;
  columns: number;
  /** Labels of the rows (the first text column of a CSV/TSV), if any. */
  rowLabels: string[] | undefined;
  /** Names of the columns (the CSV/TSV header), if any. */
  columnNames: string[] | undefined;
  /** True when this input was one row, repeated to match the other input's rows. */
  broadcast?: boolean | undefined;
}

/** Observed outcomes counted: the empirical distribution of a column of samples. */
export interface SampleCounts {
  name: string;
  counts: Map<string, number>;
  total: number;
}
