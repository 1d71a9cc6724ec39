import { type ArgsDef, type CommandDef, defineCommand as cittyCommand } from "citty";
import type { Flags } from "./flags.js";
import type { Output } from "./io.js";
import type { ReadContext } from "./readers/types.js";
import type { Result, RowsMode } from "./render.js";

/** What a command's `run` gets: the parsed flags, the input words, and where to read them. */
export interface Call {
  flags: Flags;
  /** The positional words (P, Q…), as typed. */
  inputs: string[];
  read: ReadContext;
  /** Where the progress bar goes (standard error). */
  stderr: Output;
}

/** A command's declaration, as each file of `commands/` writes it. */
export interface CommandSpec {
  /** The name, a one-line summary for the root help, and the description for the command's help. */
  meta: { name: string; summary: string; description: string };
  /** Flags and positionals, in citty's form: the parser and the help are generated from them. */
  args: ArgsDef;
  /** Command lines for `--help` (quoted where the shell would split or interpret them). */
  examples: string[];
  /** Whether the command gives one result per row: with `--rows`, always, or never. */
  rows: RowsMode;
  /**
   * Whether the command reads `--smoothing` itself (its own meaning, e.g. per column of a drift
   * report), instead of the shared pseudocount applied to the inputs as they are read.
   */
  ownSmoothing?: boolean;
  /** Computes the answer through the library and returns it; prints nothing. */
  run: (call: Call) => Promise<Result>;
}

/** A command: its declaration, and the citty definition that parses its flags and runs it. */
export interface Command extends CommandSpec {
  def: CommandDef<ArgsDef>;
  /** The names of its positional inputs, in order (`P Q`, `PROWS QROWS`). */
  positionals: string[];
  /**
   * Flags other commands take that this one refuses with a sentence (`--rows` on `explain`): they
   * are not declared, so its help does not list them.
   */
  refuses: Record<string, string>;
}

/**
 * Declares a command (citty's `defineCommand` with the CLI's extras): `run` returns a
 * {@link Result}, which the renderer prints as text, JSON or CSV.
 */
export function defineCommand(spec: CommandSpec): Command {
  const flags = Object.fromEntries(
    Object.entries(spec.args).filter(([, d]) => d.type !== "positional"),
  ) as ArgsDef;
  const def = cittyCommand({
    meta: { name: spec.meta.name, description: spec.meta.description },
    args: flags,
    run: ({ args, data }) =>
      spec.run({ ...(data as Omit<Call, "flags">), flags: args as unknown as Flags }),
  }) as CommandDef<ArgsDef>;
  const positionals = Object.entries(spec.args)
    .filter(([, d]) => d.type === "positional")
    .map(([name]) => name);
  const name = spec.meta.name;
  const refuses: Record<string, string> =
    spec.rows === "never"
      ? {
          rows: `${name} takes one pair of distributions, not --rows`,
          csv: `${name} prints text or --json, not --csv (it takes one pair, not rows)`,
        }
      : spec.rows === "always"
        ? { rows: `${name} always reads rows: --rows is not needed` }
        : {};
  return { ...spec, def, positionals, refuses };
}
