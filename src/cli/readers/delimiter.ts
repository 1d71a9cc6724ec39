import { closeSync, openSync, readSync } from "node:fs";
import type { TextFormat } from "./types.js";

/** How the fields of a CSV are separated, and whether its numbers write the decimal point as `,`. */
export interface Dialect {
  delimiter: "," | ";";
  /** `0,5` is one half (semicolon-separated CSV, as spreadsheets write it in most of Europe). */
  decimalComma: boolean;
}

const DECIMAL_COMMA = /^\s*"?[+-]?\d*,\d+(?:[eE][+-]?\d+)?"?\s*$/;

/**
 * The dialect of a CSV from its first line: separated by semicolons when the line has a `;` and
 * every comma in it sits inside a number written with a decimal comma (`0,5`), or there is no
 * comma at all; else by commas. Standard input cannot be looked at twice, so it is read as commas
 * (see {@link looksSemicolonSeparated} for its refusal).
 */
export function csvDialect(path: string, format: TextFormat): Dialect {
  const plain: Dialect = { delimiter: ",", decimalComma: false };
  if (format !== "csv" || path === "-") return plain;
  let head = "";
  try {
    const fd = openSync(path, "r");
    try {
      const buf = Buffer.alloc(4096);
      const n = readSync(fd, buf, 0, buf.length, 0);
      head = buf.subarray(0, n).toString("utf8");
    } finally {
      closeSync(fd);
    }
  } catch {
    return plain; // the reader reports the file's error
  }
  const line = head.split(/\r?\n/).find((l) => l.trim() !== "") ?? "";
  if (!line.includes(";")) return plain;
  const fields = line.split(";");
  if (fields.length < 2) return plain;
  const commasInNumbers = fields.every((f) => !f.includes(",") || DECIMAL_COMMA.test(f));
  if (!commasInNumbers) return plain;
  return { delimiter: ";", decimalComma: true };
}

/** A field written with a decimal comma (`0,5`), with a point instead; other fields as they are. */
export function decimalPoint(field: string): string {
  return DECIMAL_COMMA.test(field) ? field.replace(",", ".") : field;
}

/**
 * Whether a first record read with commas looks like a semicolon-separated line (one field
 * holding `;`), so that the reader can name the delimiter instead of failing on the values.
 */
export function looksSemicolonSeparated(record: string[]): boolean {
  return record.length === 1 && (record[0] as string).split(";").length >= 2;
}
