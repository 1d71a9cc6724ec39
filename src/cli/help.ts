import type { ArgsDef } from "citty";
import type { Command } from "./command.js";

const INPUTS = `INPUTS (P, Q)
  0.5,0.5              numbers inline (rows separated by ; with --rows, quoted: '0.9,0.1;0.2,0.8')
  file.csv#column      a CSV column by name or number (from 1); file.tsv#2 for TSV; a first
                       text column gives the outcome labels (--labels first-column: a numeric
                       one); a CSV separated by ; (decimal commas) is detected
                       P and Q with labels are matched by label (a missing outcome is 0)
  file.json#name       a JSON array, an entry of an object of arrays, or an object keyed
                       by outcome ({"heads": 3, "tails": 1}: the keys are labels)
  file.npy             a NumPy array (float32/float64; 2-D with --rows)
  file.txt, -          numbers one a line or comma-separated, from a file or stdin

OPTIONS (every measure)
  --base nats|bits|dits|N   --input probabilities|counts|logprobs|logits   --tolerance x
  --smoothing jeffreys|laplace|x   --labels first-column|none   --json   --no-header
  --rows (with --csv; a one-row input is repeated against the other's rows)   --from-samples

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

/** Words of `text` in lines of at most `width` characters. */
function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/)) {
    if (line !== "" && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line === "" ? word : `${line} ${word}`;
  }
  if (line !== "") lines.push(line);
  return lines;
}

/**
 * Two columns that scan: the left one (flags, inputs) left-aligned and padded to one width, the
 * right one wrapped beside it; a left cell wider than `max` puts its text on the next line.
 */
function columns(rows: [string, string][], max = 24, total = 88): string {
  const width = Math.min(max, Math.max(...rows.map(([l]) => l.length)));
  const indent = " ".repeat(2 + width + 2);
  const out: string[] = [];
  for (const [left, right] of rows) {
    const text = wrap(right, total - indent.length);
    if (left.length > width) {
      out.push(`  ${left}`);
      for (const t of text) out.push(indent + t);
    } else {
      out.push(`  ${left.padEnd(width)}  ${text[0] ?? ""}`.trimEnd());
      for (const t of text.slice(1)) out.push(indent + t);
    }
  }
  return out.join("\n");
}

/**
 * Help of one command, generated from the same declaration as the parser (so it lists exactly the
 * flags the command takes): what it computes, usage, inputs, options with left-aligned flags, and
 * examples (quoted where the shell would split them).
 */
export function commandHelp(cmd: Command, version: string): string {
  const inputs: [string, string][] = [];
  const options: [string, string][] = [];
  for (const [name, d] of Object.entries(cmd.args as ArgsDef)) {
    const description = (d as { description?: string }).description ?? "";
    if (d.type === "positional") inputs.push([name, description]);
    else {
      const hint = (d as { valueHint?: string }).valueHint;
      options.push([`--${name}${d.type === "boolean" ? "" : ` ${hint ?? "value"}`}`, description]);
    }
  }
  options.push(["-h, --help", "this help"]);
  const usage = `surprisal ${cmd.meta.name} [OPTIONS] ${cmd.positionals.join(" ")}`;
  return [
    `surprisal ${cmd.meta.name} (v${version}): ${cmd.meta.description}`,
    "",
    `USAGE  ${usage}`,
    "",
    "INPUTS",
    columns(inputs),
    "",
    "OPTIONS",
    columns(options),
    "",
    "EXAMPLES",
    ...cmd.examples.map((e) => `  ${e}`),
    "",
  ].join("\n");
}
