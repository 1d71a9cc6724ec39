import { type Contributions, contributions } from "../../index.js";
import { defineCommand } from "../command.js";
import { fromSamples, measureArgs, pairInputs, samplesArgs } from "../flags.js";
import { human, percent, signedBar, table } from "../format.js";
import { measureOptions, parseIntegerFlag } from "../options.js";
import { readPair } from "../readers/pair.js";
import { lib, roleOf } from "../refusal.js";
import { direction } from "../words.js";

function sentence(c: Contributions, first: number, label: (i: number) => string): string {
  if (c.total === 0) return "P and Q agree on every outcome: nothing adds to the divergence.";
  const name = JSON.stringify(label(first));
  if (c.total === Number.POSITIVE_INFINITY)
    return `Outcome ${name} makes D(P‖Q) infinite: P gives it ${human(c.p[first] as number)}, Q gives it 0.`;
  const n = c.p.length;
  return `Outcome ${name} adds the most (rank 1 of ${n}, ${percent(c.share[first] as number)} of D): P gives it ${human(c.p[first] as number)}, Q only ${human(c.q[first] as number)}. Outcomes where Q > P take from the divergence.`;
}

export default defineCommand({
  meta: {
    name: "explain",
    summary: "D(P‖Q) outcome by outcome, largest contribution first",
    description:
      "Why D(P‖Q) is what it is: each outcome's contribution p·log(p/q), largest first, with a bar",
  },
  args: {
    ...pairInputs,
    ...measureArgs,
    ...samplesArgs,
    top: {
      type: "string",
      valueHint: "n",
      description: "show the n largest contributions (default 20; 0 = all)",
    },
  },
  examples: [
    "surprisal explain 0.5,0.5 0.9,0.1 --base bits",
    "surprisal explain letters.csv#english letters.csv#model --input counts --top 5",
  ],
  rows: "never",
  async run(call) {
    const opts = measureOptions(call.flags);
    const top = parseIntegerFlag("top", call.flags.top as string | undefined, 0, 1e9);
    const [pw, qw] = call.inputs as [string, string];
    const { p, q } = await readPair(pw, qw, call.read, fromSamples(call.flags));
    const roles = { p: roleOf("P", p), q: roleOf("Q", q) };
    const c = lib(roles, () => contributions(p.values, q.values, opts), opts);
    const n = c.p.length;
    const label = (i: number): string => p.labels?.[i] ?? q.labels?.[i] ?? String(i);
    const shown = (all: number): number[] => {
      const limit = top === undefined ? all : top === 0 ? n : Math.min(n, top);
      return Array.from(c.order.subarray(0, limit));
    };
    const listed = shown(n);
    const order = shown(Math.min(n, 20));
    let max = 0;
    for (const v of c.contribution) if (Number.isFinite(v)) max = Math.max(max, Math.abs(v));
    const rows: string[][] = [
      ["outcome", "p", "q", "-log p", "-log q", "p·log(p/q)", "share", "  Q > P  │  P > Q"],
      ...order.map((i) => [
        label(i),
        human(c.p[i] as number),
        human(c.q[i] as number),
        human(c.surprisalP[i] as number),
        human(c.surprisalQ[i] as number),
        human(c.contribution[i] as number),
        percent(c.share[i] as number),
        signedBar(c.contribution[i] as number, max, 9),
      ]),
    ];
    const rest = n - order.length;
    const more =
      rest > 0 ? `\n… ${rest} more outcome${rest === 1 ? "" : "s"} (--top 0 shows all)` : "";
    return {
      json: {
        P: p.name,
        Q: q.name,
        unit: c.unit,
        klDivergence: c.total,
        contributions: listed.map((i) => ({
          outcome: label(i),
          index: i,
          p: c.p[i],
          q: c.q[i],
          surprisalP: c.surprisalP[i],
          surprisalQ: c.surprisalQ[i],
          contribution: c.contribution[i],
          share: c.share[i],
        })),
      },
      text: `D(P‖Q) = ${human(c.total)} ${c.unit}, outcome by outcome (largest contribution first; surprise in ${c.unit})\n${direction(p.name, q.name)}\n${table(rows, [false, true, true, true, true, true, true, false])}${more}\n${sentence(c, order[0] as number, label)}`,
    };
  },
});
