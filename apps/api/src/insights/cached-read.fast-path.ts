import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { TwoTierInsightsCache } from '@insights/cache';
import { JobIdentity } from '@insights/generation';
import { TokenVerifier } from '../auth/token-verifier.service.js';
import { UserDirectory } from '../auth/user-directory.service.js';
import { UUID_ID } from '../common/keyset-cursor.js';
import { normalizeId } from '../common/normalize-id.js';
import { MetricsService } from '../metrics/metrics.service.js';
import { ProjectGenerations } from '../projects/project-generations.service.js';
import { RefreshScheduler } from '../refresh/refresh-scheduler.service.js';

const ROUTE = '/api/insights';

/**
 * The dashboard's poll, `GET /api/insights?projectId=<uuid>` with nothing else, answered before
 * the request enters Nest when its answer is a fresh body in Redis: the same token check, the
 * same owner check, the same cache key as the controller, then the stored bytes. Anything else
 * (another query, a bad or missing token, a foreign project, a miss, a stale result) declines,
 * and the controller answers it in full, errors included. A profile showed Nest's per-request
 * machinery (guards, pipes, interceptors, validation) as most of a hit's CPU.
 */
@Injectable()
export class CachedReadFastPath {
  /** Cache keys of recent (project, generation) pairs: a hash per read is measurable at this rate. */
  private readonly keys = new LRUCache<string, string>({ max: 10_000 });

  constructor(
    private readonly verifier: TokenVerifier,
    private readonly users: UserDirectory,
    private readonly generations: ProjectGenerations,
    private readonly identity: JobIdentity,
    private readonly cache: TwoTierInsightsCache,
    private readonly metrics: MetricsService,
    private readonly refreshes: RefreshScheduler,
  ) {}

  /** True when it answered. Never throws: a failure of any step leaves the request to the controller. */
  async answer(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (request.method !== 'GET' || request.routeOptions.url !== ROUTE) return false;
    const projectId = soleProjectId(request.query);
    if (!projectId) return false;
    try {
      const session = await this.verifier.verify(request.headers.authorization);
      const generation = await this.generations.generationOf(await this.users.idFor(session.clerkUserId), projectId);
      const body = await this.cache.hotBody(this.cacheKey(projectId, generation));
      if (!body) return false;
      this.metrics.cacheRead('redis');
      this.refreshes.noteRead(projectId, {});
      await reply.type('application/json; charset=utf-8').send(body);
      return true;
    } catch {
      return false;
    }
  }

  private cacheKey(projectId: string, generation: number): string {
    const id = `${projectId}:${generation}`;
    let key = this.keys.get(id);
    if (!key) {
      key = this.identity.keys({ projectId }, {}, generation).cacheKey;
      this.keys.set(id, key);
    }
    return key;
  }
}

function soleProjectId(query: unknown): string | undefined {
  if (!query || typeof query !== 'object') return undefined;
  let projectId: unknown;
  for (const [name, value] of Object.entries(query)) {
    if (name !== 'projectId') return undefined;
    projectId = value;
  }
  // The controller's scope identity uses the same spelling, so both find the same cache key.
  return typeof projectId === 'string' && UUID_ID.test(projectId) ? normalizeId(projectId) : undefined;
}
