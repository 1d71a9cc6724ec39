#!/usr/bin/env node
// The `surprisal` program. CommonJS, so that a command starts without Node's ES module loader
// (~3–6 ms here). `npm run build` makes two bundles: a small launcher (dist/cli/launch.cjs) that
// loads the CLI (dist/cli/surprisal.cjs) from its V8 code cache, see src/cli/launch.ts. Where only
// tsc has run, the unbundled ES module dist/cli/main.js.
let launch;
let bundle;
try {
  ({ launch } = require("../dist/cli/launch.cjs"));
  bundle = require.resolve("../dist/cli/surprisal.cjs");
} catch {
  launch = undefined;
}
const internal = (error) => {
  process.stderr.write(
    `surprisal: internal error: ${error?.code ?? error?.message} (run npm run build; if it persists, this is a bug in surprisal)\n`,
  );
  process.exit(3);
};
if (launch) launch(bundle).catch(internal);
else {
  import("../dist/cli/main.js").then(({ cli }) => cli(), internal);
}
