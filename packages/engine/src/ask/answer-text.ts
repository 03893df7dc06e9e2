/**
 * The answer text as code rewrites it: citation markers checked against the entries the model
 * was shown and renumbered in order of first use, count placeholders filled from SQL, and any
 * number the model wrote itself next to a word for feedback taken out. Pure, so the streamed
 * partial answer and the final one go through the same rules.
 */

/**
 * `{{count}}` (the question's own search), `{{count: csv export}}` (a search of its own) or
 * `{{theme: T3}}` (the count of the third context theme).
 */
const PLACEHOLDER = /\{\{\s*(?:count\s*(?::\s*([^{}]{0,120}?))?|theme\s*:\s*([^{}]{0,40}?))\s*\}\}/gi;
/** `[3]`, `[3, 7]`, `[3,7,12]`: one or more refs in brackets. */
const MARKER = /\[\s*(\d{1,5}(?:\s*,\s*\d{1,5})*)\s*\]/g;
/** What stands in for a placeholder or a marker while the text is checked for numbers: private-use characters, no digit, no letter. */
const HOLE = (i: number) => `\uE000${'\uE001'.repeat(i + 1)}\uE000`;
const HOLE_PATTERN = /\uE000(\uE001+)\uE000/g;
const CITE = (i: number) => `\uE002${'\uE001'.repeat(i + 1)}\uE002`;
const CITE_PATTERN = /\uE002(\uE001+)\uE002/g;

const NUMBER_WORDS =
  'one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|' +
  'twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety|hundred|hundreds|thousand|thousands|dozen|dozens|several dozen|a dozen|a hundred|a few hundred';
const FEEDBACK_NOUNS =
  'entries|entry|feedback|responses?|reviews?|comments?|customers?|users?|people|respondents|reports?|complaints?|mentions?|requests?|submissions?|messages?|tickets?|posts?|accounts?|clients?';
const NUMERAL = `(?:\\d[\\d,.\\s]*\\d|\\d)(?:\\s*(?:k|K|\\+))?|(?:${NUMBER_WORDS})(?:[\\s-](?:${NUMBER_WORDS}))*`;
/** A number followed, within two words, by a word for feedback or those who write it. */
const COUNTED = new RegExp(
  `\\b(?:over |more than |about |around |nearly |almost |roughly |some |at least )?(${NUMERAL})(\\s+(?:[\\p{L}-]+\\s+){0,2}?(?:${FEEDBACK_NOUNS})\\b)`,
  'giu',
);
/** A share: `45%`, `45 %`, `45 percent`. */
const PERCENT = /\b\d{1,3}(?:[.,]\d+)?\s*(?:%|percent\b|per cent\b)/giu;

export interface CheckedText {
  text: string;
  /** The shown entries' indexes (0-based) in citation order: citation ref k is cited[k-1]. */
  cited: number[];
  /** Distinct refs the text used that were not shown. */
  unknownRefs: Set<number>;
  /** Numbers the model wrote next to a feedback word, or as a share, taken out. */
  removedNumbers: number;
  /** The placeholders in order of appearance. */
  placeholders: Placeholder[];
}

/**
 * One count placeholder: the words of a search (`null` for the question's own search), or a
 * context theme by the reference the prompt gave it (`T3`, upper case; whatever the model wrote
 * after `theme:` otherwise, for the caller to find unknown).
 */
export type Placeholder = string | null | { theme: string };

const samePlaceholder = (a: Placeholder, b: Placeholder): boolean =>
  typeof a === 'object' && a !== null && typeof b === 'object' && b !== null ? a.theme === b.theme : a === b;

/**
 * Checks an answer text: markers naming an entry the model was not shown are dropped (their refs
 * counted), the rest renumbered 1, 2… in order of first use; `extraRefs` (refs the model listed
 * among its citations without a marker) are appended as markers at the end. Placeholders become
 * `fill(i)` of their index in `placeholders`; bare counts become "some", shares "a share".
 */
export function checkAnswerText(raw: string, shown: number, fill: (index: number) => string, extraRefs: readonly number[] = []): CheckedText {
  const cited: number[] = [];
  const unknownRefs = new Set<number>();
  const placeholders: Placeholder[] = [];
  const refIndex = (ref: number): number | undefined => {
    if (!Number.isInteger(ref) || ref < 1 || ref > shown) {
      unknownRefs.add(ref);
      return undefined;
    }
    let at = cited.indexOf(ref - 1);
    if (at === -1) at = cited.push(ref - 1) - 1;
    return at;
  };
  let text = raw.replace(PLACEHOLDER, (_whole, terms: string | undefined, theme: string | undefined) => {
    const label: Placeholder = theme !== undefined ? { theme: theme.trim().toUpperCase() } : terms?.trim().replace(/\s+/g, ' ') || null;
    const at = placeholders.findIndex((p) => samePlaceholder(p, label));
    return HOLE(at === -1 ? placeholders.push(label) - 1 : at);
  });
  text = text.replace(MARKER, (_whole, refs: string) => {
    const kept = refs.split(',').flatMap((r) => {
      const at = refIndex(Number(r.trim()));
      return at === undefined ? [] : [CITE(at)];
    });
    return kept.join('');
  });
  const extra = extraRefs.flatMap((ref) => {
    const before = cited.length;
    const at = refIndex(ref);
    return at !== undefined && at >= before ? [CITE(at)] : [];
  });
  if (extra.length) text = `${text.trimEnd()} ${extra.join('')}`;
  let removedNumbers = 0;
  text = text.replace(COUNTED, (whole: string, number: string, rest: string, at: number, all: string) => {
    // "since 2024 customers…": a year after a word of time is a date, not a count.
    if (/^(?:19|20)\d\d$/.test(number) && /\b(?:in|since|during|from|until|before|after|of)\s+$/i.test(all.slice(Math.max(0, at - 12), at))) return whole;
    removedNumbers++;
    return `some${rest}`;
  });
  text = text.replace(PERCENT, () => {
    removedNumbers++;
    return 'a share';
  });
  text = text
    .replace(HOLE_PATTERN, (_whole, marks: string) => fill(marks.length - 1))
    .replace(CITE_PATTERN, (_whole, marks: string) => `[${marks.length}]`)
    // A dropped marker leaves its space behind: ` .` and double spaces read as a slip.
    .replace(/[ \t]+([.,;:!?])/g, '$1')
    .replace(/[ \t]{2,}/g, ' ')
    .trim();
  return { text, cited, unknownRefs, removedNumbers, placeholders };
}

/**
 * The `answer` field of a JSON answer still being written, decoded as far as it goes: the text a
 * reader can be shown while the model writes. Empty until the field has started.
 */
export function partialAnswerField(json: string): string {
  const start = /"answer"\s*:\s*"/.exec(json);
  if (!start) return '';
  let out = '';
  for (let i = start.index + start[0].length; i < json.length; i++) {
    const c = json[i]!;
    if (c === '"') break;
    if (c !== '\\') {
      out += c;
      continue;
    }
    const next = json[i + 1];
    if (next === undefined) break;
    if (next === 'u') {
      const hex = json.slice(i + 2, i + 6);
      if (!/^[0-9a-fA-F]{4}$/.test(hex)) break;
      out += String.fromCharCode(parseInt(hex, 16));
      i += 5;
      continue;
    }
    out += { n: '\n', t: '\t', r: '', b: '', f: '' }[next] ?? next;
    i++;
  }
  return out;
}

/**
 * A partial answer as a reader may see it: the same checks as the final one, counts not yet
 * known shown as "…", and a placeholder or marker still being written held back.
 */
export function presentPartial(raw: string, shown: number): string {
  const open = Math.max(raw.lastIndexOf('{{'), raw.lastIndexOf('['));
  const closed = open === -1 || raw.indexOf(raw[open] === '[' ? ']' : '}}', open) !== -1;
  const complete = closed ? raw : raw.slice(0, open);
  return checkAnswerText(complete, shown, () => '…').text;
}
