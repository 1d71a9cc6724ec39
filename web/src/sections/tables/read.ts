import { readCsvText } from "./csv.js";
import { readParquetBytes } from "./parquet.js";
import { type ReadTable, TableFileError } from "./table.js";

/** Files larger than this are refused (the whole file is read into the page's memory). */
export const MAX_BYTES = 256 * 1024 * 1024;

/** Whether bytes start with Parquet's magic `PAR1`. */
function isParquet(bytes: ArrayBuffer): boolean {
  const b = new Uint8Array(bytes, 0, Math.min(4, bytes.byteLength));
  return b.length === 4 && b[0] === 0x50 && b[1] === 0x41 && b[2] === 0x52 && b[3] === 0x31;
}

/**
 * Reads a table from a file's bytes: Parquet by its magic bytes or a .parquet name, else CSV/TSV
 * text (UTF-8). Throws {@link TableFileError} with a sentence when it is not a table.
 */
export async function readTableBytes(bytes: ArrayBuffer, name: string): Promise<ReadTable> {
  if (bytes.byteLength === 0) throw new TableFileError(`${name} is empty: no header, no rows.`);
  if (isParquet(bytes)) return readParquetBytes(bytes, name);
  if (/\.parq(uet)?$/i.test(name)) {
    throw new TableFileError(`${name} is not a Parquet file: it does not start with “PAR1”.`);
  }
  return readCsvText(new TextDecoder("utf-8").decode(bytes), name);
}

/** Reads a table from a file the reader chose (in this page only: nothing is sent anywhere). */
export async function readTableFile(file: File): Promise<ReadTable> {
  if (file.size > MAX_BYTES) {
    throw new TableFileError(
      `${file.name} is ${Math.round(file.size / 2 ** 20)} MB: the page reads files up to ${MAX_BYTES / 2 ** 20} MB (the command line “surprisal drift” reads larger ones).`,
    );
  }
  return readTableBytes(await file.arrayBuffer(), file.name);
}
