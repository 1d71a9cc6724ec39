#!/usr/bin/env bash
# Packs the package as npm would publish it (from the dist/ of the last `npm run build`), checks
# what the tarball holds, installs it into a fresh folder from the npm cache (no network) and uses
# it there as a user would: `import { klDivergence } from "surprisal"` and `npx surprisal kl`.
set -euo pipefail
cd "$(dirname "$0")/.."
[ -f dist/index.js ] || { echo "check-package: dist/index.js is missing: run npm run build first"; exit 1; }

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail() { echo "check-package: $*" >&2; exit 1; }

# --ignore-scripts: `prepare` would rebuild dist/, which the build step has just done.
tgz=$(npm pack --ignore-scripts --silent --pack-destination "$tmp" | tail -n 1)
tar -tzf "$tmp/$tgz" | sed 's|^package/||' | sort >"$tmp/files"

# Nothing generated or internal: no typedoc output, tests, explorer, benchmarks, kernel sources.
if grep -E '^(docs/api|test|web|bench|assembly|scripts|examples|node_modules|coverage)/' "$tmp/files"; then
  fail "the tarball holds the files above, which a user does not need"
fi
for f in package.json README.md LICENSE CHANGELOG.md bin/surprisal.cjs dist/index.js dist/index.d.ts \
  dist/cli/main.js dist/cli/launch.cjs dist/cli/surprisal.cjs dist/cli/surprisal.cjs.cache \
  dist/fast/kernels-wasm.js src/index.ts; do
  grep -qx "$f" "$tmp/files" || fail "the tarball lacks $f"
done

# Every source map (.js.map, .d.ts.map) names sources that the tarball holds (the CLI bundle's
# map also names the packages bundled into it, under node_modules/: it carries their text).
tar -xzf "$tmp/$tgz" -C "$tmp"
node - "$tmp/package" <<'EOF'
const { readFileSync, existsSync } = require("node:fs");
const { dirname, join, relative } = require("node:path");
const pkg = process.argv[2];
const lines = readFileSync(join(pkg, "..", "files"), "utf8").split("\n").filter(Boolean);
let maps = 0;
const missing = [];
for (const f of lines.filter((l) => l.endsWith(".map"))) {
  const map = JSON.parse(readFileSync(join(pkg, f), "utf8"));
  maps++;
  map.sources.forEach((s, i) => {
    const target = join(dirname(join(pkg, f)), map.sourceRoot ?? "", s);
    const bundled = relative(pkg, target).startsWith("node_modules/") && map.sourcesContent?.[i];
    if (!existsSync(target) && !bundled) missing.push(`${f} → ${relative(pkg, target)}`);
  });
}
if (missing.length) {
  console.error(`check-package: source maps name files the tarball lacks:\n${missing.join("\n")}`);
  process.exit(1);
}
console.log(`check-package: ${lines.length} files, ${maps} source maps resolve`);
EOF

# A fresh project that installs the tarball from the npm cache.
mkdir "$tmp/app"
cd "$tmp/app"
echo '{ "name": "app", "private": true, "type": "module" }' >package.json
# Offline from the npm cache; where the cache lacks the dependencies' registry metadata (npm ci
# installs from the lock file, which stores only the tarballs), once with --prefer-offline.
install() { npm install "$@" --no-audit --no-fund --loglevel=error "$tmp/$tgz" >/dev/null 2>&1; }
if ! install --offline; then
  echo "check-package: the npm cache lacks some dependency metadata: npm install --prefer-offline"
  install --prefer-offline || fail "npm install of the tarball into a fresh folder failed"
fi

node --input-type=module -e '
import { klDivergence, fastPathInfo } from "surprisal";
const d = klDivergence([0.5, 0.5], [0.9, 0.1]);
if (d !== 0.5108256237659907) throw new Error(`klDivergence gives ${d}, not 0.5108256237659907`);
if (!fastPathInfo().wasm) throw new Error("the installed package does not register the fast path");
' || fail "import { klDivergence } from \"surprisal\" fails in a fresh project"

out=$(npx --no-install surprisal kl 0.5,0.5 0.9,0.1) || fail "npx surprisal kl exits with $?"
# The right number, D(0.5,0.5 ‖ 0.9,0.1) = 0.5108256237659907 nats, at the precision printed.
node -e '
const out = process.argv[1];
const ok = (out.match(/\d+\.\d{4,}/g) ?? []).some((s) => {
  const digits = s.replace(/^0*\.?0*/, "").replace(".", "").length;
  return Number(s) === Number((0.5108256237659907).toPrecision(digits));
});
if (!ok) { console.error(out); process.exit(1); }
' "$out" || fail "npx surprisal kl 0.5,0.5 0.9,0.1 does not print 0.5108256237659907 (rounded)"
# The installed CLI loads from its code cache (the build's, accepted by this Node's V8).
node -e '
const { loadBundle } = require("./node_modules/surprisal/dist/cli/launch.cjs");
const { cache } = loadBundle(require.resolve("./node_modules/surprisal/dist/cli/surprisal.cjs"));
if (cache !== "used") { console.error(`code cache: ${cache}`); process.exit(1); }
' || fail "the installed CLI does not load from its code cache"
echo "check-package: $tgz installs into a fresh folder; import and npx surprisal kl work, from the code cache"
