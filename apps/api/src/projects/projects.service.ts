import { Inject, Injectable } from '@nestjs/common';
import type { AppConfig } from '@insights/config';
import { hashApiKey, newApiKey, ProjectsRepository, type Project } from '@insights/db';
import { APP_CONFIG, checkOutboundUrl, OutboundUrlRefused } from '@insights/platform';
import { AppError, NotFoundError } from '../common/app-error.js';
import type { CreateProjectDto } from './dto/project.dto.js';
import { ProjectGenerations } from './project-generations.service.js';
import { ProjectPurger } from './project-purger.service.js';

@Injectable()
export class ProjectsService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly projects: ProjectsRepository,
    private readonly generations: ProjectGenerations,
    private readonly purger: ProjectPurger,
  ) {}

  async create(userId: string, dto: CreateProjectDto): Promise<{ project: Project; apiKey: string }> {
    if (dto.webhookUrl) await this.checkWebhookUrl(dto.webhookUrl);
    const apiKey = newApiKey();
    const project = await this.projects.create({
      userId,
      name: dto.name,
      allowedDomains: dto.allowedDomains ?? [],
      webhookUrl: dto.webhookUrl,
      hashedApiKey: hashApiKey(apiKey),
    });
    return { project, apiKey };
  }

  /**
   * The rule deliveries follow, applied where the URL comes in so its owner hears at once. It
   * does not replace the check at delivery: a name can be pointed elsewhere after this.
   */
  private async checkWebhookUrl(url: string): Promise<void> {
    try {
      await checkOutboundUrl(url, this.config.webhooks);
    } catch (error) {
      if (!(error instanceof OutboundUrlRefused)) throw error;
      throw new AppError(400, 'WEBHOOK_URL_FORBIDDEN', `webhookUrl is refused: ${error.reason}`, [{ field: 'webhookUrl', problems: [error.reason] }]);
    }
  }

  list(userId: string): Promise<Project[]> {
    return this.projects.listByOwner(userId);
  }

  /** The caller's project; unknown ids and other users' ids are the same 404. */
  async getOwned(userId: string, projectId: string): Promise<Project> {
    const project = await this.projects.findOwned(projectId, userId);
    if (!project) throw new NotFoundError('PROJECT_NOT_FOUND', `project ${projectId} not found`);
    return project;
  }

  async delete(userId: string, projectId: string): Promise<void> {
    if (!(await this.projects.deleteOwned(projectId, userId))) {
      throw new NotFoundError('PROJECT_NOT_FOUND', `project ${projectId} not found`);
    }
    this.generations.forget(projectId);
    // Every process purges on the notice too; doing it here means the caller's next read, on
    // any process, finds nothing of the project in either cache tier and no job left running.
    await this.purger.purge(projectId);
  }
}
