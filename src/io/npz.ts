/**
 * Streaming reader of NumPy `.npz` archives (a zip of `.npy` members, as `numpy.savez` and
 * `numpy.savez_compressed` write them; ZIP64 included). Stored members are read in place by
 * position, as a `.npy` file; deflated members are inflated as a stream (fflate's `Inflate`),
 * a chunk of rows at a time, so memory stays bounded whatever the member's size.
 *
 * Reference: PKWARE APPNOTE.TXT (the zip format), numpy.lib.format.
 */
import { createRequire } from "node:module";
import type { Inflate } from "fflate";
import { decodeTokens, type NpyHeader, npyRows, parseNpyHeader } from "./npy.js";
import {
  byteswap,
  fileError,
  LITTLE_ENDIAN,
  RandomAccess,
  type RowChunk,
  type RowSource,
  typedView,
} from "./source.js";

/** A member of a zip archive. */
export interface ZipEntry {
  name: string;
  method: number;
  compressedSize: number;
  size: number;
  /** Byte offset of the member's data (after its local header). */
  dataOffset: number;
}

function u16(b: Uint8Array, o: number): number {
  return (b[o] as number) | ((b[o + 1] as number) << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (u16(b, o) + u16(b, o + 2) * 65536) >>> 0;
}
function u64(b: Uint8Array, o: number): number {
  return u32(b, o) + u32(b, o + 4) * 2 ** 32;
}

/** Lists the members of a zip archive from its central directory. */
export function zipEntries(file: RandomAccess): ZipEntry[] {
  const path = file.path;
  const tailLen = Math.min(file.size, 65557);
  const tail = file.read(file.size - tailLen, tailLen, undefined, "zip directory");
  let eocd = -1;
  for (let i = tail.length - 22; i >= 0; i--) {
    if (u32(tail, i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0)
    fileError("malformed", path, "is not a zip (.npz) archive: no end-of-central-directory record");
  let count = u16(tail, eocd + 10);
  let cdSize = u32(tail, eocd + 12);
  let cdOffset = u32(tail, eocd + 16);
  if (cdOffset === 0xffffffff || count === 0xffff) {
    // ZIP64: the locator sits just before the EOCD record.
    const loc = eocd - 20;
    if (loc < 0 || u32(tail, loc) !== 0x07064b50)
      fileError("malformed", path, "has a ZIP64 archive without its locator");
    const recOffset = u64(tail, loc + 8);
    const rec = file.read(recOffset, 56, undefined, "ZIP64 directory");
    if (u32(rec, 0) !== 0x06064b50)
      fileError("malformed", path, "has a ZIP64 locator that points nowhere");
    count = u64(rec, 32);
    cdSize = u64(rec, 40);
    cdOffset = u64(rec, 48);
  }
  const cd = file.read(cdOffset, cdSize, undefined, "zip central directory");
  const entries: ZipEntry[] = [];
  let o = 0;
  for (let e = 0; e < count; e++) {
    if (u32(cd, o) !== 0x02014b50)
      fileError("malformed", path, `has a broken zip directory at entry ${e}`);
    const method = u16(cd, o + 10);
    let compressedSize = u32(cd, o + 20);
    let size = u32(cd, o + 24);
    const nameLen = u16(cd, o + 28);
    const extraLen = u16(cd, o + 30);
    const commentLen = u16(cd, o + 32);
    let local = u32(cd, o + 42);
    const name = new TextDecoder().decode(cd.subarray(o + 46, o + 46 + nameLen));
    // ZIP64 extra field: the 64-bit values of the fields set to 0xffffffff, in order.
    let x = o + 46 + nameLen;
    const xEnd = x + extraLen;
    while (x + 4 <= xEnd) {
      const id = u16(cd, x);
      const len = u16(cd, x + 2);
      if (id === 0x0001) {
        let p = x + 4;
        if (size === 0xffffffff) {
          size = u64(cd, p);
          p += 8;
        }
        if (compressedSize === 0xffffffff) {
          compressedSize = u64(cd, p);
          p += 8;
        }
        if (local === 0xffffffff) local = u64(cd, p);
      }
      x += 4 + len;
    }
    const lh = file.read(local, 30, undefined, "zip local header");
    if (u32(lh, 0) !== 0x04034b50)
      fileError("malformed", path, `has a zip member ${name} whose local header is missing`);
    const dataOffset = local + 30 + u16(lh, 26) + u16(lh, 28);
    if (dataOffset + compressedSize > file.size) {
      fileError("truncated", path, `ends inside member ${name}`, dataOffset, file.size);
    }
    entries.push({ name, method, compressedSize, size, dataOffset });
    o += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/**
 * fflate, loaded at the first deflated member: when its module loads it probes `TextDecoder`,
 * which starts ICU (~4 ms), a cost every CLI command paid while it was imported statically.
 */
let fflate: typeof import("fflate") | undefined;
function inflater(): typeof import("fflate") {
  fflate ??= createRequire(import.meta.url)("fflate") as typeof import("fflate");
  return fflate;
}

/** A byte stream of a deflated member, inflated on demand in bounded pieces. */
class InflatedStream {
  private readonly queue: Uint8Array[] = [];
  private queued = 0;
  private pos = 0;
  private readonly inflate: Inflate;
  private done = false;
  constructor(
    private readonly file: RandomAccess,
    private readonly entry: ZipEntry,
  ) {
    this.inflate = new (inflater().Inflate)((chunk) => {
      this.queue.push(chunk);
      this.queued += chunk.length;
    });
  }

  /** Exactly `n` more bytes. */
  take(n: number): Uint8Array {
    while (this.queued < n) {
      if (this.done)
        fileError(
          "truncated",
          this.file.path,
          `member ${this.entry.name} inflates to fewer bytes than announced`,
        );
      const left = this.entry.compressedSize - this.pos;
      const step = Math.min(left, 1 << 20);
      const buf = this.file.read(
        this.entry.dataOffset + this.pos,
        step,
        undefined,
        this.entry.name,
      );
      this.pos += step;
      this.done = this.pos >= this.entry.compressedSize;
      try {
        this.inflate.push(buf, this.done);
      } catch (e) {
        fileError(
          "malformed",
          this.file.path,
          `member ${this.entry.name} does not inflate (${(e as Error).message})`,
        );
      }
    }
    const out = new Uint8Array(n);
    let o = 0;
    while (o < n) {
      const head = this.queue[0] as Uint8Array;
      const k = Math.min(head.length, n - o);
      out.set(head.subarray(0, k), o);
      o += k;
      if (k === head.length) this.queue.shift();
      else this.queue[0] = head.subarray(k);
    }
    this.queued -= n;
    return out;
  }
}

/** Finds a member by name (with or without `.npy`), or the only one when `name` is undefined. */
function pick(entries: ZipEntry[], name: string | undefined, path: string): ZipEntry {
  const npy = entries.filter((e) => e.name.endsWith(".npy"));
  if (name === undefined) {
    if (npy.length === 1) return npy[0] as ZipEntry;
    const logits = npy.find((e) => e.name === "logits.npy");
    if (logits) return logits;
    return fileError(
      "invalid-option",
      path,
      `holds ${npy.length} arrays (${npy.map((e) => e.name.replace(/\.npy$/, "")).join(", ")}): name one`,
    );
  }
  const e = entries.find((x) => x.name === name || x.name === `${name}.npy`);
  if (!e) fileError("invalid-option", path, `has no array named ${name}`, undefined, name);
  return e;
}

/** Reads a member's `.npy` header: from the file when stored, from the inflated stream otherwise. */
function memberHeader(
  file: RandomAccess,
  e: ZipEntry,
  stream?: InflatedStream,
): { header: NpyHeader; rest?: Uint8Array } {
  const label = `${file.path}:${e.name}`;
  if (e.method === 0) {
    const head = file.read(e.dataOffset, Math.min(e.size, 65536 + 12), undefined, "header");
    return { header: parseNpyHeader(head, label, e.dataOffset) };
  }
  if (e.method !== 8)
    fileError(
      "malformed",
      file.path,
      `member ${e.name} uses zip method ${e.method}; only stored and deflated are read`,
    );
  const s = stream as InflatedStream;
  const pre = s.take(Math.min(e.size, 12));
  const len = pre[6] === 1 ? u16(pre, 8) + 10 : u32(pre, 8) + 12;
  const rest = s.take(len - pre.length);
  const all = new Uint8Array(len);
  all.set(pre);
  all.set(rest, pre.length);
  return { header: parseNpyHeader(all, label, 0) };
}

/**
 * Opens one array of an `.npz` archive as a {@link RowSource}.
 * @param name - the member (`"logits"` or `"logits.npy"`); default: the only array, or `logits`.
 */
export function openNpz(path: string, name?: string): RowSource & { close(): void } {
  const file = new RandomAccess(path);
  const entry = pick(zipEntries(file), name, path);
  const label = `${path}:${entry.name}`;
  if (entry.method === 0) {
    const { header } = memberHeader(file, entry);
    return { ...npyRows(file, header, label), close: () => file.close() };
  }
  // Deflated: a stream, read once, in C order only.
  const probe = memberHeader(file, entry, new InflatedStream(file, entry)).header;
  if (probe.fortran) {
    fileError(
      "malformed",
      label,
      "is a compressed Fortran-order array, which cannot be streamed by rows; save it in C order or with np.savez",
    );
  }
  const m = /^([<>=|])f([248])$/.exec(probe.descr);
  if (!m)
    fileError(
      "malformed",
      label,
      `holds dtype ${probe.descr}: model outputs must be float16, float32 or float64`,
    );
  const size = Number(m[2]);
  const kind = size === 2 ? "float16" : size === 4 ? "float32" : "float64";
  const little = m[1] === ">" ? false : m[1] === "<" ? true : LITTLE_ENDIAN;
  const shape = probe.shape;
  if (shape.length < 2 || shape.length > 3)
    fileError("malformed", label, `has shape (${shape.join(", ")}): expected rows × vocab`);
  const columns = shape[shape.length - 1] as number;
  const rows = shape.slice(0, -1).reduce((a, b) => a * b, 1);
  if (probe.dataOffset + rows * columns * size > entry.size) {
    fileError("truncated", label, `announces ${rows} rows of ${columns} but holds fewer bytes`);
  }
  return {
    path: label,
    rows,
    columns,
    kind,
    input: "logits",
    *chunks(rowsPerChunk: number): Iterable<RowChunk> {
      const stream = new InflatedStream(file, entry);
      memberHeader(file, entry, stream);
      for (let r0 = 0; r0 < rows; r0 += rowsPerChunk) {
        const n = Math.min(rowsPerChunk, rows - r0);
        const buf = stream.take(n * columns * size);
        if (little !== LITTLE_ENDIAN && size > 1) byteswap(buf, size);
        yield { data: typedView(buf, kind), kind, firstRow: r0, rows: n, columns, input: "logits" };
      }
    },
    close: () => file.close(),
  };
}

/** Reads token ids from a member of an `.npz` archive. */
export function readNpzTokens(path: string, name?: string): Int32Array {
  const file = new RandomAccess(path);
  try {
    const entries = zipEntries(file);
    const e = pick(
      entries,
      name ?? (entries.some((x) => x.name === "tokens.npy") ? "tokens" : undefined),
      path,
    );
    const stream = e.method === 8 ? new InflatedStream(file, e) : undefined;
    const { header } = memberHeader(file, e, stream);
    const n = header.shape.reduce((a, b) => a * b, 1);
    const size = Number(/[1248]$/.exec(header.descr)?.[0] ?? 1);
    const bytes = stream
      ? stream.take(n * size)
      : file.read(header.dataOffset, n * size, undefined, "token ids");
    return decodeTokens(bytes, header, `${path}:${e.name}`);
  } finally {
    file.close();
  }
}
