import { SurprisalError } from "../errors.js";
import type { Distribution } from "./types.js";

/** The error for a pair of distributions of different dimensions. */
export function dimensionError(p: Distribution, q: Distribution): SurprisalError {
  return new SurprisalError(
    "length-mismatch",
    `p (${p.family}, dimension ${p.dimension}) and q (${q.family}, dimension ${q.dimension}) have different dimensions: the divergence is undefined`,
    { argument: "q", value: q.dimension },
  );
}

/** The error for a pair without a known closed form; it names `estimateKl` and `closedFormPairs`. */
export function noClosedForm(p: Distribution, q: Distribution): SurprisalError {
  return new SurprisalError(
    "no-closed-form",
    `no closed form is known for D(${p.family}‖${q.family}): estimate it by Monte Carlo with estimateKl(p, q, { samples, seed }) (closedFormPairs() lists the supported pairs)`,
    { argument: "q", value: q.family },
  );
}
