import type { ArgsDef, CommandDef } from "citty";
import {
  CrossEntropyAccumulator,
  conditionalKl,
  contributions,
  convertUnits,
  crossEntropy,
  crossEntropyRows,
  type Distribution,
  EntropyAccumulator,
  entropy,
  entropyRows,
  estimateKl,
  hellinger,
  hellingerRows,
  jsDistance,
  jsDistanceRows,
  jsDivergence,
  jsDivergenceRows,
  KL_ESTIMATORS,
  KlAccumulator,
  type KlEstimator,
  klDivergence,
  klDivergenceRows,
  logLikelihoodRatio,
  type MeasureOptions,
  parametricCrossEntropy,
  parametricKlDivergence,
  parseDistribution,
  renyiDivergence,
  renyiDivergenceRows,
  SurprisalError,
  sampleSequence,
  sequenceLogProbability,
  totalVariation,
  totalVariationRows,
  unitName,
} from "../index.js";
import { usageError } from "./errors.js";
import { csvField, human, percent, signedBar, table, toJson } from "./format.js";
import {
  parseSpec,
  readMatrixPair,
  readOne,
  readPair,
  roleOf,
  samplesOptions,
  streamVector,
  zipStreams,
} from "./inputs.js";
import {
  type MeasureFlags,
  measureArgs,
  measureOptions,
  parseIntegerFlag,
  parseNumberFlag,
  type Role,
  translateLibraryError,
} from "./options.js";
import { Progress } from "./progress.js";
import { likelihoodRatioSentence } from "./words.js";
import {
  type Chunk,
  isStreamed,
  type MatrixInput,
  type ReadContext,
  readMatrix,
  readVector,
  streamColumns,
} from "./sources.js";

/** Where a command writes: stdout for results (stderr is only for errors and the progress bar). */
export interface Output {
  out: (text: string) => void;
}

/** Runs a library call, turning its refusals into the command line's words. */
export function lib<T>(roles: Record<string, Role>, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SurprisalError) throw translateLibraryError(e, roles);
    throw e;
  }
}

const rowsArg = {
  rows: {
    type: "boolean",
    description: "the inputs are matrices (one distribution per row): one result per row",
  },
  csv: { type: "boolean", description: "with --rows: print the row-wise results as CSV" },
} as const;

const samplesArg = {
  "from-samples": {
    type: "boolean",
    description:
      "each input is a column of observed outcomes: compare their empirical distributions",
  },
} as const;

type Flags = MeasureFlags & {
  rows?: boolean;
  csv?: boolean;
  "from-samples"?: boolean;
  fromSamples?: boolean;
  _: string[];
  [k: string]: unknown;
};

function readContext(flags: Flags, progress?: Progress): ReadContext {
  return { header: flags.header, progress };
}

function fromSamples(flags: Flags): boolean {
  return flags["from-samples"] === true || flags.fromSamples === true;
}

/** Checks the number of inputs (positionals) a command got. */
function expectInputs(flags: Flags, names: string[]): string[] {
  const words = flags._;
  if (words.length !== names.length) {
    const got = words.length === 0 ? "none" : words.map((w) => JSON.stringify(w)).join(" ");
    throw usageError(
      `expected ${names.length} input${names.length === 1 ? "" : "s"} (${names.join(" ")}), got ${words.length === 0 ? got : `${words.length}: ${got}`}`,
    );
  }
  return words;
}

function refuse(flags: Flags, names: string[], why: string): void {
  for (const n of names) {
    if (flags[n] === true || (typeof flags[n] === "string" && flags[n] !== undefined)) {
      throw usageError(`--${n} ${why}`);
    }
  }
}

function unitOf(o: MeasureOptions): string {
  return unitName(o.base);
}

function direction(p: string, q: string): string {
  return `  P (truth):  ${p}\n  Q (belief): ${q}`;
}

// ---------------------------------------------------------------------------------------------
// Row-wise results (--rows)

interface RowColumn {
  key: string;
  header: string;
  values: Float64Array;
}

function printRows(
  o: Output,
  flags: Flags,
  m: MatrixInput,
  columns: RowColumn[],
  extra: Record<string, unknown>,
  title: string,
): void {
  const labels = m.rowLabels;
  if (flags.json) {
    const obj: Record<string, unknown> = { ...extra };
    for (const c of columns) obj[c.key] = c.values;
    if (labels) obj.rowLabels = labels;
    o.out(toJson(obj));
    return;
  }
  if (flags.csv) {
    const head = ["row", ...(labels ? ["label"] : []), ...columns.map((c) => c.key)];
    const lines = [head.map(csvField).join(",")];
    for (let r = 0; r < m.rows; r++) {
      lines.push(
        [
          String(r),
          ...(labels ? [labels[r] as string] : []),
          ...columns.map((c) => c.values[r] as number),
        ]
          .map(csvField)
          .join(","),
      );
    }
    o.out(lines.join("\n"));
    return;
  }
  const head = ["row", ...(labels ? ["label"] : []), ...columns.map((c) => c.header)];
  const body: string[][] = [head];
  for (let r = 0; r < m.rows; r++) {
    body.push([
      String(r),
      ...(labels ? [labels[r] as string] : []),
      ...columns.map((c) => human(c.values[r] as number)),
    ]);
  }
  const right = head.map((h) => h !== "label");
  o.out(`${title}\n${table(body, right)}`);
}

/** Parses a parametric distribution word (`normal(0,1)`), with the library's refusal as a data error. */
function distributionOf(word: string, label: string): Distribution {
  return lib({ text: { label, name: word } }, () => parseDistribution(word));
}

/** Both inputs parametric, or neither: a usage error for a mix. */
function parametricPair(pw: string, qw: string): [Distribution, Distribution] | undefined {
  const ps = parseSpec(pw);
  const qs = parseSpec(qw);
  const pd = ps.kind === "distribution";
  const qd = qs.kind === "distribution";
  if (pd !== qd) {
    throw usageError(
      `P and Q must both be distributions (like normal(0,1)) or both be vectors; got ${pd ? "a distribution" : "a vector"} and ${qd ? "a distribution" : "a vector"}`,
    );
  }
  return pd ? [distributionOf(pw, "P"), distributionOf(qw, "Q")] : undefined;
}

function entropyKind(d: Distribution): string {
  return d.discrete ? "entropy" : "differential entropy";
}

// ---------------------------------------------------------------------------------------------
// entropy

async function runEntropy(flags: Flags, o: Output): Promise<void> {
  const [pw] = expectInputs(flags, ["P"]) as [string];
  const opts = samplesOptions(measureOptions(flags), fromSamples(flags));
  const unit = unitOf(opts);
  if (flags.rows) {
    refuse(flags, ["from-samples"], "cannot be used with --rows");
    const m = await readMatrix(parseSpec(pw), "P", readContext(flags));
    const h = lib({ p: { label: "P", name: m.name } }, () =>
      entropyRows(m.data, { ...opts, columns: m.columns }),
    );
    printRows(
      o,
      flags,
      m,
      [{ key: "entropyRows", header: `H(P) ${unit}`, values: h }],
      { P: m.name, unit },
      `Entropy H(P) of each row of P = ${m.name}, in ${unit}:`,
    );
    return;
  }
  if (flags.csv) throw usageError("--csv prints row-wise results: use it with --rows");
  if (parseSpec(pw).kind === "distribution") {
    const d = distributionOf(pw, "P");
    const hd = convertUnits(
      lib({}, () => d.entropy()),
      "nats",
      opts.base ?? "nats",
    );
    if (flags.json) {
      o.out(toJson({ P: pw, unit, entropy: hd }));
      return;
    }
    o.out(
      `H(P) = ${human(hd)} ${unit}   (${entropyKind(d)} of ${d.family})\n  P: ${pw}\n` +
        (d.discrete
          ? `An outcome drawn from P surprises by ${human(hd)} ${unit} on average.`
          : `A draw from P has an average surprise -log density of ${human(hd)} ${unit} (a differential entropy can be negative).`),
    );
    return;
  }
  let h: number;
  let n: number;
  let name: string;
  if (fromSamples(flags)) {
    const p = await readOne(pw, readContext(flags), true);
    h = lib({ p: roleOf("P", p) }, () => entropy(p.values, opts));
    n = p.values.length;
    name = p.name;
  } else {
    const spec = parseSpec(pw);
    const progress = new Progress();
    const acc = lib({}, () => new EntropyAccumulator(opts, "p"));
    let chunk: Chunk | undefined;
    let offset = 0;
    const role: Role = { label: "P", name: spec.name, line: (i) => chunk?.lines?.[i - offset] };
    try {
      for await (const c of streamVector(spec, "P", readContext(flags, progress))) {
        chunk = c;
        lib({ p: role }, () => acc.add(c.values));
        offset += c.values.length;
      }
    } finally {
      progress.stop();
    }
    chunk = undefined;
    h = lib({ p: role }, () => acc.value());
    n = acc.length;
    name = spec.name;
  }
  if (flags.json) {
    o.out(toJson({ P: name, unit, entropy: h }));
    return;
  }
  const max = lib({}, () => entropy(new Float64Array(n).fill(1), { ...opts, input: "counts" }));
  const sentence =
    h === 0
      ? "P is certain: one outcome has all the probability, so nothing about it can surprise."
      : `An outcome drawn from P surprises by ${human(h)} ${unit} on average; with ${n} outcomes the most it could be is ${human(max)} ${unit} (all equally likely).`;
  o.out(`H(P) = ${human(h)} ${unit}   (entropy: the average surprise)\n  P: ${name}\n${sentence}`);
}

// ---------------------------------------------------------------------------------------------
// cross-entropy and kl (streamed)

type PairKind = "kl" | "cross-entropy";

async function runStreamedPair(kind: PairKind, flags: Flags, o: Output): Promise<void> {
  const [pw, qw] = expectInputs(flags, ["P", "Q"]) as [string, string];
  const opts = samplesOptions(measureOptions(flags), fromSamples(flags));
  const unit = unitOf(opts);
  const key = kind === "kl" ? "klDivergence" : "crossEntropy";
  if (flags.rows) {
    refuse(flags, ["from-samples"], "cannot be used with --rows");
    const { p, q } = await readMatrixPair(pw, qw, readContext(flags));
    const f = kind === "kl" ? klDivergenceRows : crossEntropyRows;
    const v = lib({ p: { label: "P", name: p.name }, q: { label: "Q", name: q.name } }, () =>
      f(p.data, q.data, { ...opts, columns: p.columns }),
    );
    const header = kind === "kl" ? `D(P‖Q) ${unit}` : `H(P,Q) ${unit}`;
    printRows(
      o,
      flags,
      p,
      [{ key: `${key}Rows`, header, values: v }],
      { P: p.name, Q: q.name, unit },
      `${kind === "kl" ? "D(P‖Q)" : "H(P,Q)"} of each row, P (truth) = ${p.name}, Q (belief) = ${q.name}, in ${unit}:`,
    );
    return;
  }
  if (flags.csv) throw usageError("--csv prints row-wise results: use it with --rows");
  let value: number;
  let pName: string;
  let qName: string;
  const dists = fromSamples(flags) ? undefined : parametricPair(pw, qw);
  if (dists) {
    const [pd, qd] = dists;
    const roles = { p: { label: "P", name: pw }, q: { label: "Q", name: qw } };
    value = lib(roles, () =>
      kind === "kl"
        ? parametricKlDivergence(pd, qd, { base: opts.base })
        : parametricCrossEntropy(pd, qd, { base: opts.base }),
    );
    pName = pw;
    qName = qw;
  } else if (fromSamples(flags)) {
    const { p, q } = await readPair(pw, qw, readContext(flags), true);
    const roles = { p: roleOf("P", p), q: roleOf("Q", q) };
    value = lib(roles, () =>
      kind === "kl"
        ? klDivergence(p.values, q.values, opts)
        : crossEntropy(p.values, q.values, opts),
    );
    pName = p.name;
    qName = q.name;
  } else {
    const ps = parseSpec(pw);
    const qs = parseSpec(qw);
    if (
      ps.kind === "file" &&
      qs.kind === "file" &&
      ps.path === "-" &&
      qs.path === "-" &&
      ps.format !== "csv"
    ) {
      throw usageError(
        "only one input can be - (standard input); two columns of one CSV on stdin: -#a -#b",
      );
    }
    const progress = new Progress();
    const acc = lib({}, () =>
      kind === "kl" ? new KlAccumulator(opts) : new CrossEntropyAccumulator(opts),
    );
    let pc: Chunk | undefined;
    let qc: Chunk | undefined;
    let offset = 0;
    const roles = {
      p: { label: "P", name: ps.name, line: (i: number) => pc?.lines?.[i - offset] } as Role,
      q: { label: "Q", name: qs.name, line: (i: number) => qc?.lines?.[i - offset] } as Role,
    };
    const ctx = readContext(flags, progress);
    const sameFile =
      isStreamed(ps) && isStreamed(qs) && ps.path === qs.path && ps.format === qs.format;
    const each = (a: Chunk, b: Chunk, at: number): void => {
      pc = a;
      qc = b;
      offset = at;
      lib(roles, () => acc.add(a.values, b.values));
    };
    try {
      if (sameFile) {
        let at = 0;
        for await (const [a, b] of streamColumns([ps, qs], ["P", "Q"], ctx)) {
          each(a as Chunk, b as Chunk, at);
          at += (a as Chunk).values.length;
        }
      } else {
        await zipStreams(streamVector(ps, "P", ctx), streamVector(qs, "Q", ctx), each);
      }
    } finally {
      progress.stop();
    }
    pc = undefined;
    qc = undefined;
    value = lib(roles, () => acc.value());
    pName = ps.name;
    qName = qs.name;
  }
  if (flags.json) {
    o.out(toJson({ P: pName, Q: qName, unit, [key]: value }));
    return;
  }
  if (kind === "kl") {
    const sentence =
      value === 0
        ? "P and Q are the same distribution: believing Q costs no extra surprise."
        : value === Number.POSITIVE_INFINITY
          ? "Q gives probability zero to an outcome that P allows: someone who believes Q will sooner or later be infinitely surprised."
          : `On average, an outcome drawn from P surprises someone who believes Q by ${human(value)} ${unit} more than someone who knows P.`;
    o.out(
      `D(P‖Q) = ${human(value)} ${unit}   (Kullback-Leibler divergence of Q from P)\n${direction(pName, qName)}\n${sentence}`,
    );
  } else {
    const sentence =
      value === Number.POSITIVE_INFINITY
        ? "Q gives probability zero to an outcome that P allows: the average surprise of someone who believes Q is infinite."
        : `Someone who believes Q, watching outcomes drawn from P, is surprised by ${human(value)} ${unit} per outcome on average (H(P) plus D(P‖Q)).`;
    o.out(
      `H(P,Q) = ${human(value)} ${unit}   (cross-entropy)\n${direction(pName, qName)}\n${sentence}`,
    );
  }
}

// ---------------------------------------------------------------------------------------------
// js, compare, explain (whole vectors)

async function runJs(flags: Flags, o: Output): Promise<void> {
  const [pw, qw] = expectInputs(flags, ["P", "Q"]) as [string, string];
  const opts = samplesOptions(measureOptions(flags), fromSamples(flags));
  const unit = unitOf(opts);
  if (flags.rows) {
    refuse(flags, ["from-samples"], "cannot be used with --rows");
    const { p, q } = await readMatrixPair(pw, qw, readContext(flags));
    const roles = { p: { label: "P", name: p.name }, q: { label: "Q", name: q.name } };
    const ro = { ...opts, columns: p.columns };
    const js = lib(roles, () => jsDivergenceRows(p.data, q.data, ro));
    const jd = lib(roles, () => jsDistanceRows(p.data, q.data, ro));
    printRows(
      o,
      flags,
      p,
      [
        { key: "jsDivergenceRows", header: `JS ${unit}`, values: js },
        { key: "jsDistanceRows", header: "√JS", values: jd },
      ],
      { P: p.name, Q: q.name, unit },
      `Jensen-Shannon divergence of each row, P = ${p.name}, Q = ${q.name}, in ${unit}:`,
    );
    return;
  }
  if (flags.csv) throw usageError("--csv prints row-wise results: use it with --rows");
  const { p, q } = await readPair(pw, qw, readContext(flags), fromSamples(flags));
  const roles = { p: roleOf("P", p), q: roleOf("Q", q) };
  const js = lib(roles, () => jsDivergence(p.values, q.values, opts));
  const jd = lib(roles, () => jsDistance(p.values, q.values, opts));
  if (flags.json) {
    o.out(toJson({ P: p.name, Q: q.name, unit, jsDivergence: js, jsDistance: jd }));
    return;
  }
  const ceiling = lib({}, () => jsDivergence([1, 0], [0, 1], { base: opts.base }));
  o.out(
    `JS(P,Q) = ${human(js)} ${unit}   (Jensen-Shannon divergence, symmetric: JS(P,Q) = JS(Q,P))\n` +
      `√JS = ${human(jd)}   (Jensen-Shannon distance, a metric)\n` +
      `  P: ${p.name}\n  Q: ${q.name}\n` +
      `JS runs from 0 (identical) to ${human(ceiling)} ${unit} (no outcome in common); P and Q are ${percent(js / ceiling)} of the way.`,
  );
}

const DEFAULT_ALPHAS = [0.5, 2];

function parseAlphas(text: string | undefined): number[] {
  if (text === undefined) return DEFAULT_ALPHAS;
  const out = text.split(",").map((t) => {
    const v = parseNumberFlag(
      "alpha",
      t,
      (x) => x >= 0 && !Number.isNaN(x),
      "Rényi orders are numbers >= 0 (inf allowed)",
    );
    return v as number;
  });
  return out;
}

async function runCompare(flags: Flags, o: Output): Promise<void> {
  const [pw, qw] = expectInputs(flags, ["P", "Q"]) as [string, string];
  const opts = samplesOptions(measureOptions(flags), fromSamples(flags));
  const unit = unitOf(opts);
  const alphas = parseAlphas(flags.alpha as string | undefined);
  if (flags.rows) {
    refuse(flags, ["from-samples"], "cannot be used with --rows");
    const { p, q } = await readMatrixPair(pw, qw, readContext(flags));
    const roles = { p: { label: "P", name: p.name }, q: { label: "Q", name: q.name } };
    const qRoles = { p: roles.q, q: roles.p };
    const ro = { ...opts, columns: p.columns };
    const cols: RowColumn[] = [
      { key: "entropyRows", header: "H(P)", values: lib(roles, () => entropyRows(p.data, ro)) },
      { key: "entropyRowsQ", header: "H(Q)", values: lib(qRoles, () => entropyRows(q.data, ro)) },
      {
        key: "crossEntropyRows",
        header: "H(P,Q)",
        values: lib(roles, () => crossEntropyRows(p.data, q.data, ro)),
      },
      {
        key: "klDivergenceRows",
        header: "D(P‖Q)",
        values: lib(roles, () => klDivergenceRows(p.data, q.data, ro)),
      },
      {
        key: "klDivergenceRowsReverse",
        header: "D(Q‖P)",
        values: lib(qRoles, () => klDivergenceRows(q.data, p.data, ro)),
      },
      {
        key: "jsDivergenceRows",
        header: "JS",
        values: lib(roles, () => jsDivergenceRows(p.data, q.data, ro)),
      },
      {
        key: "jsDistanceRows",
        header: "√JS",
        values: lib(roles, () => jsDistanceRows(p.data, q.data, ro)),
      },
      ...alphas.map((a) => ({
        key: `renyiDivergenceRows_${a}`,
        header: `D_${a}(P‖Q)`,
        values: lib(roles, () => renyiDivergenceRows(p.data, q.data, a, ro)),
      })),
      {
        key: "totalVariationRows",
        header: "TV",
        values: lib(roles, () => totalVariationRows(p.data, q.data, ro)),
      },
      {
        key: "hellingerRows",
        header: "Hellinger",
        values: lib(roles, () => hellingerRows(p.data, q.data, ro)),
      },
    ];
    printRows(
      o,
      flags,
      p,
      cols,
      { P: p.name, Q: q.name, unit },
      `Every measure of each row, P (truth) = ${p.name}, Q (belief) = ${q.name}; information in ${unit}, TV and Hellinger unitless:`,
    );
    return;
  }
  if (flags.csv) throw usageError("--csv prints row-wise results: use it with --rows");
  const { p, q } = await readPair(pw, qw, readContext(flags), fromSamples(flags));
  const roles = { p: roleOf("P", p), q: roleOf("Q", q) };
  const rev = { p: roles.q, q: roles.p };
  const P = p.values;
  const Q = q.values;
  const hp = lib(roles, () => entropy(P, opts));
  const hq = lib(rev, () => entropy(Q, opts));
  const ce = lib(roles, () => crossEntropy(P, Q, opts));
  const ceR = lib(rev, () => crossEntropy(Q, P, opts));
  const kl = lib(roles, () => klDivergence(P, Q, opts));
  const klR = lib(rev, () => klDivergence(Q, P, opts));
  const js = lib(roles, () => jsDivergence(P, Q, opts));
  const jd = lib(roles, () => jsDistance(P, Q, opts));
  const renyi = alphas.map((a) => [a, lib(roles, () => renyiDivergence(P, Q, a, opts))] as const);
  const tv = lib(roles, () => totalVariation(P, Q, opts));
  const he = lib(roles, () => hellinger(P, Q, opts));
  if (flags.json) {
    o.out(
      toJson({
        P: p.name,
        Q: q.name,
        unit,
        entropy: { P: hp, Q: hq },
        crossEntropy: ce,
        klDivergence: kl,
        reverse: { crossEntropy: ceR, klDivergence: klR },
        jsDivergence: js,
        jsDistance: jd,
        renyiDivergence: Object.fromEntries(renyi.map(([a, v]) => [String(a), v])),
        totalVariation: tv,
        hellinger: he,
      }),
    );
    return;
  }
  const rows: string[][] = [
    ["H(P)", human(hp), unit, "entropy of P: its average surprise"],
    ["H(Q)", human(hq), unit, "entropy of Q"],
    ["H(P,Q)", human(ce), unit, "cross-entropy: surprise of a Q-believer on outcomes from P"],
    ["H(Q,P)", human(ceR), unit, "cross-entropy, reversed"],
    ["D(P‖Q)", human(kl), unit, "KL divergence of Q from P (P the truth)"],
    ["D(Q‖P)", human(klR), unit, "KL divergence, reversed (Q the truth)"],
    ["JS(P,Q)", human(js), unit, "Jensen-Shannon divergence (symmetric)"],
    ["√JS", human(jd), "", "Jensen-Shannon distance (a metric)"],
    ...renyi.map(([a, v]) => [`D_${a}(P‖Q)`, human(v), unit, `Rényi divergence of order ${a}`]),
    ["TV(P,Q)", human(tv), "", "total variation distance, in [0, 1]"],
    ["Hel(P,Q)", human(he), "", "Hellinger distance, in [0, 1]"],
  ];
  const asym =
    kl === klR
      ? "D(P‖Q) = D(Q‖P) here."
      : `The direction matters: D(P‖Q) = ${human(kl)} but D(Q‖P) = ${human(klR)} ${unit}; H(P,Q) = H(P) + D(P‖Q).`;
  o.out(`${direction(p.name, q.name)}\n${table(rows, [false, true, false, false])}\n${asym}`);
}

async function runExplain(flags: Flags, o: Output): Promise<void> {
  const [pw, qw] = expectInputs(flags, ["P", "Q"]) as [string, string];
  if (flags.rows) throw usageError("explain takes one pair of distributions, not --rows");
  if (flags.csv) throw usageError("--csv prints row-wise results: use it with --rows");
  const opts = samplesOptions(measureOptions(flags), fromSamples(flags));
  const top = parseIntegerFlag("top", flags.top as string | undefined, 0, 1e9);
  const { p, q } = await readPair(pw, qw, readContext(flags), fromSamples(flags));
  const roles = { p: roleOf("P", p), q: roleOf("Q", q) };
  const c = lib(roles, () => contributions(p.values, q.values, opts));
  const n = c.p.length;
  const label = (i: number): string => p.labels?.[i] ?? q.labels?.[i] ?? String(i);
  const limit =
    top === undefined ? (flags.json ? n : Math.min(n, 20)) : top === 0 ? n : Math.min(n, top);
  const order = Array.from(c.order.subarray(0, limit));
  if (flags.json) {
    o.out(
      toJson({
        P: p.name,
        Q: q.name,
        unit: c.unit,
        klDivergence: c.total,
        contributions: order.map((i) => ({
          outcome: label(i),
          index: i,
          p: c.p[i],
          q: c.q[i],
          surprisalP: c.surprisalP[i],
          surprisalQ: c.surprisalQ[i],
          contribution: c.contribution[i],
          share: c.share[i],
        })),
      }),
    );
    return;
  }
  let max = 0;
  for (const v of c.contribution) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
  const rows: string[][] = [
    ["outcome", "p", "q", "-log p", "-log q", "p·log(p/q)", "share", "  Q > P  │  P > Q"],
  ];
  for (const i of order) {
    rows.push([
      label(i),
      human(c.p[i] as number),
      human(c.q[i] as number),
      human(c.surprisalP[i] as number),
      human(c.surprisalQ[i] as number),
      human(c.contribution[i] as number),
      percent(c.share[i] as number),
      signedBar(c.contribution[i] as number, max, 9),
    ]);
  }
  const more =
    n > limit
      ? `\n… ${n - limit} more outcome${n - limit === 1 ? "" : "s"} (--top 0 shows all)`
      : "";
  const first = order[0] as number;
  const sentence =
    c.total === 0
      ? "P and Q agree on every outcome: nothing adds to the divergence."
      : c.total === Number.POSITIVE_INFINITY
        ? `Outcome ${JSON.stringify(label(first))} makes D(P‖Q) infinite: P gives it ${human(c.p[first] as number)}, Q gives it 0.`
        : `Outcome ${JSON.stringify(label(first))} adds the most (${percent(c.share[first] as number)} of D): P gives it ${human(c.p[first] as number)}, Q only ${human(c.q[first] as number)}. Outcomes where Q > P take from the divergence.`;
  o.out(
    `D(P‖Q) = ${human(c.total)} ${c.unit}, outcome by outcome (largest contribution first; surprise in ${c.unit})\n${direction(p.name, q.name)}\n${table(rows, [false, true, true, true, true, true, true, false])}${more}\n${sentence}`,
  );
}

// ---------------------------------------------------------------------------------------------
// sample, conditional

async function runSample(flags: Flags, o: Output): Promise<void> {
  const [pw, qw] = expectInputs(flags, ["P", "Q"]) as [string, string];
  if (flags.rows) throw usageError("sample takes one pair of distributions, not --rows");
  if (flags.csv) throw usageError("--csv prints row-wise results: use it with --rows");
  const opts = samplesOptions(measureOptions(flags), fromSamples(flags));
  const n = parseIntegerFlag("samples", flags.samples as string | undefined, 1, 1e8) ?? 1000;
  const seed =
    parseIntegerFlag("seed", flags.seed as string | undefined, -(2 ** 31), 2 ** 31 - 1) ?? 42;
  const est = (flags.estimator as string | undefined) ?? "k1";
  if (!(KL_ESTIMATORS as readonly string[]).includes(est)) {
    throw usageError(
      `--estimator ${JSON.stringify(est)} is not an estimator: use ${KL_ESTIMATORS.join(", ")}`,
    );
  }
  const unit = unitOf(opts);
  const dists = fromSamples(flags) ? undefined : parametricPair(pw, qw);
  if (dists) {
    const [pd, qd] = dists;
    const roles = { p: { label: "P", name: pw }, q: { label: "Q", name: qw } };
    const e = lib(roles, () =>
      estimateKl(pd, qd, { samples: n, seed, estimator: est as KlEstimator, base: opts.base }),
    );
    let exact: number | undefined;
    try {
      exact = parametricKlDivergence(pd, qd, { base: opts.base });
    } catch (error) {
      if (!(error instanceof SurprisalError && error.code === "no-closed-form"))
        throw translateLibraryError(error as SurprisalError, roles);
    }
    if (flags.json) {
      o.out(
        toJson({
          P: pw,
          Q: qw,
          unit,
          samples: n,
          seed,
          klDivergence: exact,
          estimateKl: {
            estimator: e.estimator,
            estimate: e.estimate,
            standardError: e.standardError,
            interval: e.interval,
          },
        }),
      );
      return;
    }
    const rows: string[][] = [
      [
        "D(P‖Q)",
        exact === undefined ? "no closed form" : human(exact),
        exact === undefined ? "" : unit,
        "exact",
      ],
      [
        `${e.estimator} estimate`,
        human(e.estimate),
        unit,
        `± ${human(e.standardError)} (standard error), 95% interval [${human(e.interval[0])}, ${human(e.interval[1])}]`,
      ],
    ];
    o.out(
      `Drew ${n} values from P (seed ${seed}) and averaged the log-density ratio log p(x)/q(x).\n${direction(pw, qw)}\n${table(rows, [false, true, false, false])}\nThe Monte Carlo estimate of D(P‖Q) narrows around the exact value like 1/√n.`,
    );
    return;
  }
  const { p, q } = await readPair(pw, qw, readContext(flags), fromSamples(flags));
  const roles = { p: roleOf("P", p), q: roleOf("Q", q) };
  const seq = lib(roles, () =>
    sampleSequence(p.values, n, { seed, input: opts.input, tolerance: opts.tolerance }),
  );
  const logP = lib(roles, () => sequenceLogProbability(seq, p.values, opts));
  const logQ = lib({ p: roles.q }, () => sequenceLogProbability(seq, q.values, opts));
  const ratio = lib(roles, () => logLikelihoodRatio(seq, p.values, q.values, opts));
  const exact = lib(roles, () => klDivergence(p.values, q.values, opts));
  const e = lib(roles, () =>
    estimateKl(p.values, q.values, { ...opts, samples: n, seed, estimator: est as KlEstimator }),
  );
  if (flags.json) {
    o.out(
      toJson({
        P: p.name,
        Q: q.name,
        unit,
        samples: n,
        seed,
        sequenceLogProbability: { P: logP, Q: logQ },
        logLikelihoodRatio: {
          total: ratio.total,
          perSample: ratio.perSample,
          favours: ratio.favours,
          log10BayesFactor: ratio.log10BayesFactor,
        },
        klDivergence: exact,
        estimateKl: {
          estimator: e.estimator,
          estimate: e.estimate,
          standardError: e.standardError,
          interval: e.interval,
        },
      }),
    );
    return;
  }
  const rows: string[][] = [
    ["log ∏P(x)", human(logP), unit, "log-probability of the sequence under P"],
    ["log ∏Q(x)", human(logQ), unit, "log-probability of the sequence under Q"],
    ["log(∏P/∏Q)", human(ratio.total), unit, "log-likelihood ratio"],
    ["per sample", human(ratio.perSample), unit, "log-likelihood ratio / n"],
    ["D(P‖Q)", human(exact), unit, "exact, for comparison"],
    [
      `${e.estimator} estimate`,
      human(e.estimate),
      unit,
      `± ${human(e.standardError)} (standard error), 95% interval [${human(e.interval[0])}, ${human(e.interval[1])}]`,
    ],
  ];
  o.out(
    `Drew ${n} outcomes from P (seed ${seed}) and scored them under both.\n${direction(p.name, q.name)}\n${table(rows, [false, true, false, false])}\n${likelihoodRatioSentence(ratio)} The per-sample log-ratio approaches D(P‖Q) as the sequence grows.`,
  );
}

async function runConditional(flags: Flags, o: Output): Promise<void> {
  const [pw, qw] = expectInputs(flags, ["PROWS", "QROWS"]) as [string, string];
  if (flags.rows) throw usageError("conditional always reads rows: --rows is not needed");
  const opts = measureOptions(flags);
  const unit = unitOf(opts);
  const ctx = readContext(flags);
  const { p, q } = await readMatrixPair(pw, qw, ctx);
  let weights: Float64Array | undefined;
  let wName = "";
  if (typeof flags.weights === "string") {
    const ws = parseSpec(flags.weights);
    if (ws.kind === "file" && ws.path === "-" && [pw, qw].includes("-")) {
      throw usageError("only one input can be - (standard input)");
    }
    const w = await readVector(ws, "weights", ctx);
    weights = w.values;
    wName = w.name;
  }
  const roles = {
    p: { label: "P", name: p.name },
    q: { label: "Q", name: q.name },
    weights: { label: "--weights", name: wName },
  };
  const r = lib(roles, () =>
    conditionalKl(p.data, q.data, { ...opts, columns: p.columns, ...(weights ? { weights } : {}) }),
  );
  if (flags.json) {
    o.out(
      toJson({
        P: p.name,
        Q: q.name,
        unit,
        conditionalKl: { total: r.total, mean: r.mean, rows: r.rows },
        rowLabels: p.rowLabels,
      }),
    );
    return;
  }
  if (flags.csv) {
    const head = [
      "row",
      ...(p.rowLabels ? ["label"] : []),
      "klDivergence",
      ...(weights ? ["weight"] : []),
    ];
    const lines = [head.join(",")];
    for (let i = 0; i < p.rows; i++) {
      lines.push(
        [
          String(i),
          ...(p.rowLabels ? [p.rowLabels[i] as string] : []),
          r.rows[i] as number,
          ...(weights ? [weights[i] as number] : []),
        ]
          .map(csvField)
          .join(","),
      );
    }
    o.out(lines.join("\n"));
    return;
  }
  let worst = 0;
  for (let i = 1; i < r.rows.length; i++)
    if ((r.rows[i] as number) > (r.rows[worst] as number)) worst = i;
  const rowName = (i: number): string => (p.rowLabels ? `${i} (${p.rowLabels[i]})` : String(i));
  const body: string[][] = [["row", "D(P(·|x)‖Q(·|x))", ...(weights ? ["weight"] : [])]];
  const shown = Math.min(p.rows, 20);
  for (let i = 0; i < shown; i++)
    body.push([
      rowName(i),
      human(r.rows[i] as number),
      ...(weights ? [human(weights[i] as number)] : []),
    ]);
  const more = p.rows > shown ? `\n… ${p.rows - shown} more rows (--csv prints all)` : "";
  const sentence =
    r.total === 0
      ? "The model Q matches the data P on every row."
      : `On average over the rows, the model Q is ${human(r.mean)} ${unit} per outcome more surprised by the data than P itself; it is worst on row ${rowName(worst)}.`;
  o.out(
    `Σ w(x)·D(P(·|x)‖Q(·|x)) = ${human(r.total)} ${unit} over ${p.rows} rows, mean ${human(r.mean)} ${unit} per row   (conditional KL)\n` +
      `  P (truth, the data):  ${p.name}\n  Q (belief, the model): ${q.name}${weights ? `\n  weights: ${wName}` : ""}\n` +
      `${table(body, [false, true, true])}${more}\n${sentence}`,
  );
}

// ---------------------------------------------------------------------------------------------
// The command table

/** One command: its citty definition, examples for --help, and how it runs. */
export interface Command {
  def: CommandDef<ArgsDef>;
  examples: string[];
  run: (flags: Flags, o: Output) => Promise<void>;
}

const pairInputs = {
  P: {
    type: "positional",
    description:
      "the truth: numbers (0.5,0.5), file.csv#column, file.json#name, file.npy or - (stdin)",
  },
  Q: { type: "positional", description: "the belief (the model), in the same forms" },
} as const;

function command(
  name: string,
  description: string,
  args: ArgsDef,
  examples: string[],
  run: (flags: Flags, o: Output) => Promise<void>,
): Command {
  return { def: { meta: { name, description }, args }, examples, run };
}

/** Every command of the `surprisal` CLI. */
export const COMMANDS: Record<string, Command> = {
  entropy: command(
    "entropy",
    "Entropy H(P): the average surprise of an outcome drawn from P",
    {
      P: {
        type: "positional",
        description: "numbers (0.5,0.5), file.csv#column, file.json#name, file.npy or - (stdin)",
      },
      ...measureArgs,
      ...rowsArg,
      ...samplesArg,
    },
    [
      "surprisal entropy 0.5,0.5 --base bits",
      "surprisal entropy counts.csv#n --input counts",
      "surprisal entropy rolls.txt --from-samples --base bits",
      "surprisal entropy logits.npy --rows --input logits --csv",
      "seq 1 6 | surprisal entropy - --input counts",
    ],
    runEntropy,
  ),
  "cross-entropy": command(
    "cross-entropy",
    "Cross-entropy H(P,Q): the average surprise of someone who believes Q, on outcomes drawn from P",
    { ...pairInputs, ...measureArgs, ...rowsArg, ...samplesArg },
    [
      "surprisal cross-entropy 0.5,0.5 0.9,0.1 --base bits",
      "surprisal cross-entropy data.csv#observed data.csv#expected --input counts",
    ],
    (f, o) => runStreamedPair("cross-entropy", f, o),
  ),
  kl: command(
    "kl",
    "KL divergence D(P‖Q): how much more surprising P's outcomes are to a Q-believer (P = truth, Q = belief)",
    { ...pairInputs, ...measureArgs, ...rowsArg, ...samplesArg },
    [
      "surprisal kl 0.5,0.5 0.9,0.1",
      "surprisal kl data.csv#observed data.csv#expected --input counts --base bits",
      "surprisal kl data.tsv#2 data.tsv#3",
      "surprisal kl runs.json#truth runs.json#model --json",
      "surprisal kl p_logits.npy q_logits.npy --rows --input logits --csv",
      "surprisal kl today.txt yesterday.txt --from-samples",
    ],
    (f, o) => runStreamedPair("kl", f, o),
  ),
  js: command(
    "js",
    "Jensen-Shannon divergence JS(P,Q) (symmetric) and distance √JS",
    { ...pairInputs, ...measureArgs, ...rowsArg, ...samplesArg },
    ["surprisal js 0.5,0.5 0.9,0.1 --base bits", "surprisal js a.npy b.npy --rows --csv"],
    runJs,
  ),
  compare: command(
    "compare",
    "Every measure of the pair at once: entropies, cross-entropies, KL both ways, JS, Rényi, TV, Hellinger",
    {
      ...pairInputs,
      ...measureArgs,
      ...rowsArg,
      ...samplesArg,
      alpha: {
        type: "string",
        valueHint: "a,b,…",
        description: "Rényi orders to show (default 0.5,2; inf allowed)",
      },
    },
    [
      "surprisal compare 0.5,0.5 0.9,0.1",
      "surprisal compare data.csv#observed data.csv#expected --input counts --alpha 0.5,2,inf --json",
    ],
    runCompare,
  ),
  explain: command(
    "explain",
    "Why D(P‖Q) is what it is: each outcome's contribution p·log(p/q), largest first, with a bar",
    {
      ...pairInputs,
      ...measureArgs,
      ...samplesArg,
      rows: { type: "boolean", description: "(not supported: explain takes one pair)" },
      csv: { type: "boolean", description: "(not supported: use --json)" },
      top: {
        type: "string",
        valueHint: "n",
        description: "show the n largest contributions (default 20; 0 = all)",
      },
    },
    [
      "surprisal explain 0.5,0.5 0.9,0.1 --base bits",
      "surprisal explain letters.csv#english letters.csv#model --input counts --top 5",
    ],
    runExplain,
  ),
  sample: command(
    "sample",
    "The notes' experiment: draw a sequence from P, compare log ∏P and log ∏Q, and the per-sample ratio with D(P‖Q)",
    {
      ...pairInputs,
      ...measureArgs,
      ...samplesArg,
      rows: { type: "boolean", description: "(not supported: sample takes one pair)" },
      csv: { type: "boolean", description: "(not supported: use --json)" },
      samples: {
        type: "string",
        valueHint: "n",
        description: "how many outcomes to draw from P (default 1000)",
      },
      seed: {
        type: "string",
        valueHint: "s",
        description: "seed of the generator: the same seed, the same numbers (default 42)",
      },
      estimator: {
        type: "string",
        valueHint: "k1|k2|k3",
        description: "Monte Carlo KL estimator (default k1)",
      },
    },
    [
      "surprisal sample 0.1,0.1,0.1,0.1,0.1,0.5 1,1,1,1,1,1 --input counts --samples 10000 --seed 7",
    ],
    runSample,
  ),
  conditional: command(
    "conditional",
    "A model against data: Σₓ w(x)·D(P(·|x)‖Q(·|x)) over rows P(y|x) (the data) and Q(y|x) (the model)",
    {
      PROWS: {
        type: "positional",
        description:
          "P(y|x), one row per x: file.csv (one column per y), file.json (array of rows), file.npy (2-D) or 0.9,0.1;0.2,0.8",
      },
      QROWS: { type: "positional", description: "Q(y|x), the model, same shape" },
      ...measureArgs,
      weights: {
        type: "string",
        valueHint: "w",
        description: "weight of each row x (e.g. P(x)), in any vector form (default 1 per row)",
      },
      rows: { type: "boolean", description: "(not needed: conditional always reads rows)" },
      csv: { type: "boolean", description: "print the per-row divergences as CSV" },
    },
    [
      "surprisal conditional 0.9,0.1;0.2,0.8 0.8,0.2;0.5,0.5 --weights 0.5,0.5",
      "surprisal conditional data.npy model.npy --input logits --csv",
    ],
    runConditional,
  ),
};
