/** At most `max` characters of a text a person gave (a link, a file), '…' where it was cut: a message quotes its input, it does not repeat megabytes of it. */
export function cut(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** A value a person gave, as JSON cut to `max` characters: what a message says it got. */
export function quoted(value: unknown, max = 80): string {
  return cut(JSON.stringify(value ?? null) ?? String(value), max);
}

/** What to show of a thrown value: an Error's message, anything else as text. */
export function messageOf(e: unknown): string {
  return e instanceof Error ? e.message : String(e);
}
