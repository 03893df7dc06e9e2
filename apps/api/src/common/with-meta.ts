/**
 * A response whose envelope carries fields beside `data`, e.g. `{ success, data, cached: true }`
 * as the existing dashboard expects for cached insights.
 */
export class WithMeta<T> {
  constructor(
    readonly data: T,
    readonly meta: Record<string, unknown>,
  ) {}
}
