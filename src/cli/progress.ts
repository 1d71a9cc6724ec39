import type cliProgressTypes from "cli-progress";
import type { Output } from "./io.js";

/** Files smaller than this are read too fast for a bar to be worth drawing. */
export const PROGRESS_MIN_BYTES = 1 << 20;

/**
 * A progress bar over the bytes of the input files, drawn on stderr with cli-progress, and only
 * when stderr is a terminal (never into a pipe or a log file) and the inputs are at least
 * {@link PROGRESS_MIN_BYTES} long. The bar starts on the first bytes read and is cleared when done.
 */
export class Progress {
  #total = 0;
  #done = 0;
  #bar: cliProgressTypes.SingleBar | undefined;
  readonly #stream: Output;
  readonly #lib: typeof cliProgressTypes | undefined;

  private constructor(stream: Output, lib: typeof cliProgressTypes | undefined) {
    this.#stream = stream;
    this.#lib = lib;
  }

  /**
   * A bar drawn on `stream` (stderr), when it is a terminal: cli-progress is loaded then, and only
   * then (a pipe or a log file never draws one, and start-up stays small).
   */
  static async open(stream: Output): Promise<Progress> {
    const lib = stream.isTTY === true ? (await import("cli-progress")).default : undefined;
    return new Progress(stream, lib);
  }

  /** Adds the size of one more input to the total. */
  addTotal(bytes: number): void {
    this.#total += bytes;
    this.#bar?.setTotal(this.#total);
  }

  /** Records bytes read. */
  add(bytes: number): void {
    this.#done += bytes;
    const lib = this.#lib;
    if (lib === undefined || this.#total < PROGRESS_MIN_BYTES) return;
    if (!this.#bar) {
      this.#bar = new lib.SingleBar(
        {
          stream: this.#stream as NodeJS.WritableStream,
          format: "reading {bar} {percentage}% | {mb} of {totalMb} MB | ETA {eta_formatted}",
          hideCursor: true,
          clearOnComplete: true,
          barsize: 30,
        },
        lib.Presets.shades_classic,
      );
      this.#bar.start(this.#total, 0, this.#payload());
    }
    this.#bar.update(Math.min(this.#done, this.#total), this.#payload());
  }

  #payload(): { mb: string; totalMb: string } {
    return { mb: (this.#done / 1e6).toFixed(1), totalMb: (this.#total / 1e6).toFixed(1) };
  }

  /** The share of the announced bytes read so far, or undefined while none is announced. */
  fraction(): number | undefined {
    return this.#total > 0 ? Math.min(1, this.#done / this.#total) : undefined;
  }

  /** Stops and clears the bar (safe to call more than once). */
  stop(): void {
    this.#bar?.stop();
    this.#bar = undefined;
  }
}
