import {
  type AverageMethod,
  adjustedMutualInformation,
  conditionalMutualInformation,
  type EstimateBase,
  estimateEntropyFromSamples,
  ksgMutualInformation,
  mutualInformation,
  normalizedMutualInformation,
  type PermutationTest,
} from "../../index.js";
import { type Call, defineCommand } from "../command.js";
import { dbArgs, dbInformation, dbInformationArgs } from "../db.js";
import { usageError } from "../errors.js";
import {
  ESTIMATOR_NAMES,
  type EstimateFlags,
  estimateFlags,
  estimateJson,
  estimateLib,
  estimateLines,
} from "../estimate.js";
import { ciArgs, estimatorArgs, knnArgs, measureArgs } from "../flags.js";
import { human, percent } from "../format.js";
import { parseBase, parseIntegerFlag } from "../options.js";
import { readOutcomes, readPoints } from "../readers/outcomes.js";
import { checkStdin } from "../readers/pair.js";
import { parseSpec } from "../readers/spec.js";
import type { Result } from "../render.js";

const AVERAGES: readonly AverageMethod[] = ["arithmetic", "geometric", "min", "max"];

function testLine(t: PermutationTest, what: string): string {
  return `Permutation test of independence: p = ${human(t.pValue)} (${t.permutations} shuffles of Y, seed ${t.seed}): ${what} at least this large turned up in ${percent(t.pValue)} of worlds where X and Y are independent.`;
}

function averageOf(flags: Call["flags"]): AverageMethod | undefined {
  const a = flags.nmi as string | undefined;
  if (a === undefined) return undefined;
  if ((AVERAGES as readonly string[]).includes(a)) return a as AverageMethod;
  throw usageError(`--nmi ${JSON.stringify(a)} is not an average: use ${AVERAGES.join(", ")}`);
}

async function continuous(
  call: Call,
  est: EstimateFlags,
  base: ReturnType<typeof parseBase>,
): Promise<Result> {
  const [xw, yw] = call.inputs as [string, string];
  const algorithm = parseIntegerFlag("algorithm", call.flags.algorithm as string | undefined, 1, 2);
  const permutations = parseIntegerFlag("test", call.flags.test as string | undefined, 1, 1e7);
  const x = await readPoints(xw, "X", call.read);
  const y = await readPoints(yw, "Y", call.read);
  const roles = {
    x: { label: "X", name: x.name, size: x.points.length },
    y: { label: "Y", name: y.name, size: y.points.length },
  };
  const e = estimateLib(
    roles,
    () =>
      ksgMutualInformation(x.points, y.points, {
        ...(est.k !== undefined ? { k: est.k } : {}),
        ...(algorithm !== undefined ? { algorithm: algorithm as 1 | 2 } : {}),
        ...(base !== undefined ? { base } : {}),
        ...(est.seed !== undefined ? { seed: est.seed } : {}),
        ...(permutations !== undefined ? { test: { permutations, seed: est.seed ?? 42 } } : {}),
      }),
    () => x.points.length,
  );
  const std = e.preparation.standardized ? ", each coordinate standardized" : "";
  const text = [
    `I(X;Y) ≈ ${human(e.value)} ${e.unit}   (mutual information, ${ESTIMATOR_NAMES[e.estimator]}, k = ${e.k}${std})`,
    `  X: ${x.name}\n  Y: ${y.name}   (${e.n} pairs)`,
    ...estimateLines(e),
  ];
  if (e.test) text.push(testLine(e.test, "an estimate"));
  return {
    json: estimateJson("mutualInformation", e, { X: x.name, Y: y.name }),
    text: text.join("\n"),
  };
}

async function discrete(
  call: Call,
  est: EstimateFlags,
  base: ReturnType<typeof parseBase>,
): Promise<Result> {
  const [xw, yw] = call.inputs as [string, string];
  const given = call.flags.given as string | undefined;
  checkStdin([parseSpec(xw), parseSpec(yw), ...(given !== undefined ? [parseSpec(given)] : [])]);
  const average = averageOf(call.flags);
  const ami = call.flags.ami === true;
  const permutations = parseIntegerFlag("test", call.flags.test as string | undefined, 1, 1e7);
  if (call.flags.algorithm !== undefined)
    throw usageError("--algorithm picks a KSG estimator: use it with --continuous");
  if (est.categories !== undefined)
    throw usageError(
      "--categories: mutual information counts the categories of X and Y it sees (use --estimator for the correction)",
    );
  const x = await readOutcomes(xw, "X", call.read);
  const y = await readOutcomes(yw, "Y", call.read);
  const roles = {
    x: { label: "X", name: x.name, size: x.values.length },
    y: { label: "Y", name: y.name, size: y.values.length },
  };
  const estimator = est.estimator ?? "plugin";
  const baseOpt = base !== undefined ? { base } : {};
  if (given !== undefined) {
    if (est.ci !== undefined || permutations !== undefined || average !== undefined || ami)
      throw usageError(
        "--given: the conditional mutual information has no --ci, --test, --nmi or --ami yet",
      );
    const z = await readOutcomes(given, "Z", call.read);
    const e = estimateLib(
      { ...roles, z: { label: "Z", name: z.name, size: z.values.length } },
      () => conditionalMutualInformation(x.values, y.values, z.values, { estimator, ...baseOpt }),
    );
    const text = [
      `I(X;Y|Z) ≈ ${human(e.value)} ${e.unit}   (conditional mutual information estimated by ${ESTIMATOR_NAMES[e.estimator]}, from ${e.n} triples)`,
      `  X: ${x.name}\n  Y: ${y.name}\n  Z: ${z.name} (given)`,
      `What X tells about Y once Z is known: ${human(e.value)} ${e.unit} on average.`,
      ...estimateLines(e),
    ];
    return {
      json: estimateJson("conditionalMutualInformation", e, { X: x.name, Y: y.name, Z: z.name }),
      text: text.join("\n"),
    };
  }
  const e = estimateLib(roles, () =>
    mutualInformation(x.values, y.values, {
      estimator,
      ...baseOpt,
      ...(est.ci !== undefined ? { ci: est.ci } : {}),
      ...(permutations !== undefined ? { test: { permutations, seed: est.seed ?? 42 } } : {}),
    }),
  );
  const hy: EstimateBase = estimateLib(roles, () =>
    estimateEntropyFromSamples(y.values, { estimator, ...baseOpt }),
  );
  const json = estimateJson("mutualInformation", e, { X: x.name, Y: y.name });
  const text = [
    `I(X;Y) ≈ ${human(e.value)} ${e.unit}   (mutual information estimated by ${ESTIMATOR_NAMES[e.estimator]}, from ${e.n} pairs)`,
    `  X: ${x.name} (${e.categoriesX} categories)\n  Y: ${y.name} (${e.categoriesY} categories; ${e.categoriesXY} of the ${e.categoriesX * e.categoriesY} pairs seen)`,
  ];
  if (hy.value > 0)
    text.push(
      `Knowing X removes ${percent(e.value / hy.value)} of the uncertainty about Y (H(Y) ≈ ${human(hy.value)} ${e.unit}).`,
    );
  text.push(...estimateLines(e));
  if (average !== undefined || ami) {
    const avg = average ?? "arithmetic";
    const parts: string[] = [];
    if (average !== undefined) {
      const nmi = estimateLib(roles, () =>
        normalizedMutualInformation(x.values, y.values, { average: avg }),
      );
      json.normalizedMutualInformation = nmi;
      parts.push(`NMI = ${human(nmi)} (0 independent … 1 one determines the other)`);
    }
    if (ami) {
      const a = estimateLib(roles, () =>
        adjustedMutualInformation(x.values, y.values, { average: avg }),
      );
      json.adjustedMutualInformation = a;
      parts.push(`AMI = ${human(a)} (0 as by chance … 1 identical)`);
    }
    json.average = avg;
    text.push(`${parts.join("; ")}; ${avg} mean of H(X) and H(Y), as scikit-learn`);
  }
  if (e.test) text.push(testLine(e.test, "a plug-in MI"));
  return { json, text: text.join("\n") };
}

export default defineCommand({
  meta: {
    name: "mi",
    summary: "I(X;Y), mutual information of paired samples",
    description:
      "Mutual information I(X;Y) = D(P_XY ‖ P_X·P_Y) of paired observations: how much knowing X tells about Y",
  },
  args: {
    X: {
      type: "positional",
      description: "observations of X: file.csv#column, file.json#name, file.npy, inline (a,b,a)",
    },
    Y: { type: "positional", description: "observations of Y, one per observation of X" },
    ...dbArgs,
    ...dbInformationArgs,
    given: {
      type: "string",
      valueHint: "Z",
      description: "observations of Z: the conditional mutual information I(X;Y|Z)",
    },
    nmi: {
      type: "string",
      valueHint: "arithmetic|geometric|min|max",
      description: "also the normalized MI, I / mean(H(X), H(Y)) (scikit-learn's average_method)",
    },
    ami: {
      type: "boolean",
      description: "also the adjusted MI (corrected for chance, as scikit-learn)",
    },
    test: {
      type: "string",
      valueHint: "N",
      description: "a permutation test of independence with N shuffles (seeded by --seed)",
    },
    algorithm: {
      type: "string",
      valueHint: "1|2",
      description: "with --continuous: KSG algorithm 1 (default) or 2",
    },
    ...estimatorArgs,
    ...ciArgs,
    ...knnArgs,
    base: measureArgs.base,
    json: measureArgs.json,
    header: measureArgs.header,
  },
  examples: [
    "surprisal mi data.csv#x data.csv#y",
    "surprisal mi data.csv#x data.csv#y --estimator miller-madow --ci 0.95 --bootstrap 1000 --seed 7",
    "surprisal mi data.csv#x data.csv#y --given data.csv#z --base bits",
    "surprisal mi labels.csv#truth labels.csv#cluster --nmi arithmetic --ami",
    "surprisal mi data.csv#x data.csv#y --test 999 --seed 7",
    "surprisal mi data.csv#x data.csv#y --continuous --k 3 --algorithm 2",
  ],
  rows: "never",
  async run(call) {
    const db = await dbInformation(call);
    if (db) return db;
    const est = estimateFlags(call.flags);
    const base = parseBase(call.flags.base);
    return est.continuous ? continuous(call, est, base) : discrete(call, est, base);
  },
});
