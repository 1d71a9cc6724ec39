// The per-field cost of the CSV fast path's number reading, on one file (default: 2·10⁶ rows of
// two 17-significant-digit columns, written as numpy's '%.17g' writes them, in a temporary file):
//
//   npm run build && node bench/csv-lines.mjs [file.csv]
//
// For the whole file, held in memory in 1 MiB blocks as fast-csv.ts reads it: the WebAssembly line
// reader (copy of each block into its memory, then parseLines over its lines), the JavaScript
// scanDecimal over the same fields, and, as the floor, one pass finding the line breaks. Times are
// medians of REPS runs, interleaved; per field = time / (rows × columns).
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { WasmLines } from "../dist/io/csv-lines.js";
import { scanDecimal, scanStop } from "../dist/io/decimal.js";

const REPS = 15;
const BLOCK = 1 << 20;
const CHUNK = 65536;

function numpyLike(rows) {
  // '%.17g' of a normalized probability: 17 significant digits, a two-digit exponent.
  let a = 0x9e3779b9;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const g = (x) => x.toExponential(16).replace(/e([+-])(\d)$/, "e$10$2");
  const out = ["p,q"];
  for (let i = 0; i < rows; i++) out.push(`${g(rand() / rows)},${g(rand() / rows)}`);
  return `${out.join("\n")}\n`;
}

let path = process.argv[2];
let tmp;
if (path === undefined) {
  tmp = mkdtempSync(join(tmpdir(), "surprisal-bench-"));
  path = join(tmp, "big.csv");
  writeFileSync(path, numpyLike(2_000_000));
}
const bytes = new Uint8Array(readFileSync(path));
if (tmp) rmSync(tmp, { recursive: true, force: true });
const start0 = bytes.indexOf(0x0a) + 1; // after the header
const width = bytes.subarray(0, start0).filter((b) => b === 0x2c).length + 1;

// Blocks as fast-csv.ts makes them: 1 MiB, the partial last line carried to the next block.
const blocks = [];
for (let at = start0; at < bytes.length; ) {
  const end = Math.min(at + BLOCK, bytes.length);
  const cut = end === bytes.length ? end : bytes.lastIndexOf(0x0a, end - 1) + 1;
  blocks.push(bytes.subarray(at, cut));
  at = cut;
}

const slot = Int32Array.from({ length: width }, (_, c) => c);
const lines = WasmLines.create(slot, width, CHUNK);
const out = Array.from({ length: width }, () => new Float64Array(CHUNK));

function wasmRun() {
  let rows = 0;
  for (const b of blocks) {
    lines.load(b, b.length);
    let start = 0;
    while (start < b.length) {
      const r = lines.read(start, b.length, 0x2c, CHUNK);
      if (r === 0) throw new Error(`the WebAssembly reader stopped at ${start}`);
      lines.take(out, 0, r);
      rows += r;
      start = lines.stop;
    }
  }
  return rows;
}

function jsRun() {
  let rows = 0;
  let n = 0;
  for (const b of blocks) {
    let i = 0;
    while (i < b.length) {
      for (let c = 0; c < width; c++) {
        const v = scanDecimal(b, i, b.length);
        if (Number.isNaN(v)) throw new Error("scanDecimal declined a field");
        out[c][n] = v;
        i = scanStop + 1;
      }
      if (++n === CHUNK) n = 0;
      rows++;
    }
  }
  return rows;
}

function floorRun() {
  let rows = 0;
  for (const b of blocks) for (let i = b.indexOf(0x0a); i >= 0; i = b.indexOf(0x0a, i + 1)) rows++;
  return rows;
}

const runs = { wasm: wasmRun, js: jsRun, "line breaks only": floorRun };
const times = Object.fromEntries(Object.keys(runs).map((k) => [k, []]));
let rows = 0;
for (let r = 0; r < REPS; r++) {
  for (const [name, f] of Object.entries(runs)) {
    const t = performance.now();
    rows = f();
    times[name].push(performance.now() - t);
  }
}
const median = (a) => a.sort((x, y) => x - y)[a.length >> 1];
console.log(`${path}: ${rows} rows × ${width} columns, ${(bytes.length / 2 ** 20).toFixed(1)} MiB`);
for (const [name, t] of Object.entries(times)) {
  const m = median(t);
  console.log(
    `${name.padEnd(18)} ${m.toFixed(1).padStart(7)} ms  ${((m * 1e6) / (rows * width)).toFixed(1).padStart(5)} ns per field`,
  );
}
