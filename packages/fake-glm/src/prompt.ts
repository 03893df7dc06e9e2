import { FEEDBACK_LINE, STAGE_PATTERN, THEME_KINDS, type LlmStage, type ReduceInputTheme } from '@insights/engine';

export interface FeedbackEntry {
  id: string;
  rating: number;
  text: string;
}

export interface ChatMessage {
  role: string;
  content: string;
}

/** What the server reads out of one chat request: the stage and the fenced data, if any. */
export interface ParsedPrompt {
  stage: LlmStage | null;
  feedback: FeedbackEntry[] | null;
  themes: ReduceInputTheme[] | null;
}

// Fence regexes are derived from the nonce the prompt itself opened with, so an entry text
// that happens to contain a fence-like string cannot end the block early.
const FEEDBACK_OPEN = /<<<FEEDBACK (\S+?)>>>/;
const THEMES_OPEN = /<<<THEMES (\S+?)>>>/;

/** Lines between `open` and the matching close fence, or null when the block is absent. */
function fencedLines(text: string, opener: RegExp, closeFor: (nonce: string) => string): string[] | null {
  const open = opener.exec(text);
  if (!open) return null;
  const start = open.index + open[0].length;
  const end = text.indexOf(closeFor(open[1]!), start);
  const body = end === -1 ? text.slice(start) : text.slice(start, end);
  return body.split(/\r?\n/);
}

export function parseFeedback(text: string): FeedbackEntry[] | null {
  const lines = fencedLines(text, FEEDBACK_OPEN, (nonce) => `<<<END FEEDBACK ${nonce}>>>`);
  if (!lines) return null;
  const seen = new Set<string>();
  const entries: FeedbackEntry[] = [];
  for (const line of lines) {
    const match = FEEDBACK_LINE.exec(line);
    if (!match || seen.has(match[1]!)) continue;
    seen.add(match[1]!);
    entries.push({ id: match[1]!, rating: Number(match[2]), text: match[3]! });
  }
  return entries;
}

function isReduceTheme(value: unknown): value is ReduceInputTheme {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (
    typeof v.ref === 'string' &&
    v.ref.length > 0 &&
    typeof v.name === 'string' &&
    typeof v.summary === 'string' &&
    typeof v.count === 'number' &&
    (THEME_KINDS as readonly unknown[]).includes(v.kind)
  );
}

export function parseThemes(text: string): ReduceInputTheme[] | null {
  const lines = fencedLines(text, THEMES_OPEN, (nonce) => `<<<END THEMES ${nonce}>>>`);
  if (!lines) return null;
  const themes: ReduceInputTheme[] = [];
  for (const line of lines) {
    if (!line.trim()) continue;
    try {
      const value: unknown = JSON.parse(line);
      if (isReduceTheme(value)) themes.push(value);
    } catch {
      // A broken line is skipped, as a model would skip it; the rest still gets answered.
    }
  }
  return themes;
}

export function parsePrompt(messages: ChatMessage[]): ParsedPrompt {
  const system = messages.find((m) => m.role === 'system')?.content ?? '';
  const firstLine = system.split('\n', 1)[0] ?? '';
  const stage = (STAGE_PATTERN.exec(firstLine)?.[1] as LlmStage | undefined) ?? null;
  const user = messages
    .filter((m) => m.role === 'user')
    .map((m) => m.content)
    .join('\n');
  return { stage, feedback: parseFeedback(user), themes: parseThemes(user) };
}

/** Accepts string content and OpenAI-style arrays of text parts; anything else reads as empty. */
export function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return content
    .map((part: unknown) => {
      const text = (part as { text?: unknown } | null)?.text;
      return typeof text === 'string' ? text : '';
    })
    .join('');
}
