import type { z } from 'zod';

export type ParsedAnswer<T> = { ok: true; value: T } | { ok: false; problems: string };

// Models asked for JSON-only still wrap it in Markdown fences or a sentence now and then.
function extractJson(text: string): string {
  const fenced = /```(?:json)?\s*([\s\S]*?)```/i.exec(text);
  const body = fenced ? fenced[1]! : text;
  const start = body.indexOf('{');
  const end = body.lastIndexOf('}');
  return start === -1 || end < start ? body.trim() : body.slice(start, end + 1);
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 8).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`);
  const more = issues.length > shown.length ? `; and ${issues.length - shown.length} more` : '';
  return `${shown.join('; ')}${more}`;
}

/** Parses a model answer and validates it; on failure says what is wrong, for the repair prompt. */
export function parseAnswer<T>(text: string, schema: z.ZodType<T>): ParsedAnswer<T> {
  let raw: unknown;
  try {
    raw = JSON.parse(extractJson(text));
  } catch (err) {
    return { ok: false, problems: `the answer is not valid JSON (${(err as Error).message})` };
  }
  const result = schema.safeParse(raw);
  return result.success ? { ok: true, value: result.data } : { ok: false, problems: describeIssues(result.error.issues) };
}
