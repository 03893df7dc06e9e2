import { parseArgs } from 'node:util';
import { Redactor } from '@insights/engine';
import { cleanSet, personalDataSet, PHONE_COUNTRIES, REDACTION_TARGETS, scoreRedaction, type PersonalDataKind, type RedactionScore } from '@insights/testkit';
import { requireWholeNumbers } from './cli.js';
import { naiveRedact } from './redaction-baseline.js';

// How much personal data the redactor catches and how much harmless text it touches, on the
// labelled set (one planted value per text; found means the value, and only it, became its
// placeholder) and the clean set (order numbers, versions, dates, prices, ids: any change is a
// false positive), against a regex-only redactor and no redaction, measured in the same run.

const { values } = parseArgs({ options: { seed: { type: 'string', default: '6' } } });
const seed = Number(values.seed);
requireWholeNumbers([['--seed', seed, 0, 2 ** 31]]);

const labelled = personalDataSet(seed);
const clean = cleanSet(seed + 1);
const KINDS: PersonalDataKind[] = ['email', 'phone', 'card', 'iban', 'ip', 'url'];
const percent = (x: number) => `${(100 * x).toFixed(1)} %`;

const contenders: [string, (text: string) => string][] = [
  ['no redaction', (text) => text],
  ['regex only (baseline)', naiveRedact],
  ['engine, phone countries US (default)', (text) => usOnly.redact(text).text],
  [`engine, phone countries ${PHONE_COUNTRIES.join(',')}`, (text) => allCountries.redact(text).text],
];
const usOnly = new Redactor({ enabled: true, phoneCountries: ['US'] });
const allCountries = new Redactor({ enabled: true, phoneCountries: [...PHONE_COUNTRIES] });

// One untimed pass first, so the timings compare warmed code.
for (const [, redact] of contenders) scoreRedaction(redact, labelled.slice(0, 50), clean.slice(0, 50));
const scores: [string, RedactionScore][] = contenders.map(([name, redact]) => [name, scoreRedaction(redact, labelled, clean)]);

const planted = Object.fromEntries(KINDS.map((k) => [k, labelled.filter((t) => t.kind === k).length]));
console.log(`labelled set: ${labelled.length} texts (${KINDS.map((k) => `${k} ${planted[k]}`).join(', ')}), clean set: ${clean.length} texts, seed ${seed}\n`);
console.log(`| redactor | ${KINDS.join(' | ')} | false positives | µs per text |`);
console.log(`| --- | ${KINDS.map(() => '---:').join(' | ')} | ---: | ---: |`);
for (const [name, score] of scores) {
  const recall = KINDS.map((k) => percent(score.byKind[k].recall));
  console.log(`| ${name} | ${recall.join(' | ')} | ${percent(score.clean.rate)} (${score.clean.changed}) | ${score.microsPerText.toFixed(0)} |`);
}

const [, engine] = scores.at(-1)!;
const targets = Object.entries(REDACTION_TARGETS.recall).map(([kind, target]) => {
  const recall = engine.byKind[kind as PersonalDataKind].recall;
  return `${kind} ${percent(recall)} (target ≥ ${percent(target!)}) ${recall >= target! ? 'met' : 'MISSED'}`;
});
const fp = engine.clean.rate < REDACTION_TARGETS.falsePositiveRate ? 'met' : 'MISSED';
console.log(
  `\ntargets (engine, ${PHONE_COUNTRIES.length} countries): ${targets.join('; ')}; false positives ${percent(engine.clean.rate)} (target < ${percent(REDACTION_TARGETS.falsePositiveRate)}) ${fp}`,
);
for (const [name, score] of scores.slice(1)) {
  const misses = KINDS.flatMap((k) => score.byKind[k].misses.slice(0, 2).map((m) => `${k}: ${m}`));
  if (misses.length + score.clean.examples.length === 0) continue;
  console.log(`\n${name}, first misses and false positives:`);
  for (const line of [...misses, ...score.clean.examples.slice(0, 4).map((e) => `clean: ${e}`)]) console.log(`  ${line}`);
}
