import { readFileSync } from "node:fs";
import { type ArgsDef, renderUsage, runCommand } from "citty";
import { COMMANDS, type Command, type Output } from "./commands.js";
import { CliError, EXIT_DATA, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, usageError } from "./errors.js";

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, "g");

function version(): string {
  try {
    const pkg = JSON.parse(
      readFileSync(new URL("../../package.json", import.meta.url), "utf8"),
    ) as { version?: string };
    return pkg.version ?? "unknown";
  } catch {
    return "unknown";
  }
}

const ROOT_HELP = `surprisal: how different are two probability distributions, and why?

USAGE  surprisal <command> [OPTIONS] P [Q]

COMMANDS
  entropy P            H(P), the average surprise of an outcome of P
  cross-entropy P Q    H(P,Q), the average surprise of a Q-believer on outcomes of P
  kl P Q               D(P‖Q), KL divergence of Q (the belief) from P (the truth)
  js P Q               Jensen-Shannon divergence and distance (symmetric)
  compare P Q          every measure of the pair at once
  explain P Q          D(P‖Q) outcome by outcome, largest contribution first
  sample P Q           draw from P, compare log ∏P with log ∏Q, against the exact D(P‖Q)
  conditional PR QR    a model Q(y|x) against the data P(y|x), row by row

INPUTS (P, Q)
  0.5,0.5              numbers inline (rows separated by ; with --rows)
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

/** Help of one command: citty's usage (generated from the same declaration as the parser) plus examples. */
async function commandHelp(cmd: Command): Promise<string> {
  const root = { meta: { name: "surprisal", version: version(), description: "" } };
  const usage = await renderUsage(cmd.def, root);
  return `${usage}\nEXAMPLES\n\n${cmd.examples.map((e) => `  ${e}`).join("\n")}\n`;
}

interface FlagInfo {
  name: string;
  takesValue: boolean;
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Looks like a value rather than a flag: a negative number or a list of numbers (`-0.5,1`, `-inf`). */
function looksLikeValue(word: string): boolean {
  return word === "-" || word.startsWith("-#") || /^-(?:\d|\.\d|inf|Inf|INF)/.test(word);
}

/**
 * Checks the words after the command against its declared flags, before citty parses them: an
 * unknown flag or a value flag without its value is a usage error; negative numbers (`-0.5,-1`)
 * are inputs, not flags. Returns the words rearranged for citty: flags (as `--name=value`) first,
 * then `--` and the inputs.
 */
export function prepareArgs(words: string[], args: ArgsDef): { flags: string[]; inputs: string[] } {
  const known = new Map<string, FlagInfo>();
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    const info = { name, takesValue: def.type === "string" || def.type === "enum" };
    known.set(name, info);
    known.set(kebab(name), info);
    if (def.type === "boolean") known.set(`no-${name}`, { name: `no-${name}`, takesValue: false });
  }
  const flags: string[] = [];
  const inputs: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === "--") {
      inputs.push(...words.slice(i + 1));
      break;
    }
    if (w.startsWith("-") && !looksLikeValue(w)) {
      const eq = w.indexOf("=");
      const name = (eq >= 0 ? w.slice(0, eq) : w).replace(/^--?/, "");
      const info = w.startsWith("--") ? known.get(name) : undefined;
      if (!info) throw usageError(`unknown option ${eq >= 0 ? w.slice(0, eq) : w}`);
      if (info.takesValue) {
        let value: string;
        if (eq >= 0) value = w.slice(eq + 1);
        else {
          const next = words[i + 1];
          if (next === undefined) throw usageError(`--${name} needs a value`);
          value = next;
          i++;
        }
        flags.push(`--${info.name}=${value}`);
      } else {
        if (eq >= 0) {
          const v = w.slice(eq + 1);
          if (v !== "true" && v !== "false")
            throw usageError(`--${name} is a switch: it takes no value`);
          if (v === "false") {
            flags.push(`--no-${info.name}`);
            continue;
          }
        }
        flags.push(`--${info.name}`);
      }
      continue;
    }
    inputs.push(w);
  }
  return { flags, inputs };
}

/**
 * Runs the command line and returns the exit code. Results go to `out` (stdout); errors are one line
 * on stderr: `surprisal: <command>: <message>`, never a stack trace.
 */
export async function main(
  argv: string[],
  io: { out: (s: string) => void; err: (s: string) => void } = {
    out: (s) => process.stdout.write(`${s}\n`),
    err: (s) => process.stderr.write(`${s}\n`),
  },
): Promise<number> {
  const color = process.stdout.isTTY === true && !process.env.NO_COLOR;
  const clean = (s: string): string => (color ? s : s.replace(ANSI, ""));
  const [first, ...rest] = argv;
  let name = "";
  try {
    if (first === undefined) {
      io.err(ROOT_HELP);
      return EXIT_USAGE;
    }
    if (first === "--help" || first === "-h" || first === "help") {
      const sub = rest[0] !== undefined ? COMMANDS[rest[0]] : undefined;
      io.out(sub ? clean(await commandHelp(sub)) : ROOT_HELP);
      return EXIT_OK;
    }
    if (first === "--version" || first === "-v" || first === "-V" || first === "version") {
      io.out(version());
      return EXIT_OK;
    }
    const cmd = Object.hasOwn(COMMANDS, first) ? COMMANDS[first] : undefined;
    if (!cmd) {
      throw usageError(
        `unknown command ${JSON.stringify(first)}: use one of ${Object.keys(COMMANDS).join(", ")} (surprisal --help)`,
      );
    }
    name = first;
    if (rest.includes("--help") || rest.includes("-h")) {
      io.out(clean(await commandHelp(cmd)));
      return EXIT_OK;
    }
    const { flags, inputs } = prepareArgs(rest, cmd.def.args as ArgsDef);
    const output: Output = { out: io.out };
    const def = {
      ...cmd.def,
      args: Object.fromEntries(
        Object.entries(cmd.def.args as ArgsDef).filter(([, d]) => d.type !== "positional"),
      ),
      run: async ({ args }: { args: Record<string, unknown> }) => {
        await cmd.run({ ...(args as object), _: inputs } as Parameters<Command["run"]>[0], output);
      },
    };
    await runCommand(def, { rawArgs: flags });
    return EXIT_OK;
  } catch (error) {
    const prefix = name ? `surprisal: ${name}: ` : "surprisal: ";
    if (error instanceof CliError) {
      io.err(prefix + oneLine(error.message));
      return error.exitCode;
    }
    if ((error as { name?: unknown } | null)?.name === "CLIError") {
      io.err(prefix + oneLine(clean((error as Error).message)));
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    io.err(
      `${prefix}internal error: ${oneLine(message)} (this is a bug in surprisal; please report it)`,
    );
    return EXIT_INTERNAL;
  }
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ").trim();
}

export { EXIT_DATA, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE };

/** Runs as the `surprisal` program (see bin/surprisal.js). */
export async function cli(): Promise<void> {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  });
  process.exitCode = await main(process.argv.slice(2));
}
