import { describeValue, SurprisalError } from "../errors.js";
import { logOfBase } from "../numeric/units.js";
import type { Base, InputKind } from "../types.js";

/**
 * The version of the saved accumulator states this library writes and reads. A state of another
 * version is refused (`invalid-state`), never half-read.
 */
export const STATE_VERSION = 1;

/** A number in a saved state: itself, or `"Infinity"` / `"-Infinity"` (JSON has no ∞). */
export type StateNumber = number | "Infinity" | "-Infinity" | "NaN";

/** A compensated sum in a saved state: its leading part and its error term. */
export type StatePair = [StateNumber, StateNumber];

/** ±∞ (and NaN, which a state never holds when read back) as strings; finite numbers as they are. */
export function encodeNumber(x: number): StateNumber {
  if (x === Number.POSITIVE_INFINITY) return "Infinity";
  if (x === Number.NEGATIVE_INFINITY) return "-Infinity";
  if (Number.isNaN(x)) return "NaN";
  return x;
}

/** A compensated sum (hi, lo) as a pair; lo is written 0 when hi is not finite (it is then noise). */
export function encodePair(hi: number, lo: number): StatePair {
  return [encodeNumber(hi), encodeNumber(Number.isFinite(hi) ? lo : 0)];
}

/** What a field of a state may hold. */
export interface NumberRule {
  /** Smallest allowed value (inclusive). */
  min?: number;
  /** Strictly greater than this. */
  above?: number;
  /** A whole number. */
  integer?: boolean;
  /** +∞ allowed (sums of counts beyond the double range). */
  posInf?: boolean;
  /** −∞ allowed (the maximum of an empty log-domain state). */
  negInf?: boolean;
}

/** The error for a state that is not one. */
export function stateError(field: string, value: unknown, why: string): SurprisalError {
  return new SurprisalError(
    "invalid-state",
    `${field} = ${describeValue(value)} ${why}: this is not a state written by toJSON() of this library version`,
    { argument: field, value },
  );
}

/**
 * Reads a saved accumulator state field by field, refusing anything that is not one: not an
 * object, another `kind`, another `version`, a missing field, NaN, a negative sum, a number out of
 * its range. Every refusal is a `SurprisalError` with code `invalid-state` naming the field.
 */
export class StateReader {
  readonly #s: Record<string, unknown>;
  readonly #where: string;

  /**
   * @param state - the parsed state (from `JSON.parse`), or anything.
   * @param kind - the accumulator class name the state must carry.
   * @param where - the field path prefix in messages (default `"state"`).
   * @throws {SurprisalError} `invalid-state` for a non-object, another kind or another version.
   */
  constructor(state: unknown, kind: string, where = "state") {
    this.#where = where;
    if (state === null || typeof state !== "object" || Array.isArray(state)) {
      throw stateError(where, state, `is not an object (a saved ${kind} state)`);
    }
    this.#s = state as Record<string, unknown>;
    const k = this.#s.kind;
    if (k !== kind) {
      throw stateError(`${where}.kind`, k, `is not ${JSON.stringify(kind)}`);
    }
    const v = this.#s.version;
    if (v !== STATE_VERSION) {
      throw stateError(
        `${where}.version`,
        v,
        `is not ${STATE_VERSION}, the state version this library reads`,
      );
    }
  }

  /** The error for an inconsistent field (see {@link stateError}). */
  error(field: string, value: unknown, why: string): SurprisalError {
    return stateError(field, value, why);
  }

  /** The raw value of a field (undefined when absent). */
  raw(name: string): unknown {
    return this.#s[name];
  }

  /** A number field, checked against `rule`. */
  number(name: string, rule: NumberRule = {}): number {
    return this.#check(`${this.#where}.${name}`, this.#s[name], rule);
  }

  /** A compensated-sum field [hi, lo]: hi checked against `rule`, lo finite. */
  pair(name: string, rule: NumberRule = {}): [number, number] {
    const field = `${this.#where}.${name}`;
    const v = this.#s[name];
    if (!Array.isArray(v) || v.length !== 2) {
      throw stateError(field, v, v === undefined ? "is missing" : "is not a pair [hi, lo]");
    }
    const hi = this.#check(`${field}[0]`, v[0], rule);
    const lo = this.#check(`${field}[1]`, v[1], {});
    if (!Number.isFinite(hi) && lo !== 0)
      throw stateError(`${field}[1]`, lo, "is not 0 after an infinite sum");
    if (rule.min !== undefined && hi + lo < rule.min) {
      throw stateError(field, hi + lo, `is below ${rule.min}`);
    }
    return [hi, lo];
  }

  /** A boolean field. */
  boolean(name: string): boolean {
    const v = this.#s[name];
    if (typeof v !== "boolean") {
      throw stateError(
        `${this.#where}.${name}`,
        v,
        v === undefined ? "is missing" : "is not true or false",
      );
    }
    return v;
  }

  /** A string field, one of `allowed`. */
  oneOf<T extends string>(name: string, allowed: readonly T[]): T {
    const v = this.#s[name];
    if (typeof v !== "string" || !allowed.includes(v as T)) {
      throw stateError(
        `${this.#where}.${name}`,
        v,
        v === undefined
          ? "is missing"
          : `is not one of ${allowed.map((a) => JSON.stringify(a)).join(", ")}`,
      );
    }
    return v as T;
  }

  /** The `input` field: one of the four input kinds. */
  input(): InputKind {
    return this.oneOf("input", ["probabilities", "counts", "logprobs", "logits"]);
  }

  /** The `base` field: `"nats"`, `"bits"`, `"dits"` or a number > 0, ≠ 1. */
  base(): Base {
    const v = this.#s.base;
    const field = `${this.#where}.base`;
    if (v === undefined) throw stateError(field, v, "is missing");
    try {
      logOfBase(v as Base);
    } catch {
      throw stateError(field, v, "is not a unit (nats, bits, dits or a number > 0 other than 1)");
    }
    return v as Base;
  }

  /** A nested state object (checked by its own reader). */
  object(name: string): unknown {
    return this.#s[name];
  }

  #check(field: string, v: unknown, rule: NumberRule): number {
    let x: number;
    if (typeof v === "number") x = v;
    else if (v === "Infinity") x = Number.POSITIVE_INFINITY;
    else if (v === "-Infinity") x = Number.NEGATIVE_INFINITY;
    else if (v === "NaN") x = Number.NaN;
    else throw stateError(field, v, v === undefined ? "is missing" : "is not a number");
    if (Number.isNaN(x)) throw stateError(field, v, "is NaN");
    if (x === Number.POSITIVE_INFINITY && !rule.posInf) throw stateError(field, v, "is not finite");
    if (x === Number.NEGATIVE_INFINITY && !rule.negInf) throw stateError(field, v, "is not finite");
    if (rule.integer && Number.isFinite(x) && !Number.isInteger(x)) {
      throw stateError(field, v, "is not a whole number");
    }
    if (rule.min !== undefined && x < rule.min) {
      throw stateError(field, v, rule.min === 0 ? "is negative" : `is below ${rule.min}`);
    }
    if (rule.above !== undefined && !(x > rule.above)) {
      throw stateError(field, v, `is not above ${rule.above}`);
    }
    return x;
  }
}

/**
 * The error for merging accumulators (or a saved state) that do not describe the same thing:
 * another input kind, unit or estimator.
 */
export function mismatchError(what: string, mine: unknown, other: unknown): SurprisalError {
  return new SurprisalError(
    "incompatible",
    `cannot merge: the other accumulator has ${what} ${describeValue(other)}, this one ${describeValue(mine)}; partial results merge only with the same ${what}`,
    { argument: "other", value: other },
  );
}

/** Whether two bases are the same unit ("bits" and 2 are). */
export function sameBase(a: Base | undefined, b: Base | undefined): boolean {
  return logOfBase(a) === logOfBase(b);
}
