const DECIMAL = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

/**
 * Parses one number as written in a text file or on the command line: a decimal (`0.25`, `1e-3`,
 * `-2.5E+4`), or one of the spellings NumPy, R and JavaScript use for the special values
 * (`inf`, `-inf`, `Infinity`, `-Infinity`, `nan`, `NaN`), which are passed on so that the library
 * refuses them with its own message. Returns `undefined` for anything else (an empty field,
 * `abc`, `0x10`, `1,5`).
 */
export function parseNumber(text: string): number | undefined {
  const t = text.trim();
  if (t.length === 0) return undefined;
  if (DECIMAL.test(t)) return Number(t);
  switch (t.toLowerCase()) {
    case "inf":
    case "+inf":
    case "infinity":
    case "+infinity":
      return Number.POSITIVE_INFINITY;
    case "-inf":
    case "-infinity":
      return Number.NEGATIVE_INFINITY;
    case "nan":
    case "+nan":
    case "-nan":
      return Number.NaN;
    default:
      return undefined;
  }
}

/** Whether a text field reads as a number (see {@link parseNumber}). */
export function isNumberText(text: string): boolean {
  return parseNumber(text) !== undefined;
}

/** Quotes a value for an error message, cutting very long text. */
export function quote(text: string): string {
  const cut = text.length > 40 ? `${text.slice(0, 37)}...` : text;
  return JSON.stringify(cut);
}
