import { rename, writeFile } from "node:fs/promises";
import {
  type CiOptions,
  type ColumnDrift,
  type ColumnType,
  DRIFT_PRESETS,
  type DriftOptions,
  type DriftReport,
  driftReport,
  type PresetName,
  type SampleSmoothing,
  SurprisalError,
} from "../../index.js";
import { readDriftTables, type Table, type TableColumnType, TableReadError } from "../../node.js";
import { defineCommand } from "../command.js";
import { driftHtml } from "../drift-html.js";
import { dataError, usageError } from "../errors.js";
import type { Flags } from "../flags.js";
import { human, percent, table } from "../format.js";
import { parseBase, parseIntegerFlag, parseNumberFlag } from "../options.js";

const TYPES: readonly string[] = ["numeric", "categorical", "boolean", "datetime"];

function list(text: string | undefined): string[] | undefined {
  if (text === undefined) return undefined;
  const items = text
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s !== "");
  return items.length > 0 ? items : undefined;
}

/** The library options from the flags (usage errors name the flag and its value). */
function driftOptions(flags: Flags): DriftOptions & { types: Record<string, ColumnType> } {
  const preset = flags.preset as string | undefined;
  if (preset !== undefined && !(DRIFT_PRESETS as readonly string[]).includes(preset)) {
    throw usageError(
      `--preset ${JSON.stringify(preset)} is not a preset: use ${DRIFT_PRESETS.join(", ")}`,
    );
  }
  const binningText = flags.binning as string | undefined;
  let binning: DriftOptions["binning"];
  if (binningText !== undefined) {
    if (["quantile", "fixed", "doane"].includes(binningText)) binning = binningText as "quantile";
    else {
      const edges = binningText.split(",").map((s) => Number(s.trim()));
      if (edges.length < 2 || edges.some((e) => !Number.isFinite(e))) {
        throw usageError(
          `--binning ${JSON.stringify(binningText)} is not valid: use quantile, fixed, doane or edges like 0,10,20`,
        );
      }
      binning = edges;
    }
  }
  const smoothingText = flags.smoothing as string | undefined;
  let smoothing: SampleSmoothing | undefined;
  if (smoothingText !== undefined) {
    if (["none", "jeffreys", "laplace"].includes(smoothingText))
      smoothing = smoothingText as SampleSmoothing;
    else
      smoothing = parseNumberFlag(
        "smoothing",
        smoothingText,
        (x) => Number.isFinite(x) && x >= 0,
        "use none, jeffreys, laplace or a pseudo-count >= 0",
      );
  }
  const types: Record<string, ColumnType> = {};
  for (const item of list(flags.types as string | undefined) ?? []) {
    const at = item.lastIndexOf(":");
    const type = item.slice(at + 1);
    if (at <= 0 || !TYPES.includes(type)) {
      throw usageError(
        `--types ${JSON.stringify(item)} is not valid: write column:type with a type among ${TYPES.join(", ")}`,
      );
    }
    types[item.slice(0, at)] = type as ColumnType;
  }
  const level = parseNumberFlag(
    "ci",
    flags.ci as string | undefined,
    (x) => x > 0 && x < 1,
    "a coverage between 0 and 1, e.g. 0.95",
  );
  const replicates = parseIntegerFlag(
    "replicates",
    flags.replicates as string | undefined,
    10,
    1e7,
  );
  const seed = parseIntegerFlag("seed", flags.seed as string | undefined, -(2 ** 31), 2 ** 31 - 1);
  const method = flags["ci-method"] as string | undefined;
  if (method !== undefined && method !== "bca" && method !== "percentile") {
    throw usageError(`--ci-method ${JSON.stringify(method)} is not valid: use bca or percentile`);
  }
  let ci: CiOptions | undefined;
  if (level !== undefined) {
    ci = {
      level,
      replicates: replicates ?? 1000,
      ...(seed !== undefined ? { seed } : {}),
      ...(method ? { method: method as "bca" } : {}),
    };
  }
  const permutations =
    parseIntegerFlag("permutations", flags.permutations as string | undefined, 0, 1e7) ??
    (ci ? (ci.replicates as number) : 0);
  const columns = list(flags.columns as string | undefined);
  return {
    ...(columns ? { columns } : {}),
    types,
    ...(binning !== undefined ? { binning } : {}),
    ...(flags.bins !== undefined
      ? { bins: parseIntegerFlag("bins", flags.bins as string, 1, 100000) as number }
      : {}),
    ...(smoothing !== undefined ? { smoothing } : {}),
    ...(flags.base !== undefined ? { base: parseBase(flags.base as string) } : {}),
    ...(preset !== undefined ? { preset: preset as PresetName } : {}),
    ...(ci ? { ci } : {}),
    permutations,
    ...(seed !== undefined ? { seed } : {}),
  };
}

/** Both tables, read as readDriftTables reads them; a file's refusal as the CLI words it. */
async function readBoth(
  refPath: string,
  curPath: string,
  columns: readonly string[] | undefined,
  types: Record<string, ColumnType>,
): Promise<[Table, Table]> {
  const forced: Record<string, TableColumnType> = {};
  for (const [k, t] of Object.entries(types)) forced[k] = t === "boolean" ? "categorical" : t;
  try {
    return await readDriftTables(refPath, curPath, {
      ...(columns ? { columns } : {}),
      types: forced,
    });
  } catch (e) {
    if (e instanceof TableReadError) throw dataError(e.message);
    throw e;
  }
}

/** The command line's words for a refusal of driftReport, from the error's fields. */
function refusal(e: SurprisalError, ref: Table, cur: Table): Error {
  const column = /^(reference|current)\["(.*)"\]$/.exec(e.argument);
  const file = column?.[1] === "current" ? cur.name : ref.name;
  const name = column ? JSON.parse(`"${column[2]}"`) : undefined;
  switch (e.code) {
    case "empty":
      return dataError(
        name !== undefined
          ? `${file}: column ${JSON.stringify(name)} has no value: all ${e.value} rows are missing`
          : `${e.argument === "current" ? cur.name : ref.name} has no rows`,
      );
    case "wrong-type":
      return dataError(
        name !== undefined && e.index === undefined
          ? `column ${JSON.stringify(name)} is ${e.value} in ${cur.name} but ${ref.types[name] ?? "another type"} in ${ref.name}: a column needs one type in both tables (or say which with --types ${name}:TYPE)`
          : `${file}: column ${JSON.stringify(name)}, row ${(e.index ?? 0) + 1}: ${JSON.stringify(e.value)} does not match the column's type`,
      );
    case "not-found":
      return dataError(`--columns: ${String(e.value)} is not a column of both tables`);
    case "invalid-option":
      return usageError(`${e.argument} ${JSON.stringify(e.value)} is not valid`);
    default:
      return dataError(
        `${name !== undefined ? `${file}: column ${JSON.stringify(name)}: ` : ""}${e.code} (${String(e.value)})`,
      );
  }
}

/** A share for people: small ones keep two significant digits (0.025%), never a bare 0% for a few rows. */
function share(x: number): string {
  return x > 0 && x < 0.01 ? `${Number((100 * x).toPrecision(2))}%` : percent(x);
}

function topBin(c: ColumnDrift): string {
  const w = c.why[0];
  if (w === undefined) return "-";
  return `${w.label}: ${share(w.referenceShare)} → ${share(w.currentShare)} (${percent(w.share)} of JS)`;
}

function text(report: DriftReport, ref: Table, cur: Table, html: string | undefined): string {
  const withCi = report.columns.some((c) => c.ci !== undefined);
  const withPerm = report.columns.some((c) => c.permutation !== undefined);
  const head = ["column", "type", "rule", "value", `JS (${report.unit})`];
  if (withCi) head.push("interval");
  if (withPerm) head.push("perm. p");
  head.push("missing", "drift?", "top bin (reference → current)");
  const rows = report.columns.map((c) => {
    const d = c.decision;
    const r = [
      c.name,
      c.type,
      `${d.measure} ${d.rule} ${d.threshold}`,
      human(d.value),
      human(c.measures.jsDivergence),
    ];
    if (withCi) {
      const i = c.ci?.jsDivergence;
      r.push(i ? `[${human(i.lower)}, ${human(i.upper)}]` : "-");
    }
    if (withPerm) r.push(c.permutation ? human(c.permutation.pValue) : "-");
    r.push(`${share(c.reference.missingShare)} → ${share(c.current.missingShare)}`);
    r.push(
      d.status === "drift" ? "DRIFT" : d.status === "possible-drift" ? "possible" : "no",
      topBin(c),
    );
    return r;
  });
  const right = head.map((h) => h === "value" || h.startsWith("JS") || h === "perm. p");
  const smoothing =
    report.smoothing.pseudoCount === 0
      ? "no smoothing"
      : `${report.smoothing.name} smoothing (+${report.smoothing.pseudoCount} per bin)`;
  const bins = report.binning === "edges" ? "user edges" : `${report.bins} ${report.binning} bins`;
  const lines = [
    `Drift of ${cur.name} (${report.rows.current} rows) against ${ref.name} (${report.rows.reference} rows): preset ${report.preset}, ${bins} fitted on the reference, ${smoothing}.`,
    "",
    table([head, ...rows], right),
    "",
    `${report.drifted} of ${report.columns.length} column${report.columns.length === 1 ? "" : "s"} drifted (${percent(report.share)}).`,
  ];
  const ci = report.columns.find((c) => c.ci?.jsDivergence)?.ci?.jsDivergence;
  if (ci)
    lines.push(
      `Intervals: ${percent(ci.level)} ${ci.method === "bca" ? "BCa" : "percentile"} bootstrap of the JS divergence, ${ci.replicates} resamples of the bin counts, seed ${ci.seed}.`,
    );
  const infinite = report.columns.filter((c) => c.infiniteAt.psi !== undefined);
  if (infinite.length > 0) {
    lines.push(
      `PSI is infinite for ${infinite.map((c) => `${c.name} (bin ${c.infiniteAt.psi})`).join(", ")}: a bin empty in one table; --smoothing jeffreys makes it finite.`,
    );
  }
  if (report.onlyInReference.length > 0)
    lines.push(`Only in ${ref.name}: ${report.onlyInReference.join(", ")}.`);
  if (report.onlyInCurrent.length > 0)
    lines.push(`Only in ${cur.name}: ${report.onlyInCurrent.join(", ")}.`);
  if (html !== undefined) lines.push(`HTML report: ${html}`);
  return lines.join("\n");
}

export default defineCommand({
  meta: {
    name: "drift",
    summary: "has my data changed? two tables compared column by column",
    description:
      "Compares a current table with a reference table column by column: bins fitted on the reference only (with out-of-range and unseen-category bins), PSI, KL, JS, Hellinger, TV, L∞, Wasserstein, K-S and χ², a tool's thresholds (--preset), bootstrap intervals and permutation p-values (--ci), and the bins that explain the drift",
  },
  args: {
    REFERENCE: {
      type: "positional",
      description: "the reference table: .csv, .tsv, .jsonl or .parquet",
    },
    CURRENT: { type: "positional", description: "the current table, in any of the same formats" },
    columns: {
      type: "string",
      valueHint: "a,b",
      description: "compare these columns only (default: every column of both)",
    },
    preset: {
      type: "string",
      valueHint: DRIFT_PRESETS.join("|"),
      description: "whose thresholds decide drift (default evidently)",
    },
    bins: { type: "string", valueHint: "n", description: "bins per numeric column (default 10)" },
    binning: {
      type: "string",
      valueHint: "quantile|fixed|doane|e1,e2,…",
      description: "how numeric columns are binned, on the reference only (default quantile)",
    },
    smoothing: {
      type: "string",
      valueHint: "none|jeffreys|laplace|α",
      description: "pseudo-counts added to every bin (default none: an empty bin gives ∞, named)",
    },
    base: {
      type: "string",
      valueHint: "nats|bits|dits|N",
      description: "unit of KL and JS (default nats; PSI is in nats)",
    },
    types: {
      type: "string",
      valueHint: "col:type,…",
      description: "column types: numeric, categorical, boolean, datetime (default: detected)",
    },
    ci: {
      type: "string",
      valueHint: "level",
      description: "bootstrap intervals at this coverage (e.g. 0.95), and permutation p-values",
    },
    replicates: {
      type: "string",
      valueHint: "n",
      description:
        "bootstrap resamples (default 1000); also the permutations unless --permutations",
    },
    "ci-method": {
      type: "string",
      valueHint: "bca|percentile",
      description: "bootstrap interval (default bca)",
    },
    permutations: {
      type: "string",
      valueHint: "n",
      description: "permutations for the JS p-value (default: --replicates with --ci, else 0)",
    },
    seed: { type: "string", valueHint: "n", description: "seed of the resampling (default 42)" },
    json: { type: "boolean", description: "print the whole report as JSON" },
    html: {
      type: "string",
      valueHint: "file.html",
      description: "also write a self-contained HTML report (charts per column)",
    },
  },
  examples: [
    "surprisal drift reference.parquet current.csv --smoothing jeffreys",
    "surprisal drift reference.csv current.csv --columns income,region --preset nannyml --ci 0.95 --seed 7",
    "surprisal drift reference.parquet current.parquet --smoothing jeffreys --html report.html",
  ],
  rows: "never",
  ownSmoothing: true,
  async run(call) {
    const options = driftOptions(call.flags);
    const [refPath, curPath] = call.inputs as [string, string];
    const [ref, cur] = await readBoth(refPath, curPath, options.columns, options.types);
    for (const t of [ref, cur]) {
      const missing = (options.columns ?? []).filter((c) => !t.names.includes(c));
      if (missing.length > 0) {
        throw dataError(
          `${t.name} has no column ${missing.map((m) => JSON.stringify(m)).join(", ")}: its columns are ${t.names.map((m) => JSON.stringify(m)).join(", ")}`,
        );
      }
    }
    const types: Record<string, ColumnType> = {};
    for (const t of [ref, cur]) {
      for (const [k, v] of Object.entries(t.types)) if (v === "datetime") types[k] = "datetime";
    }
    Object.assign(types, options.types);
    let report: DriftReport;
    try {
      report = driftReport(ref.columns, cur.columns, { ...options, types });
    } catch (e) {
      if (e instanceof SurprisalError) throw refusal(e, ref, cur);
      throw e;
    }
    const htmlPath = call.flags.html as string | undefined;
    if (htmlPath !== undefined) {
      const tmp = `${htmlPath}.${process.pid}.tmp`;
      try {
        await writeFile(tmp, driftHtml(report, { reference: ref.name, current: cur.name }), "utf8");
        await rename(tmp, htmlPath);
      } catch (e) {
        throw dataError(`cannot write ${htmlPath}: ${(e as Error).message}`);
      }
    }
    return {
      json: {
        reference: { file: ref.name, format: ref.format, rows: ref.rows },
        current: { file: cur.name, format: cur.format, rows: cur.rows },
        driftReport: report,
      },
      text: text(report, ref, cur, htmlPath),
    };
  },
});
