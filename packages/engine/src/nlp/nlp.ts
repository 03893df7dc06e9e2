import winkNLP from 'wink-nlp';
import model from 'wink-eng-lite-web-model';

/** One shared wink-nlp instance: loading the model costs ~100 ms, so it happens once. */
export const nlp = winkNLP(model);
export const its = nlp.its;
