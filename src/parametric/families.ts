/**
 * The 18 built-in parametric families, each constructed with one object of named parameters,
 * e.g. `new distributions.Normal({ mean: 0, std: 1 })`.
 */
export {
  Beta,
  Cauchy,
  Exponential,
  Gamma,
  Gumbel,
  HalfNormal,
  Laplace,
  LogNormal,
  Normal,
  Pareto,
  Uniform,
} from "./continuous.js";
export { Bernoulli, Binomial, Categorical, Geometric, Poisson } from "./discrete.js";
export { Dirichlet, MultivariateNormal } from "./multivariate.js";
