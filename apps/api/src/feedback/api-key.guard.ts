import { createHash } from 'node:crypto';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { hashApiKey, isBcryptHash, looksLikeApiKey, ProjectsRepository, verifyBcryptApiKey, type Project } from '@insights/db';
import { UnauthorizedError } from '../common/app-error.js';
import { normalizeId } from '../common/normalize-id.js';

export interface ApiKeyRequest {
  headers: Record<string, string | undefined>;
  project?: Project;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// Verified (key, stored hash) pairs: bcrypt costs tens of milliseconds a check, so a widget
// posting feedback pays it once per process, not per entry. A rotated key has another hash.
const VERIFIED_LIMIT = 10_000;

/**
 * The feedback widget's way in: a project API key in `x-api-key` instead of a user token.
 * Keys this service issued (`fik_…`) are found by their SHA-256. Keys the existing backend
 * issued are bcrypt hashes that cannot be looked up, so its widget also sends `x-project-id`
 * and the key is checked against that project's hash. The bcrypt hash is kept as it is (not
 * rehashed) so the existing backend still accepts the same key if traffic is switched back.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly verified = new Set<string>();

  constructor(private readonly projects: ProjectsRepository) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ApiKeyRequest>();
    const key = request.headers['x-api-key'];
    const projectId = normalizeId(request.headers['x-project-id']);
    if (!key) throw new UnauthorizedError('API_KEY_MISSING', 'missing x-api-key header');
    const project = looksLikeApiKey(key) ? await this.projects.findActiveByApiKeyHash(hashApiKey(key)) : await this.legacy(key, projectId);
    if (!project || (projectId !== undefined && projectId !== project.id)) {
      throw new UnauthorizedError('API_KEY_INVALID', 'the API key is not valid for any active project');
    }
    request.project = project;
    return true;
  }

  private async legacy(key: string, projectId: string | undefined): Promise<Project | undefined> {
    if (projectId === undefined) {
      throw new UnauthorizedError('API_KEY_INVALID', 'the API key is not valid for any active project (keys issued before fik_ keys also need the x-project-id header)');
    }
    if (!UUID.test(projectId) || key.length > 200) return undefined;
    const project = await this.projects.findById(projectId);
    if (!project?.isActive || !isBcryptHash(project.hashedApiKey)) return undefined;
    const pair = createHash('sha256').update(`${project.hashedApiKey}\n${key}`).digest('hex');
    if (this.verified.has(pair)) return project;
    if (!(await verifyBcryptApiKey(key, project.hashedApiKey))) return undefined;
    if (this.verified.size >= VERIFIED_LIMIT) this.verified.clear();
    this.verified.add(pair);
    return project;
  }
}
