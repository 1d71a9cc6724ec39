#!/usr/bin/env node
// Runs every `@example` of the doc comments in src/**/*.ts against the built dist/ (run `npm run
// build` first) and checks the values they show. The convention, as in src/measures/kl.ts:
//
//   klDivergence([0.5, 0.5], [0.9, 0.1]); // 0.5108256237659907 nats: a fair coin, believed loaded
//   klDivergenceRows(p, q);
//   // Float64Array [0.5108256237659907, 0.3680642071684971]
//
// A comment after an expression statement (on its line, or alone on the next lines) that starts
// with a value is checked: a number (exactly: the shortest form that reads back as the same
// double), Infinity, NaN, true, false, null, undefined, a "string", an [array], an { object }
// (the same own keys) or a typed array as `Float64Array [1, 2]`; `→ ` before the value is
// allowed; `≈ 0.29` compares to the digits shown. A value that does not close on its line goes
// on in the next comment lines. What follows the value is prose. A comment that starts with a
// word is prose and not checked ("e.g. …" marks an illustration); one that starts with a digit but
// does not read as a value is an error: write the value first.
//
// Names the example uses come from dist/index.js (the package's entry; `import … from
// "surprisal"` in an example is rewritten to it), then dist/node.js ("surprisal/node": the readers
// and the database engines; the PostgreSQL and ClickHouse examples need the servers that
// scripts/engines/start.sh starts), or else from the dist module of the file the
// example documents (internal helpers). Exits 1 when an example throws, a value differs, or a
// check is never reached.
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import ts from "typescript";

const root = resolve(fileURLToPath(import.meta.url), "../..");
const dist = resolve(root, "dist");
const entryUrl = pathToFileURL(join(dist, "index.js")).href;
const nodeUrl = pathToFileURL(join(dist, "node.js")).href;

const TYPED = [
  "Float64Array",
  "Float32Array",
  "Int32Array",
  "Uint32Array",
  "Int16Array",
  "Uint16Array",
  "Int8Array",
  "Uint8Array",
];

function* tsFiles(dir) {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* tsFiles(path);
    else if (name.endsWith(".ts") && !name.endsWith(".d.ts")) yield path;
  }
}

/** The `@example` blocks of a file's doc comments: { code, line } (line of the first code line). */
function examplesOf(text) {
  const out = [];
  for (const m of text.matchAll(/\/\*\*[\s\S]*?\*\//g)) {
    const startLine = text.slice(0, m.index).split("\n").length;
    const lines = m[0].split("\n").map((l) => l.replace(/^\s*\/?\*+\/?\s?/, ""));
    for (let i = 0; i < lines.length; i++) {
      if (!/^@example\b/.test(lines[i])) continue;
      let j = i + 1;
      const body = [];
      while (j < lines.length && !/^@\w/.test(lines[j])) body.push([lines[j++], startLine + j - 1]);
      // Inside a ``` fence when there is one.
      const fence = body.findIndex(([l]) => l.startsWith("```"));
      let code = body;
      if (fence >= 0) {
        const end = body.findIndex(([l], k) => k > fence && l.startsWith("```"));
        code = body.slice(fence + 1, end < 0 ? undefined : end);
      }
      while (code.length && code[code.length - 1][0].trim() === "") code.pop();
      if (code.length) out.push({ code: code.map(([l]) => l).join("\n"), line: code[0][1] });
      i = j - 1;
    }
  }
  return out;
}

const NUMBER =
  /^(?:[-+]?(?:Infinity|\d[\d_]*(?:\.\d+)?(?:[eE][-+]?\d+)?|\.\d+(?:[eE][-+]?\d+)?)|NaN|true|false|null|undefined)(?=$|[\s:,;()=])/;

/**
 * Reads the value at the start of a comment's text: { js, approx, digits } (js: a JavaScript
 * expression), "more" when it goes on in the next comment line, null when the comment is prose.
 */
function readValue(text) {
  let s = text.trim();
  if (s.startsWith("→")) s = s.slice(1).trim();
  let approx = false;
  if (s.startsWith("≈") || s.startsWith("~")) {
    approx = true;
    s = s.slice(1).trim();
  }
  const typedHead = new RegExp(`^(?:${TYPED.join("|")})\\s*\\[`);
  if (s.startsWith("{") || s.startsWith("[") || s.startsWith('"') || typedHead.test(s)) {
    const js = convert(s);
    return js === undefined ? "more" : { js, approx: false };
  }
  const m = NUMBER.exec(s);
  if (m) {
    const digits = m[0]
      .replace(/^[-+]?0*\.?0*/, "")
      .replace(/e.*$/i, "")
      .replace(/[._]/g, "").length;
    return { js: m[0], approx, digits };
  }
  if (/^[-+]?\.?\d/.test(s)) throw new Error(`the comment "${s}" does not start with a value`);
  return null;
}

/**
 * The leading value of s (an object, array, string or typed array, possibly nesting the others) as
 * JavaScript source, typed arrays written `new Float64Array([…])`; undefined when it does not close.
 */
function convert(s) {
  let out = "";
  const stack = [];
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') {
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === "\\" ? 2 : 1;
      if (j >= s.length) return undefined;
      out += s.slice(i, j + 1);
      i = j + 1;
    } else if (/[A-Za-z]/.test(c) && (i === 0 || !/[\w$]/.test(s[i - 1]))) {
      const word = /^[A-Za-z_$][\w$]*/.exec(s.slice(i))[0];
      const after = /^\s*\[/.exec(s.slice(i + word.length));
      if (TYPED.includes(word) && after) {
        out += `new ${word}([`;
        stack.push("])");
        i += word.length + after[0].length;
      } else {
        out += word;
        i += word.length;
      }
    } else if (c === "{" || c === "[") {
      out += c;
      stack.push(c === "{" ? "}" : "]");
      i++;
    } else if (c === "}" || c === "]") {
      const close = stack.pop();
      if (close === undefined || close[0] !== c) throw new Error(`unbalanced value: ${s}`);
      out += close;
      i++;
    } else {
      out += c;
      i++;
    }
    if (stack.length === 0) return out;
  }
  return undefined;
}

/** Rewrites an example into a module: checked statements call __check; imports prepended. */
function transform(code, file, firstLine, indexNames, moduleNames, moduleUrl) {
  const sf = ts.createSourceFile("example.ts", code, ts.ScriptTarget.Latest, true);
  const lines = code.split("\n");
  const edits = [];
  const declared = new Set();
  const used = new Set();
  let checks = 0;
  const lineOf = (pos) => sf.getLineAndCharacterOfPosition(pos).line;
  const commentAt = (k, from) => {
    const rest = lines[k]?.slice(from) ?? "";
    const m = /^\s*\/\/(.*)$/.exec(rest);
    return m ? m[1] : undefined;
  };
  const visit = (node) => {
    if (ts.isIdentifier(node)) {
      const p = node.parent;
      const property =
        (ts.isPropertyAccessExpression(p) || ts.isPropertyAssignment(p)) && p.name === node;
      const declaration =
        (ts.isVariableDeclaration(p) ||
          ts.isParameter(p) ||
          ts.isFunctionDeclaration(p) ||
          ts.isClassDeclaration(p) ||
          ts.isImportSpecifier(p) ||
          ts.isImportClause(p) ||
          ts.isBindingElement(p)) &&
        p.name === node;
      if (declaration) declared.add(node.text);
      else if (!property) used.add(node.text);
    }
    if (ts.isExpressionStatement(node)) {
      const endLine = lineOf(node.end);
      const endCol = sf.getLineAndCharacterOfPosition(node.end).character;
      let k = endLine;
      let comment = commentAt(k, endCol);
      if (comment === undefined && lines[k].slice(endCol).trim() === "") {
        k = endLine + 1;
        comment = commentAt(k, 0);
      }
      if (comment !== undefined) {
        const where = `${file}:${firstLine + endLine}`;
        let value;
        try {
          value = readValue(comment);
          while (value === "more" && commentAt(k + 1, 0) !== undefined) {
            comment += ` ${commentAt(++k, 0).trim()}`;
            value = readValue(comment);
          }
        } catch (e) {
          throw new Error(`${where}: ${e.message}`);
        }
        if (value === "more") throw new Error(`${where}: the value in the comment does not close`);
        if (value) {
          checks++;
          const expr = node.expression.getText(sf);
          const opts = value.approx ? `, ${value.digits}` : "";
          edits.push([
            node.getStart(sf),
            node.end,
            `__check((${expr}), (${value.js}), ${JSON.stringify(where)}${opts});`,
          ]);
        }
      }
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  let text = code;
  for (const [a, b, s] of edits.sort((x, y) => y[0] - x[0]))
    text = text.slice(0, a) + s + text.slice(b);
  text = text.replace(/(from\s+)["']surprisal["']/g, `$1${JSON.stringify(entryUrl)}`);
  text = text.replace(/(from\s+)["']surprisal\/node["']/g, `$1${JSON.stringify(nodeUrl)}`);
  const free = [...used].filter((n) => !declared.has(n));
  const fromIndex = free.filter((n) => indexNames.has(n));
  const fromNode = free.filter((n) => !indexNames.has(n) && nodeNames.has(n));
  const fromModule = free.filter(
    (n) => !indexNames.has(n) && !nodeNames.has(n) && moduleNames.has(n),
  );
  let head = "";
  if (fromIndex.length)
    head += `import { ${fromIndex.join(", ")} } from ${JSON.stringify(entryUrl)};\n`;
  if (fromNode.length)
    head += `import { ${fromNode.join(", ")} } from ${JSON.stringify(nodeUrl)};\n`;
  if (fromModule.length)
    head += `import { ${fromModule.join(", ")} } from ${JSON.stringify(moduleUrl)};\n`;
  head += "const __check = globalThis.__surprisalCheck;\n";
  const js = ts.transpileModule(head + text, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  }).outputText;
  return { js, checks };
}

function show(x) {
  if (typeof x === "number") return Object.is(x, -0) ? "-0" : String(x);
  if (typeof x === "string") return JSON.stringify(x);
  if (ArrayBuffer.isView(x)) return `${x.constructor.name} [${Array.from(x, show).join(", ")}]`;
  if (Array.isArray(x)) return `[${x.map(show).join(", ")}]`;
  if (x && typeof x === "object") {
    return `{ ${Object.entries(x)
      .map(([k, v]) => `${k}: ${show(v)}`)
      .join(", ")} }`;
  }
  return String(x);
}

/** Where actual differs from expected (a path), or undefined when they are equal. */
function differ(actual, expected, path = "") {
  if (typeof expected === "number") {
    if (typeof actual !== "number") return path || "value";
    return actual === expected || (Number.isNaN(actual) && Number.isNaN(expected))
      ? undefined
      : path || "value";
  }
  if (ArrayBuffer.isView(expected) || Array.isArray(expected)) {
    const kind = (x) =>
      ArrayBuffer.isView(x) ? x.constructor.name : Array.isArray(x) ? "Array" : "";
    // A typed array shown as `Float64Array [...]` may be a subclass (RowValues is a Float64Array).
    const sameKind = ArrayBuffer.isView(expected)
      ? actual instanceof expected.constructor
      : kind(actual) === kind(expected);
    if (!sameKind || actual.length !== expected.length) return path || "value";
    for (let i = 0; i < expected.length; i++) {
      const d = differ(actual[i], expected[i], `${path}[${i}]`);
      if (d) return d;
    }
    return undefined;
  }
  if (expected !== null && typeof expected === "object") {
    if (actual === null || typeof actual !== "object") return path || "value";
    const ka = Object.keys(actual).sort().join();
    const ke = Object.keys(expected).sort().join();
    if (ka !== ke) return `${path || "value"} (keys ${ka} ≠ ${ke})`;
    for (const k of Object.keys(expected)) {
      const d = differ(actual[k], expected[k], `${path}.${k}`);
      if (d) return d;
    }
    return undefined;
  }
  return actual === expected ? undefined : path || "value";
}

const failures = [];
let ran = 0;
globalThis.__surprisalCheck = (actual, expected, where, digits) => {
  ran++;
  if (digits !== undefined) {
    if (typeof actual !== "number" || Number(actual.toPrecision(digits)) !== expected) {
      failures.push(`${where}: shows ≈ ${show(expected)}, the code gives ${show(actual)}`);
    }
    return;
  }
  const d = differ(actual, expected);
  if (d) failures.push(`${where}: shows ${show(expected)}, the code gives ${show(actual)} (${d})`);
};

if (!existsSync(join(dist, "index.js"))) {
  console.error("check-examples: dist/index.js is missing: run npm run build first");
  process.exit(1);
}
const index = await import(entryUrl);
const indexNames = new Set(Object.keys(index));
const nodeNames = new Set(Object.keys(await import(nodeUrl)));
const work = mkdtempSync(join(tmpdir(), "surprisal-examples-"));
let examples = 0;
let checks = 0;
try {
  for (const path of tsFiles(resolve(root, "src"))) {
    const file = relative(root, path);
    const found = examplesOf(readFileSync(path, "utf8"));
    if (!found.length) continue;
    const moduleUrl = pathToFileURL(join(dist, relative("src", file).replace(/\.ts$/, ".js"))).href;
    const moduleNames = new Set(Object.keys(await import(moduleUrl)));
    for (const ex of found) {
      examples++;
      let js;
      let n;
      try {
        ({ js, checks: n } = transform(ex.code, file, ex.line, indexNames, moduleNames, moduleUrl));
      } catch (e) {
        failures.push(e.message);
        continue;
      }
      checks += n;
      const out = join(work, `example-${examples}.mjs`);
      writeFileSync(out, js);
      const before = ran;
      try {
        await import(pathToFileURL(out).href);
      } catch (e) {
        failures.push(`${file}:${ex.line}: the example throws ${e?.name}: ${e?.message}`);
        continue;
      }
      if (ran - before !== n) {
        failures.push(`${file}:${ex.line}: ${n - (ran - before)} of its ${n} checks never ran`);
      }
    }
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

if (failures.length) {
  console.error(failures.join("\n"));
  console.error(`check-examples: ${failures.length} failures in ${examples} examples`);
  process.exit(1);
}
console.log(`check-examples: ${examples} examples, ${checks} values checked against dist/`);
// The engines' examples leave their connections open (a database handle is the example's result),
// and the fast path's workers idle: exit rather than wait for them.
process.exit(0);
