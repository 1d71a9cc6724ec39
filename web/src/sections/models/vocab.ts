/**
 * Token strings from a user's vocabulary, made readable and safe. A tokenizer.json (Hugging Face
 * `tokenizers`: BPE/WordPiece `model.vocab` as {piece: id}, Unigram as [[piece, score]], plus
 * `added_tokens`), a JSON array of strings, or a {piece: id} object gives each id its piece; byte-level
 * pieces (GPT-2's Ġ for a space) are decoded to their text. {@link visible} escapes what a reader
 * could not see or what could fool the eye. Everything is shown with textContent only.
 */

/** A vocabulary: the text of each token id (undefined where the file has none). */
export interface Vocabulary {
  text(id: number): string | undefined;
  size: number;
}

/** GPT-2's byte ↔ unicode table (bytes_to_unicode), inverted: the character → its byte. */
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
  return new Map(bs.map((b, i) => [String.fromCodePoint(cs[i]!), b]));
}

const UTF8 = new TextDecoder("utf-8", { fatal: false });

/** Parses a vocabulary file's text; throws an Error with a sentence when it is not one. */
export function parseVocabulary(text: string, name: string): Vocabulary {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw new Error(`${name} is not JSON: give a tokenizer.json or a JSON list of token strings.`);
  }
  const pieces: string[] = [];
  const set = (id: unknown, piece: unknown) => {
    if (
      typeof piece === "string" &&
      Number.isInteger(id) &&
      (id as number) >= 0 &&
      (id as number) < 1e7
    ) {
      pieces[id as number] = piece;
    }
  };
  let byteLevel = false;
  let metaspace = false;
  if (Array.isArray(json)) {
    for (const [id, piece] of json.entries()) set(id, piece);
  } else if (json !== null && typeof json === "object") {
    const o = json as Record<string, unknown>;
    const model = o.model as Record<string, unknown> | undefined;
    if (model && typeof model === "object") {
      const vocab = model.vocab;
      if (Array.isArray(vocab)) {
        for (const [id, e] of vocab.entries()) set(id, Array.isArray(e) ? e[0] : e);
      } else if (vocab && typeof vocab === "object") {
        for (const [piece, id] of Object.entries(vocab)) set(id, piece);
      }
      const types = JSON.stringify([o.decoder ?? null, o.pre_tokenizer ?? null]);
      byteLevel = types.includes('"ByteLevel"');
      metaspace = types.includes('"Metaspace"');
      if (Array.isArray(o.added_tokens)) {
        for (const t of o.added_tokens as Record<string, unknown>[]) set(t?.id, t?.content);
      }
    } else for (const [piece, id] of Object.entries(o)) set(id, piece);
  }
  if (pieces.length === 0) {
    throw new Error(
      `${name} has no token strings: give a tokenizer.json or a JSON list of strings.`,
    );
  }
  const special = new Set<number>();
  if (json && typeof json === "object" && !Array.isArray(json)) {
    const added = (json as Record<string, unknown>).added_tokens;
    if (Array.isArray(added)) for (const t of added) if (t?.special) special.add(t.id);
  }
  const bytes = byteLevel ? byteDecoder() : undefined;
  const cache = new Map<number, string>();
  return {
    size: pieces.length,
    text(id: number) {
      const piece = pieces[id];
      if (piece === undefined) return undefined;
      let s = cache.get(id);
      if (s !== undefined) return s;
      if (bytes && !special.has(id)) {
        const out: number[] = [];
        let ok = true;
        for (const ch of piece) {
          const b = bytes.get(ch);
          if (b === undefined) {
            ok = false;
            break;
          }
          out.push(b);
        }
        s = ok ? UTF8.decode(new Uint8Array(out)) : piece;
      } else if (metaspace) s = piece.replace(/▁/g, " ");
      else s = piece;
      cache.set(id, s);
      return s;
    },
  };
}

const NAMED: Record<string, string> = { "\n": "\\n", "\r": "\\r", "\t": "\\t", "\\": "\\\\" };

/**
 * A token's text as a reader can see it: control characters (C0, DEL, C1), invisible and
 * direction-changing characters (zero-width, bidi overrides, BOM) and lone surrogates become
 * escapes (`\n`, `\t`, `\x07`, `\u{202E}`), a backslash is doubled, and spaces become `␣` so that
 * " the" and "the" differ on screen. The result is plain text, for textContent only.
 */
export function visible(s: string): string {
  let out = "";
  for (const ch of s) {
    const c = ch.codePointAt(0)!;
    if (NAMED[ch] !== undefined) out += NAMED[ch];
    else if (ch === " ") out += "␣";
    else if (c < 0x20 || (c >= 0x7f && c <= 0x9f)) out += `\\x${c.toString(16).padStart(2, "0")}`;
    else if (
      (c >= 0x200b && c <= 0x200f) ||
      (c >= 0x2028 && c <= 0x202e) ||
      (c >= 0x2060 && c <= 0x2069) ||
      c === 0xfeff ||
      c === 0xad ||
      (c >= 0xd800 && c <= 0xdfff) ||
      c === 0xfffd
    ) {
      out += `\\u{${c.toString(16).toUpperCase()}}`;
    } else out += ch;
  }
  return out;
}

/** The label of a token: its visible text, or `#id` without a vocabulary. */
export function tokenLabel(vocab: Vocabulary | undefined, id: number): string {
  const t = vocab?.text(id);
  return t === undefined ? `#${id}` : visible(t);
}
