import { describe, expect, it } from '@jest/globals';
import { generateKeyPair, loadConfig } from './index.js';

const key = generateKeyPair().publicKey;
const trustProxy = (value?: string) => loadConfig({ CLERK_JWT_KEY: key, ...(value === undefined ? {} : { TRUST_PROXY: value }) }).http.trustProxy;

describe('TRUST_PROXY', () => {
  it('trusts nobody by default', () => {
    expect(trustProxy()).toBe(false);
    expect(trustProxy('0')).toBe(false);
  });

  it('reads a hop count', () => {
    expect(trustProxy('1')).toBe(1);
    expect(trustProxy(' 2 ')).toBe(2);
  });

  it('reads addresses, CIDR ranges and named ranges', () => {
    expect(trustProxy('10.0.0.0/8, 172.16.0.5,fd00::/8, ::1, loopback')).toEqual(['10.0.0.0/8', '172.16.0.5', 'fd00::/8', '::1', 'loopback']);
  });

  it.each([
    ['true', /TRUST_PROXY: true would trust any X-Forwarded-For/],
    ['11', /TRUST_PROXY: a hop count must be at most 10/],
    ['10.0.0.0/33', /TRUST_PROXY: "10.0.0.0\/33" is not/],
    ['fd00::/129', /"fd00::\/129" is not/],
    ['nginx', /"nginx" is not/],
    ['10.0.0.1,,10.0.0.2', /"" is not/],
    ['10.0.0.1/8/8', /is not/],
    ['-1', /is not/],
  ])('refuses %s', (value, message) => {
    expect(() => trustProxy(value)).toThrow(message);
  });
});
