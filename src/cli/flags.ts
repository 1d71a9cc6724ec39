/**
 * The flags and inputs several commands declare, in citty's `args` form. Help text is generated from
 * these declarations, so it cannot drift from the parser.
 */

/** The flags every measure command takes, named as the library's options. */
export const measureArgs = {
  base: {
    type: "string",
    valueHint: "nats|bits|dits|N",
    description: "unit of the result: nats (default), bits, dits, or a log base N > 0, N ≠ 1",
  },
  input: {
    type: "string",
    valueHint: "probabilities|counts|logprobs|logits",
    description: "how the inputs encode distributions (default probabilities)",
  },
  tolerance: {
    type: "string",
    valueHint: "x",
    description: "how far a probability vector's sum may be from 1 (default 1e-6)",
  },
  smoothing: {
    type: "string",
    valueHint: "none|jeffreys|laplace|x",
    description:
      "pseudo-counts added to every outcome's count: none (default), jeffreys (½), laplace (1) or x; with --input counts or --from-samples",
  },
  labels: {
    type: "string",
    valueHint: "first-column|none",
    description:
      "first-column: the first CSV/TSV column names the outcomes even if numeric (years, ids); default: a text first column",
  },
  json: {
    type: "boolean",
    description: 'print JSON: keys are the library\'s export names, +∞ is "Infinity"',
  },
  header: {
    type: "boolean",
    description:
      "the first CSV/TSV row is a header (--no-header: it is data); detected if not given",
  },
} as const;

/** `--rows` and `--csv`, for the commands that give one result per row. */
export const rowsArgs = {
  rows: {
    type: "boolean",
    description: "the inputs are matrices (one distribution per row): one result per row",
  },
  csv: { type: "boolean", description: "with --rows: print the row-wise results as CSV" },
} as const;

/** `--from-samples`: the inputs are observed outcomes, not distributions. */
export const samplesArgs = {
  "from-samples": {
    type: "boolean",
    description:
      "each input is a column of observed outcomes: compare their empirical distributions",
  },
} as const;

/**
 * `--smoothing`: pseudo-counts added to every outcome's count before a measure of histograms or
 * samples (one definition for every command that takes it).
 */
export const smoothingArgs = {
  smoothing: {
    type: "string",
    valueHint: "none|jeffreys|laplace|x",
    description:
      "pseudo-counts added to every outcome's count: none (default), jeffreys (½), laplace (1) or x; with --input counts or --from-samples",
  },
} as const;

/** `--estimator` and `--categories`: which entropy estimator, on what alphabet (entropy, mi). */
export const estimatorArgs = {
  estimator: {
    type: "string",
    valueHint: "plugin|miller-madow|jackknife|grassberger|chao-shen|nsb|james-stein",
    description: "with --from-samples: the entropy estimator (default plugin, the frequencies)",
  },
  categories: {
    type: "string",
    valueHint: "K",
    description: "alphabet size K, seen or not (NSB, James-Stein, the small-sample warning)",
  },
} as const;

/** `--estimator` of KL and JS from samples: the plug-in, or the plug-in minus its first-order bias. */
export const divergenceEstimatorArgs = {
  estimator: {
    type: "string",
    valueHint: "plugin|miller-madow",
    description:
      "with --from-samples: plugin (the frequencies, default) or miller-madow (minus the first-order sampling bias, ≈ 0 for two samples of one distribution)",
  },
} as const;

/** `--ci`, `--bootstrap`, `--seed`: a seeded bootstrap interval of an estimate. */
export const ciArgs = {
  ci: {
    type: "string",
    valueHint: "level",
    description: "a bootstrap confidence interval at this level, e.g. 0.95 (BCa)",
  },
  bootstrap: {
    type: "string",
    valueHint: "B",
    description: "bootstrap replicates for --ci (default 1000)",
  },
  seed: {
    type: "string",
    valueHint: "n",
    description: "seed of the bootstrap, permutations and jitter (default 42)",
  },
} as const;

/** `--continuous` and `--k`: k-nearest-neighbour estimators of continuous measurements. */
export const knnArgs = {
  continuous: {
    type: "boolean",
    description: "the inputs are continuous measurements: k-nearest-neighbour estimators",
  },
  k: { type: "string", valueHint: "k", description: "with --continuous: neighbours (default 3)" },
} as const;

/** The two inputs of a pair measure. */
export const pairInputs = {
  P: {
    type: "positional",
    description:
      "the truth: numbers (0.5,0.5), file.csv#column, file.json#name, file.npy or - (stdin)",
  },
  Q: { type: "positional", description: "the belief (the model), in the same forms" },
} as const;

/** Parsed flags, as citty hands them over (flag values are text until parsed). */
export interface Flags {
  base?: string | undefined;
  input?: string | undefined;
  tolerance?: string | undefined;
  json?: boolean | undefined;
  header?: boolean | undefined;
  smoothing?: string | undefined;
  labels?: string | undefined;
  rows?: boolean | undefined;
  csv?: boolean | undefined;
  "from-samples"?: boolean | undefined;
  fromSamples?: boolean | undefined;
  [flag: string]: unknown;
}

/** Whether `--from-samples` was given. */
export function fromSamples(flags: Flags): boolean {
  return flags["from-samples"] === true || flags.fromSamples === true;
}
