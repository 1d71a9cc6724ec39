#!/usr/bin/env node
// The `surprisal` command line: a launcher for the compiled CLI, bundled into one module
// (dist/cli/surprisal.js, made by `npm run build`), or dist/cli/main.js where only tsc has run.
let cli;
try {
  ({ cli } = await import("../dist/cli/surprisal.js"));
} catch (bundled) {
  try {
    ({ cli } = await import("../dist/cli/main.js"));
  } catch (error) {
    process.stderr.write(
      `surprisal: internal error: cannot load dist/cli/surprisal.js or main.js (${bundled?.code ?? bundled?.message}; ${error?.code ?? error?.message}); run npm run build\n`,
    );
    process.exit(3);
  }
}
await cli();
