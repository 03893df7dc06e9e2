import { createHash } from 'node:crypto';

/**
 * A uniform number in [0, 1) derived from a key. Sampling and chunk boundaries use different
 * salts: with one shared hash, the sampled items would also be the likeliest cut points.
 */
export function hashFraction(salt: string, key: string): number {
  const digest = createHash('sha256').update(salt).update('\0').update(key).digest();
  return digest.readUIntBE(0, 6) / 2 ** 48;
}
