import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { hashApiKey, looksLikeApiKey, ProjectsRepository, type Project } from '@insights/db';
import { UnauthorizedError } from '../common/app-error.js';

export interface ApiKeyRequest {
  headers: Record<string, string | undefined>;
  project?: Project;
}

/** The feedback widget's way in: a project API key in `x-api-key` instead of a user token. */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly projects: ProjectsRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ApiKeyRequest>();
    const key = request.headers['x-api-key'];
    if (!key) throw new UnauthorizedError('API_KEY_MISSING', 'missing x-api-key header');
    const project = looksLikeApiKey(key) ? await this.projects.findActiveByApiKeyHash(hashApiKey(key)) : undefined;
    if (!project) throw new UnauthorizedError('API_KEY_INVALID', 'the API key is not valid for any active project');
    request.project = project;
    return true;
  }
}
