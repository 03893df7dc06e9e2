import { describe, expect, it } from '@jest/globals';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { isLlmError, STAND_IN_PREFIX } from '@insights/engine';
import { fakeEmbeddings } from './index.js';

const dot = (a: readonly number[], b: readonly number[]) => a.reduce((sum, x, i) => sum + x * b[i]!, 0);

describe('fakeEmbeddings', () => {
  it('embeds in process, counting requests and texts, with o200k prompt tokens and the stand-in mark', async () => {
    const embeddings = fakeEmbeddings({ dimensions: 256 });
    expect(embeddings).toMatchObject({ dimensions: 256, maxBatch: 64 });
    const texts = ['CSV export keeps failing on large projects', 'Pricing is confusing', 'The CSV export fails on a large project'];
    const answer = await embeddings.embed({ texts });
    await embeddings.embed({ texts: texts.slice(0, 1) });

    expect(answer.vectors).toHaveLength(3);
    for (const v of answer.vectors) {
      expect(v).toHaveLength(256);
      expect(dot(v, v)).toBeCloseTo(1, 10);
    }
    expect(dot(answer.vectors[0]!, answer.vectors[2]!)).toBeGreaterThan(dot(answer.vectors[0]!, answer.vectors[1]!));
    expect(answer.promptTokens).toBe(texts.reduce((sum, t) => sum + countTokens(t), 0));
    expect(answer.servedBy?.startsWith(STAND_IN_PREFIX)).toBe(true);
    expect(embeddings.calls).toBe(2);
    expect(embeddings.texts).toEqual([...texts, texts[0]]);
  });

  it('refuses more texts than a request may carry, as the endpoint does', async () => {
    const embeddings = fakeEmbeddings({ dimensions: 256, maxBatch: 2 });
    const error = await embeddings.embed({ texts: ['a', 'b', 'c'] }).catch((e: unknown) => e);
    expect(isLlmError(error) && error.kind === 'invalid_request' && !error.transient).toBe(true);
    expect(embeddings.calls).toBe(0);
  });
});
