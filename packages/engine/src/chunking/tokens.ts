/**
 * Token estimates without a tokenizer: about four ASCII characters per token, while CJK and
 * other non-ASCII characters cost roughly one token each. Errs on the high side.
 */
export function estimateTokens(text: string): number {
  let ascii = 0;
  let other = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code < 0x80) ascii++;
    // A low surrogate completes the character its high surrogate already counted.
    else if (code < 0xdc00 || code > 0xdfff) other++;
  }
  return Math.ceil(ascii / 4) + other;
}

// C0/C1 controls except \n; tabs and newlines are separators in the feedback line format.
// eslint-disable-next-line no-control-regex -- control characters are what it removes
const CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/g;

/** Removes control characters from model or user text, keeping newlines. */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '');
}

/** One line of prompt data: no tabs, newlines or control characters, single spaces. */
export function normaliseEntryText(text: string): string {
  return text
    .replace(/[\t\r\n\u2028\u2029]+/g, ' ')
    .replace(CONTROL, '')
    .replace(/ {2,}/g, ' ')
    .trim();
}

export interface Trimmed {
  text: string;
  trimmedChars: number;
}

/** Caps an entry at `maxChars`, leaving a visible marker so neither the model nor a reader is misled. */
export function trimEntry(text: string, maxChars: number): Trimmed {
  if (text.length <= maxChars) return { text, trimmedChars: 0 };
  let cut = Math.max(0, maxChars);
  const last = text.charCodeAt(cut - 1);
  if (last >= 0xd800 && last <= 0xdbff) cut--;
  const trimmedChars = text.length - cut;
  return { text: `${text.slice(0, cut).trimEnd()} …[trimmed ${trimmedChars} chars]`, trimmedChars };
}
