import type { onRequestAsyncHookHandler } from 'fastify';
import { basicAuthMatcher } from '@insights/platform';

/**
 * An onRequest hook that answers 401 with a Basic challenge unless the request carries these
 * credentials; as a hook it runs before the handler, so nothing is read or served without them.
 */
export function basicAuthHook(user: string, password: string, realm: string, message: string): onRequestAsyncHookHandler {
  const authorized = basicAuthMatcher(user, password);
  return async (request, reply) => {
    if (!authorized(request.headers.authorization)) {
      return reply.code(401).header('www-authenticate', `Basic realm="${realm}"`).send({
        success: false,
        statusCode: 401,
        code: 'UNAUTHORIZED',
        message,
      });
    }
  };
}
