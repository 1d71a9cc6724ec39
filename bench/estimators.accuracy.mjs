// Accuracy figures of the estimators (no timings): each against its reference from
// test/fixtures/estimators.json, and the bias of the entropy estimators as n grows.
//
//   npm run build && node bench/estimators.accuracy.mjs
import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import "../dist/fast/index.js";
import {
  adjustedMutualInformation,
  conditionalEntropy,
  conditionalMutualInformation,
  ENTROPY_ESTIMATORS,
  estimateEntropy,
  jsFromSamples,
  klFromSamples,
  knnEntropy,
  knnKlDivergence,
  ksgMutualInformation,
  mutualInformation,
  normalizedMutualInformation,
} from "../dist/index.js";
import { createRng } from "../dist/numeric/rng.js";

const here = dirname(fileURLToPath(import.meta.url));
const fx = JSON.parse(readFileSync(join(here, "../test/fixtures/estimators.json"), "utf8"));
const num = (x) => (x === "Infinity" ? Number.POSITIVE_INFINITY : Number(x));
const rows = [];
const add = (c, ref, ours) => {
  const r = num(ref);
  const err = r === ours ? 0 : Math.abs(ours - r) / Math.max(Math.abs(r), 1e-300);
  rows.push([c, r, ours, err]);
};
for (const c of fx.entropy) {
  for (const e of ENTROPY_ESTIMATORS) {
    if (c[e] === undefined || c[e] === null) continue;
    add(
      `H ${e} ${c.name}`,
      c[e],
      estimateEntropy(c.counts, { estimator: e, categories: c.categories }).value,
    );
  }
  if (c.nsb_std !== undefined)
    add(
      `H nsb std ${c.name}`,
      c.nsb_std,
      estimateEntropy(c.counts, { estimator: "nsb", categories: c.categories }).se,
    );
}
for (const c of fx.klJs) {
  for (const [k, s] of Object.entries({
    none: "none",
    jeffreys: "jeffreys",
    laplace: "laplace",
    0.1: 0.1,
  })) {
    add(`KL ${k} ${c.name}`, c.kl[k], klFromSamples(c.p, c.q, { smoothing: s }).value);
    add(`JS ${k} ${c.name}`, c.js[k], jsFromSamples(c.p, c.q, { smoothing: s }).value);
    const mm = { smoothing: s, estimator: "miller-madow" };
    add(`KL MM ${k} ${c.name}`, c.kl_miller_madow[k], klFromSamples(c.p, c.q, mm).value);
    add(`JS MM ${k} ${c.name}`, c.js_miller_madow[k], jsFromSamples(c.p, c.q, mm).value);
  }
}
for (const c of fx.mi) {
  add(`MI ${c.name} (mpmath)`, c.mi, mutualInformation(c.x, c.y).value);
  add(`MI ${c.name} (sklearn)`, c.sklearn_mi, mutualInformation(c.x, c.y).value);
  add(`H(Y|X) ${c.name}`, c.conditional_entropy_y_given_x, conditionalEntropy(c.y, c.x).value);
  add(`I(X;Y|Z) ${c.name}`, c.cmi, conditionalMutualInformation(c.x, c.y, c.z).value);
  for (const m of ["arithmetic", "geometric", "min", "max"]) {
    add(`NMI ${m} ${c.name}`, c.nmi[m], normalizedMutualInformation(c.x, c.y, { average: m }));
    add(`AMI ${m} ${c.name}`, c.ami[m], adjustedMutualInformation(c.x, c.y, { average: m }));
  }
}
add(
  "PyInform H(Y|X) bits (literal 0.899985)",
  fx.pyinform.conditional_entropy_bits,
  conditionalEntropy(fx.pyinform.ys, fx.pyinform.xs, { base: "bits" }).value,
);
for (const c of fx.continuous.entropy)
  add(`KL-entropy ${c.name} k=${c.k}`, c.value, knnEntropy(c.x, { k: c.k }).value);
for (const c of fx.continuous.ksg) {
  add(`KSG1 ${c.name} k=${c.k}`, c.ksg1, ksgMutualInformation(c.x, c.y, { k: c.k }).value);
  add(
    `KSG2 ${c.name} k=${c.k}`,
    c.ksg2,
    ksgMutualInformation(c.x, c.y, { k: c.k, algorithm: 2 }).value,
  );
  if (c.sklearn !== undefined)
    add(
      `KSG1 vs sklearn ${c.name} k=${c.k}`,
      c.sklearn,
      Math.max(0, ksgMutualInformation(c.x, c.y, { k: c.k }).value),
    );
}
for (const c of fx.continuous.kl)
  add(`kNN KL ${c.name} k=${c.k}`, c.value, knnKlDivergence(c.p, c.q, { k: c.k }).value);

console.log("| case | reference | ours | relative error |\n|---|---|---|---|");
for (const [c, r, o, e] of rows) console.log(`| ${c} | ${r} | ${o} | ${e.toExponential(1)} |`);

// Bias (mean over R draws − H) of each estimator, P = Zipf(1) over K = 100 categories.
const K = 100;
const w = Array.from({ length: K }, (_, i) => 1 / (i + 1));
const s = w.reduce((a, b) => a + b, 0);
const p = w.map((v) => v / s);
const H = -p.reduce((a, v) => a + v * Math.log(v), 0);
const cum = [];
p.reduce((a, v, i) => (cum[i] = a + v), 0);
const rng = createRng(16);
console.log(
  `\nBias in nats of each estimator (mean of R draws − H), Zipf over K = ${K}, H = ${H.toFixed(4)} nats`,
);
const ests = [
  "plugin",
  "miller-madow",
  "jackknife",
  "grassberger",
  "chao-shen",
  "nsb",
  "james-stein",
];
console.log(`| n | R | ${ests.join(" | ")} |\n|---|---|${ests.map(() => "---").join("|")}|`);
for (const n of [10, 100, 1000, 10000]) {
  const R = n >= 10000 ? 40 : 200;
  const acc = Object.fromEntries(ests.map((e) => [e, 0]));
  for (let r = 0; r < R; r++) {
    const c = new Array(K).fill(0);
    for (let i = 0; i < n; i++) {
      const u = rng.nextFloat();
      let lo = 0;
      let hi = K - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      c[lo]++;
    }
    for (const e of ests)
      acc[e] += (estimateEntropy(c, { estimator: e, categories: K }).value - H) / R;
  }
  console.log(`| ${n} | ${R} | ${ests.map((e) => acc[e].toFixed(4)).join(" | ")} |`);
}
