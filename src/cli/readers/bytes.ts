import { open, readFile } from "node:fs/promises";
import type { Readable } from "node:stream";
import { dataError, fileErrorMessage, usageError } from "../errors.js";
import { looksLikeNpy } from "./npy.js";
import type { FileSpec } from "./types.js";

/** Every byte of a file, or of standard input for `-`. */
export async function readBytes(path: string, stdin: Readable): Promise<Uint8Array> {
  if (path === "-") {
    const parts: Buffer[] = [];
    for await (const c of stdin) parts.push(typeof c === "string" ? Buffer.from(c) : (c as Buffer));
    return Buffer.concat(parts);
  }
  try {
    return await readFile(path);
  } catch (error) {
    throw dataError(fileErrorMessage(path, error));
  }
}

async function readHead(path: string): Promise<Uint8Array> {
  if (path === "-") throw usageError("stdin (-) is read as numbers; it cannot be sniffed");
  try {
    const fh = await open(path, "r");
    try {
      const buf = new Uint8Array(64);
      const { bytesRead } = await fh.read(buf, 0, 64, 0);
      return buf.subarray(0, bytesRead);
    } finally {
      await fh.close();
    }
  } catch (error) {
    throw dataError(fileErrorMessage(path, error));
  }
}

/** The format of a file whose extension did not say, from its first bytes. */
function sniff(bytes: Uint8Array): "json" | "npy" | "text" {
  if (looksLikeNpy(bytes)) return "npy";
  let i = 0;
  while (
    i < bytes.length &&
    (bytes[i] === 0x20 || bytes[i] === 0x0a || bytes[i] === 0x0d || bytes[i] === 0x09)
  )
    i++;
  return bytes[i] === 0x5b || bytes[i] === 0x7b ? "json" : "text";
}

/** The spec with its format known: `sniff` resolved by the file's first bytes. */
export async function resolveFormat(
  spec: FileSpec,
): Promise<FileSpec & { format: Exclude<FileSpec["format"], "sniff"> }> {
  if (spec.format !== "sniff") return spec as FileSpec & { format: "csv" };
  return { ...spec, format: sniff(await readHead(spec.path)) };
}
