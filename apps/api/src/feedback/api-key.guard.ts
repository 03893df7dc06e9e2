import { createHash } from 'node:crypto';
import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { hashApiKey, isBcryptHash, looksLikeApiKey, ProjectsRepository, type Project } from '@insights/db';
import { AppError, UnauthorizedError } from '../common/app-error.js';
import { BcryptKeyChecker } from './bcrypt-key-checker.service.js';
import { WidgetLimits } from './widget-limits.service.js';
import { hostAllowed, widgetSource } from './widget-origin.js';
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
 * Then the page's origin is checked against the project's allowedDomains.
 */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  private readonly verified = new Set<string>();

  constructor(
    private readonly projects: ProjectsRepository,
    private readonly bcrypt: BcryptKeyChecker,
    private readonly limits: WidgetLimits,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<ApiKeyRequest>();
    const key = request.headers['x-api-key'];
    const projectId = normalizeId(request.headers['x-project-id']);
    if (!key) throw new UnauthorizedError('API_KEY_MISSING', 'missing x-api-key header');
    const project = looksLikeApiKey(key) ? await this.projects.findActiveByApiKeyHash(hashApiKey(key)) : await this.legacy(key, projectId);
    if (!project || (projectId !== undefined && projectId !== project.id)) {
      throw new UnauthorizedError('API_KEY_INVALID', 'the API key is not valid for any active project');
    }
    checkOrigin(project, request.headers);
    request.project = project;
    return true;
  }

  private async legacy(key: string, projectId: string | undefined): Promise<Project | undefined> {
    if (projectId === undefined) {
      throw new UnauthorizedError(
        'API_KEY_INVALID',
        'the API key is not valid for any active project (keys issued before fik_ keys also need the x-project-id header)',
      );
    }
    if (!UUID.test(projectId) || key.length > 200) return undefined;
    const project = await this.projects.findById(projectId);
    if (!project?.isActive || !isBcryptHash(project.hashedApiKey)) return undefined;
    const pair = createHash('sha256').update(`${project.hashedApiKey}\n${key}`).digest('hex');
    if (this.verified.has(pair)) return project;
    // A project id is public (it is in the widget's page): without this bound, guesses at its
    // key would cost the API a bcrypt comparison each.
    await this.limits.attemptKey(project.id);
    if (!(await this.bcrypt.matches(key, project.hashedApiKey))) return undefined;
    await this.limits.keyMatched(project.id);
    if (this.verified.size >= VERIFIED_LIMIT) this.verified.clear();
    this.verified.add(pair);
    return project;
  }
}

/**
 * A project that lists domains takes widget feedback only from pages on them. A request with
 * neither Origin nor Referer is not a browser's (browsers send Origin on every POST), so the
 * list, which binds browsers, has nothing to check; such callers could write either header.
 */
function checkOrigin(project: Project, headers: ApiKeyRequest['headers']): void {
  const allowed = project.allowedDomains ?? [];
  if (allowed.length === 0) return;
  const source = widgetSource(headers);
  if (source.kind === 'none' || (source.kind === 'host' && hostAllowed(source.host, allowed))) return;
  const from = source.kind === 'host' ? `host ${source.host}` : `"${source.header.slice(0, 100)}"`;
  throw new AppError(
    403,
    'WIDGET_ORIGIN_NOT_ALLOWED',
    `this project's widget key is accepted only from its allowed domains, not from ${from} (Origin, else Referer)`,
  );
}
