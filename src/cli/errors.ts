/**
 * Exit codes of the `surprisal` command line.
 *
 * | code | meaning |
 * |---|---|
 * | 0 | success |
 * | 1 | data error: an input was read and refused (no such file, not a number, negative, sum off 1, …) |
 * | 2 | usage error: the command line itself is wrong (unknown command or flag, missing argument, bad flag value) |
 * | 3 | internal error: a bug in surprisal (please report it with the command line) |
 */
export const EXIT_OK = 0;
export const EXIT_DATA = 1;
export const EXIT_USAGE = 2;
export const EXIT_INTERNAL = 3;

/** The two kinds of refusal the command line tells apart by exit code. */
export type CliErrorKind = "usage" | "data";

/**
 * An error the command line prints as one line (`surprisal: <command>: <message>`) and turns into
 * an exit code: 2 for a usage error, 1 for a data error.
 */
export class CliError extends Error {
  readonly kind: CliErrorKind;

  constructor(kind: CliErrorKind, message: string) {
    super(message);
    this.name = "CliError";
    this.kind = kind;
  }

  /** The process exit code for this error. */
  get exitCode(): number {
    return this.kind === "usage" ? EXIT_USAGE : EXIT_DATA;
  }
}

/** A usage error: the words typed on the command line are wrong. */
export function usageError(message: string): CliError {
  return new CliError("usage", message);
}

/** A data error: an input was read and refused. */
export function dataError(message: string): CliError {
  return new CliError("data", message);
}

/** Turns a Node file-system error into the plain words a user would look for. */
export function fileErrorMessage(path: string, error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  const reason =
    code === "ENOENT"
      ? "no such file"
      : code === "EACCES" || code === "EPERM"
        ? "permission denied"
        : code === "EISDIR"
          ? "it is a directory, not a file"
          : code === "ENOTDIR"
            ? "a part of the path is not a directory"
            : code === "EMFILE"
              ? "too many open files"
              : error instanceof Error
                ? error.message
                : String(error);
  return `cannot read ${path}: ${reason}`;
}
