import {
  crossEntropy,
  crossEntropyRows,
  entropy,
  entropyRows,
  hellinger,
  hellingerRows,
  jsDistance,
  jsDivergence,
  jsDivergenceRows,
  klDivergence,
  klDivergenceRows,
  renyiDivergence,
  renyiDivergenceRows,
  totalVariation,
  totalVariationRows,
  unitName,
} from "../../index.js";
import { defineCommand } from "../command.js";
import { dbArgs, dbCommand } from "../db.js";
import {
  type Flags,
  fromSamples,
  measureArgs,
  pairInputs,
  rowsArgs,
  samplesArgs,
} from "../flags.js";
import { human, table } from "../format.js";
import { measureOptions, parseNumberFlag } from "../options.js";
import { pairRows } from "../pair-rows.js";
import { readPair } from "../readers/pair.js";
import { lib, roleOf } from "../refusal.js";
import { direction } from "../words.js";

/** `--alpha a,b,…`: the Rényi orders to show (default 0.5 and 2). */
function alphas(flags: Flags): number[] {
  const text = flags.alpha as string | undefined;
  if (text === undefined) return [0.5, 2];
  return text
    .split(",")
    .map(
      (t) =>
        parseNumberFlag(
          "alpha",
          t,
          (x) => x >= 0 && !Number.isNaN(x),
          "Rényi orders are numbers >= 0 (inf allowed)",
        ) as number,
    );
}

export default defineCommand({
  meta: {
    name: "compare",
    summary: "every measure of the pair at once",
    description:
      "Every measure of the pair at once: entropies, cross-entropies, KL both ways, JS, Rényi, TV, Hellinger",
  },
  args: {
    ...dbArgs,
    ...pairInputs,
    ...measureArgs,
    ...rowsArgs,
    ...samplesArgs,
    alpha: {
      type: "string",
      valueHint: "a,b,…",
      description:
        "Rényi orders to show (default 0.5,2; inf allowed); --json lists them in this order as {alpha, value}",
    },
  },
  examples: [
    "surprisal compare 0.5,0.5 0.9,0.1",
    "surprisal compare data.csv#observed data.csv#expected --input counts --alpha 0.5,2,inf --json",
  ],
  rows: "optional",
  async run(call) {
    const db = await dbCommand(call, "compare");
    if (db) return db;
    const opts = measureOptions(call.flags);
    const unit = unitName(opts.base);
    const orders = alphas(call.flags);
    if (call.flags.rows) {
      return pairRows(call, opts, {
        columns: (p, q, o, reversed) => {
          const js = jsDivergenceRows(p, q, o);
          return [
            { key: "entropyRows", header: "H(P)", values: entropyRows(p, o) },
            { key: "entropyRowsQ", header: "H(Q)", values: reversed(() => entropyRows(q, o)) },
            { key: "crossEntropyRows", header: "H(P,Q)", values: crossEntropyRows(p, q, o) },
            { key: "klDivergenceRows", header: "D(P‖Q)", values: klDivergenceRows(p, q, o) },
            {
              key: "klDivergenceRowsReverse",
              header: "D(Q‖P)",
              values: reversed(() => klDivergenceRows(q, p, o)),
            },
            { key: "jsDivergenceRows", header: "JS", values: js },
            // jsDistanceRows is √ of jsDivergenceRows in the same base: the same values, once.
            { key: "jsDistanceRows", header: "√JS", values: js.map(Math.sqrt) },
            ...orders.map((a) => ({
              key: `renyiDivergenceRows_${a}`,
              header: `D_${a}(P‖Q)`,
              values: renyiDivergenceRows(p, q, { ...o, alpha: a }),
            })),
            { key: "totalVariationRows", header: "TV", values: totalVariationRows(p, q, o) },
            { key: "hellingerRows", header: "Hellinger", values: hellingerRows(p, q, o) },
          ];
        },
        title: (p, q) =>
          `Every measure of each row, P (truth) = ${p}, Q (belief) = ${q}; information in ${unit}, TV and Hellinger unitless:`,
      });
    }
    const [pw, qw] = call.inputs as [string, string];
    const { p, q } = await readPair(pw, qw, call.read, fromSamples(call.flags));
    const roles = { p: roleOf("P", p), q: roleOf("Q", q) };
    const rev = { p: roles.q, q: roles.p };
    const P = p.values;
    const Q = q.values;
    const hp = lib(roles, () => entropy(P, opts), opts);
    const hq = lib(rev, () => entropy(Q, opts), opts);
    const ce = lib(roles, () => crossEntropy(P, Q, opts), opts);
    const ceR = lib(rev, () => crossEntropy(Q, P, opts), opts);
    const kl = lib(roles, () => klDivergence(P, Q, opts), opts);
    const klR = lib(rev, () => klDivergence(Q, P, opts), opts);
    const js = lib(roles, () => jsDivergence(P, Q, opts), opts);
    const jd = lib(roles, () => jsDistance(P, Q, opts), opts);
    const renyi = orders.map(
      (a) => [a, lib(roles, () => renyiDivergence(P, Q, { ...opts, alpha: a }), opts)] as const,
    );
    const tv = lib(roles, () => totalVariation(P, Q, opts), opts);
    const he = lib(roles, () => hellinger(P, Q, opts), opts);
    const rows: string[][] = [
      ["H(P)", human(hp), unit, "entropy of P: its average surprise"],
      ["H(Q)", human(hq), unit, "entropy of Q"],
      ["H(P,Q)", human(ce), unit, "cross-entropy: surprise of a Q-believer on outcomes from P"],
      ["H(Q,P)", human(ceR), unit, "cross-entropy, reversed"],
      [
        "D(P‖Q)",
        human(kl),
        unit,
        "KL divergence of Q from P: information lost when Q approximates P",
      ],
      ["D(Q‖P)", human(klR), unit, "KL divergence of P from Q (reversed: Q the truth)"],
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
    return {
      json: {
        P: p.name,
        Q: q.name,
        unit,
        entropy: { P: hp, Q: hq },
        crossEntropy: ce,
        klDivergence: kl,
        reverse: { crossEntropy: ceR, klDivergence: klR },
        jsDivergence: js,
        jsDistance: jd,
        // In the order of --alpha (default 0.5, 2): object keys would be reordered ("2" first).
        renyiDivergence: renyi.map(([alpha, value]) => ({ alpha, value })),
        totalVariation: tv,
        hellinger: he,
      },
      text: `${direction(p.name, q.name)}\n${table(rows, [false, true, false, false])}\n${asym}`,
    };
  },
});
