// Makes the local Dapr secret store's file (dapr/local/secretstore.yaml reads it from SECRETS_FILE)
// once: a random internal token and a VAPID key pair, plus DATABASE_URL and SMTP_URL when they are
// set. Never overwrites an existing file (sessions and push subscriptions depend on its keys).
//
//   npx tsx scripts/dapr-secrets.ts [file]     # default .data/dapr/secrets.json; prints SECRETS_FILE=...
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import webpush from 'web-push';

const file = path.resolve(process.argv[2] ?? '.data/dapr/secrets.json');
if (existsSync(file)) {
  console.error(`[dapr-secrets] ${file} exists; kept as it is`);
} else {
  const vapid = webpush.generateVAPIDKeys();
  const secrets: Record<string, string> = {
    'internal-token': randomBytes(32).toString('base64url'),
    'vapid-public-key': vapid.publicKey,
    'vapid-private-key': vapid.privateKey,
  };
  if (process.env.DATABASE_URL) secrets['database-url'] = process.env.DATABASE_URL;
  if (process.env.SMTP_URL) secrets['smtp-url'] = process.env.SMTP_URL;
  mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
  console.error(`[dapr-secrets] wrote ${Object.keys(secrets).join(', ')} to ${file}`);
}
console.log(`SECRETS_FILE=${file}`);
