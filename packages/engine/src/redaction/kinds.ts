/** What the redactor replaces, each with its placeholder `[kind]`. */
export const REDACTION_KINDS = ['email', 'phone', 'card', 'iban', 'ip', 'url'] as const;
export type RedactionKind = (typeof REDACTION_KINDS)[number];
export type RedactionCounts = Record<RedactionKind, number>;

/** A stretch of text to replace, end exclusive. */
export interface Span {
  start: number;
  end: number;
}

export const placeholder = (kind: RedactionKind) => `[${kind}]`;

export function emptyCounts(): RedactionCounts {
  return { email: 0, phone: 0, card: 0, iban: 0, ip: 0, url: 0 };
}

/** Keeps the first of overlapping spans, in text order. */
export function disjoint(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  const kept: Span[] = [];
  for (const span of sorted) if (kept.length === 0 || span.start >= kept.at(-1)!.end) kept.push(span);
  return kept;
}

const ALNUM = /[\p{L}\p{N}]/u;
/** True when the character at `index` is a letter or digit (so a match there is glued to a word). */
export const isWordChar = (text: string, index: number) => index >= 0 && index < text.length && ALNUM.test(text[index]!);
