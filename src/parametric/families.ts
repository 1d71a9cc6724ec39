/**
 * The 18 built-in parametric families, each constructed with one object of named parameters,
 * e.g. `new distributions.Normal({ mean: 0, std: 1 })`.
 */
export { Bernoulli } from "./families/bernoulli.js";
export { Beta } from "./families/beta.js";
export { Binomial } from "./families/binomial.js";
export { Categorical } from "./families/categorical.js";
export { Cauchy } from "./families/cauchy.js";
export { Dirichlet } from "./families/dirichlet.js";
export { Exponential } from "./families/exponential.js";
export { Gamma } from "./families/gamma.js";
export { Geometric } from "./families/geometric.js";
export { Gumbel } from "./families/gumbel.js";
export { HalfNormal } from "./families/half-normal.js";
export { Laplace } from "./families/laplace.js";
export { LogNormal } from "./families/log-normal.js";
export { MultivariateNormal } from "./families/multivariate-normal.js";
export { Normal } from "./families/normal.js";
export { Pareto } from "./families/pareto.js";
export { Poisson } from "./families/poisson.js";
export { Uniform } from "./families/uniform.js";
