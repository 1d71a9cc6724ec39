#!/usr/bin/env node
// Bit-for-bit comparison of two builds of the library on the same inputs: every pair measure
// (KL, cross-entropy, JS, total variation, Hellinger, Rényi of several orders), entropy, and their
// row-wise forms, over generated inputs that reach the kernels' branches (zeros, sparse zeros,
// near-identical pairs, counts, float32, odd lengths, sizes across the thread threshold). For a
// kernel change that claims "the same bits": build the old version into a directory (e.g.
// `git stash && npm run build && cp -r dist /tmp/dist-before && git stash pop && npm run build`), then
//
//   node scripts/compare-builds.mjs /tmp/dist-before dist
//
// Prints the first differences and the counts; exits 1 when any value differs (errors compare by
// message).
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";

const [dirA, dirB] = process.argv.slice(2);
if (!dirA || !dirB) {
  console.error("usage: node scripts/compare-builds.mjs <dist A> <dist B>");
  process.exit(2);
}
const A = await import(pathToFileURL(resolve(dirA, "index.js")).href);
const B = await import(pathToFileURL(resolve(dirB, "index.js")).href);
const rng = A.createRng(7);

/** n values of `kind`: 0 uniform, 1 with 5 % zeros, 2 with 50 % zeros, 3 near-uniform, 4 counts. */
function values(n, kind) {
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    let x = rng.nextFloat();
    if (kind === 1 && rng.nextFloat() < 0.05) x = 0;
    if (kind === 2 && rng.nextFloat() < 0.5) x = 0;
    if (kind === 3) x = 1 + 1e-9 * x;
    if (kind === 4) x = Math.floor(x * 20);
    a[i] = x;
  }
  if (kind !== 4) {
    let s = 0;
    for (const x of a) s += x;
    for (let i = 0; i < n; i++) a[i] /= s;
  }
  return a;
}

const pairMeasures = [
  ["klDivergence", {}],
  ["crossEntropy", {}],
  ["jsDivergence", {}],
  ["totalVariation", {}],
  ["hellinger", {}],
  ...[2, 0.5, 0.3, 3].map((alpha) => ["renyiDivergence", { alpha }]),
];
let cases = 0;
let diffs = 0;
const run = (f) => {
  try {
    return f();
  } catch (e) {
    return `error: ${e.message}`;
  }
};
const same = (a, b) =>
  ArrayBuffer.isView(a) && ArrayBuffer.isView(b)
    ? a.length === b.length && a.every((x, i) => Object.is(x, b[i]))
    : Object.is(a, b);
const check = (label, a, b) => {
  cases++;
  if (same(a, b)) return;
  diffs++;
  if (diffs <= 20) console.log(`differs: ${label}: ${String(a)} against ${String(b)}`);
};

for (const n of [64, 65, 127, 1000, 1001, 40_000, 70_001, 300_000]) {
  for (const kp of [0, 1, 2, 3, 4])
    for (const kq of [0, 1, 3, 4]) {
      if ((kp === 4) !== (kq === 4)) continue;
      const p = values(n, kp);
      const q =
        kp === 3 && kq === 3 ? p.map((x, i) => x * (1 + 1e-12 * Math.sin(i))) : values(n, kq);
      const input = kp === 4 ? { input: "counts" } : {};
      for (const f32 of [false, true]) {
        const pp = f32 ? Float32Array.from(p) : p;
        const qq = f32 ? Float32Array.from(q) : q;
        for (const [name, o] of pairMeasures) {
          const opts = { ...input, ...o };
          check(
            `${name} ${JSON.stringify(opts)} n=${n} P${kp} Q${kq}${f32 ? " float32" : ""}`,
            run(() => A[name](pp, qq, opts)),
            run(() => B[name](pp, qq, opts)),
          );
        }
        check(
          `entropy n=${n} P${kp}${f32 ? " float32" : ""}`,
          run(() => A.entropy(pp, input)),
          run(() => B.entropy(pp, input)),
        );
      }
    }
}

for (const [rows, cols] of [
  [1000, 10],
  [300, 100],
  [20, 5000],
])
  for (const kp of [0, 1, 3]) {
    const p = new Float64Array(rows * cols);
    const q = new Float64Array(rows * cols);
    for (let r = 0; r < rows; r++) {
      p.set(values(cols, kp), r * cols);
      q.set(values(cols, kp === 3 ? 3 : 0), r * cols);
    }
    for (const [name, o] of pairMeasures) {
      const rowsName = `${name}Rows`;
      const opts = { ...o, columns: cols };
      check(
        `${rowsName} ${JSON.stringify(opts)} ${rows}x${cols} P${kp}`,
        run(() => A[rowsName](p, q, opts)),
        run(() => B[rowsName](p, q, opts)),
      );
    }
    check(
      `entropyRows ${rows}x${cols} P${kp}`,
      run(() => A.entropyRows(p, { columns: cols })),
      run(() => B.entropyRows(p, { columns: cols })),
    );
  }

console.log(`${cases} comparisons, ${diffs} differ`);
process.exit(diffs === 0 ? 0 : 1);
