import { STAGE_MARKER, feedbackFence, themeFence, type LlmStage, type ReduceInputTheme } from '@insights/engine';

// Prompt builders shared by the specs; they mirror how the engine lays data out on the wire.
export interface SpecEntry {
  /** The entry's number in the call, as the engine writes it. */
  id: string;
  rating: number;
  text: string;
}

export const ENTRIES: SpecEntry[] = [
  { id: '1', rating: 1, text: 'CSV export keeps failing on large projects' },
  { id: '2', rating: 2, text: 'The export button times out, export is unusable' },
  { id: '3', rating: 1, text: 'Export to Excel drops half the rows' },
  { id: '4', rating: 5, text: 'Love the dashboard, charts are fast and clear' },
  { id: '5', rating: 4, text: 'The dashboard is beautiful' },
  { id: '6', rating: 3, text: 'Please add dark mode, it would be great at night' },
  { id: '7', rating: 3, text: 'We need dark mode for the mobile screens' },
];

export const THEMES: ReduceInputTheme[] = [
  { ref: 't1', name: 'Export problems', summary: 'Exports fail.', kind: 'pain_point', count: 12 },
  { ref: 't2', name: 'export failures', summary: 'Export times out.', kind: 'pain_point', count: 5 },
  { ref: 't3', name: 'Dashboard praise', summary: 'Users like charts.', kind: 'praise', count: 7 },
  { ref: 't4', name: 'Dark mode requests', summary: 'Dark mode wanted.', kind: 'feature_request', count: 4 },
  { ref: 't5', name: 'Pricing feedback', summary: 'Prices are confusing.', kind: 'other', count: 1 },
];

export function feedbackBlock(entries: SpecEntry[], nonce = 'n0nce1'): string {
  const fence = feedbackFence(nonce);
  return [fence.open, ...entries.map((e) => `${e.id}\t${e.rating}\t${e.text}`), fence.close].join('\n');
}

export function themesBlock(themes: ReduceInputTheme[], nonce = 'n0nce2'): string {
  const fence = themeFence(nonce);
  return [fence.open, ...themes.map((t) => JSON.stringify(t)), fence.close].join('\n');
}

export function messages(stage: LlmStage, user: string) {
  return [
    { role: 'system' as const, content: `${STAGE_MARKER(stage)}\nYou summarise customer feedback as JSON.` },
    { role: 'user' as const, content: user },
  ];
}

export const mapMessages = (entries: SpecEntry[] = ENTRIES) => messages('map', `Group this feedback into themes.\n${feedbackBlock(entries)}`);
export const reduceMessages = (themes: ReduceInputTheme[] = THEMES) => messages('reduce', `Merge these partial themes.\n${themesBlock(themes)}`);
