/**
 * A response whose envelope carries fields beside `data` (`{ success, data, cached: true }`, as
 * the existing dashboard expects for cached insights), with `data` already serialized: the
 * envelope is assembled as text, so a 100+ KB result is neither parsed nor stringified on the
 * read path.
 */
export class WithMetaJson {
  constructor(
    readonly dataJson: string,
    readonly meta: Record<string, unknown>,
  ) {}

  /** `dataJson` must be a JSON object; `meta` fields are added to it and to the envelope. */
  static mergedInto(dataJson: string, meta: Record<string, unknown>): WithMetaJson {
    const extra = JSON.stringify(meta).slice(1, -1);
    const body = dataJson.trimEnd();
    const merged = body === '{}' ? `{${extra}}` : `${body.slice(0, -1)},${extra}}`;
    return new WithMetaJson(merged, meta);
  }

  toString(): string {
    const extra = JSON.stringify(this.meta).slice(1, -1);
    return `{"success":true,"data":${this.dataJson}${extra ? `,${extra}` : ''}}`;
  }
}
