import { readFileSync } from "node:fs";
import { type ArgsDef, parseArgs } from "citty";
import { prepareArgs } from "./argv.js";
import type { Call, Command } from "./command.js";
import { COMMANDS } from "./commands/index.js";
import { CliError, EXIT_DATA, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE, usageError } from "./errors.js";
import { type Flags, fromSamples } from "./flags.js";
import { commandHelp, rootHelp } from "./help.js";
import { type Io, processIo } from "./io.js";
import { measureOptions, parseLabels } from "./options.js";
import { outputFormat, render } from "./render.js";
import { parseSmoothing, smoothingLine, smoothingRecord } from "./smoothing.js";

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

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, " ").trim();
}

/**
 * Checks, once for every command, what the declaration says about the command line: the number of
 * inputs, `--rows` (optional, always, or never), `--from-samples` with `--rows`, and `--csv`.
 */
function checkShape(cmd: Command, flags: Flags, inputs: string[]): void {
  const names = cmd.positionals;
  // The database mode (--db/--table/--sql) names columns by flags; src/cli/db.ts checks its words.
  const db = flags.db !== undefined || flags.table !== undefined || flags.sql === true;
  // Positionals declared `required: false` may be left out (at the end).
  const required = names.filter(
    (n) => (cmd.args[n] as { required?: boolean } | undefined)?.required !== false,
  ).length;
  if (!db && (inputs.length < required || inputs.length > names.length)) {
    const got = inputs.length === 0 ? "none" : inputs.map((w) => JSON.stringify(w)).join(" ");
    throw usageError(
      `expected ${names.length} input${names.length === 1 ? "" : "s"} (${names.join(" ")}), got ${inputs.length === 0 ? got : `${inputs.length}: ${got}`}`,
    );
  }
  if (flags.rows && cmd.rows === "never")
    throw usageError(`${cmd.meta.name} takes one pair of distributions, not --rows`);
  if (flags.rows && cmd.rows === "always")
    throw usageError(`${cmd.meta.name} always reads rows: --rows is not needed`);
  if (flags.rows && fromSamples(flags))
    throw usageError("--from-samples cannot be used with --rows");
  outputFormat(flags, cmd.rows);
}

/** Parses the words after the command name (citty's parser, on the declared flags) into a call. */
function callOf(cmd: Command, words: string[], io: Io): Call {
  const { flags, inputs } = prepareArgs(words, cmd.args, cmd.refuses);
  const parsed = parseArgs(flags, cmd.def.args as ArgsDef) as unknown as Flags;
  checkShape(cmd, parsed, inputs);
  const input = measureOptions(parsed).input;
  return {
    flags: parsed,
    inputs,
    read: {
      header: parsed.header,
      stdin: io.stdin,
      labels: parseLabels(parsed.labels),
      // Estimates from samples smooth inside the library's estimators (klFromSamples…).
      smoothing:
        cmd.ownSmoothing || fromSamples(parsed) || parsed.continuous === true
          ? undefined
          : parseSmoothing(parsed.smoothing, input),
      input,
    },
    stderr: io.stderr,
  };
}

/**
 * Runs the command line with its own streams and returns the exit code (it never exits the
 * process). Results go to `io.stdout`; a refusal is one line on `io.stderr`
 * (`surprisal: <command>: <message>`), never a stack trace.
 */
export async function main(argv: string[], io: Io = processIo()): Promise<number> {
  const color = io.stdout.isTTY === true && !io.env.NO_COLOR;
  const clean = (s: string): string => (color ? s : s.replace(ANSI, ""));
  const out = (s: string): void => {
    io.stdout.write(`${s}\n`);
  };
  const err = (s: string): void => {
    io.stderr.write(`${s}\n`);
  };
  const [first, ...rest] = argv;
  let name = "";
  try {
    if (first === undefined) {
      err(rootHelp(COMMANDS));
      return EXIT_USAGE;
    }
    if (first === "--help" || first === "-h" || first === "help") {
      const sub =
        rest[0] !== undefined && Object.hasOwn(COMMANDS, rest[0]) ? COMMANDS[rest[0]] : undefined;
      out(sub ? commandHelp(sub, version()) : rootHelp(COMMANDS));
      return EXIT_OK;
    }
    if (first === "--version" || first === "-v" || first === "-V" || first === "version") {
      out(version());
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
      out(commandHelp(cmd, version()));
      return EXIT_OK;
    }
    const call = callOf(cmd, rest, io);
    const format = outputFormat(call.flags, cmd.rows);
    const result = await cmd.run(call);
    const s = call.read.smoothing;
    if (s !== undefined) {
      // Recorded in every result that used it (until the library records it itself).
      result.json = { ...result.json, smoothing: smoothingRecord(s) };
      const [first, ...more] = result.text.split("\n");
      result.text = [first, smoothingLine(s), ...more].join("\n");
    }
    out(render(result, format));
    return EXIT_OK;
  } catch (error) {
    const prefix = name ? `surprisal: ${name}: ` : "surprisal: ";
    if (error instanceof CliError) {
      err(prefix + oneLine(error.message));
      return error.exitCode;
    }
    if ((error as { name?: unknown } | null)?.name === "CLIError") {
      err(prefix + oneLine(clean((error as Error).message)));
      return EXIT_USAGE;
    }
    const message = error instanceof Error ? error.message : String(error);
    err(
      `${prefix}internal error: ${oneLine(message)} (this is a bug in surprisal; please report it)`,
    );
    return EXIT_INTERNAL;
  }
}

export { EXIT_DATA, EXIT_INTERNAL, EXIT_OK, EXIT_USAGE };

/** Runs as the `surprisal` program (see bin/surprisal.cjs): the process's streams, its exit code. */
export async function cli(): Promise<void> {
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(process.exitCode ?? 0);
  });
  process.exitCode = await main(process.argv.slice(2), processIo());
}
