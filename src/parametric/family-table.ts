import * as families from "./families.js";

/** Every built-in family, by name (the order of the shared fixtures). */
export const FAMILIES = {
  Bernoulli: families.Bernoulli,
  Binomial: families.Binomial,
  Geometric: families.Geometric,
  Poisson: families.Poisson,
  Categorical: families.Categorical,
  Normal: families.Normal,
  LogNormal: families.LogNormal,
  Exponential: families.Exponential,
  Gamma: families.Gamma,
  Beta: families.Beta,
  Dirichlet: families.Dirichlet,
  Laplace: families.Laplace,
  Uniform: families.Uniform,
  Cauchy: families.Cauchy,
  Gumbel: families.Gumbel,
  HalfNormal: families.HalfNormal,
  Pareto: families.Pareto,
  MultivariateNormal: families.MultivariateNormal,
} as const;

/** Name of a built-in family. */
export type FamilyName = keyof typeof FAMILIES;
