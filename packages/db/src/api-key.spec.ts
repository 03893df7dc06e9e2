import { describe, expect, it } from '@jest/globals';
import { hash } from 'bcryptjs';
import { verifyBcryptApiKey } from './api-key.js';

describe('verifyBcryptApiKey', () => {
  it("accepts the existing backend's bcryptjs hashes under every prefix it may have written, and nothing else", async () => {
    const stored = await hash('rly_abcdefghijklmnop', 4);
    for (const prefix of ['$2a$', '$2b$', '$2y$']) {
      const spelled = stored.replace(/^\$2[aby]\$/, prefix);
      expect([prefix, await verifyBcryptApiKey('rly_abcdefghijklmnop', spelled)]).toEqual([prefix, true]);
      expect([prefix, await verifyBcryptApiKey('rly_abcdefghijklmnoq', spelled)]).toEqual([prefix, false]);
    }
    expect(await verifyBcryptApiKey('rly_abcdefghijklmnop', 'not a hash')).toBe(false);
  });
});
