import { chmodSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { EnvSecrets } from '@todo/platform';
import { afterEach, describe, expect, it } from 'vitest';
import { resolveVapid, vapidKeyFileSecrets } from './vapid-keys.ts';

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tempDir = () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'vapid-'));
  dirs.push(dir);
  return dir;
};

describe('VAPID keys', () => {
  it('generates a key pair once, kept in a file only its owner can read', async () => {
    const file = path.join(tempDir(), 'secrets', 'vapid.json');
    const first = await resolveVapid(vapidKeyFileSecrets(file));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(file)).mode & 0o777).toBe(0o700);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({
      publicKey: first.publicKey,
      privateKey: first.privateKey,
    });
    const again = await resolveVapid(vapidKeyFileSecrets(file));
    expect(again).toEqual(first);
    expect(Buffer.from(first.publicKey, 'base64url')).toHaveLength(65);
  });

  it('tightens a key file others could read', async () => {
    const file = path.join(tempDir(), 'vapid.json');
    vapidKeyFileSecrets(file);
    chmodSync(file, 0o644);
    vapidKeyFileSecrets(file);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('names the missing secrets, and checks the keys and subject at start', async () => {
    await expect(resolveVapid(new EnvSecrets({}))).rejects.toThrow(/VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY/);
    await expect(
      resolveVapid(new EnvSecrets({ VAPID_PUBLIC_KEY: 'short', VAPID_PRIVATE_KEY: 'short' })),
    ).rejects.toThrow(/65 bytes|32 bytes/);
    const keys = await resolveVapid(vapidKeyFileSecrets(path.join(tempDir(), 'v.json')));
    const secrets = new EnvSecrets({
      VAPID_PUBLIC_KEY: keys.publicKey,
      VAPID_PRIVATE_KEY: keys.privateKey,
      VAPID_SUBJECT: 'https://todo.example',
    });
    expect((await resolveVapid(secrets, 'mailto:ignored@example.com')).subject).toBe('https://todo.example');
    await expect(
      resolveVapid(
        new EnvSecrets({ VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey }),
        'ftp://x',
      ),
    ).rejects.toThrow(/https: or mailto:/);
  });
});
