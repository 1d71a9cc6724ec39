import { writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  escapeToken,
  readVocabulary,
  renderModels,
  runModels,
} from "../../src/cli/commands/models.js";

const D = join(import.meta.dirname, "../fixtures/models/io");

describe("surprisal models (the command's run and renderer)", () => {
  it("prints llama.cpp's sections in its order, small values in exponent form, never a bare 0 for a positive KLD", () => {
    const r = runModels({
      base: join(D, "le_f4.npy"),
      other: join(D, "le_f2.npy"),
      worst: 2,
      bootstrap: 20,
    });
    const text = renderModels(r);
    const order = [
      "====== KL divergence statistics ======",
      "Mean    KLD:",
      "Maximum KLD:",
      "99.9%   KLD:",
      "Median  KLD:",
      " 0.1%   KLD:",
      "Minimum KLD:",
      "Same top p:",
      "Worst 2 positions",
    ];
    let at = -1;
    for (const s of order) {
      const i = text.indexOf(s);
      expect(i, s).toBeGreaterThan(at);
      at = i;
    }
    expect(text).toMatch(/Minimum KLD: +\d\.\d{3}e-\d/);
    expect(text).not.toContain("NaN");
    expect(r.worst?.length).toBe(2);
    expect(r.worst?.[0]?.kld).toBe(r.report.kld.max);
    expect(r.worst?.[0]?.drivers.length).toBe(3);
  });

  it("says why Cor(ln PPL) is not given for 4 tokens, never NaN", () => {
    const d = join(D, "deflated.npz");
    const text = renderModels(
      runModels({ base: d, other: d, tokens: d, tensor: "logits", bootstrap: 0 }),
    );
    expect(text).toContain(
      "Cor(ln(PPL(Q)), ln(PPL(base))):    n/a (a model's per-token surprise has no spread)",
    );
    expect(text).not.toContain("NaN");
  });

  it("JSON output is the result record", () => {
    const r = runModels({
      base: join(D, "stored.npz"),
      other: join(D, "be_f2.npy"),
      tokens: join(D, "stored.npz"),
      bootstrap: 0,
    });
    const back = JSON.parse(JSON.stringify(r));
    expect(back.report.count).toBe(4);
    expect(back.report.perplexity.base.value).toBeGreaterThan(1);
    expect(back.formats).toEqual({ base: "npz", other: "npy" });
  });

  it("token strings are escaped: no control character reaches the terminal", () => {
    expect(escapeToken("\u001b[31m<script>alert(1)</script>\n")).toBe(
      "\\u{1b}[31m<script>alert(1)</script>\\n",
    );
    expect(escapeToken("a\u202eb\u0085\\")).toBe("a\\u{202e}b\\u{85}\\\\");
    expect(escapeToken("<|endoftext|>")).toBe("<|endoftext|>");
  });

  it("reads byte-level BPE vocabularies (tokenizer.json) as UTF-8 text", () => {
    const path = join(tmpdir(), "surprisal-vocab-test.json");
    writeFileSync(
      path,
      JSON.stringify({
        pre_tokenizer: { type: "ByteLevel" },
        model: { vocab: { Ġthe: 0, Ċ: 1, "Ã©": 2, "\u001b": 3 } },
        added_tokens: [{ id: 4, content: "<|endoftext|>" }],
      }),
    );
    const v = readVocabulary(path);
    expect(v.get(0)).toBe(" the");
    expect(v.get(1)).toBe("\n");
    expect(v.get(2)).toBe("é");
    expect(v.get(4)).toBe("<|endoftext|>");
  });
});
