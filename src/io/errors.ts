/**
 * Why a table file was refused: `file`, and where known the `line` (1-based, the header is line 1),
 * the `column` and the offending `value`. The message names all of them on one line.
 */
export class TableReadError extends Error {
  readonly file: string;
  readonly line: number | undefined;
  readonly column: string | undefined;
  readonly value: string | undefined;

  constructor(
    message: string,
    where: { file: string; line?: number; column?: string; value?: string },
  ) {
    super(message);
    this.name = "TableReadError";
    this.file = where.file;
    this.line = where.line;
    this.column = where.column;
    this.value = where.value;
  }
}
