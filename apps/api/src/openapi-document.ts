import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { createAdapter, createOpenApiDocument, setRoutePrefix } from './bootstrap.js';

/**
 * The API's OpenAPI document without running it: Nest's preview mode reads the modules and
 * their routes but creates no provider, so no database, Redis or configuration is needed.
 */
export async function buildOpenApiDocument(): Promise<OpenAPIObject> {
  const app = await NestFactory.create<NestFastifyApplication>(AppModule, createAdapter(), { preview: true, logger: ['error'], abortOnError: false });
  setRoutePrefix(app);
  const document = createOpenApiDocument(app);
  await app.close();
  return document;
}
