import { extractTerms } from './term-extractor.js';

/** What the matcher reads of a theme: the words it was named, summarised and quoted with. */
export interface MatchableTheme {
  id: string;
  name: string;
  summary: string;
  quotes: readonly string[];
}

// Sums of the same weights added in another order differ only in the last bits: equal, not better.
const ROUNDING = 1e-9;

const termsOf = (text: string): Set<string> => new Set(extractTerms(text).map((hit) => hit.key));

/**
 * Places a feedback entry in a theme without a model: the theme whose name, summary and quotes
 * share the most topic terms with it (the offline analyser's terms: stemmed content words and
 * two-word phrases), each shared term weighted by how few themes hold it, ln((T + 1) / df) for T
 * themes. The weight is what stands in for a threshold: a term every theme holds weighs least
 * and one only this theme holds most, so no similarity constant is tuned. An entry sharing no
 * term with any theme, or scoring exactly as high on two themes (its words do not tell them
 * apart), is placed in none, as a model answers null for an entry that fits no theme.
 */
export class ThemeMatcher {
  private readonly themes: { id: string; terms: Set<string> }[];
  private readonly weight = new Map<string, number>();

  constructor(themes: readonly MatchableTheme[]) {
    this.themes = themes.map((t) => ({ id: t.id, terms: termsOf([t.name, t.summary, ...t.quotes].join('\n')) }));
    const df = new Map<string, number>();
    for (const theme of this.themes) for (const term of theme.terms) df.set(term, (df.get(term) ?? 0) + 1);
    const total = this.themes.length;
    for (const [term, n] of df) this.weight.set(term, Math.log((total + 1) / n));
  }

  /** The id of the theme the text is most about, or null. */
  match(text: string): string | null {
    const terms = termsOf(text);
    let best: string | null = null;
    let bestScore = 0;
    let tied = false;
    for (const theme of this.themes) {
      let score = 0;
      for (const term of terms) if (theme.terms.has(term)) score += this.weight.get(term)!;
      if (score > bestScore + ROUNDING) [best, bestScore, tied] = [theme.id, score, false];
      else if (score > 0 && Math.abs(score - bestScore) <= ROUNDING) tied = true;
    }
    return tied ? null : best;
  }
}
