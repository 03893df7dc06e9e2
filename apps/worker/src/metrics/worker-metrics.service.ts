import { Inject, Injectable } from '@nestjs/common';
import type { DatabaseHandle } from '@insights/db';
import { DATABASE } from '@insights/platform';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { InsightsGenerator, TokenBudget } from '@insights/generation';

const utcDay = () => new Date().toISOString().slice(0, 10);

/** How a job attempt ended, as the processor settled it. */
export type JobOutcome = 'completed' | 'failed' | 'retried' | 'cancelled' | 'rate_limited' | 'handed_back';

/** Prometheus metrics of one worker process, in their own registry. */
@Injectable()
export class WorkerMetrics {
  readonly registry = new Registry();
  private readonly jobDuration = new Histogram({
    name: 'insights_job_duration_seconds',
    help: 'Time a worker spent on one job attempt, by how the attempt ended',
    labelNames: ['outcome'] as const,
    buckets: [0.5, 1, 2, 5, 10, 20, 30, 60, 120, 300, 600],
    registers: [this.registry],
  });
  private readonly askDuration = new Histogram({
    name: 'insights_ask_duration_seconds',
    help: 'Time a worker spent on one attempt of a question (ask-question job), by how the attempt ended',
    labelNames: ['outcome'] as const,
    buckets: [0.25, 0.5, 1, 2, 3, 5, 10, 20, 30, 60],
    registers: [this.registry],
  });
  private readonly queueWait = new Histogram({
    name: 'insights_job_queue_wait_seconds',
    help: 'Time from a job being queued to a worker starting its first attempt',
    buckets: [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 30, 60, 300],
    registers: [this.registry],
  });
  private readonly llmCalls = new Counter({
    name: 'insights_llm_calls_total',
    help: 'LLM calls by model, stage (map, reduce, repair, assign, ask, embed) and outcome (ok or the error kind)',
    labelNames: ['model', 'stage', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly llmTokens = new Counter({
    name: 'insights_llm_tokens_total',
    help: 'LLM tokens by model, stage and kind (prompt, completion)',
    labelNames: ['model', 'stage', 'kind'] as const,
    registers: [this.registry],
  });
  private readonly llmCost = new Counter({
    name: 'insights_llm_cost_usd_total',
    help: 'What LLM calls cost in US dollars, by model and stage, each priced by its model (calls of a model with no price are not counted)',
    labelNames: ['model', 'stage'] as const,
    registers: [this.registry],
  });
  private readonly rateLimitPauses = new Counter({
    name: 'insights_queue_rate_limit_pauses_total',
    help: 'Times the provider answered 429 (or overloaded) and the queue was paused',
    registers: [this.registry],
  });
  /** The UTC day the budget figures are of: a new day starts every project at zero again. */
  private budgetDay = '';
  private readonly budgetUsed = new Gauge({
    name: 'insights_budget_tokens_used',
    help: 'LLM tokens a project has spent today (UTC), as of its latest job on this worker',
    labelNames: ['project'] as const,
    registers: [this.registry],
    collect: () => {
      if (this.budgetDay && this.budgetDay !== utcDay()) {
        this.budgetUsed.reset();
        this.budgetDay = '';
      }
    },
  });
  private readonly budgetLimit = new Gauge({
    name: 'insights_budget_tokens_limit',
    help: 'The daily LLM token budget per project (0: none)',
    registers: [this.registry],
  });

  constructor(generator: InsightsGenerator, budget: TokenBudget, @Inject(DATABASE) database: DatabaseHandle) {
    collectDefaultMetrics({ register: this.registry });
    new Counter({
      name: 'insights_db_statements_total',
      help: 'Statements this worker sent to Postgres (a job should need at most 8)',
      registers: [this.registry],
      collect() {
        this.reset();
        this.inc(database.statements());
      },
    });
    // The spend is read once as a job starts (its budget check) and followed call by call from
    // there: no read of its own after each job.
    budget.onStatus((projectId, status) => {
      this.budgetLimit.set(status.limit);
      this.budgetDay = utcDay();
      this.budgetUsed.set({ project: projectId }, status.spent);
    });
    generator.onCall((entry, { projectId, costUsd }) => {
      const labels = { model: entry.model, stage: entry.stage };
      this.llmCalls.inc({ ...labels, outcome: entry.outcome });
      this.llmTokens.inc({ ...labels, kind: 'prompt' }, entry.promptTokens);
      this.llmTokens.inc({ ...labels, kind: 'completion' }, entry.completionTokens);
      if (costUsd !== null) this.llmCost.inc(labels, costUsd);
      if (projectId && this.budgetDay === utcDay()) this.budgetUsed.inc({ project: projectId }, entry.promptTokens + entry.completionTokens);
    });
  }

  /** A first attempt starts: how long the job waited for a worker. */
  started(queuedAt: number, attempt: number): void {
    if (attempt === 1) this.queueWait.observe(Math.max(0, Date.now() - queuedAt) / 1000);
  }

  /** A question's attempt ended (its duration is kept apart from generations': seconds, not minutes). */
  askFinished(outcome: JobOutcome, startedAt: number): void {
    this.askDuration.observe({ outcome }, (Date.now() - startedAt) / 1000);
    if (outcome === 'rate_limited') this.rateLimitPauses.inc();
  }

  finished(outcome: JobOutcome, startedAt: number): void {
    this.jobDuration.observe({ outcome }, (Date.now() - startedAt) / 1000);
    if (outcome === 'rate_limited') this.rateLimitPauses.inc();
  }
}
