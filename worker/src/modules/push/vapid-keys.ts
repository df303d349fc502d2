// VAPID keys: the pair push services use to know reminders come from us. From the secret store
// (VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY, VAPID_SUBJECT); in the embedded default, generated once and
// kept in a file under DATA_DIR (mode 0600), since every subscription is bound to the public key.
import { chmodSync, mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { EnvSecrets, type Secrets } from '@todo/platform';
import webpush from 'web-push';

export interface VapidDetails {
  publicKey: string;
  privateKey: string;
  subject: string;
}

export const DEFAULT_VAPID_SUBJECT = 'mailto:reminders@localhost';

/** The key pair and subject, or a start-up error naming what is missing. */
export async function resolveVapid(secrets: Secrets, configuredSubject?: string): Promise<VapidDetails> {
  const publicKey = await secrets.get('VAPID_PUBLIC_KEY');
  const privateKey = await secrets.get('VAPID_PRIVATE_KEY');
  if (!publicKey || !privateKey) {
    const missing = [!publicKey && 'VAPID_PUBLIC_KEY', !privateKey && 'VAPID_PRIVATE_KEY'].filter(Boolean);
    throw new Error(
      `secret ${missing.join(' and ')} not set: generate a pair once with \`npx web-push generate-vapid-keys\` ` +
        'and keep it in the secret store (or set VAPID_KEY_FILE on a single-replica install)',
    );
  }
  const subject = (await secrets.get('VAPID_SUBJECT')) ?? configuredSubject ?? DEFAULT_VAPID_SUBJECT;
  // web-push checks the key lengths and the subject's form; fail at start rather than on the first reminder.
  webpush.getVapidHeaders('https://push.example', subject, publicKey, privateKey, 'aes128gcm');
  return { publicKey, privateKey, subject };
}

/**
 * Secrets that answer VAPID_PUBLIC_KEY and VAPID_PRIVATE_KEY from a JSON file, generating the pair on
 * first use. The file is written whole (temporary file, then rename) with mode 0600, in a 0700 folder.
 */
export function vapidKeyFileSecrets(file: string): Secrets {
  let keys: { publicKey: string; privateKey: string };
  try {
    keys = JSON.parse(readFileSync(file, 'utf8')) as typeof keys;
    if ((statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') {
      throw new Error(`cannot read the VAPID key file ${file}: ${(err as Error).message}`);
    }
    keys = webpush.generateVAPIDKeys();
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    const temporary = `${file}.${process.pid}.tmp`;
    writeFileSync(temporary, `${JSON.stringify(keys, null, 2)}\n`, { mode: 0o600 });
    renameSync(temporary, file);
  }
  return new EnvSecrets({ VAPID_PUBLIC_KEY: keys.publicKey, VAPID_PRIVATE_KEY: keys.privateKey });
}
