/**
 * One reading of the direction everywhere: D(P‖Q) is the divergence of Q from P (the information
 * lost when Q approximates P), never "of P from Q".
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { expect, test } from "vitest";

const root = resolve(import.meta.dirname, "../..");

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === "api" ? [] : files(path); // docs/api is generated
    return /\.(ts|md)$/.test(name) ? [path] : [];
  });
}

test('no doc comment or page says "divergence of P from Q"', () => {
  const wrong = /divergence (of order \S+ )?of P from Q/i;
  const hits = [
    ...files(resolve(root, "src")),
    ...files(resolve(root, "docs")),
    resolve(root, "README.md"),
  ].flatMap((f) =>
    readFileSync(f, "utf8")
      .split("\n")
      .map((line, i) => [line, i] as const)
      // D(Q‖P), the reversed divergence, is rightly "of P from Q"
      .filter(([line]) => wrong.test(line) && !line.includes("D(Q‖P)"))
      .map(([line, i]) => `${relative(root, f)}:${i + 1}: ${line.trim()}`),
  );
  expect(hits).toEqual([]);
});
