// Small on purpose: the fake only needs grouping that is stable and roughly plausible.
const STOP_WORDS = new Set(
  `a about above after again all also am an and any are as at be because been before being
  but by can could did do does doing don for from get got had has have having he her here
  him his how i if in into is it its just let like me more most my no not now of off on once
  only or other our out over own please really same she should so some still such than that
  the their them then there these they this those through to too under until up very was we
  were what when where which while who why will with would you your yours app really thing
  things lot way make makes made use used using one much many even would could every always
  never want wants need needs add great good bad support`.split(/\s+/),
);

const FEATURE_REQUEST = /please add|would be great|could you|we need|support for/i;

export function significantWords(text: string): string[] {
  return text
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((w) => w.length >= 3 && !STOP_WORDS.has(w) && !/^\d+$/.test(w));
}

export function asksForFeature(text: string): boolean {
  return FEATURE_REQUEST.test(text);
}

export function capitalise(word: string): string {
  return word.charAt(0).toUpperCase() + word.slice(1);
}

export function normaliseName(name: string): string {
  return name
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

export function clip(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max - 1).trimEnd()}…`;
}
