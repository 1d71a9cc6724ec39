#!/usr/bin/env node
// The `surprisal` command line: a launcher for the compiled CLI in dist/cli/main.js.
let cli;
try {
  ({ cli } = await import("../dist/cli/main.js"));
} catch (error) {
  process.stderr.write(
    `surprisal: internal error: cannot load dist/cli/main.js (${error?.code ?? error?.message}); run npm run build\n`,
  );
  process.exit(3);
}
await cli();
