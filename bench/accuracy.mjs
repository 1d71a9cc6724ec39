// Accuracy of both paths on the shared mpmath fixtures: for every measure, the worst relative error
// over the cases of ../shared/fixtures/discrete.json (mpmath at 60 digits), on the fast path
// (WebAssembly kernels, every length routed through them, as the tests do) and on the TypeScript
// path, with the inputs in Float64Arrays (ordinary arrays take the TypeScript path). Values of 0
// are compared absolutely; infinite ones must be infinite. Also the conditional cases, row by row
// (klDivergenceRows). Prints a Markdown table and writes bench/results/accuracy.md.
//
//   npm run build && node bench/accuracy.mjs
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { useFastPath } from "../dist/fast/index.js";
import {
  crossEntropy,
  entropy,
  fastPathInfo,
  hellinger,
  jsDivergence,
  klDivergence,
  klDivergenceRows,
  renyiDivergence,
  totalVariation,
} from "../dist/index.js";
import { fastHooks } from "../dist/numeric/fast-hooks.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const fixtures = JSON.parse(readFileSync(join(root, "../shared/fixtures/discrete.json"), "utf8"));
const EPS = 2 ** -52;

const num = (x) => (x === "Infinity" ? Number.POSITIVE_INFINITY : x);
const f64 = (xs) => Float64Array.from(xs, num);

/** measure name → (case) → [computed, expected] */
const MEASURES = {
  entropy: (c) => [entropy(f64(c.p), { input: c.input }), c.expected.entropy_p],
  "entropy (Q)": (c) => [entropy(f64(c.q), { input: c.input }), c.expected.entropy_q],
  crossEntropy: (c) => [
    crossEntropy(f64(c.p), f64(c.q), { input: c.input }),
    c.expected.cross_entropy,
  ],
  klDivergence: (c) => [klDivergence(f64(c.p), f64(c.q), { input: c.input }), c.expected.kl],
  "klDivergence (Q‖P)": (c) => [
    klDivergence(f64(c.q), f64(c.p), { input: c.input }),
    c.expected.kl_reverse,
  ],
  jsDivergence: (c) => [
    jsDivergence(f64(c.p), f64(c.q), { input: c.input }),
    c.expected.js_divergence,
  ],
  "renyiDivergence α = ½": (c) => [
    renyiDivergence(f64(c.p), f64(c.q), 0.5, { input: c.input }),
    c.expected.renyi_0_5,
  ],
  "renyiDivergence α = 2": (c) => [
    renyiDivergence(f64(c.p), f64(c.q), 2, { input: c.input }),
    c.expected.renyi_2,
  ],
  totalVariation: (c) => [
    totalVariation(f64(c.p), f64(c.q), { input: c.input }),
    c.expected.total_variation,
  ],
  hellinger: (c) => [hellinger(f64(c.p), f64(c.q), { input: c.input }), c.expected.hellinger],
};

/** The error of `got` against `want` in units of ε (relative; absolute where want is 0). */
function error(got, wantRaw) {
  const want = num(wantRaw);
  if (want === Number.POSITIVE_INFINITY) return got === want ? 0 : Number.POSITIVE_INFINITY;
  if (!Number.isFinite(got)) return Number.POSITIVE_INFINITY;
  return want === 0 ? Math.abs(got) / EPS : Math.abs(got - want) / Math.abs(want) / EPS;
}

function worst(measure, fast) {
  useFastPath(fast);
  let w = 0;
  let at = "";
  let cases = 0;
  for (const c of fixtures.cases) {
    let got;
    let want;
    try {
      [got, want] = MEASURES[measure](c);
    } catch (e) {
      throw new Error(`${measure} on ${c.name} (${fast ? "fast" : "TypeScript"}): ${e.message}`);
    }
    if (want === undefined) continue;
    cases++;
    const e = error(got, want);
    if (e > w) {
      w = e;
      at = c.name;
    }
  }
  return { w, at, cases };
}

function worstRows(fast) {
  useFastPath(fast);
  let w = 0;
  let at = "";
  let rows = 0;
  for (const c of fixtures.conditional) {
    const cols = c.p_rows[0].length;
    const flat = (rs) => Float64Array.from(rs.flat(), num);
    const got = klDivergenceRows(flat(c.p_rows), flat(c.q_rows), { columns: cols });
    c.expected.kl_rows.forEach((want, i) => {
      rows++;
      const e = error(got[i], want);
      if (e > w) {
        w = e;
        at = `${c.name}, row ${i}`;
      }
    });
  }
  return { w, at, cases: rows };
}

if (!fastPathInfo().wasm) throw new Error("the WebAssembly kernels are not active");
const saved = fastHooks.minLength;
fastHooks.minLength = 0; // the fixtures' short vectors through the kernels too
const fmt = (x) => (x === Number.POSITIVE_INFINITY ? "∞" : x < 0.05 ? "0" : `${x.toFixed(1)}ε`);
const lines = [
  `surprisal bench/accuracy.mjs · Node ${process.version} · ${fixtures.cases.length} cases of ../shared/fixtures/discrete.json (mpmath, 60 digits)`,
  "",
  "Worst error per measure, in units of ε = 2^-52 (relative; absolute where the value is 0):",
  "",
  "| measure | cases | fast path (kernels) | worst case | TypeScript path | worst case |",
  "|---|---:|---:|---|---:|---|",
];
for (const m of Object.keys(MEASURES)) {
  const a = worst(m, true);
  const b = worst(m, false);
  lines.push(`| ${m} | ${a.cases} | ${fmt(a.w)} | ${a.at} | ${fmt(b.w)} | ${b.at} |`);
}
{
  const a = worstRows(true);
  const b = worstRows(false);
  lines.push(
    `| klDivergenceRows (conditional) | ${a.cases} rows | ${fmt(a.w)} | ${a.at} | ${fmt(b.w)} | ${b.at} |`,
  );
}
useFastPath(true);
fastHooks.minLength = saved;
const text = `${lines.join("\n")}\n`;
process.stdout.write(text);
writeFileSync(join(root, "bench/results/accuracy.md"), text);
