#!/usr/bin/env node
// The `surprisal` program. `npm run build` makes two bundles: a small launcher
// (dist/cli/launch.cjs) that loads the CLI (dist/cli/surprisal.cjs) from its V8 code cache, see
// src/cli/launch.ts. Where only tsc has run, the unbundled dist/cli/main.js.
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
let launch;
let bundle;
try {
  ({ launch } = require("../dist/cli/launch.cjs"));
  bundle = require.resolve("../dist/cli/surprisal.cjs");
} catch {
  launch = undefined;
}
if (launch) await launch(bundle);
else {
  let cli;
  try {
    ({ cli } = await import("../dist/cli/main.js"));
  } catch (error) {
    process.stderr.write(
      `surprisal: internal error: cannot load dist/cli/launch.cjs or main.js (${error?.code ?? error?.message}); run npm run build\n`,
    );
    process.exit(3);
  }
  await cli();
}
