import { Injectable } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { LRUCache } from 'lru-cache';
import { TokenVerifier } from '../auth/token-verifier.service.js';
import { UserDirectory } from '../auth/user-directory.service.js';
import { ProjectGenerations } from '../projects/project-generations.service.js';
import { ProjectNotices } from '../projects/project-notices.service.js';
import { JOB_ID } from './dto/job.dto.js';

const ROUTE = '/api/insights/jobs/:jobId';
/** Bytes of response bodies kept: about a thousand full results of a few thousand entries. */
const MAX_BYTES = 64 * 1024 * 1024;

/** Who may read a completed job: its project's owner, or for a job over all projects its own user. */
export interface CompletedJobOwner {
  projectId: string | null;
  userId: string;
}

interface Held extends CompletedJobOwner {
  body: Buffer;
}

/**
 * The whole answer to a completed job's status poll, kept in memory as the bytes the controller
 * sent: a completed job is final, so its answer never changes. Polling it used to cost a Postgres
 * query that turned the stored result into text (tens of KB) and a trip through Nest per poll.
 * Only the answer is kept, never the right to it: each hit checks the caller against the job's
 * project owner through the owner memo (dropped on the project's notices, so a deleted or
 * re-owned project answers `not_found` from the controller, as before). The answer shows the
 * project's taxonomy as it was when it was built: a taxonomy notice (an edit or an undo in any
 * process) drops the project's answers, and a lost listening connection drops them all, since a
 * notice may have been missed; the next poll builds the answer again. An answer built while a
 * notice arrived is not kept (`epoch`), so it cannot outlive the edit it missed.
 */
@Injectable()
export class CompletedJobBodies {
  private readonly held = new LRUCache<string, Held>({ maxSize: MAX_BYTES, sizeCalculation: (entry) => entry.body.length + 200 });
  private taxonomyEpoch = 0;

  constructor(
    private readonly generations: ProjectGenerations,
    notices: ProjectNotices,
  ) {
    notices.subscribe({
      deleted: (projectId) => this.forgetProject(projectId),
      taxonomy: (projectId) => this.taxonomyChanged(projectId),
      reset: () => {
        this.taxonomyEpoch++;
        this.held.clear();
      },
    });
  }

  /** Read before building an answer and passed to `remember`: an answer built across a taxonomy change is not kept. */
  get epoch(): number {
    return this.taxonomyEpoch;
  }

  /** The project's taxonomy changed (a notice, or an edit made by this process). */
  taxonomyChanged(projectId: string): void {
    this.taxonomyEpoch++;
    this.forgetProject(projectId);
  }

  remember(jobId: string, owner: CompletedJobOwner, body: string, epoch = this.taxonomyEpoch): void {
    if (epoch !== this.taxonomyEpoch) return;
    this.held.set(jobId, { projectId: owner.projectId, userId: owner.userId, body: Buffer.from(body) });
  }

  /** The stored answer when this user may read it; undefined otherwise (the controller decides). */
  async bodyFor(jobId: string, userId: string): Promise<Buffer | undefined> {
    const entry = this.held.get(jobId);
    if (!entry) return undefined;
    if (entry.projectId === null) return entry.userId === userId ? entry.body : undefined;
    // Throws for a foreign, unknown or deleted project.
    await this.generations.generationOf(userId, entry.projectId);
    return entry.body;
  }

  private forgetProject(projectId: string): void {
    for (const [jobId, entry] of this.held.entries()) if (entry.projectId === projectId) this.held.delete(jobId);
  }
}

/**
 * `GET /api/insights/jobs/:jobId` of a completed job whose answer is held, answered before Nest
 * (as the cached read is, ADR 0014): the same token check and user mapping as the guard, the
 * owner check from memory, then the held bytes. Anything else declines to the controller.
 */
@Injectable()
export class CompletedJobFastPath {
  constructor(
    private readonly verifier: TokenVerifier,
    private readonly users: UserDirectory,
    private readonly bodies: CompletedJobBodies,
  ) {}

  /** True when it answered. Never throws: a failure of any step leaves the request to the controller. */
  async answer(request: FastifyRequest, reply: FastifyReply): Promise<boolean> {
    if (request.method !== 'GET' || request.routeOptions.url !== ROUTE) return false;
    const jobId = (request.params as { jobId?: unknown } | undefined)?.jobId;
    if (typeof jobId !== 'string' || !JOB_ID.test(jobId) || !soleParams(request.query)) return false;
    try {
      const session = await this.verifier.verify(request.headers.authorization);
      const body = await this.bodies.bodyFor(jobId, await this.users.idFor(session.clerkUserId));
      if (!body) return false;
      await reply.type('application/json; charset=utf-8').send(body);
      return true;
    } catch {
      return false;
    }
  }
}

/** A query string (a stream token, anything else) is the controller's to read. */
function soleParams(query: unknown): boolean {
  return !query || typeof query !== 'object' || Object.keys(query).length === 0;
}
