import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import { scoreSentiment } from '@insights/engine';

export type Scored = ReturnType<typeof scoreSentiment>;

/**
 * Scoring a long entry takes milliseconds (tens for 10,000 characters): a 1,000-entry import
 * scored in one go would hold the event loop for seconds, and every other request with it.
 */
const SLICE_MS = 10;

/** Sentiment of feedback text, scored in the API process as entries arrive. */
@Injectable()
export class SentimentScorer {
  score(text: string): Scored {
    return scoreSentiment(text);
  }

  /** Scores in slices of about SLICE_MS, letting other requests run between them. */
  async scoreAll(texts: readonly string[]): Promise<Scored[]> {
    const scored: Scored[] = [];
    let sliceStart = performance.now();
    for (const text of texts) {
      scored.push(this.score(text));
      if (performance.now() - sliceStart >= SLICE_MS) {
        await yieldToLoop();
        sliceStart = performance.now();
      }
    }
    return scored;
  }
}
