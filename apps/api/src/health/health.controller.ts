import { applyDecorators, Controller, Get, Inject } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiServiceUnavailableResponse, ApiTags } from '@nestjs/swagger';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import type { RedisClient } from '@insights/queue';
import type { DatabaseHandle } from '@insights/db';
import { Public } from '../auth/auth-user.js';
import { RawResponse } from '../common/envelope.interceptor.js';
import { DATABASE } from '@insights/platform';
import { REDIS } from '../redis/redis.module.js';
import { ProjectNotices } from '../projects/project-notices.service.js';
import { HealthReportDto } from './health-report.dto.js';

const PROBE_TIMEOUT_MS = 1_500;

const Checked = () =>
  applyDecorators(
    HealthCheck({ noCache: true, swaggerDocumentation: false }),
    ApiOkResponse({ type: HealthReportDto, description: 'Healthy' }),
    ApiServiceUnavailableResponse({ type: HealthReportDto, description: 'Unhealthy, or shutting down' }),
  );

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  return Promise.race([promise, new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms).unref())]);
}

@ApiTags('health')
@Public()
@RawResponse()
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicator: HealthIndicatorService,
    @Inject(DATABASE) private readonly database: DatabaseHandle,
    @Inject(REDIS) private readonly redis: RedisClient,
    private readonly notices: ProjectNotices,
  ) {}

  @Get()
  @ApiOperation({ summary: 'Liveness: the process is up' })
  @Checked()
  live() {
    return this.health.check([]);
  }

  @Get('ready')
  @ApiOperation({ summary: 'Readiness: Postgres and Redis answer, and project notices are heard' })
  @Checked()
  ready() {
    return this.health.check([
      () => this.probe('postgres', () => this.database.pool.query('select 1')),
      () => this.probe('redis', () => this.redis.ping()),
      () => this.projectNotices(),
    ]);
  }

  /**
   * Without the LISTEN connection the API still answers correctly (the owner/generation memo is
   * bypassed and every read asks Postgres), but slower and without purging deleted projects:
   * reported so a balancer prefers a process that hears them while this one reconnects.
   */
  private projectNotices() {
    const session = this.indicator.check('projectNotices');
    return this.notices.listening ? session.up() : session.down({ message: 'not listening for project changes; reconnecting' });
  }

  private async probe(name: string, check: () => Promise<unknown>) {
    const session = this.indicator.check(name);
    try {
      await withTimeout(check(), PROBE_TIMEOUT_MS);
      return session.up();
    } catch (error) {
      return session.down({ message: (error as Error).message });
    }
  }
}
