import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { checkOutboundUrl, OutboundUrlRefused, type OutboundPolicy, type Resolver } from './outbound-url.js';
import { postPinned } from './pinned-post.js';

const dev: OutboundPolicy = { requireHttps: false, allowedHosts: [], allowLoopback: false };
const publicOnly: Resolver = async () => [{ address: '93.184.215.14', family: 4 }];

async function refusal(url: string, policy = dev, resolve: Resolver = publicOnly): Promise<string> {
  const error = await checkOutboundUrl(url, policy, resolve).then(
    () => undefined,
    (e: unknown) => e,
  );
  return error instanceof OutboundUrlRefused ? error.reason : 'accepted';
}

describe('checkOutboundUrl', () => {
  it.each([
    ['http://127.0.0.1/hook', 'loopback'],
    ['http://2130706433/', 'loopback'],
    ['http://0x7f.1/', 'loopback'],
    ['http://017700000001/', 'loopback'],
    ['http://[::1]/', 'loopback'],
    ['http://[::ffff:7f00:1]/', 'loopback'],
    ['http://[::ffff:127.0.0.1]/', 'loopback'],
    ['http://169.254.169.254/latest/meta-data/', 'metadata'],
    ['http://[fd00:ec2::254]/', 'metadata'],
    ['http://10.1.2.3/', 'private'],
    ['http://0/', 'unspecified'],
    ['http://[2002:7f00:1::]/', '6to4'],
    ['http://100.64.0.1/', 'carrierGradeNat'],
    ['http://169.254.1.1/', 'linkLocal'],
    ['http://224.0.0.1/', 'multicast'],
    ['http://255.255.255.255/', 'broadcast'],
    ['http://[::]/', 'unspecified'],
    ['http://[fe80::1]/', 'linkLocal'],
    ['http://[fc00::1]/', 'uniqueLocal'],
    ['http://[ff02::1]/', 'multicast'],
    ['http://[::ffff:a9fe:a9fe]/', 'metadata'],
  ])('refuses %s as %s', async (url, range) => {
    expect(await refusal(url)).toBe(`host resolves to a ${range} address`);
  });

  it('refuses a name when any of its addresses is internal, and one that does not resolve', async () => {
    const mixed: Resolver = async () => [
      { address: '93.184.215.14', family: 4 },
      { address: '10.0.0.5', family: 4 },
    ];
    expect(await refusal('https://hooks.example.com/x', dev, mixed)).toBe('host resolves to a private address');
    const none: Resolver = async () => {
      throw Object.assign(new Error('getaddrinfo ENOTFOUND'), { code: 'ENOTFOUND' });
    };
    expect(await refusal('https://nowhere.invalid/x', dev, none)).toBe('host does not resolve');
  });

  it('refuses other schemes, credentials, http in production and hosts off the allow-list', async () => {
    expect(await refusal('file:///etc/passwd')).toBe('must use http or https');
    expect(await refusal('gopher://hooks.example.com/')).toBe('must use http or https');
    expect(await refusal('https://user:pw@hooks.example.com/')).toBe('must not carry credentials');
    expect(await refusal('http://hooks.example.com/', { ...dev, requireHttps: true })).toBe('must use https');
    const slackOnly = { ...dev, allowedHosts: ['hooks.slack.com'] };
    expect(await refusal('https://evil.example.com/', slackOnly)).toBe('host is not on the allow-list');
    expect(await refusal('https://HOOKS.slack.com/services/x', slackOnly)).toBe('accepted');
  });

  it('lets loopback through only with the test setting, and nothing else internal with it', async () => {
    const loopback = { ...dev, allowLoopback: true };
    expect(await refusal('http://127.0.0.1:9/', loopback)).toBe('accepted');
    expect(await refusal('http://[::ffff:127.0.0.1]/', loopback)).toBe('accepted');
    expect(await refusal('http://169.254.169.254/', loopback)).toBe('host resolves to a metadata address');
    expect(await refusal('http://192.168.1.1/', loopback)).toBe('host resolves to a private address');
  });
});

/** A listener that counts the connections it accepts. */
async function listener(host: string, port = 0): Promise<{ server: Server; port: number; connections: () => number }> {
  let connections = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(204).end());
  });
  server.on('connection', () => connections++);
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { server, port: (server.address() as AddressInfo).port, connections: () => connections };
}

describe('postPinned', () => {
  let inside: Awaited<ReturnType<typeof listener>>;
  let checked: Awaited<ReturnType<typeof listener>>;

  beforeAll(async () => {
    inside = await listener('127.0.0.1');
    // Another loopback address on the same port: where the check said the name lives.
    checked = await listener('127.0.0.2', inside.port);
  });
  afterAll(async () => {
    await new Promise((resolve) => inside.server.close(resolve));
    await new Promise((resolve) => checked.server.close(resolve));
  });

  /** A resolver that answers `first` once, then `later` (a rebinding name server). */
  function rebinding(first: string, later: string): Resolver & { calls: number } {
    const resolver = Object.assign(async () => [{ address: resolver.calls++ === 0 ? first : later, family: 4 as const }], { calls: 0 });
    return resolver;
  }

  it('connects to the address it checked, not to what the name resolves to afterwards', async () => {
    const resolve = rebinding('127.0.0.2', '127.0.0.1');
    const target = await checkOutboundUrl(`http://hooks.example.test:${inside.port}/x`, { ...dev, allowLoopback: true }, resolve);
    const sent = await postPinned(target, { headers: { 'content-type': 'application/json' }, body: '{}', timeoutMs: 2_000 });
    expect(sent.status).toBe(204);
    expect(checked.connections()).toBe(1);
    expect(inside.connections()).toBe(0);
  });

  it('does not follow a redirect into the network', async () => {
    const bouncer = createServer((req, res) => res.writeHead(307, { location: `http://127.0.0.1:${inside.port}/admin` }).end());
    await new Promise<void>((resolve) => bouncer.listen(0, '127.0.0.2', resolve));
    try {
      const before = inside.connections();
      const url = `http://127.0.0.2:${(bouncer.address() as AddressInfo).port}/hook`;
      const target = await checkOutboundUrl(url, { ...dev, allowLoopback: true });
      expect((await postPinned(target, { headers: {}, body: '{}', timeoutMs: 2_000 })).status).toBe(307);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(inside.connections()).toBe(before);
    } finally {
      await new Promise((resolve) => bouncer.close(resolve));
    }
  });

  it('never reaches loopback when a public answer at check time turns into 127.0.0.1', async () => {
    const before = inside.connections();
    const resolve = rebinding('93.184.215.14', '127.0.0.1');
    const target = await checkOutboundUrl(`http://hooks.example.test:${inside.port}/x`, dev, resolve);
    // The checked address is unreachable from here; what matters is that nothing went inside.
    await postPinned(target, { headers: {}, body: '{}', timeoutMs: 300 }).catch(() => undefined);
    expect(inside.connections()).toBe(before);
    expect(target.address).toBe('93.184.215.14');
  });
});
