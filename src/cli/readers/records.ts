import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import type { Readable } from "node:stream";
import { dataError, fileErrorMessage } from "../errors.js";
import { type Dialect, decimalPoint } from "./delimiter.js";
import type { ReadContext, TextFormat } from "./types.js";

/** One batch of parsed records, with the (1-based) line number of its first record. */
export interface RecordBatch {
  records: string[][];
  firstLine: number;
}

/** Records per batch handed from the CSV parser to the reader. */
const BATCH = 8192;

let parseModule: typeof import("csv-parse") | undefined;

/** csv-parse, loaded on first use, not at start-up (most runs read inline numbers, .npy or the CSV fast path). */
async function csvParse(): Promise<typeof import("csv-parse").parse> {
  parseModule ??= await import("csv-parse");
  return parseModule.parse;
}

/**
 * Opens a file for streaming, with a clear error (`cannot read x.csv: no such file`) before any
 * parsing starts. `-` is the context's standard input.
 */
export async function openInput(path: string, ctx: ReadContext): Promise<Readable> {
  // The parser is loaded before the stream starts flowing (the progress listener starts it).
  await csvParse();
  if (path === "-") return ctx.stdin;
  const progress = ctx.progress;
  let size: number;
  try {
    const s = await stat(path);
    if (s.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    size = s.size;
  } catch (error) {
    throw dataError(fileErrorMessage(path, error));
  }
  const stream = createReadStream(path);
  if (progress) {
    progress.addTotal(size);
    stream.on("data", (b) => progress.add(typeof b === "string" ? b.length : b.byteLength));
  }
  return stream;
}

/**
 * Streams the records of a CSV, TSV or plain-number text input in batches, through csv-parse.
 * Plain text splits on commas, tabs and spaces, without quoting, so that "numbers one a line or
 * comma-separated" both read; a CSV's `dialect` may say semicolons and decimal commas. Empty lines are kept as `[""]` so that record numbers are line numbers.
 * Backpressure: the parser is paused while more than a few batches wait to be read, so memory
 * stays bounded whatever the input's size.
 */
export async function* recordBatches(
  input: Readable,
  format: TextFormat,
  displayPath: string,
  dialect: Dialect = { delimiter: ",", decimalComma: false },
): AsyncGenerator<RecordBatch> {
  const isStdin = displayPath === "-";
  const parse = await csvParse();
  const parser = parse({
    delimiter: format === "tsv" ? "\t" : format === "csv" ? dialect.delimiter : [",", "\t", " "],
    quote: format === "text" ? false : '"',
    relax_column_count: true,
    relax_quotes: true,
    bom: true,
    skip_empty_lines: false,
  });
  const queue: RecordBatch[] = [];
  let batch: string[][] = [];
  let line = 1;
  let batchStart = 1;
  let done = false;
  let failure: unknown;
  let wake: (() => void) | undefined;
  const notify = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  parser.on("data", (record: string[]) => {
    batch.push(dialect.decimalComma ? record.map(decimalPoint) : record);
    line++;
    if (batch.length >= BATCH) {
      queue.push({ records: batch, firstLine: batchStart });
      batch = [];
      batchStart = line;
      if (queue.length >= 4) parser.pause();
      notify();
    }
  });
  parser.on("end", () => {
    if (batch.length > 0) queue.push({ records: batch, firstLine: batchStart });
    batch = [];
    done = true;
    notify();
  });
  const fail = (error: unknown): void => {
    failure ??= error;
    done = true;
    notify();
  };
  parser.on("error", fail);
  input.on("error", fail);
  input.pipe(parser);
  try {
    for (;;) {
      const next = queue.shift();
      if (next) {
        if (parser.isPaused() && queue.length < 2) parser.resume();
        yield next;
        continue;
      }
      if (failure !== undefined) {
        const code = (failure as { code?: unknown }).code;
        if (typeof code === "string" && code.startsWith("CSV_")) {
          throw dataError(`cannot parse ${displayPath}: ${(failure as Error).message}`);
        }
        throw dataError(fileErrorMessage(displayPath, failure));
      }
      if (done) return;
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
    }
  } finally {
    input.unpipe(parser);
    parser.destroy();
    if (!isStdin) input.destroy();
  }
}
