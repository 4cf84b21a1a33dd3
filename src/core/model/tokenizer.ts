/**
 * A character-level tokenizer. Its alphabet is stored with each checkpoint, so a checkpoint
 * always decodes with the vocabulary it was trained with.
 */
export const PAD = 0;
export const BOS = 1;
export const EOS = 2;
const SPECIALS = ['<pad>', '<bos>', '<eos>'];

/** Every character the task world writes: digits, letters, and the few symbols of questions and traces. */
export const DEFAULT_ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzQ +-*=?;:,.!<>/()\\{}\n';

export interface TokenizerSpec {
  kind: 'char';
  alphabet: string;
}

export class CharTokenizer {
  readonly alphabet: string;
  private readonly index = new Map<string, number>();

  constructor(alphabet: string = DEFAULT_ALPHABET) {
    const seen = new Set<string>();
    for (const ch of alphabet) {
      if (seen.has(ch)) throw new Error(`tokenizer alphabet repeats ${JSON.stringify(ch)}`);
      seen.add(ch);
    }
    this.alphabet = alphabet;
    [...alphabet].forEach((ch, i) => this.index.set(ch, SPECIALS.length + i));
  }

  static fromSpec(spec: TokenizerSpec): CharTokenizer {
    if (spec.kind !== 'char') throw new Error(`unknown tokenizer kind ${JSON.stringify(spec.kind)}`);
    return new CharTokenizer(spec.alphabet);
  }

  get spec(): TokenizerSpec {
    return { kind: 'char', alphabet: this.alphabet };
  }

  get vocabSize(): number {
    return SPECIALS.length + [...this.alphabet].length;
  }

  encode(text: string): number[] {
    return [...text].map((ch) => {
      const id = this.index.get(ch);
      if (id === undefined) throw new Error(`character ${JSON.stringify(ch)} is not in the tokenizer's alphabet`);
      return id;
    });
  }

  /** Decodes ids to text; special tokens are dropped, as are ids outside the vocabulary. */
  decode(ids: readonly number[]): string {
    const chars = [...this.alphabet];
    let out = '';
    for (const id of ids) {
      if (id >= SPECIALS.length && id < this.vocabSize) out += chars[id - SPECIALS.length];
    }
    return out;
  }

  /** A human-readable name for one token, specials included (for the token-level inspector). */
  tokenName(id: number): string {
    if (id < SPECIALS.length) return SPECIALS[id];
    return [...this.alphabet][id - SPECIALS.length] ?? '<unk>';
  }
}
