import { Injectable, SetMetadata, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { map, type Observable } from 'rxjs';
import { PreparedJson, WithMetaJson } from './with-meta.js';

const RAW = 'response:raw';
/** Opts a controller out of the envelope (health probes speak Terminus' own format). */
export const RawResponse = () => SetMetadata(RAW, true);

/** Wraps every successful response as `{ success: true, data }`, the shape the dashboard unwraps. */
@Injectable()
export class EnvelopeInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.reflector.getAllAndOverride<boolean>(RAW, [context.getHandler(), context.getClass()])) return next.handle();
    return next.handle().pipe(
      map((data: unknown) => {
        if (data instanceof PreparedJson || data instanceof WithMetaJson) {
          context.switchToHttp().getResponse<{ type(t: string): unknown }>().type('application/json; charset=utf-8');
          return data instanceof PreparedJson ? data.text : data.toString();
        }
        return { success: true, data: data ?? null };
      }),
    );
  }
}
