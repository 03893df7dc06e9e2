import {
  estimateTokens,
  FEEDBACK_LINE,
  STAGE_PATTERN,
  type ChatProvider,
  type ChatRequest,
  type ChatResponse,
  type LlmStage,
  type MapAnswer,
  type MapOutput,
  type ReduceOutput,
} from '@insights/engine';

/** Returns the answer text, or undefined to fall back to the protocol-following default. */
export type Responder = (req: ChatRequest, call: number) => string | undefined | Promise<string | undefined>;

interface Entry {
  id: string;
  rating: number;
  text: string;
}

function fenced(user: string, label: 'FEEDBACK' | 'THEMES'): string[] | null {
  const open = new RegExp(`<<<${label} ([0-9a-f]+)>>>`).exec(user);
  if (!open) return null;
  const start = open.index + open[0].length;
  const end = user.indexOf(`<<<END ${label} ${open[1]}>>>`, start);
  return user.slice(start, end).split('\n').filter(Boolean);
}

export function stageOf(req: ChatRequest): LlmStage | null {
  return (STAGE_PATTERN.exec(req.system.split('\n', 1)[0]!)?.[1] as LlmStage | undefined) ?? null;
}

export function feedbackIn(req: ChatRequest): Entry[] {
  return (fenced(req.user, 'FEEDBACK') ?? []).flatMap((line) => {
    const m = FEEDBACK_LINE.exec(line);
    return m ? [{ id: m[1]!, rating: Number(m[2]), text: m[3]! }] : [];
  });
}

/**
 * The ids of the items a call's lines show, found by their text: the prompt numbers entries
 * within the call and never carries their ids. The fixtures' texts are unique.
 */
export function idsIn(req: ChatRequest, items: readonly { id: string; text: string }[]): string[] {
  const byText = new Map(items.map((i) => [i.text.replace(/\s+/g, ' ').trim(), i.id.toLowerCase()]));
  return feedbackIn(req).map((e) => byText.get(e.text) ?? `not an item: ${e.text}`);
}

/**
 * Groups entries by their first word: the fixtures start every text with its topic. Entries are
 * cited by their number in the call, as the protocol asks.
 */
export function mapAnswer(entries: Entry[]): MapAnswer {
  const groups = new Map<string, Entry[]>();
  for (const e of entries) {
    const word = e.text.split(/\s+/)[0]!.toLowerCase();
    groups.set(word, [...(groups.get(word) ?? []), e]);
  }
  return {
    themes: [...groups].map(([word, list]) => {
      const avg = list.reduce((s, e) => s + e.rating, 0) / list.length;
      const kind = avg <= 2 ? 'pain_point' : avg >= 4 ? 'praise' : 'feature_request';
      const sentiment = avg <= 2 ? 'negative' : avg >= 4 ? 'positive' : 'neutral';
      return {
        name: `${word} theme`,
        summary: `About ${word}`,
        kind,
        sentiment,
        ids: list.map((e) => Number(e.id)),
      };
    }),
  };
}

/** Merges partial themes with the same name; recommends the first two. */
export function reduceAnswer(user: string): ReduceOutput {
  const themes = (fenced(user, 'THEMES') ?? []).map((l) => JSON.parse(l) as { ref: string; name: string; kind: MapOutput['themes'][number]['kind'] });
  const byName = new Map<string, typeof themes>();
  for (const t of themes) byName.set(t.name, [...(byName.get(t.name) ?? []), t]);
  const merged = [...byName].map(([name, list]) => ({
    name,
    summary: `Merged ${name}`,
    kind: list[0]!.kind,
    refs: list.map((t) => t.ref),
  }));
  return {
    summary: `Themes: ${merged.map((m) => m.name).join(', ')}`,
    themes: merged,
    recommendations: merged.slice(0, 2).map((m) => ({ title: `Act on ${m.name}`, description: 'Do it', priority: 'high' as const, themes: [m.name] })),
  };
}

/**
 * Places each entry in the theme whose name starts with the entry's first word (the fixtures
 * start every text with its topic, and `mapAnswer` names themes after it), else in none.
 */
export function assignAnswer(req: ChatRequest): { a: [number, string | null][] } {
  const themes = (fenced(req.user, 'THEMES') ?? []).map((l) => JSON.parse(l) as { ref: string; name: string });
  return {
    a: feedbackIn(req).map((e) => {
      const word = e.text.split(/\s+/)[0]!.toLowerCase();
      return [Number(e.id), themes.find((t) => t.name.toLowerCase().startsWith(`${word} `))?.ref ?? null];
    }),
  };
}

export function defaultAnswer(req: ChatRequest): string {
  if (stageOf(req) === 'assign') return JSON.stringify(assignAnswer(req));
  if (req.user.includes('<<<FEEDBACK ')) return JSON.stringify(mapAnswer(feedbackIn(req)));
  return JSON.stringify(reduceAnswer(req.user));
}

/** A ChatProvider that follows the prompt protocol in a few lines, with per-call overrides. */
export class ScriptedProvider implements ChatProvider {
  readonly name = 'scripted';
  readonly calls: ChatRequest[] = [];

  constructor(
    private readonly respond: Responder = () => undefined,
    readonly model = 'scripted-model',
  ) {}

  get identity(): string {
    return `scripted:${this.model}`;
  }

  async complete(req: ChatRequest): Promise<ChatResponse> {
    this.calls.push(req);
    req.signal?.throwIfAborted();
    const text = (await this.respond(req, this.calls.length)) ?? defaultAnswer(req);
    const promptTokens = estimateTokens(req.system) + estimateTokens(req.user);
    return { text, usage: { promptTokens, completionTokens: estimateTokens(text), cachedTokens: 0 } };
  }

  stages(): (LlmStage | null)[] {
    return this.calls.map(stageOf);
  }
}
