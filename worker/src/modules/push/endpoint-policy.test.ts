// SSRF through push endpoints: the table of addresses a subscription may not name, and the check at
// send time on the address actually connected to (a name that resolves to loopback, as DNS
// rebinding makes it do after the subscription was accepted).
import { execFileSync } from 'node:child_process';
import { createECDH, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import webpush from 'web-push';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PushEndpointAllowSetting, PushEndpointPolicy, type ResolveAll } from './endpoint-policy.ts';
import { WebPushSender } from './push-sender.ts';

const policy = new PushEndpointPolicy();

describe('push endpoints a subscription may name', () => {
  it.each([
    ['https://127.0.0.1:8443/x', 'loopback'],
    ['https://127.1/x', 'loopback, short form'],
    ['https://0x7f000001/x', 'loopback, hexadecimal'],
    ['https://2130706433/x', 'loopback, one decimal number'],
    ['https://0177.0.0.1/x', 'loopback, octal'],
    ['https://[::1]/x', 'IPv6 loopback'],
    ['https://[::ffff:127.0.0.1]/x', 'IPv4-mapped loopback'],
    ['https://[::ffff:a9fe:a9fe]/x', 'IPv4-mapped metadata address'],
    ['https://0.0.0.0/x', 'unspecified'],
    ['https://[::]/x', 'IPv6 unspecified'],
    ['https://10.0.0.1:6379/x', 'private 10/8'],
    ['https://172.16.5.4/x', 'private 172.16/12'],
    ['https://192.168.1.1/x', 'private 192.168/16'],
    ['https://169.254.169.254/latest/meta-data', 'link-local (cloud metadata)'],
    ['https://[fe80::1]/x', 'IPv6 link-local'],
    ['https://[fd00::1]/x', 'IPv6 unique local'],
    ['https://100.64.0.1/x', 'carrier-grade NAT'],
    ['https://224.0.0.1/x', 'multicast'],
    ['https://[ff02::1]/x', 'IPv6 multicast'],
    ['https://255.255.255.255/x', 'broadcast'],
    ['https://240.0.0.1/x', 'reserved'],
    ['https://192.0.2.10/x', 'documentation (reserved)'],
    ['https://[2001:db8::1]/x', 'IPv6 documentation'],
    ['https://[2002:7f00:1::]/x', '6to4 (wraps 127.0.0.1)'],
    ['https://[64:ff9b::a00:1]/x', 'NAT64 (wraps 10.0.0.1)'],
    ['https://localhost:8443/x', 'localhost'],
    ['https://LOCALHOST./x', 'localhost, upper case, trailing dot'],
    ['https://api.localhost/x', 'a localhost subdomain'],
    ['https://redis/x', 'a single-label (cluster-internal) name'],
    ['https://printer.local/x', 'mDNS'],
    ['https://db.svc.cluster.local/x', 'Kubernetes service'],
    ['https://metadata.google.internal/x', '.internal'],
    ['https://user:pw@fcm.googleapis.com/x', 'credentials'],
    ['https://user@fcm.googleapis.com/x', 'a user name'],
    ['http://fcm.googleapis.com/x', 'plain http'],
  ])('refuses %s (%s)', (endpoint) => {
    expect(policy.refusal(endpoint)).not.toBeNull();
  });

  it.each([
    'https://fcm.googleapis.com/fcm/send/abc',
    'https://updates.push.services.mozilla.com/wpush/v2/abc',
    'https://web.push.apple.com/abc',
    'https://8.8.8.8/x',
    'https://[2607:f8b0:4005:80a::200a]/x',
  ])('accepts %s', (endpoint) => {
    expect(policy.refusal(endpoint)).toBeNull();
  });

  it('allows private hosts and CIDRs only when PUSH_ENDPOINT_ALLOW names them', () => {
    const allow = PushEndpointAllowSetting.parse('localhost, 10.1.0.0/16, ::1');
    const laptop = new PushEndpointPolicy(allow);
    expect(laptop.refusal('https://localhost:4000/x')).toBeNull();
    expect(laptop.refusal('https://10.1.2.3/x')).toBeNull();
    expect(laptop.refusal('https://[::1]/x')).toBeNull();
    expect(laptop.refusal('https://10.2.0.1/x')).not.toBeNull();
    expect(laptop.refusal('https://127.0.0.1/x')).not.toBeNull();
    expect(laptop.refusal('https://u:p@localhost/x')).not.toBeNull();
    expect(PushEndpointAllowSetting.safeParse('10.0.0.0/33').success).toBe(false);
    expect(PushEndpointAllowSetting.parse('')).toEqual([]);
  });
});

describe('sending', () => {
  let dir: string;
  let server: ReturnType<typeof createServer>;
  let port: number;
  let cert: Buffer;
  let connections = 0;
  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'ssrf-'));
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes']
        .concat(['-keyout', path.join(dir, 'k.pem'), '-out', path.join(dir, 'c.pem'), '-days', '1'])
        .concat(['-subj', '/CN=push.example.com', '-addext', 'subjectAltName=DNS:push.example.com']),
      { stdio: 'pipe' },
    );
    cert = readFileSync(path.join(dir, 'c.pem'));
    server = createServer({ key: readFileSync(path.join(dir, 'k.pem')), cert }, (_req, res) => {
      res.writeHead(201).end();
    });
    server.on('connection', () => connections++);
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    port = (server.address() as AddressInfo).port;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    rmSync(dir, { recursive: true, force: true });
  });

  const vapid = { ...webpush.generateVAPIDKeys(), subject: 'mailto:test@example.com' };
  const keys = () => {
    const ecdh = createECDH('prime256v1');
    ecdh.generateKeys();
    return { p256dh: ecdh.getPublicKey().toString('base64url'), auth: randomBytes(16).toString('base64url') };
  };
  /** A public-looking name whose resolver answers loopback: what a rebinding name does after the check. */
  const rebinding: ResolveAll = (_host, done) => done(null, [{ address: '127.0.0.1', family: 4 }]);
  const send = (sender: WebPushSender) =>
    sender.send({ endpoint: `https://push.example.com:${port}/x`, ...keys() }, '{}', {
      ttlSeconds: 60,
      urgency: 'high',
      topic: 't',
    });

  it('refuses a name that resolves to a loopback address, before connecting', async () => {
    const sender = new WebPushSender(vapid, { policy: new PushEndpointPolicy([], rebinding), ca: cert });
    const before = connections;
    const outcome = await send(sender);
    sender.close();
    expect(outcome).toMatchObject({ kind: 'refused' });
    expect(connections).toBe(before);
  });

  it('connects to the same name when its addresses are allowed', async () => {
    const allowed = new PushEndpointPolicy(['127.0.0.1'], rebinding);
    const sender = new WebPushSender(vapid, { policy: allowed, ca: cert });
    const outcome = await send(sender);
    sender.close();
    expect(outcome).toEqual({ kind: 'sent', status: 201 });
  });

  it('refuses a stored IP-literal endpoint without connecting', async () => {
    const sender = new WebPushSender(vapid, { policy: new PushEndpointPolicy(), ca: cert });
    const before = connections;
    const outcome = await sender.send({ endpoint: `https://127.0.0.1:${port}/x`, ...keys() }, '{}', {
      ttlSeconds: 60,
      urgency: 'high',
      topic: 't',
    });
    sender.close();
    expect(outcome).toMatchObject({ kind: 'refused' });
    expect(connections).toBe(before);
  });
});
