/**
 * The one-pass kernels behind every entropy, cross-entropy and KL computation, whole-array or
 * streamed. Each kernel accumulates a small state (a `Float64Array`) over a chunk; states of two
 * chunks merge by addition (after rescaling to a common reference), and a `finish*` function turns a
 * state into the measure in nats. The whole-array functions are one chunk of the same kernel.
 *
 * All sums are Neumaier-compensated; every summed term is non-negative or exactly cancelling, so the
 * result keeps full relative accuracy, also when P ≈ Q (see the numerical contract in DESIGN.md).
 */
export * from "./entropy-kernel.js";
export * from "./entropy-log-kernel.js";
export * from "./kl-kernel.js";
export * from "./kl-log-kernel.js";
export { VALID } from "./valid.js";
