import { describe, expect, it } from '@jest/globals';
import { hostAllowed, widgetSource } from './widget-origin.js';

describe('widget origin', () => {
  it('reads Origin first, then Referer, and marks what is not an http(s) URL', () => {
    expect(widgetSource({})).toEqual({ kind: 'none' });
    expect(widgetSource({ origin: 'https://Shop.Example.com:8443', referer: 'https://other.example/' })).toMatchObject({
      kind: 'host',
      host: 'shop.example.com',
    });
    expect(widgetSource({ referer: 'https://shop.example.com./page' })).toMatchObject({ kind: 'host', host: 'shop.example.com' });
    for (const origin of ['null', 'file:///tmp/x.html', 'chrome-extension://abc', '']) {
      expect([origin, widgetSource({ origin }).kind]).toEqual([origin, 'unreadable']);
    }
  });

  it('admits a listed host and its subdomains only', () => {
    const listed = ['shop.example.com'];
    expect(hostAllowed('shop.example.com', listed)).toBe(true);
    expect(hostAllowed('eu.shop.example.com', listed)).toBe(true);
    for (const host of ['example.com', 'notshop.example.com', 'shop.example.com.evil.io', 'evil.io']) {
      expect([host, hostAllowed(host, listed)]).toEqual([host, false]);
    }
  });

  it('reads entries the existing backend may have stored: URLs, ports, wildcards, case', () => {
    for (const entry of ['https://shop.example.com/', 'shop.example.com:3000', '*.shop.example.com', 'SHOP.example.com.']) {
      expect([entry, hostAllowed('shop.example.com', [entry])]).toEqual([entry, true]);
    }
    expect(hostAllowed('anything.example', ['', '  '])).toBe(false);
  });
});
