// Threads on a busy machine: klDivergence on 10⁷ copied float64 elements (plain Float64Arrays, so
// the calling thread copies chunks into the kernels' memory) with 1 thread, with 2 threads and as a
// plain JavaScript loop, side by side in one run, first on a quiet machine and then with competing
// busy processes (one per core but one, so one core is left for this process's two threads). The
// calling thread should never wait for a worker that has no CPU: 2 threads are never slower than 1.
// Ratios of medians to the 1-thread time.
//
//   node bench/contention.mjs [--busy N] [--runs R]      (after `npm run build`)
import { spawn } from "node:child_process";
import { availableParallelism } from "node:os";
import { klDivergence } from "../dist/index.js";

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const N = 1e7;
const RUNS = arg("--runs", 21);
const BUSY = arg("--busy", Math.max(1, availableParallelism() - 1));

let seed = 12345;
const next = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed + 1) / 2 ** 32;
};
const p = new Float64Array(N);
const q = new Float64Array(N);
for (let i = 0; i < N; i++) {
  p[i] = next();
  q[i] = next();
}

/** The textbook loop: normalize, then Σ p·log(p/q) (what a user would write by hand). */
function plain(p, q) {
  let sp = 0;
  let sq = 0;
  for (let i = 0; i < p.length; i++) {
    sp += p[i];
    sq += q[i];
  }
  let d = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i] / sp;
    if (a > 0) d += a * Math.log(a / (q[i] / sq));
  }
  return d;
}

const contenders = {
  "1 thread": () => klDivergence(p, q, { input: "counts", threads: 1 }),
  "2 threads": () => klDivergence(p, q, { input: "counts", threads: 2 }),
  "plain loop": () => plain(p, q),
};

const median = (a) => {
  const s = [...a].sort((x, y) => x - y);
  return s[s.length >> 1];
};

/** Runs every contender in turn, RUNS rounds; returns the median ms of each. */
function measure() {
  const times = Object.fromEntries(Object.keys(contenders).map((k) => [k, []]));
  const values = {};
  for (let r = 0; r < RUNS + 3; r++) {
    for (const [name, f] of Object.entries(contenders)) {
      const t0 = performance.now();
      values[name] = f();
      const dt = performance.now() - t0;
      if (r >= 3) times[name].push(dt);
    }
  }
  if (values["1 thread"] !== values["2 threads"]) {
    throw new Error(`1 and 2 threads differ: ${values["1 thread"]} vs ${values["2 threads"]}`);
  }
  return Object.fromEntries(Object.entries(times).map(([k, t]) => [k, median(t)]));
}

function report(title, m) {
  console.log(`\n${title}`);
  const base = m["1 thread"];
  for (const [name, t] of Object.entries(m)) {
    console.log(
      `  ${name.padEnd(11)} ${t.toFixed(1).padStart(7)} ms   ×${(t / base).toFixed(2)} of 1 thread`,
    );
  }
}

console.log(
  `klDivergence, ${N} copied float64 elements, ${RUNS} runs each (median), ${availableParallelism()} cores`,
);
report("quiet (other users of the machine aside)", measure());

const busy = Array.from({ length: BUSY }, () =>
  spawn(process.execPath, ["-e", "for(;;){}"], { stdio: "ignore" }),
);
try {
  await new Promise((r) => setTimeout(r, 300));
  report(`with ${BUSY} busy process${BUSY === 1 ? "" : "es"} competing`, measure());
} finally {
  for (const b of busy) b.kill("SIGKILL");
}
