import { describeValue, SurprisalError } from "../errors.js";
import { bootstrapInterval, type CiOptions, resolveCi } from "../estimators/bootstrap.js";
import { checkSmoothing, type SampleSmoothing } from "../estimators/divergence.js";
import type { ConfidenceInterval } from "../estimators/result.js";
import { createRng } from "../numeric/rng.js";
import { logOfBase, unitName } from "../numeric/units.js";
import type { Base } from "../types.js";
import { type Binning, binEdges, countSorted, type DriftBin, numericBins } from "./bins.js";
import {
  type ColumnType,
  columnLength,
  columnsOf,
  type DriftTable,
  detectType,
  isCounted,
  type PreparedColumn,
  prepareColumn,
} from "./columns.js";
import {
  type BinnedMeasures,
  binnedMeasures,
  binTerms,
  chiSquareTest,
  smooth,
} from "./measures.js";
import {
  checkPreset,
  type DriftMeasure,
  type DriftRule,
  type PresetName,
  presetRule,
  statusOf,
} from "./presets.js";
import { multinomial, permutedSplit } from "./samplers.js";
import { distinctUnion, ksTest, populationStd, sortedFinite, wasserstein } from "./samples.js";

/** Options of {@link driftReport}. */
export interface DriftOptions {
  /** The columns to compare (default: every column of the reference that the current has too). */
  columns?: readonly string[];
  /** Column types by name, overriding detection (e.g. a numeric code read as `"categorical"`). */
  types?: Readonly<Record<string, ColumnType>>;
  /** How numeric columns are binned, on the reference only. Default `"quantile"`. */
  binning?: Binning;
  /** Number of bins for `"quantile"` and `"fixed"` (≥ 1). Default 10. */
  bins?: number;
  /** Pseudo-counts added to every bin of both tables (default `"none"`: ∞ is reported with its bin). */
  smoothing?: SampleSmoothing;
  /** Unit of KL and JS (default nats). PSI is always in nats, as its usual thresholds are. */
  base?: Base;
  /** The decision rule: a tool's defaults by name, or an explicit rule. Default `"evidently"`. */
  preset?: PresetName | DriftRule;
  /** Seeded bootstrap intervals of the binned measures (the bin counts are resampled). */
  ci?: CiOptions | boolean;
  /** Permutations for a p-value of the JS divergence (0, the default, for none). */
  permutations?: number;
  /** Seed of the permutations (default: the `ci` seed, else 42). */
  seed?: number;
  /** How many bins the "why" lists per column. Default 3. */
  top?: number;
}

/** The measures of one column, in the report's unit where they carry one. */
export interface DriftMeasures {
  /** Population stability index Σ (q − p)·ln(q/p) = KL(P‖Q) + KL(Q‖P), in nats. */
  psi: number;
  /** KL(reference‖current) and KL(current‖reference). */
  klReferenceCurrent: number;
  klCurrentReference: number;
  /** Jensen–Shannon divergence and distance √JS (in the report's unit). */
  jsDivergence: number;
  jsDistance: number;
  /** JS and KL(reference‖current) minus their first-order sampling bias (≈ 0 for two samples of one distribution; may be < 0). */
  jsCorrected: number;
  klCorrected: number;
  /** Hellinger, total variation and L∞ distances of the bin shares (unitless). */
  hellinger: number;
  totalVariation: number;
  lInfinity: number;
  /** Numeric columns: W₁ of the raw values, and W₁ divided by the reference's standard deviation. */
  wasserstein?: number;
  wassersteinNormed?: number;
  /** Numeric columns: two-sample Kolmogorov–Smirnov statistic and asymptotic p-value. */
  ks?: { statistic: number; pValue: number };
  /** Pearson's χ² homogeneity test on the raw bin counts. */
  chiSquare: { statistic: number; df: number; pValue: number };
}

/** The rows of one table in one column. */
export interface DriftSide {
  /** Non-missing rows. */
  rows: number;
  missing: number;
  /** missing / (rows + missing). */
  missingShare: number;
}

/** A bin's part in the drift: its shares and its term of the JS divergence. */
export interface DriftReason {
  kind: DriftBin["kind"];
  label: string;
  referenceShare: number;
  currentShare: number;
  /** The bin's term of JS (report's unit). */
  contribution: number;
  /** contribution / JS. */
  share: number;
}

/** One column of a {@link DriftReport}. */
export interface ColumnDrift {
  name: string;
  type: ColumnType;
  reference: DriftSide;
  current: DriftSide;
  /** The bins (numeric: below, intervals, above; categorical: reference categories, then unseen). */
  bins: DriftBin[];
  measures: DriftMeasures;
  /** For each infinite measure, the first bin that makes it infinite (no smoothing). */
  infiniteAt: Partial<Record<"psi" | "klReferenceCurrent" | "klCurrentReference", string>>;
  /** Categorical: categories of the current table absent from the reference, most frequent first (up to 10). */
  unseen: { label: string; count: number }[];
  /** Bootstrap intervals of the binned measures (finite ones whose replicates are all finite). */
  ci?: Partial<Record<keyof BinnedMeasures | "jsDistance", ConfidenceInterval>>;
  /** Permutation test of the JS divergence: p = (1 + #{JS* ≥ JS})/(1 + B). */
  permutation?: { pValue: number; permutations: number; seed: number };
  /** The preset's verdict. */
  decision: {
    measure: DriftMeasure;
    value: number;
    threshold: number;
    possible?: number;
    rule: DriftRule["rule"];
    unit?: string;
    status: "drift" | "possible-drift" | "no-drift";
    drifted: boolean;
  };
  /** The bins that contribute most to JS, largest first. */
  why: DriftReason[];
}

/** What {@link driftReport} returns. */
export interface DriftReport {
  preset: string;
  /** Unit of KL and JS. */
  unit: string;
  binning: "quantile" | "fixed" | "doane" | "edges";
  bins: number;
  smoothing: { name: "none" | "jeffreys" | "laplace" | "perks" | "add-alpha"; pseudoCount: number };
  rows: { reference: number; current: number };
  columns: ColumnDrift[];
  /** Columns present in one table only (reported, not compared). */
  onlyInReference: string[];
  onlyInCurrent: string[];
  /** Columns whose decision is "drift", and their share of the columns compared. */
  drifted: number;
  share: number;
}

const BINNED: readonly (keyof BinnedMeasures | "jsDistance")[] = [
  "psi",
  "klReferenceCurrent",
  "klCurrentReference",
  "jsDivergence",
  "jsDistance",
  "jsCorrected",
  "klCorrected",
  "hellinger",
  "totalVariation",
  "lInfinity",
];

function rowCount(columns: Map<string, unknown>, argument: string): number {
  let n: number | undefined;
  for (const [name, c] of columns) {
    const len = columnLength(c);
    if (n !== undefined && len !== n) {
      throw new SurprisalError(
        "length-mismatch",
        `${argument}[${JSON.stringify(name)}] has ${len} rows but the table's first column has ${n}`,
        { argument: `${argument}[${JSON.stringify(name)}]`, value: len },
      );
    }
    n = len;
  }
  return n ?? 0;
}

function checkCount(value: unknown, argument: string, minimum: number): number {
  if (typeof value !== "number" || !Number.isInteger(value) || value < minimum) {
    throw new SurprisalError(
      "invalid-option",
      `${argument} = ${describeValue(value)} is not valid: it must be a whole number >= ${minimum}`,
      { argument, value },
    );
  }
  return value;
}

/**
 * Has my data changed? Compares two tables column by column: the reference (P: training data,
 * last month) and the current table (Q), with bins fitted on the reference only, explicit
 * out-of-range and unseen-category bins, stated smoothing, every usual drift measure, a
 * bias-corrected JS/KL, optional seeded bootstrap intervals and permutation p-values, a preset's
 * verdict, and the "why": the bins that contribute most.
 *
 * Per column, with p, q the bin shares (after smoothing α: p = (r + α)/(n + Kα)):
 * PSI = Σ (q − p)·ln(q/p); KL(P‖Q), KL(Q‖P); JS = ½KL(P‖M) + ½KL(Q‖M), M = (P + Q)/2, and √JS;
 * Hellinger √(½Σ(√p − √q)²); TV = ½Σ|p − q|; L∞ = max|p − q|; numeric columns also W₁/σ_ref (raw
 * values) and the two-sample K-S test; every column Pearson's χ² homogeneity test on the raw counts.
 * Missing values (NaN, null, undefined, code −1) are counted apart and their shares reported.
 *
 * Reference: Evidently, NannyML, whylogs and TFDV documentation (presets, docs/drift.md);
 * Lin (1991) for JS; Siddiqi, "Credit Risk Scorecards" (2006) for PSI; Efron (1987) for BCa.
 *
 * @param reference - the reference table P: columns by name (arrays, typed arrays, encoded
 *   categorical columns) or an array of row objects.
 * @param current - the current table Q, in the same forms.
 * @param options - columns, types, binning, bins, smoothing, base, preset, ci, permutations, seed, top.
 * @throws {SurprisalError} `not-found` for a requested column absent from a table; `empty` for an
 *   empty table or a column all missing; `wrong-type` for a column whose type differs between the
 *   tables; `invalid-option` for a bad option.
 * @example
 * ```ts
 * const r = driftReport({ x: [1, 2, 3, 4, 5, 6, 7, 8] }, { x: [5, 6, 7, 8, 9, 10, 11, 12] }, { bins: 4 });
 * r.columns[0].measures.totalVariation; // 0.5
 * r.columns[0].why[0].label; // "> 8"
 * ```
 */
export function driftReport(
  reference: DriftTable,
  current: DriftTable,
  options: DriftOptions = {},
): DriftReport {
  const ref = columnsOf(reference, "reference");
  const cur = columnsOf(current, "current");
  const nRef = rowCount(ref, "reference");
  const nCur = rowCount(cur, "current");
  if (ref.size === 0 || nRef === 0) {
    throw new SurprisalError("empty", "reference is empty: it has no rows or no columns", {
      argument: "reference",
      value: nRef,
    });
  }
  if (cur.size === 0 || nCur === 0) {
    throw new SurprisalError("empty", "current is empty: it has no rows or no columns", {
      argument: "current",
      value: nCur,
    });
  }
  const preset = checkPreset(options.preset);
  const binning = options.binning ?? "quantile";
  const bins = checkCount(options.bins ?? 10, "bins", 1);
  const top = checkCount(options.top ?? 3, "top", 0);
  const permutations = checkCount(options.permutations ?? 0, "permutations", 0);
  const { name: smoothingName, alpha } = checkSmoothing(options.smoothing);
  const logBase = logOfBase(options.base);
  const unit = unitName(options.base);
  const ci = resolveCi(options.ci);
  const seed = options.seed ?? ci?.seed ?? 42;
  createRng(seed); // checks the seed
  const onlyInReference = [...ref.keys()].filter((k) => !cur.has(k));
  const onlyInCurrent = [...cur.keys()].filter((k) => !ref.has(k));
  let names: string[];
  if (options.columns !== undefined) {
    if (!Array.isArray(options.columns) || options.columns.length === 0) {
      throw new SurprisalError("invalid-option", "columns must be a non-empty array of names", {
        argument: "columns",
        value: options.columns,
      });
    }
    names = [...options.columns];
    for (const [table, side] of [
      [ref, "reference"],
      [cur, "current"],
    ] as const) {
      const missing = names.filter((n) => !table.has(n));
      if (missing.length > 0) {
        throw new SurprisalError(
          "not-found",
          `${side} has no column ${missing.map((m) => JSON.stringify(m)).join(", ")}: its columns are ${[...table.keys()].map((m) => JSON.stringify(m)).join(", ")}`,
          { argument: "columns", index: names.indexOf(missing[0] as string), value: missing[0] },
        );
      }
    }
  } else {
    names = [...ref.keys()].filter((k) => cur.has(k));
    if (names.length === 0) {
      throw new SurprisalError(
        "not-found",
        `the tables have no column in common: reference has ${[...ref.keys()].map((m) => JSON.stringify(m)).join(", ")}; current has ${[...cur.keys()].map((m) => JSON.stringify(m)).join(", ")}`,
        { argument: "columns", value: [] },
      );
    }
  }
  const columns = names.map((name) =>
    compareColumn(name, ref.get(name), cur.get(name), {
      type: options.types?.[name],
      binning,
      bins,
      alpha,
      logBase,
      unit,
      preset,
      ci,
      permutations,
      seed,
      top,
    }),
  );
  const drifted = columns.filter((c) => c.decision.drifted).length;
  return {
    preset: typeof preset === "string" ? preset : "custom",
    unit,
    binning: Array.isArray(binning) ? "edges" : (binning as "quantile" | "fixed" | "doane"),
    bins: Array.isArray(binning) ? binning.length - 1 : bins,
    smoothing: { name: smoothingName, pseudoCount: alpha },
    rows: { reference: nRef, current: nCur },
    columns,
    onlyInReference,
    onlyInCurrent,
    drifted,
    share: drifted / columns.length,
  };
}

interface ColumnOptions {
  type: ColumnType | undefined;
  binning: Binning;
  bins: number;
  alpha: number;
  logBase: number;
  unit: string;
  preset: PresetName | DriftRule;
  ci: ReturnType<typeof resolveCi>;
  permutations: number;
  seed: number;
  top: number;
}

const TYPES: readonly ColumnType[] = ["numeric", "categorical", "boolean", "datetime"];

function compareColumn(
  name: string,
  refColumn: unknown,
  curColumn: unknown,
  o: ColumnOptions,
): ColumnDrift {
  const ra = `reference[${JSON.stringify(name)}]`;
  const ca = `current[${JSON.stringify(name)}]`;
  let type: ColumnType;
  if (o.type !== undefined) {
    if (!TYPES.includes(o.type)) {
      throw new SurprisalError(
        "invalid-option",
        `types[${JSON.stringify(name)}] = ${describeValue(o.type)} is not valid: use ${TYPES.join(", ")}`,
        { argument: `types[${JSON.stringify(name)}]`, value: o.type },
      );
    }
    type = o.type;
  } else {
    type = detectType(refColumn as never, ra);
    const other = detectType(curColumn as never, ca);
    if (other !== type && !allMissing(curColumn)) {
      throw new SurprisalError(
        "wrong-type",
        `${ca} is ${other} but ${ra} is ${type}: a column must have one type in both tables (or give its type)`,
        { argument: ca, value: other },
      );
    }
  }
  const r = prepareColumn(refColumn as never, type, ra);
  const c = prepareColumn(curColumn as never, type, ca);
  const side = (p: PreparedColumn): DriftSide => {
    const total =
      p.kind === "numeric"
        ? p.values.length
        : p.counts === undefined
          ? p.codes.length
          : p.counts.reduce((a, b) => a + b, p.missing);
    return { rows: total - p.missing, missing: p.missing, missingShare: p.missing / total };
  };
  const refSide = side(r);
  const curSide = side(c);
  for (const [s, arg] of [
    [refSide, ra],
    [curSide, ca],
  ] as const) {
    if (s.rows === 0) {
      throw new SurprisalError("empty", `${arg} has no value: all ${s.missing} rows are missing`, {
        argument: arg,
        value: s.missing,
      });
    }
  }
  let rc: Float64Array;
  let cc: Float64Array;
  let shells: Pick<DriftBin, "kind" | "label" | "lower" | "upper">[];
  let sampleMeasures: Pick<DriftMeasures, "wasserstein" | "wassersteinNormed" | "ks"> = {};
  let unseen: { label: string; count: number }[] = [];
  let distinct: number;
  if (r.kind === "numeric" && c.kind === "numeric") {
    const xs = sortedFinite(r.values, r.missing, 0);
    const ys = sortedFinite(c.values, c.missing, 1);
    const edges = binEdges(xs, o.binning, o.bins);
    rc = countSorted(xs, edges);
    cc = countSorted(ys, edges);
    shells = numericBins(edges, type === "datetime");
    const w = wasserstein(xs, ys);
    const sd = populationStd(xs);
    sampleMeasures = {
      wasserstein: w,
      wassersteinNormed: w === 0 ? 0 : sd > 0 ? w / sd : Number.POSITIVE_INFINITY,
      ks: ksTest(xs, ys),
    };
    distinct = distinctUnion(xs, ys, 6);
  } else if (r.kind === "categorical" && c.kind === "categorical") {
    ({ rc, cc, shells, unseen, distinct } = categoricalCounts(r, c));
  } else {
    throw new SurprisalError("internal", "the two columns were prepared differently", {
      argument: name,
    });
  }
  const rs = smooth(rc, o.alpha);
  const cs = smooth(cc, o.alpha);
  const nats = binnedMeasures(rs, cs, refSide.rows, curSide.rows);
  const scale = 1 / o.logBase;
  const measures: DriftMeasures = {
    psi: nats.psi,
    klReferenceCurrent: nats.klReferenceCurrent * scale,
    klCurrentReference: nats.klCurrentReference * scale,
    jsDivergence: nats.jsDivergence * scale,
    jsDistance: Math.sqrt(nats.jsDivergence * scale),
    jsCorrected: nats.jsCorrected * scale,
    klCorrected: nats.klCorrected * scale,
    hellinger: nats.hellinger,
    totalVariation: nats.totalVariation,
    lInfinity: nats.lInfinity,
    ...sampleMeasures,
    chiSquare: chiSquareTest(rc, cc),
  };
  const binsOut: DriftBin[] = shells.map((s, i) => ({
    ...s,
    reference: rc[i],
    current: cc[i],
    referenceShare: rc[i] / refSide.rows,
    currentShare: cc[i] / curSide.rows,
  }));
  const infiniteAt: ColumnDrift["infiniteAt"] = {};
  const firstBin = (pred: (i: number) => boolean) => {
    for (let i = 0; i < rs.length; i++) if (pred(i)) return binsOut[i]?.label;
    return undefined;
  };
  if (!Number.isFinite(nats.klReferenceCurrent)) {
    infiniteAt.klReferenceCurrent = firstBin((i) => rs[i] > 0 && cs[i] === 0);
  }
  if (!Number.isFinite(nats.klCurrentReference)) {
    infiniteAt.klCurrentReference = firstBin((i) => cs[i] > 0 && rs[i] === 0);
  }
  if (!Number.isFinite(nats.psi)) {
    infiniteAt.psi = firstBin((i) => rs[i] > 0 !== cs[i] > 0);
  }
  const terms = binTerms(rs, cs);
  let jsSum = 0;
  for (let i = 0; i < terms.js.length; i++) jsSum += terms.js[i];
  const order = Array.from(terms.js.keys())
    .filter((i) => terms.js[i] > 0)
    .sort((a, b) => terms.js[b] - terms.js[a] || a - b)
    .slice(0, o.top);
  const why: DriftReason[] = order.map((i) => ({
    kind: binsOut[i].kind,
    label: binsOut[i].label,
    referenceShare: binsOut[i].referenceShare,
    currentShare: binsOut[i].currentShare,
    contribution: terms.js[i] * scale,
    share: terms.js[i] / jsSum,
  }));
  const out: ColumnDrift = {
    name,
    type,
    reference: refSide,
    current: curSide,
    bins: binsOut,
    measures,
    infiniteAt,
    unseen,
    decision: undefined as unknown as ColumnDrift["decision"],
    why,
  };
  if (o.ci !== undefined) out.ci = intervals(rc, cc, refSide.rows, curSide.rows, o, nats);
  if (o.permutations > 0) {
    out.permutation = permutationTest(
      rc,
      cc,
      refSide.rows,
      o.alpha,
      o.permutations,
      o.seed,
      nats.jsDivergence,
    );
  }
  const rule = presetRule(o.preset, { type, referenceRows: refSide.rows, distinct });
  out.decision = decide(rule, out, nats);
  return out;
}

function allMissing(column: unknown): boolean {
  if (isCounted(column)) return column.counts.every((n) => n === 0);
  if (!Array.isArray(column)) return false;
  return column.every(
    (v) => v === null || v === undefined || (typeof v === "number" && Number.isNaN(v)),
  );
}

function categoricalCounts(
  r: Extract<PreparedColumn, { kind: "categorical" }>,
  c: Extract<PreparedColumn, { kind: "categorical" }>,
): {
  rc: Float64Array;
  cc: Float64Array;
  shells: Pick<DriftBin, "kind" | "label">[];
  unseen: { label: string; count: number }[];
  distinct: number;
} {
  const byCode = (x: typeof r) => {
    if (x.counts !== undefined) return x.counts;
    const out = new Float64Array(x.labels.length);
    for (let i = 0; i < x.codes.length; i++) if (x.codes[i] >= 0) out[x.codes[i]]++;
    return out;
  };
  const rByCode = byCode(r);
  const cByCode = byCode(c);
  // Reference categories (with at least one row), most frequent first, ties by label.
  const cats = [...r.labels.keys()]
    .filter((k) => rByCode[k] > 0)
    .sort(
      (a, b) =>
        rByCode[b] - rByCode[a] ||
        (r.labels[a] < r.labels[b] ? -1 : r.labels[a] > r.labels[b] ? 1 : 0),
    );
  const position = new Map<string, number>();
  cats.forEach((k, i) => {
    position.set(r.labels[k] as string, i);
  });
  const K = cats.length;
  const rc = new Float64Array(K + 1);
  const cc = new Float64Array(K + 1);
  cats.forEach((k, i) => {
    rc[i] = rByCode[k];
  });
  const unseenCounts = new Map<string, number>();
  for (let k = 0; k < c.labels.length; k++) {
    if (cByCode[k] === 0) continue;
    const label = c.labels[k] as string;
    const at = position.get(label);
    if (at === undefined) {
      cc[K] += cByCode[k];
      unseenCounts.set(label, (unseenCounts.get(label) ?? 0) + cByCode[k]);
    } else cc[at] += cByCode[k];
  }
  const unseen = [...unseenCounts.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
    .slice(0, 10)
    .map(([label, count]) => ({ label, count }));
  const shells: Pick<DriftBin, "kind" | "label">[] = cats.map((k) => ({
    kind: "category",
    label: r.labels[k] as string,
  }));
  shells.push({ kind: "unseen", label: "(unseen)" });
  return { rc, cc, shells, unseen, distinct: K + unseenCounts.size };
}

function decisionValue(
  measure: DriftMeasure,
  col: ColumnDrift,
  nats: BinnedMeasures,
  rule: DriftRule,
): number {
  const s = 1 / logOfBase(rule.base);
  switch (measure) {
    case "psi":
      return nats.psi;
    case "klReferenceCurrent":
      return nats.klReferenceCurrent * s;
    case "klCurrentReference":
      return nats.klCurrentReference * s;
    case "jsDivergence":
      return nats.jsDivergence * s;
    case "jsDistance":
      return Math.sqrt(nats.jsDivergence * s);
    case "jsCorrected":
      return nats.jsCorrected * s;
    case "hellinger":
      return nats.hellinger;
    case "totalVariation":
      return nats.totalVariation;
    case "lInfinity":
      return nats.lInfinity;
    case "wassersteinNormed":
      return col.measures.wassersteinNormed ?? Number.NaN;
    case "ksPValue":
      return col.measures.ks?.pValue ?? Number.NaN;
    case "chiSquarePValue":
      return col.measures.chiSquare.pValue;
    case "permutationPValue":
      return col.permutation?.pValue ?? Number.NaN;
  }
}

function decide(rule: DriftRule, col: ColumnDrift, nats: BinnedMeasures): ColumnDrift["decision"] {
  const value = decisionValue(rule.measure, col, nats, rule);
  if (Number.isNaN(value)) {
    throw new SurprisalError(
      "invalid-option",
      `preset.measure = "${rule.measure}" is not available for column ${JSON.stringify(col.name)} (${col.type}${rule.measure === "permutationPValue" ? ", permutations: 0" : ""})`,
      { argument: "preset.measure", value: rule.measure },
    );
  }
  const status = statusOf(value, rule);
  const unitful = [
    "klReferenceCurrent",
    "klCurrentReference",
    "jsDivergence",
    "jsDistance",
    "jsCorrected",
  ];
  return {
    measure: rule.measure,
    value,
    threshold: rule.threshold,
    ...(rule.possible !== undefined ? { possible: rule.possible } : {}),
    rule: rule.rule,
    ...(unitful.includes(rule.measure)
      ? { unit: unitName(rule.base) }
      : rule.measure === "psi"
        ? { unit: "nats" }
        : {}),
    status,
    drifted: status === "drift",
  };
}

function pick(m: BinnedMeasures, key: keyof BinnedMeasures | "jsDistance"): number {
  return key === "jsDistance" ? Math.sqrt(m.jsDivergence) : m[key];
}

/**
 * Bootstrap intervals of every finite binned measure: each table's bin counts are resampled as a
 * multinomial of its own rows (the law of resampling the rows), smoothed, and measured; BCa uses
 * the jackknife of one row left out of each bin, weighted by the bin's count.
 */
function intervals(
  rc: Float64Array,
  cc: Float64Array,
  n: number,
  m: number,
  o: ColumnOptions,
  est: BinnedMeasures,
): ColumnDrift["ci"] {
  const ci = o.ci as NonNullable<ColumnOptions["ci"]>;
  const B = ci.replicates;
  const rng = createRng(ci.seed);
  const reps = new Map(BINNED.map((k) => [k, new Float64Array(B)]));
  const br = new Float64Array(rc.length);
  const bc = new Float64Array(cc.length);
  for (let b = 0; b < B; b++) {
    multinomial(rng, n, rc, br);
    multinomial(rng, m, cc, bc);
    const v = binnedMeasures(smooth(br, o.alpha), smooth(bc, o.alpha), n, m);
    for (const k of BINNED) (reps.get(k) as Float64Array)[b] = pick(v, k);
  }
  const jack: BinnedMeasures[] = [];
  const weights: number[] = [];
  for (const [own, size] of [
    [rc, n],
    [cc, m],
  ] as const) {
    if (size < 2) continue;
    for (let i = 0; i < own.length; i++) {
      if (own[i] === 0) continue;
      const a = Float64Array.from(rc);
      const b = Float64Array.from(cc);
      (own === rc ? a : b)[i] -= 1;
      jack.push(
        binnedMeasures(
          smooth(a, o.alpha),
          smooth(b, o.alpha),
          own === rc ? n - 1 : n,
          own === cc ? m - 1 : m,
        ),
      );
      weights.push(own[i]);
    }
  }
  const out: NonNullable<ColumnDrift["ci"]> = {};
  const unitful = new Set([
    "klReferenceCurrent",
    "klCurrentReference",
    "jsDivergence",
    "jsCorrected",
    "klCorrected",
  ]);
  for (const k of BINNED) {
    const values = reps.get(k) as Float64Array;
    const estimate = pick(est, k);
    if (!Number.isFinite(estimate) || !values.every(Number.isFinite)) continue;
    const jv = jack.map((j) => pick(j, k));
    let next = 0;
    const interval = bootstrapInterval(
      estimate,
      () => values[next++],
      jv.length > 0 && jv.every(Number.isFinite) ? { values: jv, weights } : undefined,
      ci,
    );
    const s = k === "jsDistance" ? 1 / Math.sqrt(o.logBase) : unitful.has(k) ? 1 / o.logBase : 1;
    out[k] =
      s === 1
        ? interval
        : {
            ...interval,
            lower: interval.lower * s,
            upper: interval.upper * s,
            se: interval.se * s,
            bias: interval.bias * s,
          };
  }
  return out;
}

/** The permutation p-value of the JS divergence, from multivariate hypergeometric splits. */
function permutationTest(
  rc: Float64Array,
  cc: Float64Array,
  n: number,
  alpha: number,
  B: number,
  seed: number,
  observed: number,
): { pValue: number; permutations: number; seed: number } {
  const rng = createRng(seed);
  const pooled = new Float64Array(rc.length);
  for (let i = 0; i < rc.length; i++) pooled[i] = rc[i] + cc[i];
  const a = new Float64Array(rc.length);
  const b = new Float64Array(rc.length);
  let atLeast = 0;
  const bar = observed * (1 - 1e-12);
  for (let t = 0; t < B; t++) {
    permutedSplit(rng, pooled, n, a);
    for (let i = 0; i < a.length; i++) b[i] = pooled[i] - a[i];
    const v = binnedMeasures(smooth(a, alpha), smooth(b, alpha), n, 1).jsDivergence;
    if (v >= bar) atLeast++;
  }
  return { pValue: (1 + atLeast) / (1 + B), permutations: B, seed };
}
