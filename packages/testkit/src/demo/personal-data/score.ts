import { cleanSet, personalDataSet, type LabelledText, type PersonalDataKind } from './texts.js';

export const REDACTION_TARGETS = {
  /** Least share of planted values replaced whole by their own placeholder, per kind. */
  recall: { email: 0.99, card: 0.99, iban: 0.99, phone: 0.95 } as Partial<Record<PersonalDataKind, number>>,
  /** Most share of clean texts changed at all. */
  falsePositiveRate: 0.01,
};

export interface KindScore {
  planted: number;
  found: number;
  recall: number;
  /** What was left of the first few misses, to see why. */
  misses: string[];
}

export interface RedactionScore {
  byKind: Record<PersonalDataKind, KindScore>;
  clean: { texts: number; changed: number; rate: number; examples: string[] };
  /** Microseconds per text over both sets. */
  microsPerText: number;
}

/** Found means the value and nothing else became its placeholder: a partial match still leaks. */
function recalled(redact: (text: string) => string, t: LabelledText): { ok: boolean; output: string } {
  const output = redact(t.text);
  return { ok: output === `${t.before}[${t.kind}]${t.after}`, output };
}

/** Scores a redaction function on the labelled set and the clean set. */
export function scoreRedaction(redact: (text: string) => string, labelled = personalDataSet(), clean = cleanSet()): RedactionScore {
  const started = performance.now();
  const byKind = {} as Record<PersonalDataKind, KindScore>;
  for (const t of labelled) {
    const score = (byKind[t.kind] ??= { planted: 0, found: 0, recall: 0, misses: [] });
    const { ok, output } = recalled(redact, t);
    score.planted++;
    if (ok) score.found++;
    else if (score.misses.length < 5) score.misses.push(output);
  }
  for (const score of Object.values(byKind)) score.recall = score.found / score.planted;
  const changed = clean.map((text) => ({ text, output: redact(text) })).filter((r) => r.output !== r.text);
  const micros = ((performance.now() - started) * 1000) / (labelled.length + clean.length);
  return {
    byKind,
    clean: { texts: clean.length, changed: changed.length, rate: changed.length / clean.length, examples: changed.slice(0, 5).map((r) => r.output) },
    microsPerText: micros,
  };
}
