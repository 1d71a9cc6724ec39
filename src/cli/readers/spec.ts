import { existsSync } from "node:fs";
import { extname } from "node:path";
import { usageError } from "../errors.js";
import { isNumberText } from "./numbers.js";
import type { FileFormat, FileSpec, SourceSpec } from "./types.js";

const DISTRIBUTION = /^\s*[A-Za-z][A-Za-z0-9_]*\s*\(.*\)\s*$/s;

function formatOf(path: string): FileFormat {
  const ext = extname(path).toLowerCase();
  if (ext === ".csv") return "csv";
  if (ext === ".tsv" || ext === ".tab") return "tsv";
  if (ext === ".json") return "json";
  if (ext === ".npy") return "npy";
  if (ext === ".txt") return "text";
  return "sniff";
}

function file(path: string, column: string | undefined, name: string): FileSpec {
  return { kind: "file", path, column, format: formatOf(path), name };
}

/**
 * What a command-line word names: `-` (standard input), a file (`data.csv`, `data.csv#observed`,
 * `data.tsv#2`, `runs.json#model`, `logits.npy`), a parametric distribution (`normal(0,1)`) or inline
 * values (`0.5,0.5`; rows separated by `;`).
 */
export function parseSpec(word: string): SourceSpec {
  if (word === "")
    throw usageError("an input is empty: give numbers (0.5,0.5), a file or - for stdin");
  if (word === "-")
    return { kind: "file", path: "-", column: undefined, format: "text", name: "stdin" };
  if (word.startsWith("-#")) {
    const column = word.slice(2);
    return { kind: "file", path: "-", column, format: "csv", name: `stdin${word.slice(1)}` };
  }
  if (existsSync(word)) return file(word, undefined, word);
  const hash = word.lastIndexOf("#");
  if (hash > 0 && existsSync(word.slice(0, hash)))
    return file(word.slice(0, hash), word.slice(hash + 1), word);
  if (DISTRIBUTION.test(word))
    return { kind: "distribution", text: word.trim(), name: word.trim() };
  if (/[,;]/.test(word) || isNumberText(word)) return { kind: "inline", text: word, name: word };
  if (hash > 0) return file(word.slice(0, hash), word.slice(hash + 1), word);
  return file(word, undefined, word);
}

/** Whether a spec is read as a stream of text records (CSV, TSV, plain numbers, stdin). */
export function isStreamed(spec: SourceSpec): spec is FileSpec {
  return (
    spec.kind === "file" &&
    (spec.format === "csv" || spec.format === "tsv" || spec.format === "text")
  );
}

/**
 * Whether a measure reads this spec best as a stream of chunks (through its accumulator): text
 * records, and `.npy` files, which are read in blocks into one reused array (streamNpy) at about
 * the cost of reading their bytes, where a whole-array read maps fresh memory page by page.
 */
export function streamsBest(spec: SourceSpec): boolean {
  if (spec.kind === "file" && spec.format === "npy" && spec.path !== "-") return true;
  return isStreamed(spec);
}

/** Whether a spec reads standard input. */
export function isStdin(spec: SourceSpec): boolean {
  return spec.kind === "file" && spec.path === "-";
}
