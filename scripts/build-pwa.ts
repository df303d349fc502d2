// `npm start`'s first step: builds the PWA (pwa/dist) unless what it is built from is unchanged since
// the last build, which wrote its inputs' digest beside the output. FORCE_PWA_BUILD=1 always builds.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pwaInputsDigest } from './lib/pwa-inputs.ts';

const root = path.resolve(import.meta.dirname, '..');
const stamp = path.join(root, 'pwa/dist/.inputs-sha256');
const digest = pwaInputsDigest(root);
const built = existsSync(path.join(root, 'pwa/dist/index.html')) && existsSync(stamp);
if (built && process.env.FORCE_PWA_BUILD !== '1' && readFileSync(stamp, 'utf8').trim() === digest) {
  console.log('PWA unchanged since its last build (pwa/dist): not rebuilt');
} else {
  execFileSync('npm', ['run', 'build', '-w', 'pwa'], { cwd: root, stdio: 'inherit' });
  writeFileSync(stamp, `${digest}\n`);
}
