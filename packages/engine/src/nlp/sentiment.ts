import { wink } from './nlp.js';

export type ScoredSentiment = 'positive' | 'neutral' | 'negative';

// wink-nlp's lexicon score is in [-1, 1]; a small dead band keeps mild wording neutral.
const NEUTRAL_BAND = 0.1;

export function scoreSentiment(text: string): { sentiment: ScoredSentiment; score: number } {
  const nlp = wink();
  // eslint-disable-next-line @typescript-eslint/unbound-method -- wink-nlp's `its` helpers are plain functions its `out()` takes by reference
  const raw = Number(nlp.readDoc(text).out(nlp.its.sentiment));
  const score = Number.isFinite(raw) ? Math.max(-1, Math.min(1, raw)) : 0;
  const sentiment = score > NEUTRAL_BAND ? 'positive' : score < -NEUTRAL_BAND ? 'negative' : 'neutral';
  return { sentiment, score: Math.round(score * 1000) / 1000 };
}
