import type { RawServerDefault } from 'fastify';
import { FastifyAdapter, type NestFastifyApplication } from '@nestjs/platform-fastify';
import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import type { AppConfig, TrustProxy } from '@insights/config';
import { APP_CONFIG } from '@insights/platform';
import { createValidationPipe } from './common/validation.pipe.js';
import { basicAuthHook } from './admin/basic-auth.js';
import { mountBullBoard } from './admin/bull-board.js';
import { mountMetrics } from './admin/metrics-endpoint.js';
import { harden } from './common/hardening.js';
import { frameworkError, inputGuard } from './common/input-guard.js';
import { resultJsonSchemas } from './insights/insights-result.schema.js';
import { CachedReadFastPath } from './insights/cached-read.fast-path.js';
import { CompletedJobFastPath } from './insights/completed-job.fast-path.js';

// Every body is small except a bulk import: up to 1,000 entries of up to 10,000 characters.
export const BODY_LIMIT_BYTES = 1024 * 1024;
export const BULK_BODY_LIMIT_BYTES = 12 * 1024 * 1024;

/**
 * `trustProxy` comes from TRUST_PROXY: behind nginx, `request.ip` must be the client's address
 * (the per-address limit), and only the hops the deployment names may say what it is.
 */
export function createAdapter(trustProxy: TrustProxy = false): FastifyAdapter {
  const adapter = new FastifyAdapter({ bodyLimit: BODY_LIMIT_BYTES, trustProxy: fastifyTrust(trustProxy), frameworkErrors: frameworkError });
  const fastify = adapter.getInstance();
  fastify.addHook('onRoute', (route) => {
    if (route.url.endsWith('/feedback/bulk')) route.bodyLimit = BULK_BODY_LIMIT_BYTES;
  });
  fastify.addHook('preValidation', inputGuard);
  return adapter;
}

/**
 * Fastify 5 reads a bare hop count as "trust nobody" (it cannot tell a proxy from a client that
 * wrote the header itself). A hop count here means what it says: the last N addresses are
 * proxies. That holds only where clients cannot reach the API except through those proxies, as
 * in the compose file; elsewhere TRUST_PROXY names the proxies' addresses instead.
 */
function fastifyTrust(trustProxy: TrustProxy): false | string[] | ((address: string, hop: number) => boolean) {
  if (typeof trustProxy !== 'number') return trustProxy;
  return (_address, hop) => hop < trustProxy;
}

/** Everything main.ts and the tests share: prefix, validation, docs, Bull Board. */
export async function configureApp(app: NestFastifyApplication): Promise<NestFastifyApplication> {
  const config = app.get<AppConfig>(APP_CONFIG);
  await harden(app, config);
  setRoutePrefix(app);
  acceptEmptyJsonBodies(app);
  app.useGlobalPipes(createValidationPipe());
  answerCachedReadsEarly(app);
  app.enableShutdownHooks();
  if (config.http.corsOrigins.length) app.enableCors({ origin: config.http.corsOrigins });
  if (config.http.swagger.enabled) setupSwagger(app, config.http.swagger);
  await mountBullBoard(app, config);
  mountMetrics(app, config);
  return app;
}

/**
 * A fresh cached read and a held completed job's poll are answered before Nest's pipeline (see
 * CachedReadFastPath, CompletedJobFastPath); the rest goes on.
 */
function answerCachedReadsEarly(app: NestFastifyApplication): void {
  const fastPaths = [app.get(CachedReadFastPath), app.get(CompletedJobFastPath)];
  app
    .getHttpAdapter()
    .getInstance()
    .addHook('preHandler', async (request, reply) => {
      for (const fastPath of fastPaths) if (await fastPath.answer(request, reply)) return reply;
    });
}

/** Every route under /api but the health checks, which load balancers probe at the root. */
export function setRoutePrefix(app: INestApplication): void {
  app.setGlobalPrefix('api', { exclude: ['health', 'health/ready'] });
}

/**
 * The OpenAPI document: served at /api/docs-json, and the source of the client's generated
 * types (`pnpm client:generate`), so both come from this one function.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = SwaggerModule.createDocument(
    app,
    new DocumentBuilder()
      .setTitle('Feedback insights API')
      .setDescription(
        'Customer feedback in, AI insights out. Responses are `{ success: true, data }`; errors are ' +
          '`{ success: false, statusCode, code, message }` with a stable `code`.',
      )
      .setVersion('0.1.0')
      .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: 'Clerk session token' })
      .addApiKey({ type: 'apiKey', in: 'header', name: 'x-api-key' }, 'api-key')
      .build(),
  );
  document.components ??= {};
  document.components.schemas = { ...document.components.schemas, ...resultJsonSchemas() };
  return document;
}

// What SwaggerModule.setup('docs') serves under the global prefix: the UI and its assets at and
// below DOCS_PATH, the document beside it as JSON and YAML.
const DOCS_PATH = '/api/docs';
const DOCS_DOCUMENTS = [`${DOCS_PATH}-json`, `${DOCS_PATH}-yaml`];

/**
 * Swagger UI and its document, behind SWAGGER_USER / SWAGGER_PASSWORD when both are set.
 * SwaggerModule adds its routes to the root Fastify instance (no scope to hook, unlike Bull
 * Board), so the guard is attached to each of those routes as it is declared; matching route
 * patterns rather than request URLs leaves no encoded or doubled-slash spelling unguarded.
 */
function setupSwagger(app: NestFastifyApplication, options: AppConfig['http']['swagger']): void {
  if (options.user && options.password) {
    const guard = basicAuthHook(options.user, options.password, 'api-docs', 'the API documentation needs its own credentials');
    app
      .getHttpAdapter()
      .getInstance()
      .addHook('onRoute', (route) => {
        if (route.url !== DOCS_PATH && !route.url.startsWith(`${DOCS_PATH}/`) && !DOCS_DOCUMENTS.includes(route.url)) return;
        route.onRequest = [guard, ...[route.onRequest ?? []].flat()];
      });
  }
  SwaggerModule.setup('docs', app, createOpenApiDocument(app), { useGlobalPrefix: true });
}

/**
 * The dashboard sends `Content-Type: application/json` on every request, bodiless POSTs and
 * DELETEs included, and Fastify's JSON parser rejects an empty body. This parser reads an empty
 * body as no body and hands every other one to Fastify's own (same limits, same
 * prototype-poisoning protection).
 */
function acceptEmptyJsonBodies(app: NestFastifyApplication): void {
  const fastify = app.getHttpAdapter().getInstance();
  app.useBodyParser<RawServerDefault>('application/json', { bodyLimit: BODY_LIMIT_BYTES }, (request, body, done) => {
    if (body.length === 0 || body.toString().trim() === '') return done(null, undefined);
    // Fastify's default JSON parser is the callback kind: it answers through `done` and returns nothing to await.
    void fastify.getDefaultJsonParser('error', 'error')(request, body.toString(), done);
  });
}
