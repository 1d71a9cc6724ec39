/**
 * `surprisal models BASE OTHER`: two language models compared token by token, reported as llama.cpp's
 * `llama-perplexity --kl-divergence` does (same sections, same definitions), plus the additions of
 * this project (reverse KL, JS, top-1 KL, top-k agreement, bootstrap intervals) and `--worst N`, the
 * positions with the largest KLD and the tokens that drive each one.
 *
 * `runModels(options)` computes the result record (tests call it directly); `renderModels(result)`
 * lays it out as text; the default export is the citty command.
 */
import { statSync } from "node:fs";
import type { ModelComparisonResult, TokenStatistics } from "../../index.js";
import { contributions, SurprisalError } from "../../index.js";
import { compareModelFiles, readRowsAt } from "../../io/index.js";
import { RandomAccess } from "../../io/source.js";
import { defineCommand } from "../command.js";
import { dataError, usageError } from "../errors.js";
import { parseIntegerFlag } from "../options.js";
import { Progress } from "../progress.js";

/** Options of {@link runModels} (the command's flags). */
export interface ModelsOptions {
  /** The base model's outputs (P): .npy, .npz, safetensors, or top-K JSONL. */
  base?: string;
  /** A llama.cpp base file (`--kl-divergence-base` output), instead of `base`. */
  baseFile?: string;
  /** The other model's outputs (Q). */
  other: string;
  /** Next-token ids (.npy/.npz/text): one per row, or one more. */
  tokens?: string;
  /** A vocabulary: tokenizer.json (Hugging Face), a JSON {token: id} object or a JSON array of strings. */
  vocab?: string;
  /** Array name inside .npz/safetensors files. */
  tensor?: string;
  /** How many of the worst positions to list (0: none). */
  worst?: number;
  /** Bootstrap resamples for confidence intervals (0: none). Default 1000. */
  bootstrap?: number;
  /** Seed of the bootstrap. Default 42. */
  seed?: number;
  /** Called with rows done and rows in all (the progress bar). */
  onProgress?: (done: number, total: number) => void;
}

/** One of the worst positions. */
export interface WorstPosition {
  /** Row index (0-based, in scored-row order). */
  row: number;
  kld: number;
  deltaP: number | undefined;
  /** The next token: id and (with a vocabulary) its text. */
  next: { id: number; text?: string } | undefined;
  /** The preceding tokens (up to 12), decoded, when a vocabulary and tokens are known. */
  context?: string;
  /** The tokens that contribute most to this position's KLD: p·log(p/q) per token. */
  drivers: { id: number; text?: string; p: number; q: number; contribution: number }[];
}

/** The result record of the `models` command. */
export interface ModelsResult {
  command: "models";
  base: string;
  other: string;
  formats: { base: string; other: string };
  rows: number;
  vocab: number | undefined;
  report: ModelComparisonResult;
  worst?: WorstPosition[];
}

/** GPT-2's byte-level alphabet, reversed: the byte each printable stand-in character means. */
function byteDecoder(): Map<string, number> {
  const bs: number[] = [];
  for (let b = 33; b <= 126; b++) bs.push(b);
  for (let b = 161; b <= 172; b++) bs.push(b);
  for (let b = 174; b <= 255; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n);
      n++;
    }
  }
  return new Map(bs.map((b, i) => [String.fromCodePoint(cs[i] as number), b]));
}

/** Reads a vocabulary as id → text (byte-level BPE stand-ins decoded to UTF-8). */
export function readVocabulary(path: string): Map<number, string> {
  const f = new RandomAccess(path);
  const text = new TextDecoder().decode(f.read(0, f.size));
  f.close();
  const json = JSON.parse(text) as unknown;
  const out = new Map<number, string>();
  let byteLevel = false;
  if (Array.isArray(json)) {
    json.forEach((t, i) => {
      out.set(i, String(t));
    });
  } else if (json && typeof json === "object") {
    const o = json as {
      model?: { vocab?: Record<string, number> };
      added_tokens?: { id: number; content: string }[];
      pre_tokenizer?: { type?: string };
    };
    const vocab = o.model?.vocab ?? (o as unknown as Record<string, number>);
    byteLevel =
      o.pre_tokenizer?.type === "ByteLevel" ||
      JSON.stringify(o.pre_tokenizer ?? {}).includes("ByteLevel");
    for (const [t, id] of Object.entries(vocab)) if (typeof id === "number") out.set(id, t);
    for (const a of o.added_tokens ?? []) out.set(a.id, a.content);
  }
  if (byteLevel) {
    const dec = byteDecoder();
    const utf8 = new TextDecoder("utf-8", { fatal: false });
    for (const [id, t] of out) {
      const bytes: number[] = [];
      let ok = true;
      for (const ch of t) {
        const b = dec.get(ch);
        if (b === undefined) ok = false;
        else bytes.push(b);
      }
      if (ok) out.set(id, utf8.decode(Uint8Array.from(bytes)));
    }
  }
  return out;
}

/**
 * A token's text made safe for a terminal: backslash, C0/C1 controls (ESC included), DEL, line and
 * paragraph separators and bidirectional overrides are written as escapes, so nothing a vocabulary
 * holds can move the cursor, recolor the screen or reorder the line.
 *
 * @example
 * ```ts
 * escapeToken("\u001b[31m<script>\n"); // "\\u{1b}[31m<script>\\n"
 * ```
 */
export function escapeToken(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === "\\") out += "\\\\";
    else if (ch === "\n") out += "\\n";
    else if (ch === "\t") out += "\\t";
    else if (ch === "\r") out += "\\r";
    else if (
      c < 0x20 ||
      (c >= 0x7f && c <= 0x9f) ||
      c === 0x2028 ||
      c === 0x2029 ||
      (c >= 0x202a && c <= 0x202e) ||
      (c >= 0x2066 && c <= 0x2069) ||
      c === 0x200e ||
      c === 0x200f ||
      c === 0x061c
    ) {
      out += `\\u{${c.toString(16)}}`;
    } else out += ch;
  }
  return out;
}

/** Runs the comparison and returns the result record. */
export function runModels(o: ModelsOptions): ModelsResult {
  const base = o.baseFile ?? o.base;
  if (base === undefined)
    throw usageError(
      "models: give the base model's file and the other model's file (or --base-file FILE OTHER)",
    );
  const { comparison, rows, vocab, formats, tokens } = compareModelFiles({
    base,
    other: o.other,
    ...(o.tokens && !o.baseFile ? { tokens: o.tokens } : {}),
    ...(o.tensor ? { tensor: o.tensor } : {}),
    ...(o.onProgress ? { onProgress: o.onProgress } : {}),
  });
  const samples = o.bootstrap ?? 1000;
  const report = comparison.value(samples > 0 ? { bootstrap: samples, seed: o.seed ?? 42 } : {});
  const result: ModelsResult = {
    command: "models",
    base,
    other: o.other,
    formats,
    rows,
    vocab,
    report,
  };
  const n = o.worst ?? 0;
  if (n > 0) {
    const per = comparison.perToken();
    const order = Array.from(per.kld.keys()).sort(
      (a, b) => (per.kld[b] as number) - (per.kld[a] as number) || a - b,
    );
    const pick = order.slice(0, n);
    const words = o.vocab ? readVocabulary(o.vocab) : undefined;
    const text = (id: number) => (words ? { text: words.get(id) ?? "" } : {});
    let pRows: (Float32Array | Float64Array)[] | undefined;
    let qRows: (Float32Array | Float64Array)[] | undefined;
    let input: "logits" | "logprobs" = "logits";
    if (formats.base !== "jsonl") {
      const a = readRowsAt(base, pick, o.tensor);
      pRows = a.rows;
      input = a.input;
      qRows = readRowsAt(o.other, pick, o.tensor).rows;
    }
    result.worst = pick.map((row, i) => {
      const drivers: WorstPosition["drivers"] = [];
      if (pRows && qRows) {
        const c = contributions(pRows[i] as Float64Array, qRows[i] as Float64Array, {
          input: input === "logprobs" ? "logits" : input,
        });
        for (const id of Array.from(c.order).slice(0, 3)) {
          drivers.push({
            id,
            ...text(id),
            p: c.p[id] as number,
            q: c.q[id] as number,
            contribution: c.contribution[id] as number,
          });
        }
      }
      const t = tokens?.[row];
      const w: WorstPosition = {
        row,
        kld: per.kld[row] as number,
        deltaP: per.deltaP?.[row],
        next: t === undefined || t < 0 ? undefined : { id: t, ...text(t) },
        drivers,
      };
      if (words && tokens) {
        // The input tokens before this position are the next tokens of the rows before it.
        const ctx: string[] = [];
        for (let r = Math.max(0, row - 12); r < row; r++)
          ctx.push(words.get(tokens[r] as number) ?? "");
        w.context = ctx.join("");
      }
      return w;
    });
  }
  return result;
}

/**
 * Fixed-point like printf's %w.pf, switching to exponent form (4 significant digits) for values
 * that would print with fewer than 3 significant digits, so no positive value prints as 0.
 */
function num(v: number, width: number, prec: number): string {
  let s: string;
  if (!Number.isFinite(v)) s = String(v);
  else if (v !== 0 && Math.abs(v) < 10 ** (2 - prec)) s = v.toExponential(3);
  else s = v.toFixed(prec);
  return s.padStart(width);
}

function pct(f: number): string {
  return `${(100 * f).toFixed(1)}%`.padStart(5);
}

function distributionLines(
  d: TokenStatistics,
  name: string,
  scale: number,
  width: number,
  prec: number,
  unit: string,
): string[] {
  const lines = [`Maximum ${name}: ${num(scale * d.max, width, prec)}${unit}`];
  const hi = d.percentiles.filter((p) => p.fraction > 0.5);
  const lo = d.percentiles.filter((p) => p.fraction < 0.5);
  for (const p of hi)
    lines.push(`${pct(p.fraction)}   ${name}: ${num(scale * p.value, width, prec)}${unit}`);
  lines.push(`Median  ${name}: ${num(scale * d.median, width, prec)}${unit}`);
  for (const p of lo)
    lines.push(`${pct(p.fraction)}   ${name}: ${num(scale * p.value, width, prec)}${unit}`);
  lines.push(`Minimum ${name}: ${num(scale * d.min, width, prec)}${unit}`);
  return lines;
}

/** Lays a result out as text, section by section as llama-perplexity prints it, then the additions. */
export function renderModels(r: ModelsResult): string {
  const x = r.report;
  const L: string[] = [];
  L.push(
    `surprisal models: ${escapeToken(r.base)} (base) vs ${escapeToken(r.other)}, ${x.count} tokens${r.vocab ? `, vocabulary ${r.vocab}` : ""}`,
  );
  L.push("");
  if (x.perplexity) {
    const p = x.perplexity;
    L.push("====== Perplexity statistics ======");
    L.push(
      `Mean PPL(Q)                   : ${num(p.other.value, 10, 6)} ± ${num(p.other.uncertainty, 10, 6)}`,
    );
    L.push(
      `Mean PPL(base)                : ${num(p.base.value, 10, 6)} ± ${num(p.base.uncertainty, 10, 6)}`,
    );
    L.push(
      `Cor(ln(PPL(Q)), ln(PPL(base))): ${p.correlation === undefined ? "   n/a (a model's per-token surprise has no spread)" : `${num(100 * p.correlation, 6, 2)}%`}`,
    );
    L.push(
      `Mean ln(PPL(Q)/PPL(base))     : ${num(p.logRatio.value, 10, 6)} ± ${num(p.logRatio.uncertainty, 10, 6)}`,
    );
    L.push(
      `Mean PPL(Q)/PPL(base)         : ${num(p.ratio.value, 10, 6)} ± ${num(p.ratio.uncertainty, 10, 6)}`,
    );
    L.push(
      `Mean PPL(Q)-PPL(base)         : ${num(p.difference.value, 10, 6)} ± ${num(p.difference.uncertainty, 10, 6)}`,
    );
    L.push("");
  }
  L.push("====== KL divergence statistics ======");
  L.push(`Mean    KLD: ${num(x.kld.mean, 10, 6)} ± ${num(x.kld.uncertainty, 10, 6)}`);
  L.push(...distributionLines(x.kld, "KLD", 1, 10, 6, ""));
  L.push("");
  L.push("====== Token probability statistics ======");
  if (x.deltaP) {
    const d = x.deltaP;
    L.push(`Mean    Δp: ${num(100 * d.mean, 6, 3)} ± ${num(100 * d.uncertainty, 5, 3)} %`);
    L.push(...distributionLines(d, "Δp", 100, 6, 3, "%"));
    L.push(`RMS Δp    : ${num(100 * d.rms.value, 6, 3)} ± ${num(100 * d.rms.uncertainty, 5, 3)} %`);
  }
  L.push(
    `Same top p: ${num(100 * x.sameTop.value, 6, 3)} ± ${num(100 * x.sameTop.uncertainty, 5, 3)} %`,
  );
  L.push("");
  L.push("====== Additions (surprisal) ======");
  if (x.reverseKld)
    L.push(
      `Mean reverse KLD D(Q‖P): ${num(x.reverseKld.mean, 10, 6)} ± ${num(x.reverseKld.uncertainty, 10, 6)}`,
    );
  if (x.js)
    L.push(`Mean Jensen–Shannon    : ${num(x.js.mean, 10, 6)} ± ${num(x.js.uncertainty, 10, 6)}`);
  L.push(
    `Mean top-1 KLD         : ${num(x.top1Kld.mean, 10, 6)} ± ${num(x.top1Kld.uncertainty, 10, 6)}`,
  );
  for (const t of x.topK) {
    if (t.count === 0) continue; // fewer than k outcomes listed
    L.push(
      `Top-${String(t.k).padEnd(2)} agreement      : P's top in Q's top-${t.k} ${num(100 * t.hit, 7, 3)} %, overlap ${num(100 * t.overlap, 7, 3)} %`,
    );
  }
  if (x.bootstrap) {
    const b = x.bootstrap;
    const iv = (i: { low: number; high: number }, s = 1) =>
      `[${num(s * i.low, 0, 6)}, ${num(s * i.high, 0, 6)}]`;
    L.push(
      `Bootstrap ${Math.round(100 * b.level)}% intervals (${b.samples} resamples, seed ${b.seed}):`,
    );
    L.push(`  Mean KLD ${iv(b.kld.mean)}   Median KLD ${iv(b.kld.median)}`);
    for (const p of b.kld.percentiles) L.push(`  ${pct(p.fraction)} KLD ${iv(p.interval)}`);
    if (b.deltaP)
      L.push(`  Mean Δp ${iv(b.deltaP.mean, 100)} %   Median Δp ${iv(b.deltaP.median, 100)} %`);
  }
  if (r.worst) {
    L.push("");
    L.push(`====== Worst ${r.worst.length} positions by KLD ======`);
    for (const w of r.worst) {
      const next = w.next
        ? `${w.next.id}${w.next.text !== undefined ? ` "${escapeToken(w.next.text)}"` : ""}`
        : "?";
      const dp = w.deltaP === undefined ? "" : `  Δp ${num(100 * w.deltaP, 7, 3)}%`;
      L.push(`row ${String(w.row).padStart(6)}  KLD ${num(w.kld, 10, 6)}${dp}  next ${next}`);
      if (w.context !== undefined) L.push(`    context: "${escapeToken(w.context)}"`);
      for (const d of w.drivers) {
        const t = d.text !== undefined ? ` "${escapeToken(d.text)}"` : "";
        L.push(
          `    token ${d.id}${t}: p ${num(d.p, 8, 5)}  q ${num(d.q, 8, 5)}  p·log(p/q) ${num(d.contribution, 10, 6)}`,
        );
      }
    }
  }
  return `${L.join("\n")}\n`;
}

/** The citty command. */
export default defineCommand({
  meta: {
    name: "models",
    summary: "two language models token by token (llama.cpp's KL-divergence report)",
    description:
      "Compare two language models token by token: P = the base model's next-token distributions, Q = the other model's (llama.cpp's --kl-divergence report, and more)",
  },
  args: {
    base: {
      type: "positional",
      required: false,
      description: "base model outputs (P): .npy, .npz, .safetensors or top-K .jsonl",
    },
    other: { type: "positional", required: false, description: "other model outputs (Q)" },
    "base-file": {
      type: "string",
      description: "a llama.cpp --kl-divergence-base file, as the base",
    },
    tokens: {
      type: "string",
      description: "next-token ids (.npy/.npz/text), one per row (or one more)",
    },
    vocab: {
      type: "string",
      description: "tokenizer.json or a JSON vocabulary, to show tokens as text",
    },
    tensor: { type: "string", description: "array name inside .npz/.safetensors" },
    worst: {
      type: "string",
      description: "list the N positions with the largest KLD",
      default: "0",
    },
    bootstrap: {
      type: "string",
      description: "bootstrap resamples for intervals (0: none)",
      default: "1000",
    },
    seed: { type: "string", description: "seed of the bootstrap", default: "42" },
    json: { type: "boolean", description: "print the result record as JSON" },
  },
  examples: [
    "surprisal models base_logits.npy quantized_logits.npy --tokens ids.npy",
    "surprisal models --base-file base.kld int8_logits.npy --worst 5 --vocab tokenizer.json",
    "surprisal models base_logits.npy quantized_logits.npy --json --bootstrap 200 --seed 7",
  ],
  rows: "never",
  async run(call) {
    const flags = call.flags;
    const positional = call.inputs;
    const baseFile = flags["base-file"] as string | undefined;
    if (positional.length !== (baseFile ? 1 : 2)) {
      throw usageError(
        baseFile
          ? "models --base-file FILE takes one more file: the other model's outputs"
          : "models takes two files: the base model's outputs (P) and the other model's (Q)",
      );
    }
    const str = (name: string): string | undefined => {
      const v = flags[name];
      return typeof v === "string" ? v : undefined;
    };
    const tokens = str("tokens");
    const vocab = str("vocab");
    const tensor = str("tensor");
    const opts: ModelsOptions = {
      ...(baseFile
        ? { baseFile, other: positional[0] as string }
        : { base: positional[0] as string, other: positional[1] as string }),
      ...(tokens ? { tokens } : {}),
      ...(vocab ? { vocab } : {}),
      ...(tensor ? { tensor } : {}),
      worst: parseIntegerFlag("--worst", str("worst"), 0, 1_000_000) ?? 0,
      bootstrap: parseIntegerFlag("--bootstrap", str("bootstrap"), 0, 1_000_000) ?? 1000,
      seed: parseIntegerFlag("--seed", str("seed"), 0, 2 ** 32 - 1) ?? 42,
    };
    // The bar counts the input files' bytes, in proportion to the rows compared.
    const progress = await Progress.open(call.stderr);
    const bytes = [opts.base ?? opts.baseFile, opts.other].reduce((s, f) => s + sizeOf(f), 0);
    let shown = 0;
    opts.onProgress = (done, total) => {
      if (shown === 0) progress.addTotal(bytes);
      const now = total > 0 ? Math.round((bytes * done) / total) : bytes;
      progress.add(now - shown);
      shown = now;
    };
    let result: ModelsResult;
    try {
      result = runModels(opts);
    } catch (e) {
      // The readers' refusals already name the file, the row and the value.
      if (e instanceof SurprisalError) throw dataError(e.message);
      throw e;
    } finally {
      progress.stop();
    }
    return {
      json: result as unknown as Record<string, unknown>,
      text: renderModels(result).replace(/\n$/, ""),
    };
  },
});

/** A file's size in bytes (0 when it cannot be read: its reader then says why). */
function sizeOf(path: string | undefined): number {
  try {
    return path === undefined ? 0 : statSync(path).size;
  } catch {
    return 0;
  }
}
