/**
 * How the `surprisal` program loads (bin/surprisal.cjs calls {@link launch}, from its own small
 * bundle, dist/cli/launch.cjs). Measured here, a 2-core virtual machine where `node -e 0` takes
 * ~105 ms, loading the CLI as one ES module took ~60 ms; now ~35 ms:
 *
 * - the CLI is one CommonJS bundle (dist/cli/surprisal.cjs, made by scripts/bundle-cli.mjs) with
 *   the packages it imports at every start inside it (~12 ms of module resolution saved);
 * - V8 compiles it from a code cache written at build time (dist/cli/surprisal.cjs.cache), which
 *   Node 20 offers for CommonJS through `vm.Script` only. The build ends the bundle with a line
 *   naming its SHA-256 (`//# build=<hex>`) and starts the cache with the same digest, so that a
 *   cache goes only with the build it was made from (V8's own check compares the source's
 *   length, not its content). A cache that V8 rejects (another Node version) costs only a
 *   plain compile.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname } from "node:path";
import vm from "node:vm";

/** The CLI's entry, as the bundle exports it (see main.ts). */
type Cli = () => Promise<void>;

/** The last line of a bundle: its build's digest (hex SHA-256 of what precedes it). */
const BUILD_MARK = "\n//# build=";
/** Bytes of the digest (hex) at the start of a code cache. */
const DIGEST_CHARS = 64;

/** The digest the bundle's last line names, or undefined. */
function buildOf(source: string): string | undefined {
  const at = source.lastIndexOf(BUILD_MARK);
  if (at < 0) return undefined;
  const hex = source.slice(at + BUILD_MARK.length).trim();
  return /^[0-9a-f]{64}$/.test(hex) ? hex : undefined;
}

function compile(path: string, source: string, cachedData?: Buffer): vm.Script {
  // The wrapper of a CommonJS module (Node's Module.wrap), on one line so that lines keep their
  // numbers, and `__import`: the bundle's import() of packages (see scripts/bundle-cli.mjs).
  const wrapped = `(function (exports, require, module, __filename, __dirname, __import) { ${source}\n});`;
  return new vm.Script(wrapped, {
    filename: path,
    cachedData,
  });
}

/** Runs a compiled bundle as a CommonJS module and returns its exports. */
function evaluate(script: vm.Script, path: string): Record<string, unknown> {
  const module = { exports: {} as Record<string, unknown> };
  const run = script.runInThisContext() as (
    exports: unknown,
    require: NodeJS.Require,
    module: unknown,
    filename: string,
    dirname: string,
    load: (specifier: string) => Promise<unknown>,
  ) => void;
  // A script compiled from a code cache cannot run import() itself on Node 20 (V8 drops its
  // host-defined options), so its import() of packages comes here: this module was loaded by
  // Node's loader, and sits beside the bundle (the same node_modules).
  run(module.exports, createRequire(path), module, path, dirname(path), (s) => import(s));
  return module.exports;
}

/** The code cache of the bundle at `path` when it was made from this very build. */
function cacheFor(path: string, source: string): Buffer | undefined {
  const build = buildOf(source);
  if (build === undefined) return undefined;
  let cache: Buffer;
  try {
    cache = readFileSync(`${path}.cache`);
  } catch {
    return undefined;
  }
  if (cache.length <= DIGEST_CHARS || cache.toString("latin1", 0, DIGEST_CHARS) !== build)
    return undefined;
  return cache.subarray(DIGEST_CHARS);
}

/** How a bundle was compiled: from its code cache, or from source (why). */
export type CacheUse = "used" | "rejected by V8" | "none for this build";

/** Loads the CLI bundle at `path`, from its code cache when it matches: its exports, and how. */
export function loadBundle(path: string): { exports: Record<string, unknown>; cache: CacheUse } {
  const source = readFileSync(path, "utf8");
  const cachedData = cacheFor(path, source);
  const script = compile(path, source, cachedData);
  const cache =
    cachedData === undefined
      ? "none for this build"
      : script.cachedDataRejected
        ? "rejected by V8"
        : "used";
  return { exports: evaluate(script, path), cache };
}

/**
 * Writes the code cache of the bundle at `path` (run at build time, after the bundle's last line
 * names its digest): compiled and evaluated once, so that the cache holds the functions its start
 * runs. Returns the size of V8's data in bytes.
 */
export function writeCodeCache(path: string): number {
  const source = readFileSync(path, "utf8");
  const build = buildOf(source);
  if (build === undefined) throw new Error(`${path} does not end with its build digest`);
  const script = compile(path, source);
  evaluate(script, path);
  const data = script.createCachedData();
  writeFileSync(`${path}.cache`, Buffer.concat([Buffer.from(build, "latin1"), data]));
  return data.length;
}

/** Runs the `surprisal` program from the CLI bundle at `bundle` (dist/cli/surprisal.cjs). */
export async function launch(bundle: string): Promise<void> {
  await (loadBundle(bundle).exports.cli as Cli)();
}
