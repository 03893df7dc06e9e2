import { Injectable, Logger } from '@nestjs/common';
import { ThemeAssignmentsRepository } from '@insights/db';
import { JobIdentity, JobLauncher, LiveThemes } from '@insights/generation';

/**
 * Living themes (docs/generation.md): new feedback in a project with a stored project-wide
 * result is assigned to that result's themes by a debounced `assign-feedback` job, launched
 * through the job launcher, so a cached read's theme counts are current within a minute without
 * a full regeneration. A project without such a result has nothing to assign to: its first
 * read generates one.
 */
@Injectable()
export class AssignmentScheduler {
  private readonly logger = new Logger(AssignmentScheduler.name);

  constructor(
    private readonly live: LiveThemes,
    private readonly identity: JobIdentity,
    private readonly assignments: ThemeAssignmentsRepository,
    private readonly launcher: JobLauncher,
  ) {}

  /** New feedback landed in this project (a write never waits for, or fails by, the assignment). */
  async feedbackWritten(projectId: string): Promise<void> {
    if (!this.live.enabled) return;
    try {
      // The scope key names the project's unfiltered scope whatever its feedback generation.
      const { scopeKey } = this.identity.keys({ projectId }, {}, 0);
      if (!(await this.assignments.hasResult(scopeKey))) return;
      await this.launcher.launchAssignment(projectId);
    } catch (error) {
      this.logger.warn(`project ${projectId}: new feedback not queued for assignment (${(error as Error).message})`);
    }
  }

  /**
   * A read found entries of a kept-current result not assigned yet (written outside the API, or
   * whose job failed): the same debounced job unless one is pending (a poll must not push it
   * back), fire and forget, so a poll never waits on it.
   */
  pendingSeen(projectId: string): void {
    this.launcher.launchAssignment(projectId, { unlessPending: true }).catch((error: unknown) => {
      this.logger.warn(`project ${projectId}: pending feedback not queued for assignment (${(error as Error).message})`);
    });
  }
}
