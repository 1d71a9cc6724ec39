// Two models compared token by token: the full report (ModelComparison) over 512 × 32,000 float32
// logits against the KL-per-row kernel alone (klDivergenceRows, fast path) and against torch
// computing the same llama.cpp statistics on all threads; then streaming two float16 .npy files
// (compareModelFiles, one thread and all) against just reading them, with the peak RSS of each, in
// child processes, and the same for a llama.cpp base file against a float16 file; for each, the CPU
// time per pair of values of every step on one thread (reading, widening, the kernel's passes).
//
//   npm run build && node bench/models.mjs          (BENCH_MODELS_MB=2048 for 2 GiB files)
import { spawnSync } from "node:child_process";
import { closeSync, mkdirSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const ROWS = 512;
const VOCAB = 32000;
const RUNS = 5;

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** Median wall time of RUNS runs (after one untimed); the median CPU time (all threads) in `cpu`. */
let cpu = 0;
function time(fn) {
  fn();
  const t = [];
  const c = [];
  for (let i = 0; i < RUNS; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    t.push(performance.now() - t0);
    const u = process.cpuUsage(c0);
    c.push((u.user + u.system) / 1000);
  }
  cpu = median(c);
  return median(t);
}

/** Deterministic logits (xorshift), P and Q = P + noise, next tokens. */
function data(rows, vocab) {
  let s = 0x9e3779b9;
  const u = () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296;
  };
  const P = new Float32Array(rows * vocab);
  const Q = new Float32Array(rows * vocab);
  for (let i = 0; i < P.length; i++) {
    P[i] = 4 * (u() + u() + u() - 1.5);
    Q[i] = P[i] + 0.2 * (u() - 0.5);
  }
  const T = Int32Array.from({ length: rows }, () => Math.floor(u() * vocab));
  return { P, Q, T };
}

function npyHeader(shape, descr) {
  let h = `{'descr': '${descr}', 'fortran_order': False, 'shape': (${shape.join(", ")}), }`;
  while ((h.length + 11) % 64 !== 0) h += " ";
  h += "\n";
  const b = Buffer.alloc(10 + h.length);
  b.write("\x93NUMPY", 0, "latin1");
  b[6] = 1;
  b[7] = 0;
  b.writeUInt16LE(h.length, 8);
  b.write(h, 10, "latin1");
  return b;
}

/**
 * Writes a llama.cpp KL-divergence base file (as `llama-perplexity --kl-divergence-base` does:
 * "_logits_", n_ctx, n_vocab, n_chunk, the tokens, then per scored row scale and min_log_prob as
 * float32 and n_vocab uint16, padded to an even count) of `chunks` chunks of context `ctx`.
 */
function writeLlamaKld(path, ctx, vocab, chunks, seed) {
  const fd = openSync(path, "w");
  const head = Buffer.alloc(20);
  head.write("_logits_", 0, "latin1");
  head.writeInt32LE(ctx, 8);
  head.writeInt32LE(vocab, 12);
  head.writeInt32LE(chunks, 16);
  writeSync(fd, head);
  let s = seed;
  const next = () => {
    s = (s * 1103515245 + 12345) >>> 0;
    return s >>> 16;
  };
  const tokens = Int32Array.from({ length: ctx * chunks }, () => next() % vocab);
  writeSync(fd, new Uint8Array(tokens.buffer));
  const nv = 2 * Math.ceil(vocab / 2) + 4;
  const rows = ctx - 1 - (ctx >> 1);
  const row = new Uint16Array(nv);
  const hdr = new Float32Array(row.buffer, 0, 2);
  for (let c = 0; c < chunks; c++) {
    for (let r = 0; r < rows; r++) {
      hdr[0] = 16 / 65535; // log-probabilities from max − 16 to max, as llama.cpp stores them
      hdr[1] = -20 + (next() & 0xff) / 64;
      for (let i = 0; i < vocab; i++) row[4 + i] = next();
      writeSync(fd, new Uint8Array(row.buffer));
    }
  }
  closeSync(fd);
  return chunks * rows;
}

/** Writes a float16 .npy of `rows × vocab` pseudo-random values, a block at a time. */
function writeF16(path, rows, vocab, seed) {
  const fd = openSync(path, "w");
  writeSync(fd, npyHeader([rows, vocab], "<f2"));
  const block = new Uint16Array(vocab * 64);
  let s = seed;
  for (let r = 0; r < rows; r += 64) {
    const n = Math.min(64, rows - r) * vocab;
    for (let i = 0; i < n; i++) {
      s = (s * 1103515245 + 12345) >>> 0;
      block[i] = 0x3c00 + ((s >>> 16) & 0x3ff) - 0x200; // values around 1 ± 0.5
    }
    writeSync(fd, new Uint8Array(block.buffer, 0, n * 2));
  }
  closeSync(fd);
}

// Peak RSS from /proc/self/status (VmHWM, KiB): ru_maxrss survives exec on Linux, so a child
// spawned by this process (which holds the 2 × 65 MB arrays above) would report at least its size.
const RESULT = `import { readFileSync as readStatus } from "node:fs";
         let hwm = process.resourceUsage().maxRSS;
         try { hwm = Number(/VmHWM:\\s+(\\d+)/.exec(readStatus("/proc/self/status", "utf8"))[1]); } catch {}
         console.log(JSON.stringify({ ms: performance.now() - t0, rss: hwm, cpu: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }));`;

/**
 * One measurement in a child process (its own peak RSS): "read" the two files, "compare" them
 * (compareModelFiles, `threads` threads), or "parts": the CPU time per pair of values of each step
 * of the streamed comparison on one thread (reading, widening, the kernel's passes).
 */
async function child(kind, a, b, threads) {
  const dist = pathToFileURL(join(fileURLToPath(new URL(".", import.meta.url)), "../dist/")).href;
  const files = JSON.stringify([a, b]);
  let code;
  if (kind === "read") {
    code = `import { openSync, readSync, closeSync } from "node:fs";
         const buf = new Uint8Array(1 << 24); const t0 = performance.now();
         for (const p of ${files}) { const fd = openSync(p, "r"); let n; let pos = 0;
           while ((n = readSync(fd, buf, 0, buf.length, pos)) > 0) pos += n; closeSync(fd); }
         ${RESULT}`;
  } else if (kind === "compare") {
    code = `import "${dist}index.js"; import { compareModelFiles } from "${dist}io/index.js";
         const t0 = performance.now();
         const r = compareModelFiles({ base: ${JSON.stringify(a)}, other: ${JSON.stringify(b)}, threads: ${threads} });
         r.comparison.value();
         ${RESULT}`;
  } else {
    code = `import { fastArray, widenHalf, ModelComparison, klDivergenceRows, setFastThreads } from "${dist}index.js";
         import { openRows } from "${dist}io/models.js";
         setFastThreads(1);
         const cpuOf = (fn) => { const c0 = process.cpuUsage(); fn(); const u = process.cpuUsage(c0); return (u.user + u.system) / 1000; };
         const buffers = () => { let raw = fastArray(0, "float32"); let out = fastArray(0, "float32");
           return { bytes(n) { if (raw.byteLength < n) raw = fastArray(Math.ceil(n / 4), "float32"); return new Uint8Array(raw.buffer, raw.byteOffset, n); },
                    floats(n) { if (out.length < n) out = fastArray(n, "float32"); return out.subarray(0, n); } }; };
         const [A, B] = ${files}.map((f) => openRows(f)); const V = A.columns; const per = Math.max(1, Math.floor((1 << 22) / V));
         const ba = buffers(); const bb = buffers();
         const ia = A.chunks(per, ba)[Symbol.iterator](); const ib = B.chunks(per, bb)[Symbol.iterator]();
         const t = { read: 0, widen: 0, kl: 0, passes12: 0, passes123: 0 }; let pairs = 0; let first = true;
         for (;;) {
           let a; let b; const r = cpuOf(() => { a = ia.next(); b = ib.next(); });
           if (a.done) break;
           let P; let Q;
           const w = cpuOf(() => { P = a.value.data instanceof Uint16Array ? widenHalf(a.value.data, a.value.kind, ba.floats(a.value.data.length)) : a.value.data;
                                   Q = b.value.data instanceof Uint16Array ? widenHalf(b.value.data, b.value.kind, bb.floats(b.value.data.length)) : b.value.data; });
           const k = cpuOf(() => klDivergenceRows(P, Q, { columns: V, input: "logits" }));
           const l = cpuOf(() => new ModelComparison({ vocab: V, extras: false }).add({ base: P, other: Q }));
           const f = cpuOf(() => new ModelComparison({ vocab: V }).add({ base: P, other: Q }));
           if (first) { first = false; continue; } // the first chunk touches fresh pages
           pairs += P.length; t.read += r; t.widen += w; t.kl += k; t.passes12 += l; t.passes123 += f;
         }
         const ns = (x) => Number(((x * 1e6) / pairs).toFixed(2));
         console.log(JSON.stringify({ read: ns(t.read), widen: ns(t.widen), klKernel: ns(t.kl), passes12: ns(t.passes12), pass3: ns(t.passes123 - t.passes12), report: ns(t.passes123) }));`;
  }
  // A file, not `node -e`: the fast path's worker threads load the main module again.
  const file = join(tmpdir(), `surprisal-bench-models-${kind}.mjs`);
  writeFileSync(file, code);
  const out = spawnSync(process.execPath, [file], { encoding: "utf8" });
  rmSync(file, { force: true });
  if (out.status !== 0) throw new Error(out.stderr);
  return JSON.parse(out.stdout);
}

const TORCH = `
import sys, time, numpy as np, torch
rows, vocab = int(sys.argv[1]), int(sys.argv[2])
P = torch.from_numpy(np.fromfile(sys.argv[3], dtype=np.float32).reshape(rows, vocab))
Q = torch.from_numpy(np.fromfile(sys.argv[4], dtype=np.float32).reshape(rows, vocab))
T = torch.from_numpy(np.fromfile(sys.argv[5], dtype=np.int32).astype(np.int64))
def report():
    lp = torch.log_softmax(P.double(), -1); lq = torch.log_softmax(Q.double(), -1)
    p = lp.exp(); q = lq.exp()
    kld = (p * (lp - lq)).sum(-1); rev = (q * (lq - lp)).sum(-1)
    m = 0.5 * (p + q); js = 0.5 * (p * (lp - m.log())).sum(-1) + 0.5 * (q * (lq - m.log())).sum(-1)
    nb = -lp.gather(1, T[:, None])[:, 0]; nq = -lq.gather(1, T[:, None])[:, 0]
    dp = nq.neg().exp() - nb.neg().exp()
    same = (P.argmax(-1) == Q.argmax(-1)).double().mean()
    qs = torch.tensor([0.001, 0.01, 0.05, 0.1, 0.5, 0.9, 0.95, 0.99, 0.999], dtype=torch.float64)
    return kld.mean(), kld.std(), torch.quantile(kld, qs), torch.quantile(dp, qs), nb.mean().exp(), nq.mean().exp(), same, rev.mean(), js.mean()
report(); t = []
for _ in range(${RUNS}):
    t0 = time.perf_counter(); report(); t.append(time.perf_counter() - t0)
print(sorted(t)[len(t) // 2] * 1000, torch.get_num_threads())
`;

export async function benchModels() {
  const { ModelComparison, klDivergenceRows } = await import("../dist/index.js").then(
    async (m) => ({
      ...m,
      ...(await import("../dist/models/index.js")),
    }),
  );
  const { P, Q, T } = data(ROWS, VOCAB);
  const rows = [];
  const kernel = time(() => klDivergenceRows(P, Q, { columns: VOCAB, input: "logits" }));
  const kernelCpu = cpu;
  const full = time(() =>
    new ModelComparison({ vocab: VOCAB }).add({ base: P, other: Q, tokens: T }).value(),
  );
  const fullCpu = cpu;
  const llama = time(() =>
    new ModelComparison({ vocab: VOCAB, extras: false })
      .add({ base: P, other: Q, tokens: T })
      .value(),
  );
  const llamaCpu = cpu;
  rows.push({ case: "KL-per-row kernel alone", ms: kernel, cpuMs: kernelCpu });
  console.error(JSON.stringify(rows.at(-1)));
  rows.push({
    case: "report, llama.cpp statistics",
    ms: llama,
    cpuMs: llamaCpu,
    vsKernel: llama / kernel,
    cpuVsKernel: llamaCpu / kernelCpu,
  });
  rows.push({
    case: "report + reverse KL + JS",
    ms: full,
    cpuMs: fullCpu,
    vsKernel: full / kernel,
    cpuVsKernel: fullCpu / kernelCpu,
  });
  console.error(JSON.stringify(rows.slice(-2)));
  const dir = join(tmpdir(), "surprisal-bench-models");
  mkdirSync(dir, { recursive: true });
  const fp = join(dir, "p.f32");
  const fq = join(dir, "q.f32");
  const ft = join(dir, "t.i32");
  for (const [f, a] of [
    [fp, P],
    [fq, Q],
    [ft, T],
  ]) {
    const fd = openSync(f, "w");
    writeSync(fd, new Uint8Array(a.buffer));
    closeSync(fd);
  }
  const py = spawnSync("python3", ["-c", TORCH, String(ROWS), String(VOCAB), fp, fq, ft], {
    encoding: "utf8",
  });
  if (py.status === 0) {
    const [ms, threads] = py.stdout.trim().split(/\s+/).map(Number);
    rows.push({
      case: `torch (float64, ${threads} threads), same statistics`,
      ms,
      vsOurs: ms / full,
    });
  } else rows.push({ case: "torch", error: py.stderr.split("\n").slice(-2).join(" ") });
  // Streaming: two float16 files, then a llama.cpp base file against a float16 file.
  const mb = Number(process.env.BENCH_MODELS_MB ?? 256);
  const srows = Math.max(64, Math.floor((mb * 2 ** 20) / (VOCAB * 2)));
  const a = join(dir, "a.npy");
  const b = join(dir, "b.npy");
  writeF16(a, srows, VOCAB, 1);
  writeF16(b, srows, VOCAB, 2);
  const cores = (await import("node:os")).availableParallelism();
  const stream = async (what, base, other, n) => {
    const read = await child("read", base, other);
    rows.push({ case: `read ${what}`, ms: read.ms, cpuMs: read.cpu, peakRssMB: read.rss / 1024 });
    for (const threads of [...new Set([1, cores])]) {
      const r = await child("compare", base, other, threads);
      rows.push({
        case: `compare them (streamed, ${n} rows, ${threads} thread${threads > 1 ? "s" : ""})`,
        ms: r.ms,
        cpuMs: r.cpu,
        peakRssMB: r.rss / 1024,
        speedVsRead: read.ms / r.ms,
      });
    }
    const parts = await child("parts", base, other);
    rows.push({ case: `  ns per pair of values, one thread: ${JSON.stringify(parts)}` });
    console.error(JSON.stringify(rows.slice(-4)));
  };
  await stream(`two ${mb} MB float16 files`, a, b, srows);
  // llama.cpp base file: n_ctx = 512 (255 scored rows per chunk), as many rows as fit in `mb`.
  const chunks = Math.max(1, Math.floor(srows / 255));
  const k = join(dir, "base.kld");
  const lrows = writeLlamaKld(k, 512, VOCAB, chunks, 3);
  const o = join(dir, "o.npy");
  writeF16(o, lrows, VOCAB, 4);
  rmSync(a, { force: true });
  rmSync(b, { force: true });
  await stream(`a llama.cpp base file and a float16 file (${mb} MB each)`, k, o, lrows);
  rmSync(dir, { recursive: true, force: true });
  return rows;
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.error(
    `load average ${(await import("node:os"))
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(" ")}`,
  );
  const rows = await benchModels();
  console.table(rows);
}
