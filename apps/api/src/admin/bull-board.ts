import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { createBullBoard } from '@bull-board/api';
import type { BullMQAdapter } from '@bull-board/api/bullMQAdapter';
import { FastifyAdapter as BoardAdapter } from '@bull-board/fastify';
import type { AppConfig } from '@insights/config';
import { QueueMonitor } from '@insights/queue';
import { basicAuthHook } from './basic-auth.js';

export const BOARD_PATH = '/admin/queues';

/**
 * Bull Board on the Fastify instance itself, with basic auth as an onRequest hook of the
 * plugin's scope: it covers every path under the board, its JSON API included (the Nest
 * module's middleware option guards only the exact path). Without credentials it is not mounted.
 */
export async function mountBullBoard(app: NestFastifyApplication, config: AppConfig): Promise<boolean> {
  const { user, password } = config.bullBoard;
  if (!user || !password) return false;
  const adapter = new BoardAdapter();
  adapter.setBasePath(BOARD_PATH);
  createBullBoard({ queues: [(await app.get(QueueMonitor).boardAdapter()) as BullMQAdapter], serverAdapter: adapter });
  await app
    .getHttpAdapter()
    .getInstance()
    .register(async (scope) => {
      scope.addHook('onRequest', basicAuthHook(user, password, 'bull-board', 'Bull Board needs its own credentials'));
      await scope.register(adapter.registerPlugin(), { prefix: BOARD_PATH });
    });
  return true;
}
