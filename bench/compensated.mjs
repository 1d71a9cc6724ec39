// The Neumaier step in a hot loop, four ways: written out inline (local hi/lo), through the
// CompensatedSum class, through compensatedAdd on a state array (the kernels' layout), and with
// local hi/lo around the neumaierError helper. The loop has the shape of the KL kernel (klChunk in
// src/numeric/kernels.ts): four compensated sums per element. Ratios of medians to the inline form.
//
//   node bench/compensated.mjs            (after `npm run build`)
import { CompensatedSum, compensatedAdd, neumaierError } from "../dist/numeric/sum.js";

const N = 1 << 20;
const RUNS = 41;
const WARMUP = 5;

const p = new Float64Array(N);
const q = new Float64Array(N);
let seed = 12345;
const next = () => {
  seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
  return seed / 2 ** 32;
};
for (let i = 0; i < N; i++) {
  p[i] = next() / N;
  q[i] = p[i] * (1 + (next() - 0.5) * 1e-3);
}

function inline(p, q) {
  let gh = 0,
    gl = 0,
    ph = 0,
    pl = 0,
    qh = 0,
    ql = 0,
    dh = 0,
    dl = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i];
    const b = q[i];
    const g = a * Math.log(a / b) - a + b;
    let t = gh + g;
    gl += Math.abs(gh) >= Math.abs(g) ? gh - t + g : g - t + gh;
    gh = t;
    t = ph + a;
    pl += Math.abs(ph) >= Math.abs(a) ? ph - t + a : a - t + ph;
    ph = t;
    t = qh + b;
    ql += Math.abs(qh) >= Math.abs(b) ? qh - t + b : b - t + qh;
    qh = t;
    const d = a - b;
    t = dh + d;
    dl += Math.abs(dh) >= Math.abs(d) ? dh - t + d : d - t + dh;
    dh = t;
  }
  return gh + gl + ph + pl + qh + ql + dh + dl;
}

function helper(p, q) {
  let gh = 0,
    gl = 0,
    ph = 0,
    pl = 0,
    qh = 0,
    ql = 0,
    dh = 0,
    dl = 0;
  for (let i = 0; i < p.length; i++) {
    const a = p[i];
    const b = q[i];
    const g = a * Math.log(a / b) - a + b;
    let t = gh + g;
    gl += neumaierError(gh, g, t);
    gh = t;
    t = ph + a;
    pl += neumaierError(ph, a, t);
    ph = t;
    t = qh + b;
    ql += neumaierError(qh, b, t);
    qh = t;
    const d = a - b;
    t = dh + d;
    dl += neumaierError(dh, d, t);
    dh = t;
  }
  return gh + gl + ph + pl + qh + ql + dh + dl;
}

function object(p, q) {
  const g = new CompensatedSum();
  const sp = new CompensatedSum();
  const sq = new CompensatedSum();
  const d = new CompensatedSum();
  for (let i = 0; i < p.length; i++) {
    const a = p[i];
    const b = q[i];
    g.add(a * Math.log(a / b) - a + b);
    sp.add(a);
    sq.add(b);
    d.add(a - b);
  }
  return g.value() + sp.value() + sq.value() + d.value();
}

function slots(p, q) {
  const s = new Float64Array(8);
  for (let i = 0; i < p.length; i++) {
    const a = p[i];
    const b = q[i];
    compensatedAdd(s, 0, a * Math.log(a / b) - a + b);
    compensatedAdd(s, 2, a);
    compensatedAdd(s, 4, b);
    compensatedAdd(s, 6, a - b);
  }
  return s[0] + s[1] + s[2] + s[3] + s[4] + s[5] + s[6] + s[7];
}

function median(xs) {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

const variants = { inline, helper, object, slots };
const times = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
let sink = 0;
// Interleaved runs, so that a machine busy with other work slows every variant alike.
for (let r = 0; r < WARMUP + RUNS; r++) {
  for (const [name, f] of Object.entries(variants)) {
    const t0 = performance.now();
    sink += f(p, q);
    const dt = performance.now() - t0;
    if (r >= WARMUP) times[name].push(dt);
  }
}
const base = median(times.inline);
console.log(
  `Neumaier step in a KL-shaped loop, ${N} elements, 4 sums each; median of ${RUNS} runs`,
);
for (const name of Object.keys(variants)) {
  const m = median(times[name]);
  console.log(`${name.padEnd(8)} ${m.toFixed(2).padStart(8)} ms  ${(m / base).toFixed(2)}× inline`);
}
if (Number.isNaN(sink)) console.log(sink);
