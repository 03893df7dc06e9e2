/**
 * What a question searches for, and the form of it that names the same question however it was
 * typed (its cache key's part).
 */

/** Trimmed, lower case, white space collapsed, trailing punctuation dropped. */
export function normaliseQuestion(question: string): string {
  return question
    .normalize('NFC')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/[\s?!.,;:…]+$/u, '');
}

// Words that shape a question rather than name its subject: asking, counting, the people who
// write feedback, and the words for feedback itself. What is left is what the search looks for.
const QUESTION_WORDS = new Set(
  `what whats which who whom whose why when where how many much do does did done is are was were be been being am the a an
  about of for with in on at to from by into over under than then there their they them it its this that these those
  and or but not no any some all most more less top main common usual often frequently
  our we us you your i me my he she his her people person customers customer users user clients client
  entries entry feedback responses response reviews review comments comment messages message tickets ticket
  say says said saying tell tells told think thinks thought mention mentions mentioned mentioning talk talks talking
  write writes wrote written report reports reported reporting ask asks asked asking want wants wanted need needs needed
  complain complains complained complaining complaint complaints praise praises praised praising like likes liked
  love loves loved hate hates hated dislike dislikes happy unhappy satisfied dissatisfied
  problem problems issue issues thing things stuff anything something get got have has had can could would should will
  kind kinds sort sorts type types way ways lot lots`.split(/\s+/),
);

const NEGATIVE = /\b(complain\w*|problems?|issues?|unhappy|frustrat\w*|hate[sd]?|dislike[sd]?|bugs?|broken|annoy\w*|dissatisfied|angry)\b/i;
const POSITIVE = /\b(praise[sd]?|praising|like[sd]?|love[sd]?|happy|enjoy\w*|appreciat\w*|satisfied|great|best)\b/i;

export interface QuestionSearch {
  /** The subject words, as a web-search query (all of them must match); empty: no subject. */
  query: string;
  terms: string[];
  /** The tone the question asks about, if it names one: retrieval prefers those entries. */
  tone?: 'positive' | 'negative';
}

const MAX_TERMS = 6;

/** The search a question makes: its subject words, and the tone it asks about. */
export function questionSearch(question: string): QuestionSearch {
  const words = question
    .toLowerCase()
    .replace(/[’']s\b/g, '')
    .split(/[^\p{L}\p{N}-]+/u)
    .map((w) => w.replace(/^-+|-+$/g, ''))
    .filter((w) => w.length >= 2 && !QUESTION_WORDS.has(w));
  const terms = [...new Set(words)].slice(0, MAX_TERMS);
  const negative = NEGATIVE.test(question);
  const positive = POSITIVE.test(question);
  const tone = negative && !positive ? 'negative' : positive && !negative ? 'positive' : undefined;
  return { query: terms.join(' '), terms, ...(tone ? { tone } : {}) };
}
