import type { Readable } from "node:stream";

/** A stream the CLI writes to: stdout, stderr, or a test's collector. */
export interface Output {
  write(text: string): unknown;
  /** True when a person is watching (colours, the progress bar). */
  isTTY?: boolean | undefined;
}

/** Where a run of the command line reads and writes, so that tests can run it in-process. */
export interface Io {
  stdin: Readable;
  stdout: Output;
  stderr: Output;
  /** The environment (`NO_COLOR`). */
  env: Record<string, string | undefined>;
}

/** The process's own streams and environment. */
export function processIo(): Io {
  return { stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env };
}
