import type { Command } from "../command.js";
import compare from "./compare.js";
import conditional from "./conditional.js";
import crossEntropy from "./cross-entropy.js";
import drift from "./drift.js";
import entropy from "./entropy.js";
import explain from "./explain.js";
import js from "./js.js";
import kl from "./kl.js";
import mi from "./mi.js";
import models from "./models.js";
import sample from "./sample.js";

/** Every command of the `surprisal` CLI, in the order the help lists them. */
export const COMMANDS: Record<string, Command> = {
  entropy,
  "cross-entropy": crossEntropy,
  kl,
  js,
  compare,
  explain,
  sample,
  conditional,
  mi,
  models,
  drift,
};
