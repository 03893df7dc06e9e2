// C0 and C1 controls, and the bidirectional overrides and isolates that make text display in
// an order other than the one it is stored in (a "Trojan Source" trick on the reader).
// eslint-disable-next-line no-control-regex -- control and bidi characters are what it removes
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/** One line of plain text: whitespace runs (newlines, tabs) become one space, controls go. */
export function plainLine(text: string): string {
  return text.replace(/\s+/g, ' ').replace(INVISIBLE, '').trim();
}

/**
 * Text for a PDF page: the standard fonts encode WinAnsi only, so compatibility forms (full-width
 * letters and signs) are folded to their plain equivalents first, and controls, which pdfkit
 * would otherwise turn into stray glyphs that garble their neighbours, are dropped.
 */
export function pdfText(text: string): string {
  return plainLine(text.normalize('NFKC'));
}

// Every ASCII punctuation mark CommonMark gives a meaning to, at any position: links and images
// ([]()!), emphasis and code (*_`~), headings (#), list markers (-+. after digits), tables (|),
// block quotes and autolinks (<>), entities (&), and the backslash itself.
const MARKDOWN_SPECIAL = /[\\`*_{}[\]()#+\-.!|~:]/g;

/**
 * Feedback-derived text for a Markdown document, shown as written and never interpreted:
 * `<`, `>` and `&` become entities (no HTML, autolinks or entities from feedback), every other
 * Markdown mark is backslash-escaped, and the text stays on one line so it cannot open a block.
 */
export function markdownText(text: string): string {
  return plainLine(text)
    .replace(MARKDOWN_SPECIAL, (mark) => `\\${mark}`)
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;');
}
