export { scoreSentiment, type ScoredSentiment } from './nlp/sentiment.js';
