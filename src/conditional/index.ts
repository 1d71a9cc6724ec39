export { type ConditionalKl, type ConditionalKlOptions, conditionalKl } from "./conditional-kl.js";
export {
  type LogLoss,
  type LogLossDecomposition,
  type LogLossOptions,
  logLoss,
} from "./log-loss.js";
