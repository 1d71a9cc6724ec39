// Run by stealing.test.ts as a child process (a deadlock there must not hang the test runner):
// a "worker with no CPU" claims chunks of the next job and never runs them, as a descheduled
// worker thread would. The calling thread must take them (work stealing) and give the 1-thread
// bits. Prints { one, two, inPlaceOne, inPlaceTwo } as JSON.
import { Worker } from "node:worker_threads";
import { controlOffset, warmUp } from "../../dist/fast/pool.js";
import { CTL } from "../../dist/fast/protocol.js";
import { getRuntime } from "../../dist/fast/runtime.js";
import { fastArray, klDivergence } from "../../dist/index.js";

const CLAIMS = Number(process.argv[2] ?? 4);
const n = 1 << 22;
let seed = 99;
const next = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return (seed + 1) / 2 ** 32;
};
const p = new Float64Array(n);
const q = new Float64Array(n);
for (let i = 0; i < n; i++) {
  p[i] = next();
  q[i] = next();
}
const fp = fastArray(n);
const fq = fastArray(n);
fp.set(p);
fq.set(q);
const opts = (threads) => ({ input: "counts", threads });
const one = klDivergence(p, q, opts(1));
const inPlaceOne = klDivergence(fp, fq, opts(1));
warmUp(2);

/** A fake worker: waits for the next job to open, claims chunks, then sleeps for ever. */
function stuckWorker() {
  const source = `
    const { workerData: d } = require("node:worker_threads");
    const i32 = new Int32Array(d.memory.buffer);
    const b = d.ctl >> 2;
    while (Atomics.load(i32, b + d.CTL.OPEN) === 0) {}
    for (let k = 0; k < d.claims; k++) Atomics.add(i32, b + d.CTL.NEXT, 1);
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0);
  `;
  const w = new Worker(source, {
    eval: true,
    workerData: { memory: getRuntime().memory, ctl: controlOffset(), CTL, claims: CLAIMS },
  });
  w.unref();
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 300); // let it start spinning
  return w;
}

const a = stuckWorker();
const two = klDivergence(p, q, opts(2));
await a.terminate();
const b = stuckWorker();
const inPlaceTwo = klDivergence(fp, fq, opts(2));
await b.terminate();
console.log(JSON.stringify({ one, two, inPlaceOne, inPlaceTwo }));
process.exit(0);
