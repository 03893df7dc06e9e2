export { answerQuestion, DEFAULT_ASK_OPTIONS, type AskInput, type AskOptions } from './answer-question.js';
export { checkAnswerText, partialAnswerField, presentPartial, type CheckedText } from './answer-text.js';
export { normaliseQuestion, questionSearch, type QuestionSearch } from './question.js';
export {
  ASK_PROMPT_VERSION,
  askAnswerSchema,
  askWireSchema,
  type AskAnswer,
  type AskCitation,
  type AskContextTheme,
  type AskCount,
  type AskCounter,
  type AskEntry,
  type AskProgress,
  type AskStage,
  type AskTheme,
  type AskWireAnswer,
} from './ask.types.js';
