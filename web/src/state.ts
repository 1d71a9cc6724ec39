/**
 * The explorer's whole state, and its round trip through the page address.
 *
 * Everything here is plain data handling: parsing, validating and writing query strings. No
 * measure is computed in this file (the library does that). A value read from a link is input like
 * any other: anything malformed, hostile or out of range is refused, the default is kept, and a
 * notice says what was ignored. Text from a link is only ever shown with `textContent`.
 */

/** Units the explorer offers; every number on the page is shown in the chosen one. */
export type Unit = "bits" | "nats" | "dits";
export const UNITS: readonly Unit[] = ["bits", "nats", "dits"];

/** One row of the "model against data" table: a context x, its weight, P(·|x) and Q(·|x). */
export interface ConditionalRow {
  x: string;
  weight: number;
  p: number[];
  q: number[];
}

/** The dataset of conditionals: outcome names y and one row per context x. */
export interface ConditionalData {
  outcomes: string[];
  rows: ConditionalRow[];
}

/** Everything a link reproduces. Distributions are stored as non-negative weights. */
export interface ExplorerState {
  unit: Unit;
  /** Section 1: the probability on the surprise slider, in (0, 1]. */
  surprise: number;
  /** Section 2: the distribution whose entropy is shown. */
  entropyLabels: string[];
  entropyWeights: number[];
  /** Section 3: P (the truth) and Q (the belief) over the same outcomes. */
  labels: string[];
  p: number[];
  q: number[];
  /** Section 3: show D(Q‖P) instead of D(P‖Q). */
  swapped: boolean;
  /** Section 3: the Rényi order α. */
  alpha: number;
  /** Section 3: the challenge's target for D(P‖Q), in bits. */
  target: number;
  /** Section 4: the seed and the number of draws. */
  seed: number;
  samples: number;
  /** Section 5: the dataset of conditionals. */
  data: ConditionalData;
  /** Section 6 (from samples): the seed, the sample size, the dependence of the 2-D table in [0, 1]. */
  fromSeed: number;
  fromN: number;
  dependence: number;
  /** Section 7 (two models): the example's other model, and the position shown (−1: the worst). */
  modelsOther: "int8" | "int4";
  modelsPos: number;
  /** Section 8 (two tables): the preset, the binning and its number of bins, the smoothing, and
   * the column shown (its index in the report; −1: the column with the largest JS divergence). */
  tablesPreset: TablesPreset;
  tablesBinning: TablesBinning;
  tablesBins: number;
  tablesSmoothing: TablesSmoothing;
  tablesColumn: number;
}

/** Section 8: the library's drift presets, the binnings and the smoothings offered. */
export const TABLES_PRESETS = ["evidently", "nannyml", "whylogs", "tfdv", "psi"] as const;
export type TablesPreset = (typeof TABLES_PRESETS)[number];
export const TABLES_BINNINGS = ["quantile", "fixed", "doane"] as const;
export type TablesBinning = (typeof TABLES_BINNINGS)[number];
export const TABLES_SMOOTHINGS = ["none", "jeffreys", "laplace"] as const;
export type TablesSmoothing = (typeof TABLES_SMOOTHINGS)[number];

/** Section 6: the sample sizes offered. */
export const FROM_SIZES: readonly number[] = [10, 30, 100, 300, 1000, 3000, 10000];

/** Limits on what a link may ask for. */
export const LIMITS = {
  maxOutcomes: 30,
  maxWeight: 1e6,
  maxSamples: 20_000,
  minSamples: 1,
  maxSeed: 2 ** 31 - 1,
  maxRows: 20,
  maxRowWeight: 1000,
  maxConditionalOutcomes: 8,
  maxParamLength: 4000,
  maxAlpha: 50,
  minSurprise: 0.001,
  minTablesBins: 2,
  maxTablesBins: 50,
  maxTablesColumn: 9999,
} as const;

/** Targets offered by the challenge, in bits. */
export const TARGETS: readonly number[] = [0.5, 0.1, 0.05, 0.01];

/** Named starting points for a single distribution (weights; the library normalizes them). */
export interface Preset {
  id: string;
  name: string;
  labels: string[];
  weights: number[];
}

/**
 * English letter frequencies in percent (Lewand, *Cryptological Mathematics*, 2000, as commonly
 * tabulated). They are weights: the library normalizes them.
 */
const ENGLISH: Record<string, number> = {
  a: 8.167,
  b: 1.492,
  c: 2.782,
  d: 4.253,
  e: 12.702,
  f: 2.228,
  g: 2.015,
  h: 6.094,
  i: 6.966,
  j: 0.153,
  k: 0.772,
  l: 4.025,
  m: 2.406,
  n: 6.749,
  o: 7.507,
  p: 1.929,
  q: 0.095,
  r: 5.987,
  s: 6.327,
  t: 9.056,
  u: 2.758,
  v: 0.978,
  w: 2.36,
  x: 0.15,
  y: 1.974,
  z: 0.074,
};

const DIE = ["1", "2", "3", "4", "5", "6"];

export const PRESETS: readonly Preset[] = [
  { id: "fair-coin", name: "Fair coin", labels: ["heads", "tails"], weights: [0.5, 0.5] },
  { id: "loaded-coin", name: "Loaded coin", labels: ["heads", "tails"], weights: [0.9, 0.1] },
  { id: "fair-die", name: "Fair die", labels: DIE, weights: [1, 1, 1, 1, 1, 1].map((w) => w / 6) },
  {
    id: "loaded-die",
    name: "Loaded die",
    labels: DIE,
    weights: [0.1, 0.1, 0.1, 0.1, 0.1, 0.5],
  },
  {
    id: "english",
    name: "English letters",
    labels: Object.keys(ENGLISH),
    weights: Object.values(ENGLISH),
  },
];

/** Named starting points for the pair P, Q. */
export interface PairPreset {
  id: string;
  name: string;
  labels: string[];
  p: number[];
  q: number[];
}

export const PAIR_PRESETS: readonly PairPreset[] = [
  {
    id: "die",
    name: "Loaded die vs fair die",
    labels: DIE,
    p: [0.1, 0.1, 0.1, 0.1, 0.1, 0.5],
    q: DIE.map(() => 1 / 6),
  },
  {
    id: "coin",
    name: "Fair coin vs loaded coin",
    labels: ["heads", "tails"],
    p: [0.5, 0.5],
    q: [0.9, 0.1],
  },
  {
    id: "english",
    name: "English letters vs uniform guess",
    labels: Object.keys(ENGLISH),
    p: Object.values(ENGLISH),
    q: Object.keys(ENGLISH).map(() => 1),
  },
  {
    id: "close",
    name: "Nearly the same",
    labels: ["a", "b", "c"],
    p: [0.34, 0.33, 0.33],
    q: [0.33, 0.34, 0.33],
  },
  {
    id: "zero",
    name: "Q rules out what P does",
    labels: ["rain", "cloud", "sun"],
    p: [0.2, 0.3, 0.5],
    q: [0, 0.4, 0.6],
  },
];

export function defaultData(): ConditionalData {
  return {
    outcomes: ["rain", "cloud", "sun"],
    rows: [
      { x: "humid", weight: 3, p: [0.6, 0.3, 0.1], q: [0.5, 0.3, 0.2] },
      { x: "dry", weight: 5, p: [0.05, 0.25, 0.7], q: [0.1, 0.3, 0.6] },
      { x: "windy", weight: 2, p: [0.3, 0.4, 0.3], q: [0.1, 0.3, 0.6] },
    ],
  };
}

/** The state of a fresh page. */
export function defaultState(): ExplorerState {
  const loaded = PRESETS.find((p) => p.id === "loaded-die")!;
  const pair = PAIR_PRESETS[0]!;
  return {
    unit: "bits",
    surprise: 0.25,
    entropyLabels: [...loaded.labels],
    entropyWeights: [...loaded.weights].map(round6),
    labels: [...pair.labels],
    p: pair.p.map(round6),
    q: pair.q.map(round6),
    swapped: false,
    alpha: 2,
    target: 0.05,
    seed: 42,
    samples: 1000,
    data: defaultData(),
    fromSeed: 7,
    fromN: 100,
    dependence: 0.5,
    modelsOther: "int4",
    modelsPos: -1,
    tablesPreset: "evidently",
    tablesBinning: "quantile",
    tablesBins: 10,
    tablesSmoothing: "none",
    tablesColumn: -1,
  };
}

/** Rounds to 6 significant digits, so that what a link stores is exactly what the page uses. */
export function round6(x: number): number {
  if (x === 0 || !Number.isFinite(x)) return x;
  return Number(x.toPrecision(6));
}

/**
 * Sets outcome `i` of a distribution to probability `v` and rescales the others so the whole
 * still adds up to 1 (their proportions kept; shared equally if they were all 0).
 * Returns new weights rounded to 6 significant digits.
 */
export function setProbability(weights: readonly number[], i: number, v: number): number[] {
  const n = weights.length;
  if (n === 0) return [];
  if (n === 1) return [1];
  const value = Math.min(1, Math.max(0, Number.isFinite(v) ? v : 0));
  let total = 0;
  for (const w of weights) total += w;
  const probs = weights.map((w) => (total > 0 ? w / total : 1 / n));
  let others = 0;
  for (let j = 0; j < n; j++) if (j !== i) others += probs[j]!;
  const rest = 1 - value;
  return probs.map((pj, j) => {
    if (j === i) return round6(value);
    return round6(others > 0 ? (pj * rest) / others : rest / (n - 1));
  });
}

// ---------------------------------------------------------------------------------------------
// Reading a link

/** Allowed shape of a label: letters, digits, spaces and a few marks; no markup characters. */
const LABEL = /^[\p{L}\p{N}][\p{L}\p{N} _.'+-]{0,19}$/u;

/** Raised while reading a parameter; the message is shown to the user (with textContent). */
class LinkError extends Error {}

function parseNumber(text: string, what: string, min: number, max: number): number {
  const t = text.trim();
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t)) {
    throw new LinkError(`${what} is not a number`);
  }
  const x = Number(t);
  if (!Number.isFinite(x)) throw new LinkError(`${what} is too large`);
  if (x < min) throw new LinkError(`${what} is below ${min}`);
  if (x > max) throw new LinkError(`${what} is above ${max}`);
  return x;
}

function parseInteger(text: string, what: string, min: number, max: number): number {
  const x = parseNumber(text, what, min, max);
  if (!Number.isInteger(x)) throw new LinkError(`${what} is not a whole number`);
  return x;
}

function parseWeights(text: string, what: string): number[] {
  const parts = text.split(",");
  if (parts.length > LIMITS.maxOutcomes) {
    throw new LinkError(`${what} has ${parts.length} outcomes (at most ${LIMITS.maxOutcomes})`);
  }
  const w = parts.map((s, i) => parseNumber(s, `value ${i + 1} of ${what}`, 0, LIMITS.maxWeight));
  if (!w.some((x) => x > 0)) throw new LinkError(`${what} is all zeros`);
  return w.map(round6);
}

function parseLabel(text: string, what: string): string {
  const t = text.trim();
  if (!LABEL.test(t)) {
    throw new LinkError(
      `${what} is not a plain name (letters, digits, spaces; at most 20 characters)`,
    );
  }
  return t;
}

function parseLabels(text: string, what: string): string[] {
  const parts = text.split(",");
  if (parts.length > LIMITS.maxOutcomes) {
    throw new LinkError(`${what} has ${parts.length} names (at most ${LIMITS.maxOutcomes})`);
  }
  const labels = parts.map((s, i) => parseLabel(s, `name ${i + 1} of ${what}`));
  if (new Set(labels).size !== labels.length) throw new LinkError(`${what} repeats a name`);
  return labels;
}

/**
 * Parses the dataset of conditionals from CSV text:
 * `x,weight,p_<y1>,…,p_<yk>,q_<y1>,…,q_<yk>`, one row per context.
 * Rows of P and Q are weights (normalized by the library); at least one entry of each row > 0.
 */
export function parseConditionalCsv(text: string): ConditionalData {
  if (text.length > LIMITS.maxParamLength) throw new LinkError("the table is too long");
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l.length > 0);
  if (lines.length < 2) throw new LinkError("the table needs a header line and at least one row");
  const header = lines[0]!.split(",").map((s) => s.trim());
  if (header[0]?.toLowerCase() !== "x" || header[1]?.toLowerCase() !== "weight") {
    throw new LinkError('the header must start with "x,weight"');
  }
  const rest = header.slice(2);
  if (rest.length % 2 !== 0 || rest.length < 4) {
    throw new LinkError("the header needs p_ and q_ columns for the same outcomes (at least 2)");
  }
  const k = rest.length / 2;
  if (k > LIMITS.maxConditionalOutcomes) {
    throw new LinkError(`the table has ${k} outcomes (at most ${LIMITS.maxConditionalOutcomes})`);
  }
  const outcomes: string[] = [];
  for (let j = 0; j < k; j++) {
    const pc = rest[j]!;
    const qc = rest[k + j]!;
    if (!/^p_/i.test(pc) || !/^q_/i.test(qc) || pc.slice(2) !== qc.slice(2)) {
      throw new LinkError(
        `columns ${j + 3} and ${k + j + 3} must be p_<outcome> and q_<outcome> for the same outcome`,
      );
    }
    outcomes.push(parseLabel(pc.slice(2), `outcome ${j + 1}`));
  }
  if (new Set(outcomes).size !== outcomes.length) throw new LinkError("an outcome is repeated");
  if (lines.length - 1 > LIMITS.maxRows) {
    throw new LinkError(`the table has ${lines.length - 1} rows (at most ${LIMITS.maxRows})`);
  }
  const rows = lines.slice(1).map((line, r) => {
    const cells = line.split(",");
    if (cells.length !== header.length) {
      throw new LinkError(`row ${r + 1} has ${cells.length} cells, the header ${header.length}`);
    }
    const x = parseLabel(cells[0]!, `row ${r + 1}'s x`);
    const weight = parseInteger(cells[1]!, `row ${r + 1}'s weight`, 0, LIMITS.maxRowWeight);
    const nums = cells
      .slice(2)
      .map((c, j) => round6(parseNumber(c, `row ${r + 1}, column ${j + 3}`, 0, LIMITS.maxWeight)));
    const p = nums.slice(0, k);
    const q = nums.slice(k);
    if (!p.some((v) => v > 0)) throw new LinkError(`row ${r + 1}'s P is all zeros`);
    if (!q.some((v) => v > 0)) throw new LinkError(`row ${r + 1}'s Q is all zeros`);
    return { x, weight, p, q };
  });
  if (!rows.some((r) => r.weight > 0)) throw new LinkError("every weight is zero");
  return { outcomes, rows };
}

/** Parses CSV text typed by the user: the data, or the sentence that says what is wrong. */
export function tryParseConditionalCsv(
  text: string,
): { ok: true; data: ConditionalData } | { ok: false; error: string } {
  try {
    return { ok: true, data: parseConditionalCsv(text) };
  } catch (e) {
    return { ok: false, error: e instanceof LinkError ? e.message : "the table could not be read" };
  }
}

/** Writes the dataset as the CSV text that {@link parseConditionalCsv} reads. */
export function conditionalToCsv(data: ConditionalData): string {
  const header = [
    "x",
    "weight",
    ...data.outcomes.map((y) => `p_${y}`),
    ...data.outcomes.map((y) => `q_${y}`),
  ];
  const lines = data.rows.map((r) =>
    [r.x, String(r.weight), ...r.p.map(String), ...r.q.map(String)].join(","),
  );
  return [header.join(","), ...lines].join("\n");
}

/** The result of reading a link: the state, and one sentence per value that was refused. */
export interface ParsedLink {
  state: ExplorerState;
  notices: string[];
}

/**
 * Splits a query string into decoded key/value pairs. Malformed percent-encoding in a pair is
 * reported, and that pair is skipped.
 */
function splitQuery(query: string, notices: string[]): Map<string, string> {
  const out = new Map<string, string>();
  const q = query.startsWith("?") ? query.slice(1) : query;
  if (q.length === 0) return out;
  for (const part of q.split("&")) {
    if (part.length === 0) continue;
    const eq = part.indexOf("=");
    const rawKey = eq < 0 ? part : part.slice(0, eq);
    const rawValue = eq < 0 ? "" : part.slice(eq + 1);
    let key: string;
    let value: string;
    try {
      key = decodeURIComponent(rawKey.replace(/\+/g, " "));
      value = decodeURIComponent(rawValue.replace(/\+/g, " "));
    } catch {
      notices.push(`A part of the link is not valid percent-encoding (${clip(part)}).`);
      continue;
    }
    out.set(key, value);
  }
  return out;
}

/** Shortens a raw piece of a link for a notice (shown with textContent, never as markup). */
function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 40)}…` : s;
}

const KNOWN = new Set([
  "u",
  "s",
  "el",
  "ew",
  "l",
  "p",
  "q",
  "dir",
  "a",
  "t",
  "seed",
  "n",
  "data",
  "fs",
  "fn",
  "fd",
  "mo",
  "mp",
  "tp",
  "tk",
  "tb",
  "ts",
  "tc",
]);

/**
 * Reads the state from a query string (`location.search`). Every parameter is optional; a missing
 * one keeps its default, and a bad one keeps its default with a notice.
 */
export function parseLink(query: string): ParsedLink {
  const state = defaultState();
  const notices: string[] = [];
  if (query.length > 20_000) {
    return { state, notices: ["The link is too long; the explorer starts from its defaults."] };
  }
  const params = splitQuery(query, notices);
  const take = (key: string, what: string, apply: (v: string) => void) => {
    const v = params.get(key);
    if (v === undefined) return;
    if (v.length > LIMITS.maxParamLength) {
      notices.push(`The link's ${what} is too long; the default is used instead.`);
      return;
    }
    try {
      apply(v);
    } catch (e) {
      const why = e instanceof LinkError ? e.message : "it could not be read";
      notices.push(
        `The link's setting for ${what} was ignored: ${why}. The default is used instead.`,
      );
    }
  };

  for (const key of params.keys()) {
    if (!KNOWN.has(key)) notices.push(`The link has an unknown setting (${clip(key)}); ignored.`);
  }

  take("u", "unit", (v) => {
    if (!(UNITS as readonly string[]).includes(v)) throw new LinkError("use bits, nats or dits");
    state.unit = v as Unit;
  });
  take("s", "probability for surprise", (v) => {
    state.surprise = round6(parseNumber(v, "it", LIMITS.minSurprise, 1));
  });
  take("el", "entropy distribution", (v) => {
    const labels = parseLabels(v, "the outcome names");
    const w = params.get("ew");
    if (w === undefined) throw new LinkError("it names the outcomes but gives no weights for them");
    const weights = parseWeights(w, "the weights");
    if (weights.length !== labels.length) {
      throw new LinkError(`${labels.length} names but ${weights.length} weights`);
    }
    if (labels.length < 2) throw new LinkError("at least 2 outcomes are needed");
    state.entropyLabels = labels;
    state.entropyWeights = weights;
  });
  if (!params.has("el") && params.has("ew")) {
    take("ew", "entropy distribution", (v) => {
      const weights = parseWeights(v, "the weights");
      if (weights.length !== state.entropyLabels.length) {
        throw new LinkError(`it has ${weights.length} weights but there are no names for them`);
      }
      state.entropyWeights = weights;
    });
  }
  if (params.has("l") || params.has("p") || params.has("q")) {
    take("l", "P and Q", () => {
      const labels = parseLabels(params.get("l") ?? "", "the outcome names");
      const p = parseWeights(params.get("p") ?? "", "P");
      const q = parseWeights(params.get("q") ?? "", "Q");
      if (p.length !== labels.length || q.length !== labels.length) {
        throw new LinkError(
          `${labels.length} names, ${p.length} values of P and ${q.length} of Q must match`,
        );
      }
      if (labels.length < 2) throw new LinkError("at least 2 outcomes are needed");
      state.labels = labels;
      state.p = p;
      state.q = q;
    });
    if (!params.has("l")) {
      notices.push(
        "The link's P and Q were ignored: it gives their values but not the names of the outcomes.",
      );
    }
  }
  take("dir", "direction", (v) => {
    if (v !== "pq" && v !== "qp") throw new LinkError('use "pq" or "qp"');
    state.swapped = v === "qp";
  });
  take("a", "Rényi order", (v) => {
    state.alpha = round6(parseNumber(v, "it", 0, LIMITS.maxAlpha));
  });
  take("t", "challenge target", (v) => {
    const t = parseNumber(v, "it", 0, 10);
    if (!TARGETS.includes(t)) throw new LinkError(`use one of ${TARGETS.join(", ")}`);
    state.target = t;
  });
  take("seed", "seed", (v) => {
    state.seed = parseInteger(v, "it", 0, LIMITS.maxSeed);
  });
  take("n", "number of draws", (v) => {
    state.samples = parseInteger(v, "it", LIMITS.minSamples, LIMITS.maxSamples);
  });
  take("data", "table of conditionals", (v) => {
    state.data = parseConditionalCsv(v);
  });
  take("fs", "seed of the samples", (v) => {
    state.fromSeed = parseInteger(v, "it", 0, LIMITS.maxSeed);
  });
  take("fn", "sample size", (v) => {
    const n = parseInteger(v, "it", 1, 10000);
    if (!FROM_SIZES.includes(n)) throw new LinkError(`use one of ${FROM_SIZES.join(", ")}`);
    state.fromN = n;
  });
  take("fd", "dependence", (v) => {
    state.dependence = round6(parseNumber(v, "it", 0, 1));
  });
  take("mo", "example's other model", (v) => {
    if (v !== "int8" && v !== "int4") throw new LinkError('use "int8" or "int4"');
    state.modelsOther = v;
  });
  take("mp", "position of the two models", (v) => {
    state.modelsPos = parseInteger(v, "it", -1, 1e7);
  });
  const oneOf = <T extends string>(v: string, allowed: readonly T[]): T => {
    if (!(allowed as readonly string[]).includes(v)) {
      throw new LinkError(`use ${allowed.map((a) => `"${a}"`).join(", ")}`);
    }
    return v as T;
  };
  take("tp", "preset of the two tables", (v) => {
    state.tablesPreset = oneOf(v, TABLES_PRESETS);
  });
  take("tk", "binning of the two tables", (v) => {
    state.tablesBinning = oneOf(v, TABLES_BINNINGS);
  });
  take("tb", "number of bins of the two tables", (v) => {
    state.tablesBins = parseInteger(v, "it", LIMITS.minTablesBins, LIMITS.maxTablesBins);
  });
  take("ts", "smoothing of the two tables", (v) => {
    state.tablesSmoothing = oneOf(v, TABLES_SMOOTHINGS);
  });
  take("tc", "column of the two tables", (v) => {
    state.tablesColumn = parseInteger(v, "it", -1, LIMITS.maxTablesColumn);
  });
  return { state, notices };
}

/** Writes the state as a query string (without the leading `?`); defaults are left out. */
export function serializeState(state: ExplorerState): string {
  const d = defaultState();
  const out = new URLSearchParams();
  const list = (xs: readonly (number | string)[]) => xs.map(String).join(",");
  if (state.unit !== d.unit) out.set("u", state.unit);
  if (state.surprise !== d.surprise) out.set("s", String(state.surprise));
  if (
    list(state.entropyLabels) !== list(d.entropyLabels) ||
    list(state.entropyWeights) !== list(d.entropyWeights)
  ) {
    out.set("el", list(state.entropyLabels));
    out.set("ew", list(state.entropyWeights));
  }
  if (
    list(state.labels) !== list(d.labels) ||
    list(state.p) !== list(d.p) ||
    list(state.q) !== list(d.q)
  ) {
    out.set("l", list(state.labels));
    out.set("p", list(state.p));
    out.set("q", list(state.q));
  }
  if (state.swapped) out.set("dir", "qp");
  if (state.alpha !== d.alpha) out.set("a", String(state.alpha));
  if (state.target !== d.target) out.set("t", String(state.target));
  if (state.seed !== d.seed) out.set("seed", String(state.seed));
  if (state.samples !== d.samples) out.set("n", String(state.samples));
  const csv = conditionalToCsv(state.data);
  if (csv !== conditionalToCsv(d.data)) out.set("data", csv);
  if (state.fromSeed !== d.fromSeed) out.set("fs", String(state.fromSeed));
  if (state.fromN !== d.fromN) out.set("fn", String(state.fromN));
  if (state.dependence !== d.dependence) out.set("fd", String(state.dependence));
  if (state.modelsOther !== d.modelsOther) out.set("mo", state.modelsOther);
  if (state.modelsPos !== d.modelsPos) out.set("mp", String(state.modelsPos));
  if (state.tablesPreset !== d.tablesPreset) out.set("tp", state.tablesPreset);
  if (state.tablesBinning !== d.tablesBinning) out.set("tk", state.tablesBinning);
  if (state.tablesBins !== d.tablesBins) out.set("tb", String(state.tablesBins));
  if (state.tablesSmoothing !== d.tablesSmoothing) out.set("ts", state.tablesSmoothing);
  if (state.tablesColumn !== d.tablesColumn) out.set("tc", String(state.tablesColumn));
  return out.toString().replace(/%2C/g, ",");
}
