import { createRequire } from 'node:module';
import type winkNLP from 'wink-nlp';

type Wink = ReturnType<typeof winkNLP>;

const require = createRequire(import.meta.url);
let instance: Wink | undefined;

/**
 * One shared wink-nlp instance with its English model, loaded on first use: the model costs
 * about 30 MB and 100 ms, and a worker that only calls GLM never needs it (the API scores
 * sentiment with it; the offline analyser extracts terms with it).
 */
export function wink(): Wink {
  if (!instance) {
    const load = require('wink-nlp') as typeof winkNLP;
    instance = load(require('wink-eng-lite-web-model') as Parameters<typeof winkNLP>[0]);
  }
  return instance;
}
