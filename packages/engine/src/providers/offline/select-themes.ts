import type { ThemeDraft } from '../../result/result.builder.js';
import { averageRating, commonSurface, type Evidence, type TermStats } from './term-table.js';

type Kind = ThemeDraft['kind'];

interface Rule {
  kind: Kind;
  limit: number;
  accepts: (t: TermStats, minSupport: number) => boolean;
  score: (t: TermStats) => number;
  evidence: (t: TermStats) => Evidence;
}

// Two-word phrases name a topic better than either word alone ("dark mode" over "mode").
const phraseWeight = (t: TermStats) => (t.key.includes(' ') ? 2 : 1);

// Requests first: they come with any rating, and would otherwise be claimed as pain or praise.
const RULES: Rule[] = [
  {
    kind: 'feature_request',
    limit: 4,
    accepts: (t, min) => t.requests.count >= min && t.requests.count / t.all.count >= 0.4,
    score: (t) => t.requests.count * phraseWeight(t),
    evidence: (t) => t.requests,
  },
  {
    kind: 'pain_point',
    limit: 5,
    accepts: (t) => averageRating(t) <= 2.5,
    score: (t) => t.all.count * (3.5 - averageRating(t)) * phraseWeight(t),
    evidence: (t) => t.all,
  },
  {
    kind: 'praise',
    limit: 4,
    accepts: (t) => averageRating(t) >= 4,
    score: (t) => t.all.count * phraseWeight(t),
    evidence: (t) => t.all,
  },
  { kind: 'other', limit: 3, accepts: () => true, score: (t) => t.all.count * phraseWeight(t), evidence: (t) => t.all },
];

function sentimentOf(t: TermStats): ThemeDraft['sentiment'] {
  const avg = averageRating(t);
  if (avg <= 2.5) return 'negative';
  if (avg >= 4) return 'positive';
  const n = Math.max(1, t.all.count);
  return t.positive / n >= 0.25 && t.negative / n >= 0.25 ? 'mixed' : 'neutral';
}

function describe(kind: Kind, t: TermStats, evidence: Evidence, analysed: number): string {
  const phrase = `"${commonSurface(t)}"`;
  const rating = averageRating(t).toFixed(1);
  if (kind === 'feature_request')
    return `${evidence.count} of ${analysed} analysed entries ask for something involving ${phrase}.`;
  return `${evidence.count} of ${analysed} analysed entries mention ${phrase}, with an average rating of ${rating}.`;
}

const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

/**
 * Picks themes by rule, best score first. A term sharing a word with a theme already picked, or
 * mostly the same feedback, is skipped so one topic does not appear under three names.
 */
export function selectThemes(terms: readonly TermStats[], analysed: number): ThemeDraft[] {
  const minSupport = Math.max(2, Math.ceil(analysed * 0.02));
  const usedWords = new Set<string>();
  const usedIds = new Set<string>();
  const themes: ThemeDraft[] = [];
  for (const rule of RULES) {
    const ranked = terms
      .filter((t) => t.all.count >= minSupport && rule.accepts(t, minSupport))
      .sort((a, b) => rule.score(b) - rule.score(a) || a.key.localeCompare(b.key));
    let taken = 0;
    for (const t of ranked) {
      if (taken >= rule.limit) break;
      const evidence = rule.evidence(t);
      const words = t.key.split(' ');
      const overlap = evidence.ids.filter((id) => usedIds.has(id)).length / Math.max(1, evidence.ids.length);
      if (words.some((w) => usedWords.has(w)) || overlap > 0.6) continue;
      words.forEach((w) => usedWords.add(w));
      evidence.ids.forEach((id) => usedIds.add(id));
      taken++;
      themes.push({
        name: capitalise(commonSurface(t)),
        summary: describe(rule.kind, t, evidence, analysed),
        kind: rule.kind,
        count: evidence.count,
        feedbackIds: evidence.ids,
        quotes: evidence.quotes,
        sentiment: sentimentOf(t),
      });
    }
  }
  return themes;
}
