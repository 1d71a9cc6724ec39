import { type ArgsDef, renderUsage } from "citty";
import type { Command } from "./command.js";

const INPUTS = `INPUTS (P, Q)
  0.5,0.5              numbers inline (rows separated by ; with --rows, quoted: '0.9,0.1;0.2,0.8')
  file.csv#column      a CSV column by name or number (from 1); file.tsv#2 for TSV;
                       a first text column gives the outcome labels
  file.json#name       a JSON array, or an entry of an object of arrays
  file.npy             a NumPy array (float32/float64; 2-D with --rows)
  file.txt, -          numbers one a line or comma-separated, from a file or stdin

OPTIONS (every measure)
  --base nats|bits|dits|N   --input probabilities|counts|logprobs|logits
  --tolerance x   --json   --rows   --csv   --from-samples   --no-header

EXIT CODES  0 ok · 1 data error (an input was refused) · 2 usage error (the command line is wrong)
            · 3 internal error

Run surprisal <command> --help for the command's options and examples.`;

/** The root help, with one line per command of the table (its inputs and its summary). */
export function rootHelp(commands: Record<string, Command>): string {
  const lines = Object.values(commands).map((c) => {
    const call = `${c.meta.name} ${c.positionals.map((p) => p.replace(/ROWS$/, "R")).join(" ")}`;
    return `  ${call.padEnd(19)}  ${c.meta.summary}`;
  });
  return `surprisal: how different are two probability distributions, and why?

USAGE  surprisal <command> [OPTIONS] P [Q]

COMMANDS
${lines.join("\n")}

${INPUTS}`;
}

/** Help of one command: citty's usage (generated from the same declaration as the parser) plus examples. */
export async function commandHelp(cmd: Command, version: string): Promise<string> {
  const root = { meta: { name: "surprisal", version, description: "" } };
  const usage = await renderUsage({ ...cmd.def, args: cmd.args as ArgsDef }, root);
  return `${usage}\nEXAMPLES\n\n${cmd.examples.map((e) => `  ${e}`).join("\n")}\n`;
}
