// Bundles the compiled CLI into the two files bin/surprisal.cjs loads (see src/cli/launch.ts):
//
// - dist/cli/launch.cjs, the launcher (src/cli/launch.ts and prestart.ts, with the worker's source);
// - dist/cli/surprisal.cjs, the CLI (dist/cli/main.js and the library modules it imports), and its
//   V8 code cache dist/cli/surprisal.cjs.cache.
//
// Packages the CLI imports statically are bundled (they load at every start anyway: one file
// instead of a resolution per module); those it imports with `import()` stay packages, loaded from
// node_modules only when a command needs them (DuckDB, pg, the Parquet and CSV readers, the
// progress bar). CommonJS, because Node 20 compiles CommonJS through `vm.Script`, which takes a code
// cache; `import.meta` (url, resolve) is given its CommonJS meaning by a banner. Minified: V8 parses
// 540 KB instead of 830 KB when the cache is rejected; errors map to src/ through the source map,
// which chains through tsc's maps. Run by `npm run build` after tsc.
import { createHash } from "node:crypto";
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { build } from "esbuild";

/** Packages imported with `import()` stay outside the bundle (recorded); static imports go in. */
const lazyPackages = new Set();
const lazyPackagesOutside = {
  name: "lazy-packages-outside",
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.kind !== "dynamic-import") return undefined;
      lazyPackages.add(args.path);
      return { path: args.path, external: true };
    });
  },
};

const common = {
  bundle: true,
  platform: "node",
  format: "cjs",
  target: "node20",
  sourcemap: true,
  legalComments: "none",
  minify: true,
  logLevel: "warning",
  plugins: [lazyPackagesOutside],
  define: { "import.meta": "__importMeta" },
  // "use strict" first: the banner precedes esbuild's own directive, which would then not count.
  // `__load` is the launcher's import() when it passes one (see launch.ts), else import() itself.
  banner: {
    js: [
      '"use strict";',
      'var __importMeta={url:require("node:url").pathToFileURL(__filename).href,resolve:(s)=>require("node:url").pathToFileURL(require.resolve(s)).href};',
      'var __load=typeof __import=="function"?__import:(s)=>import(s);',
    ].join(""),
  },
};

await build({ ...common, entryPoints: ["dist/cli/main.js"], outfile: "dist/cli/surprisal.cjs" });
await build({ ...common, entryPoints: ["dist/cli/launch.js"], outfile: "dist/cli/launch.cjs" });

const bundle = new URL("../dist/cli/surprisal.cjs", import.meta.url).pathname;

// The bundle's import() of packages goes through `__load`: V8 (11.3, Node 20) drops what import()
// needs from a script compiled from a code cache ("Invalid host defined options"), so the launcher
// passes an import() of its own. Every import() of the bundle is one of those recorded above.
let text = readFileSync(bundle, "utf8");
let replaced = 0;
for (const name of lazyPackages) {
  const site = `import(${JSON.stringify(name)})`;
  replaced += text.split(site).length - 1;
  text = text.replaceAll(site, `__load(${JSON.stringify(name)})`);
}
const left = text.replace("(s)=>import(s)", "").match(/\bimport\(/g)?.length ?? 0;
if (replaced === 0 || left > 0) {
  throw new Error(
    `bundle-cli: ${replaced} import() of packages replaced, ${left} left in ${bundle}`,
  );
}
writeFileSync(bundle, text);

// The bundle's last line names its digest; the code cache starts with it (see launch.ts).
const digest = createHash("sha256").update(readFileSync(bundle)).digest("hex");
appendFileSync(bundle, `//# build=${digest}\n`);
const { writeCodeCache } = await import("../dist/cli/launch.js");
writeCodeCache(bundle);
