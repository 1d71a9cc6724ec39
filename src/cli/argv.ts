import type { ArgsDef } from "citty";
import { usageError } from "./errors.js";
import { didYouMean } from "./suggest.js";

interface FlagInfo {
  name: string;
  takesValue: boolean;
}

function kebab(s: string): string {
  return s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

/** Looks like a value rather than a flag: a negative number or a list of numbers (`-0.5,1`, `-inf`). */
function looksLikeValue(word: string): boolean {
  return word === "-" || word.startsWith("-#") || /^-(?:\d|\.\d|inf|Inf|INF)/.test(word);
}

/**
 * Checks the words after the command against its declared flags, before citty parses them: an
 * unknown flag (with the closest known one: `--inptu`, did you mean `--input`?) or a value flag
 * without its value is a usage error; a flag in `refuses` (one other commands take) is refused
 * with its sentence; negative numbers (`-0.5,-1`) are inputs, not flags. Returns the flags (as `--name=value`) for citty, and the inputs.
 */
export function prepareArgs(
  words: string[],
  args: ArgsDef,
  refuses: Record<string, string> = {},
): { flags: string[]; inputs: string[] } {
  const known = new Map<string, FlagInfo>();
  for (const [name, def] of Object.entries(args)) {
    if (def.type === "positional") continue;
    const info = { name, takesValue: def.type === "string" || def.type === "enum" };
    known.set(name, info);
    known.set(kebab(name), info);
    if (def.type === "boolean") known.set(`no-${name}`, { name: `no-${name}`, takesValue: false });
  }
  const flags: string[] = [];
  const inputs: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const w = words[i] as string;
    if (w === "--") {
      inputs.push(...words.slice(i + 1));
      break;
    }
    if (!w.startsWith("-") || looksLikeValue(w)) {
      inputs.push(w);
      continue;
    }
    const eq = w.indexOf("=");
    const name = (eq >= 0 ? w.slice(0, eq) : w).replace(/^--?/, "");
    const info = w.startsWith("--") ? known.get(name) : undefined;
    if (!info) {
      const word = eq >= 0 ? w.slice(0, eq) : w;
      const why = w.startsWith("--") ? refuses[name] : undefined;
      if (why !== undefined) throw usageError(why);
      const names = [...new Set([...known.values()].map((f) => f.name))].filter(
        (f) => !f.startsWith("no-"),
      );
      throw usageError(`unknown option ${word}${didYouMean(name, names, (f) => `--${f}`)}`);
    }
    if (info.takesValue) {
      const value = eq >= 0 ? w.slice(eq + 1) : words[++i];
      if (value === undefined) throw usageError(`--${name} needs a value`);
      flags.push(`--${info.name}=${value}`);
      continue;
    }
    const v = eq >= 0 ? w.slice(eq + 1) : "true";
    if (v !== "true" && v !== "false") throw usageError(`--${name} is a switch: it takes no value`);
    flags.push(v === "false" ? `--no-${info.name}` : `--${info.name}`);
  }
  return { flags, inputs };
}
