/**
 * The import graph of src/, held to the layers of DESIGN.md: dependencies point inwards only,
 * folder by folder, without cycles; the faces reach the library through its public entry; the
 * core runs anywhere (no Node-only import, no Node-only package).
 *
 * Layers, inner to outer:
 *   errors.ts, types.ts → numeric/ → fast/ (registers kernels in numeric's hooks) → input/
 *   → measures/ → conditional/, parametric/ → sampling/ → estimators/, sql/, models/, drift/
 *   → index.ts (the public entry) → the Node side (io/, engines/, node.ts) → cli/.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { builtinModules } from "node:module";
import { join, relative, resolve } from "node:path";
import { describe, expect, test } from "vitest";

const SRC = resolve(import.meta.dirname, "../../src");

/** What each unit (top folder of src/, or a root file) may import, besides itself. */
const ALLOWED: Record<string, readonly string[]> = {
  "errors.ts": [],
  "types.ts": ["errors.ts"],
  numeric: ["errors.ts", "types.ts"],
  fast: ["numeric", "errors.ts", "types.ts"],
  input: ["numeric", "errors.ts", "types.ts"],
  measures: ["input", "numeric", "errors.ts", "types.ts"],
  conditional: ["measures", "input", "numeric", "errors.ts", "types.ts"],
  parametric: ["measures", "input", "numeric", "errors.ts", "types.ts"],
  sampling: ["parametric", "measures", "input", "numeric", "errors.ts", "types.ts"],
  estimators: ["sampling", "measures", "input", "numeric", "errors.ts", "types.ts"],
  sql: ["measures", "input", "numeric", "errors.ts", "types.ts"],
  models: ["estimators", "measures", "input", "numeric", "errors.ts", "types.ts"],
  drift: ["estimators", "measures", "input", "numeric", "errors.ts", "types.ts"],
  "index.ts": [
    "fast",
    "numeric",
    "input",
    "measures",
    "conditional",
    "parametric",
    "sampling",
    "estimators",
    "sql",
    "models",
    "drift",
    "errors.ts",
    "types.ts",
  ],
  // The Node side talks to the library through its public entry (errors and types are part of it).
  io: ["index.ts", "errors.ts", "types.ts"],
  engines: ["io", "index.ts", "errors.ts", "types.ts"],
  "node.ts": ["io", "engines", "index.ts", "errors.ts", "types.ts"],
  cli: ["node.ts", "io", "engines", "index.ts", "errors.ts", "types.ts"],
};

/** Units that run only in Node: they may import node: modules and Node-only packages. */
const NODE_SIDE = new Set(["io", "engines", "node.ts", "cli"]);

/** Packages the core (the library that runs anywhere) may import: few, small, never Node-only. */
const CORE_PACKAGES = new Set(["pure-rand"]);

interface Edge {
  file: string;
  line: number;
  specifier: string;
}

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return name.endsWith(".ts") ? [path] : [];
  });
}

/** The static and dynamic imports (and re-exports) of a file, with their line numbers. */
function importsOf(file: string): Edge[] {
  const text = readFileSync(file, "utf8");
  const edges: Edge[] = [];
  const pattern =
    /(?:^|[\s;])(?:import|export)\s[^'"`;]*?from\s*["']([^"']+)["']|(?:^|[\s;])import\s*["']([^"']+)["']|\bimport\(\s*["']([^"']+)["']\s*\)/g;
  for (const match of text.matchAll(pattern)) {
    const specifier = match[1] ?? match[2] ?? match[3];
    if (specifier === undefined) continue;
    const line = text.slice(0, match.index).split("\n").length;
    edges.push({ file: relative(SRC, file), line, specifier });
  }
  return edges;
}

/** The unit of a path relative to src/: its top folder, or the file itself at the root. */
function unitOf(path: string): string {
  const parts = path.split(/[\\/]/);
  return (parts[0] as string).replace(/\.js$/, ".ts");
}

const files = sourceFiles(SRC);
const edges = files.flatMap(importsOf);
const NODE_BUILTINS = new Set(builtinModules.flatMap((m) => [m, `node:${m}`]));

describe("the import graph of src/", () => {
  test("every unit of src/ has its place in the layers", () => {
    const units = new Set(files.map((f) => unitOf(relative(SRC, f))));
    const unplaced = [...units].filter((u) => !(u in ALLOWED));
    expect(unplaced, "add the new folder to ALLOWED in this test, at its layer").toEqual([]);
  });

  test("imports point inwards only", () => {
    const wrong: string[] = [];
    for (const edge of edges) {
      if (!edge.specifier.startsWith(".")) continue;
      const from = unitOf(edge.file);
      const target = relative(SRC, resolve(SRC, edge.file, "..", edge.specifier)).replace(
        /\.js$/,
        ".ts",
      );
      const to = unitOf(target);
      if (from === to) continue;
      if (!(ALLOWED[from] ?? []).includes(to)) {
        wrong.push(`${edge.file}:${edge.line} imports ${edge.specifier} (${from} → ${to})`);
      }
    }
    expect(wrong).toEqual([]);
  });

  test("no cycle between folders", () => {
    const graph = new Map<string, Set<string>>();
    for (const edge of edges) {
      if (!edge.specifier.startsWith(".")) continue;
      const from = unitOf(edge.file);
      const to = unitOf(relative(SRC, resolve(SRC, edge.file, "..", edge.specifier)));
      if (from === to) continue;
      if (!graph.has(from)) graph.set(from, new Set());
      graph.get(from)?.add(to.replace(/\.js$/, ".ts"));
    }
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const visit = (unit: string, path: string[]): void => {
      if (state.get(unit) === "done") return;
      if (state.get(unit) === "open") {
        cycles.push([...path.slice(path.indexOf(unit)), unit].join(" → "));
        return;
      }
      state.set(unit, "open");
      for (const next of graph.get(unit) ?? []) visit(next, [...path, unit]);
      state.set(unit, "done");
    };
    for (const unit of graph.keys()) visit(unit, []);
    expect(cycles).toEqual([]);
  });

  test("the core runs anywhere: no Node-only module or package outside the Node side", () => {
    const wrong = edges
      .filter((e) => !NODE_SIDE.has(unitOf(e.file)) && !e.specifier.startsWith("."))
      .filter((e) => NODE_BUILTINS.has(e.specifier) || !CORE_PACKAGES.has(packageOf(e.specifier)))
      .map((e) => `${e.file}:${e.line} imports ${e.specifier}`);
    expect(wrong).toEqual([]);
  });

  test("the faces reach the library only through its public entry", () => {
    const faces = [...edges].filter((e) => unitOf(e.file) === "cli");
    const deep = faces.filter((e) => {
      if (!e.specifier.startsWith(".")) return false;
      const target = unitOf(relative(SRC, resolve(SRC, e.file, "..", e.specifier)));
      return !["cli", "index.js", "index.ts", "node.js", "node.ts", "io", "engines"].includes(
        target,
      );
    });
    expect(deep.map((e) => `${e.file}:${e.line} imports ${e.specifier}`)).toEqual([]);
    const web = sourceFiles(resolve(SRC, "../web/src")).flatMap((file) =>
      importsOf(file)
        .filter((e) => /(^|\/)src\//.test(e.specifier) || e.specifier.includes("../src"))
        .map((e) => `${relative(resolve(SRC, ".."), file)}:${e.line} imports ${e.specifier}`),
    );
    expect(web, "the explorer imports the library as 'surprisal' only").toEqual([]);
  });
});

function packageOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") ? `${parts[0]}/${parts[1]}` : (parts[0] as string);
}
