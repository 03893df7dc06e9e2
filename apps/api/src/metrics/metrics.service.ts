import { Injectable } from '@nestjs/common';
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import { QueueMonitor } from '@insights/queue';

export type JobRequestOutcome = 'new' | 'joined' | 'cached';
export type CacheReadOutcome = 'redis' | 'postgres' | 'stale' | 'miss';

/** Prometheus metrics of one API process, in their own registry (never the global default). */
@Injectable()
export class MetricsService {
  readonly registry = new Registry();
  private readonly jobRequests = new Counter({
    name: 'insights_job_requests_total',
    help: 'Job requests by outcome: a new job, joined an identical in-flight job, or answered from the cache',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  private readonly cacheReads = new Counter({
    name: 'insights_cache_reads_total',
    help: 'GET /insights reads by where the answer came from',
    labelNames: ['outcome'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5],
    registers: [this.registry],
  });

  constructor(queue: QueueMonitor) {
    collectDefaultMetrics({ register: this.registry });
    new Gauge({
      name: 'insights_queue_jobs',
      help: 'Jobs in the insights queue by state (read from Redis at scrape time)',
      labelNames: ['state'] as const,
      registers: [this.registry],
      async collect() {
        const counts = await queue.counts();
        for (const [state, count] of Object.entries(counts)) this.set({ state }, count);
      },
    });
    new Gauge({
      name: 'insights_queue_oldest_waiting_seconds',
      help: 'Age of the longest-waiting job in the insights queue (0 when none waits)',
      registers: [this.registry],
      async collect() {
        const queuedAt = await queue.oldestWaitingAt();
        this.set(queuedAt === null ? 0 : Math.max(0, Date.now() - queuedAt) / 1000);
      },
    });
  }

  jobRequest(outcome: JobRequestOutcome): void {
    this.jobRequests.inc({ outcome });
  }

  cacheRead(outcome: CacheReadOutcome): void {
    this.cacheReads.inc({ outcome });
  }
}
