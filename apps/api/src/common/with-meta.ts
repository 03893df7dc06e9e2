import { envelopeWithMeta } from '@insights/cache';

/**
 * A response whose `data` is already serialized, with `meta` fields to add to it and beside it
 * in the envelope (`{ success, data, cached: true }`, as the existing dashboard expects for
 * cached insights): the envelope is assembled as text, so a large result is neither parsed nor
 * stringified on the read path.
 */
export class WithMetaJson {
  constructor(
    /** A JSON object. */
    readonly dataJson: string,
    readonly meta: Record<string, unknown> = {},
  ) {}

  toString(): string {
    return envelopeWithMeta(this.dataJson, this.meta);
  }
}

/** A whole response body stored ready to send (a fresh cached read): sent as it is. */
export class PreparedJson {
  constructor(readonly text: string) {}
}
