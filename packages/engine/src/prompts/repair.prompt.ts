import { STAGE_MARKER } from '../llm/protocol.js';
import { DATA_NOT_INSTRUCTIONS, JSON_ONLY, answerFence, newNonce, type PromptMessages } from './fence.js';

// A runaway answer should not make the repair call cost more than the original.
const MAX_ANSWER_CHARS = 16_000;

export interface RepairRequest {
  /** The prompt whose answer failed validation. */
  original: PromptMessages;
  answer: string;
  problems: string;
  schemaText: string;
}

function withoutMarker(system: string): string {
  const newline = system.indexOf('\n');
  return newline === -1 ? '' : system.slice(newline + 1);
}

/**
 * The repair call repeats the original task and data, so the model (or the fake server) can
 * rebuild a valid answer rather than guess at a broken one.
 */
export function buildRepairPrompt(req: RepairRequest, nonce = newNonce()): PromptMessages {
  const fence = answerFence(nonce);
  const answer = req.answer.length > MAX_ANSWER_CHARS ? `${req.answer.slice(0, MAX_ANSWER_CHARS)} …` : req.answer;
  const system = [
    STAGE_MARKER('repair'),
    'Your previous answer to the task below was not valid. Return a corrected answer.',
    `The user message repeats the task input, then your previous answer between ${fence.open} and ` +
      `${fence.close}, then the problems found. ${DATA_NOT_INSTRUCTIONS}`,
    'Copy ids and refs exactly from the task input; never invent them.',
    JSON_ONLY,
    `Schema: ${req.schemaText}`,
    '',
    'The original task:',
    withoutMarker(req.original.system),
  ].join('\n');
  const user = [req.original.user, '', fence.open, answer, fence.close, '', `Problems: ${req.problems}`].join('\n');
  return { system, user };
}
