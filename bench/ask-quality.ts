import {
  feedback,
  FeedbackSearchRepository,
  hashApiKey,
  newApiKey,
  ProjectsRepository,
  SEARCH_QUERY_CONFIGS,
  UsersRepository,
  type DatabaseHandle,
} from '@insights/db';
import { answerQuestion, GlmProvider, InMemoryCallLedger, type AskAnswer, type AskContextTheme, type InsightsResult } from '@insights/engine';
import { retrieveForQuestion } from '@insights/generation';
import type { LabelledSet, PlantedTheme } from '@insights/testkit';
import { createBenchDatabase } from './bench-db.js';

// Questions with known answers on the labelled sets: each planted subject asked about by name,
// and "what do customers praise?", answered as the worker answers them (the question's search in
// Postgres, the GLM client streaming from the fake GLM, citations and counts checked in code).
// Each project's current themes are the offline analyser's result over the set (as if it were the
// project's stored result), so an answer can state a theme's count. Measured: citations on topic
// (the cited entry carries the planted subject the question asks about), counts exact (every
// number the answer states is one of its counts, each equal to the benchmark's own figure: its own
// SQL statement for a search, the count in the result it gave for a theme) and each stated
// count's error against the planted truth.

const TARGET_ON_TOPIC = 0.9;
// A subject planted in fewer entries than this is not asked about: a question about three
// entries says little about how often a citation is on topic.
const MIN_TRUTH = 5;

interface Question {
  text: string;
  /** Planted theme ids a citation on topic carries (any of them). */
  onTopic: Set<string>;
  /** Entries carrying them: what a reader would call the true answer. */
  truth: number;
  /** Asked about one planted subject (not "what do customers praise?"). */
  aboutSubject: boolean;
}

interface Scored {
  question: Question;
  answer: AskAnswer;
  /** Each stated count's error against the planted truth, (count − truth) / truth. */
  errors: number[];
  onTopic: number;
  countsExact: number;
  countsStated: number;
}

export interface AskQualityRow {
  set: string;
  questions: number;
  citations: number;
  onTopic: number;
  countsStated: number;
  countsExact: number;
  /** Stated counts of themes (the rest count searches). */
  themeCounts: number;
  /** Mean absolute error of the counts stated about a question's subject ({{count}} aside), against the planted truth. */
  meanSubjectError: number;
  /** The same of the question's own search (its words), the count an answer stated before theme counts: the baseline. */
  meanSearchError: number;
  dropped: number;
}

const mean = (xs: readonly number[]) => (xs.length ? xs.reduce((a, b) => a + b, 0) / xs.length : 0);
const percent = (x: number) => `${(100 * x).toFixed(1)} %`;
const cell = (text: string) => text.replace(/\|/g, '\\|');

function questionsFor(set: LabelledSet): Question[] {
  const asked: Question[] = [];
  const praise = set.planted.filter((p) => /^praise/i.test(p.subject));
  for (const p of set.planted) {
    const truth = set.truth.get(p.id) ?? 0;
    if (truth < MIN_TRUTH) continue;
    asked.push({ text: questionAbout(p), onTopic: new Set([p.id]), truth, aboutSubject: true });
  }
  if (praise.length > 0) {
    const ids = new Set(praise.map((p) => p.id));
    asked.push({
      text: 'What do customers praise?',
      onTopic: ids,
      truth: set.entries.filter((e) => e.themes.some((t) => ids.has(t))).length,
      aboutSubject: false,
    });
  }
  return asked;
}

/** A question a product manager would ask about a planted subject. */
function questionAbout(p: PlantedTheme): string {
  const praised = /^praise for (the )?/i.exec(p.subject);
  if (praised) return `What do customers praise about the ${p.subject.slice(praised[0].length).toLowerCase()}?`;
  const subject = p.subject.replace(/\s+request$/i, '').toLowerCase();
  if (p.id === 'export-bug') return 'How many entries complain about CSV export?';
  return `How many entries are about ${subject}?`;
}

async function seedSet(handle: DatabaseHandle, name: string, set: LabelledSet): Promise<string> {
  const user = await new UsersRepository(handle.db).upsertByClerkId(`user_ask_${name}`, `ask-${name}@example.com`);
  const project = await new ProjectsRepository(handle.db).create({ name: `Ask ${name}`, userId: user.id, hashedApiKey: hashApiKey(newApiKey()) });
  const rows = set.entries.map(({ item }) => ({
    id: item.id,
    projectId: project.id,
    text: item.text,
    rating: item.rating,
    category: item.category,
    sentiment: item.sentiment,
    createdAt: item.createdAt,
  }));
  for (let at = 0; at < rows.length; at += 2_000) await handle.db.insert(feedback).values(rows.slice(at, at + 2_000));
  await handle.pool.query('analyze feedback');
  return project.id;
}

/** The benchmark's own count of a stated search: every reading of the query, any match, in SQL written here. */
async function countIndependently(handle: DatabaseHandle, projectId: string, count: AskAnswer['counts'][number]): Promise<number> {
  const tone = /^(positive|neutral|negative) entries$/.exec(count.label)?.[1] ?? null;
  const { rows } = await handle.pool.query<{ n: number }>(
    `select count(*)::int as n from feedback f
      where f.project_id = $1
        and ($2 = '' or exists (select 1 from unnest($3::text[]) c where f.search_vector @@ websearch_to_tsquery(c::regconfig, $2)))
        and ($4::text is null or f.sentiment = $4)`,
    [projectId, count.query, [...SEARCH_QUERY_CONFIGS], tone],
  );
  return rows[0]!.n;
}

/** The themes given as the project's current ones: the result's, each with an id if it has none. */
function contextThemes(result: InsightsResult): AskContextTheme[] {
  return result.themes.map((t, i) => ({ id: t.id ?? `offline-${i + 1}`, name: t.name, kind: t.kind, count: t.count }));
}

/** The benchmark's own figure for a stated count: a theme's count in the result it gave, or its own SQL count of the search. */
async function independentFigure(handle: DatabaseHandle, projectId: string, themes: readonly AskContextTheme[], count: AskAnswer['counts'][number]) {
  const themeId = /^theme:(.+)$/.exec(count.query)?.[1];
  if (themeId !== undefined) return themes.find((t) => t.id === themeId)?.count ?? -1;
  return countIndependently(handle, projectId, count);
}

const signed = (x: number) => `${x >= 0 ? '+' : '−'}${Math.abs(100 * x).toFixed(0)} %`;

async function score(
  handle: DatabaseHandle,
  projectId: string,
  set: LabelledSet,
  themes: readonly AskContextTheme[],
  question: Question,
  answer: AskAnswer,
): Promise<Scored> {
  const themesOf = new Map(set.entries.map((e) => [e.item.id, e.themes]));
  const onTopic = answer.citations.filter((c) => (themesOf.get(c.feedbackId) ?? []).some((t) => question.onTopic.has(t))).length;
  // Every number left in the text (markers aside) must be a stated count, and each stated count the benchmark's own.
  const stated = new Set(answer.counts.map((c) => c.count));
  const loose = (answer.answer.replace(/\[\d+\]/g, '').match(/\d+/g) ?? []).filter((n) => !stated.has(Number(n))).length;
  let exact = 0;
  for (const count of answer.counts) if ((await independentFigure(handle, projectId, themes, count)) === count.count) exact++;
  const errors = answer.counts.map((c) => (c.count - question.truth) / question.truth);
  return { question, answer, errors, onTopic, countsExact: exact, countsStated: answer.counts.length + loose };
}

/**
 * The mean absolute error against the planted truth of the counts an answer states about its
 * subject: every count but the first, the question's own search (`{{count}}`, which the fake GLM
 * states first and which counts the question's words), unless it is the only one; the praise
 * question (no one subject) left out.
 */
function meanSubjectError(scored: readonly Scored[]): number {
  const errors = scored.filter((s) => s.question.aboutSubject).flatMap((s) => (s.errors.length > 1 ? s.errors.slice(1) : s.errors).map(Math.abs));
  return errors.length ? errors.reduce((a, b) => a + b, 0) / errors.length : 0;
}

/**
 * Asks each set's questions against a throwaway database and the fake GLM at `glmUrl`; prints a
 * table per set and an overall one, and returns the overall rows.
 */
export async function askQuality(sets: [string, LabelledSet, InsightsResult][], glmUrl: string): Promise<AskQualityRow[]> {
  const bench = await createBenchDatabase(process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/feedback_insights');
  const rows: AskQualityRow[] = [];
  try {
    const search = new FeedbackSearchRepository(bench.handle.db);
    const provider = new GlmProvider({ apiKey: 'bench-key', baseUrl: glmUrl, model: 'glm-4.5' });
    for (const [name, set, result] of sets) {
      const projectId = await seedSet(bench.handle, name, set);
      const themes = contextThemes(result);
      const scored: Scored[] = [];
      for (const question of questionsFor(set)) {
        const retrieved = await retrieveForQuestion(search, projectId, question.text, {});
        const answer = await answerQuestion({
          question: question.text,
          ...retrieved,
          themes,
          counter: { count: (query) => search.count(projectId, query, {}) },
          provider,
          ledger: new InMemoryCallLedger(),
          onProgress: () => undefined,
        });
        scored.push(await score(bench.handle, projectId, set, themes, question, answer));
      }
      console.log(`\n### Questions on the ${name} set (${set.entries.length.toLocaleString('en-US')} labelled entries)\n`);
      console.log(
        `Current themes: the offline analyser's ${themes.length} over the set. A theme count is shown as "name: count"; a search count as the count alone.\n`,
      );
      console.log('| question | planted entries | matched (SQL) | counts stated | error vs planted | cited | on topic | counts exact |');
      console.log('| --- | --- | --- | --- | --- | --- | --- | --- |');
      for (const s of scored) {
        const counts = s.answer.counts.map((c) => (c.query.startsWith('theme:') ? `${cell(c.label)}: ${c.count}` : String(c.count))).join(', ') || '—';
        const errors = s.errors.map(signed).join(', ') || '—';
        console.log(
          `| ${cell(s.question.text)} | ${s.question.truth} | ${s.answer.matched} | ${counts} | ${errors} | ${s.answer.citations.length} | ${s.onTopic}/${s.answer.citations.length} | ${s.countsExact}/${s.countsStated} |`,
        );
      }
      const sum = (f: (s: Scored) => number) => scored.reduce((total, s) => total + f(s), 0);
      rows.push({
        set: name,
        questions: scored.length,
        citations: sum((s) => s.answer.citations.length),
        onTopic: sum((s) => s.onTopic),
        countsStated: sum((s) => s.countsStated),
        countsExact: sum((s) => s.countsExact),
        themeCounts: sum((s) => s.answer.counts.filter((c) => c.query.startsWith('theme:')).length),
        meanSubjectError: meanSubjectError(scored),
        meanSearchError: mean(scored.filter((s) => s.question.aboutSubject).map((s) => Math.abs(s.errors[0] ?? 0))),
        dropped: sum((s) => s.answer.droppedCitations),
      });
    }
  } finally {
    await bench.drop();
  }
  console.log('\n### Questions: overall\n');
  console.log(
    '| set | questions | citations | on topic | counts stated | of themes | counts exact | mean error of subject counts vs planted | same, the question’s search only | dropped citations | meets targets |',
  );
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  for (const r of rows) {
    const onTopic = r.citations ? r.onTopic / r.citations : 0;
    const exact = r.countsStated ? r.countsExact / r.countsStated : 1;
    const ok = onTopic >= TARGET_ON_TOPIC && r.countsExact === r.countsStated;
    console.log(
      `| ${r.set} | ${r.questions} | ${r.citations} | ${percent(onTopic)} | ${r.countsStated} | ${r.themeCounts} | ${percent(exact)} | ${percent(r.meanSubjectError)} | ${percent(r.meanSearchError)} | ${r.dropped} | ${ok ? 'yes' : '**no**'} |`,
    );
  }
  console.log(`\nTargets: citations on topic ≥ ${percent(TARGET_ON_TOPIC)}, every count exact.`);
  return rows;
}
