import { SurprisalError } from "../errors.js";
import { FAMILIES, type FamilyName } from "./family-table.js";
import type { Distribution } from "./types.js";

/** Each family's parameters in positional order (the order of the shared fixtures' `about`). */
export const FAMILY_PARAMETERS: { readonly [K in FamilyName]: readonly string[] } = {
  Bernoulli: ["p"],
  Binomial: ["n", "p"],
  Geometric: ["p"],
  Poisson: ["rate"],
  Categorical: ["probs"],
  Normal: ["mean", "std"],
  LogNormal: ["mu", "sigma"],
  Exponential: ["rate"],
  Gamma: ["shape", "rate"],
  Beta: ["alpha", "beta"],
  Dirichlet: ["alpha"],
  Laplace: ["loc", "scale"],
  Uniform: ["low", "high"],
  Cauchy: ["loc", "scale"],
  Gumbel: ["loc", "scale"],
  HalfNormal: ["scale"],
  Pareto: ["scale", "alpha"],
  MultivariateNormal: ["mean", "covariance"],
};

const ALIASES: Record<string, FamilyName> = {
  gaussian: "Normal",
  mvn: "MultivariateNormal",
  multivariategaussian: "MultivariateNormal",
  halfgaussian: "HalfNormal",
  exp: "Exponential",
};

type Value = number | Value[];

function parseError(text: string, at: number, what: string): SurprisalError {
  return new SurprisalError(
    "invalid-input",
    `cannot parse distribution ${JSON.stringify(text)} at position ${at}: ${what} (expected e.g. "normal(0, 1)" or "gamma(shape=2, rate=3)")`,
    { argument: "text", index: at, value: text },
  );
}

/** A small recursive-descent reader for `family(arg, name=arg, [list], …)`. */
class Reader {
  i = 0;
  constructor(readonly text: string) {}
  skip(): void {
    while (this.i < this.text.length && /\s/.test(this.text[this.i])) this.i++;
  }
  peek(): string {
    this.skip();
    return this.text[this.i] ?? "";
  }
  expect(ch: string): void {
    if (this.peek() !== ch) {
      throw parseError(
        this.text,
        this.i,
        `expected "${ch}", found ${this.peek() ? `"${this.peek()}"` : "the end"}`,
      );
    }
    this.i++;
  }
  ident(): string {
    this.skip();
    const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(this.text.slice(this.i));
    if (!m) throw parseError(this.text, this.i, "expected a name");
    this.i += m[0].length;
    return m[0];
  }
  number(): number {
    this.skip();
    const m = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?/.exec(this.text.slice(this.i));
    if (!m) throw parseError(this.text, this.i, "expected a number");
    this.i += m[0].length;
    return Number(m[0]);
  }
  value(): Value {
    if (this.peek() === "[") {
      this.i++;
      const out: Value[] = [];
      if (this.peek() === "]") {
        this.i++;
        return out;
      }
      for (;;) {
        out.push(this.value());
        if (this.peek() === ",") {
          this.i++;
          continue;
        }
        this.expect("]");
        return out;
      }
    }
    return this.number();
  }
}

/** Finds a family by a case-insensitive name, ignoring "-" and "_" (and a few aliases). */
function familyOf(name: string, text: string): FamilyName {
  const key = name.toLowerCase().replace(/[-_]/g, "");
  for (const f of Object.keys(FAMILIES) as FamilyName[]) if (f.toLowerCase() === key) return f;
  const alias = ALIASES[key];
  if (alias) return alias;
  throw new SurprisalError(
    "invalid-input",
    `unknown distribution family "${name}" in ${JSON.stringify(text)}: use one of ${Object.keys(FAMILIES).join(", ")}`,
    { argument: "text", value: text },
  );
}

/**
 * Parses a distribution written as `family(arg1, arg2, …)`: positional parameters in the order of
 * {@link FAMILY_PARAMETERS} (e.g. `normal(0, 1)` is mean 0, std 1), or named ones
 * (`gamma(shape=2, rate=3)`), lists in brackets (`categorical([0.2, 0.8])`,
 * `mvn([0, 0], [[1, 0], [0, 1]])`). Family names are case-insensitive; `-` and `_` are ignored
 * (`half-normal`), and `gaussian`, `mvn` are accepted. For Categorical and Dirichlet, several bare
 * numbers form the vector (`categorical(0.2, 0.8)`).
 *
 * @param text - the description.
 * @throws {SurprisalError} `invalid-input` for text that does not parse or an unknown family
 *   (with the position), and the family's own errors for parameters out of range.
 * @example
 * ```ts
 * parseDistribution("normal(0, 2)").entropy(); // 2.112085713764618
 * parseDistribution("Gamma(shape=2, rate=3)").mean; // 0.6666666666666666
 * ```
 */
export function parseDistribution(text: string): Distribution {
  if (typeof text !== "string") {
    throw new SurprisalError("invalid-input", "a distribution description must be a string", {
      argument: "text",
      value: text,
    });
  }
  const r = new Reader(text);
  const family = familyOf(r.ident(), text);
  const names = FAMILY_PARAMETERS[family];
  r.expect("(");
  const positional: Value[] = [];
  const named: Record<string, Value> = {};
  if (r.peek() !== ")") {
    for (;;) {
      const save = r.i;
      r.skip();
      if (/[A-Za-z_]/.test(r.peek())) {
        const name = r.ident();
        r.expect("=");
        if (!names.includes(name)) {
          throw parseError(
            text,
            save,
            `${family} has no parameter "${name}" (it takes ${names.join(", ")})`,
          );
        }
        if (name in named) throw parseError(text, save, `parameter "${name}" given twice`);
        named[name] = r.value();
      } else {
        if (Object.keys(named).length > 0) {
          throw parseError(text, r.i, "a positional parameter after a named one");
        }
        positional.push(r.value());
      }
      if (r.peek() === ",") {
        r.i++;
        continue;
      }
      r.expect(")");
      break;
    }
  } else r.expect(")");
  r.skip();
  if (r.i !== text.length)
    throw parseError(text, r.i, "unexpected text after the closing parenthesis");
  const params: Record<string, Value> = {};
  if (
    names.length === 1 &&
    positional.length > 1 &&
    positional.every((v) => typeof v === "number")
  ) {
    params[names[0]] = positional;
  } else {
    if (positional.length > names.length) {
      throw parseError(
        text,
        0,
        `${family} takes ${names.length} parameter(s) (${names.join(", ")}), got ${positional.length}`,
      );
    }
    positional.forEach((v, i) => {
      params[names[i]] = v;
    });
  }
  for (const [k, v] of Object.entries(named)) {
    if (k in params)
      throw parseError(text, 0, `parameter "${k}" given both by position and by name`);
    params[k] = v;
  }
  const Ctor = FAMILIES[family] as unknown as new (p: Record<string, Value>) => Distribution;
  return new Ctor(params);
}
