// A subscription's keys are checked when it is stored, so sending never meets keys it cannot encrypt
// to (RFC 8291: p256dh is an uncompressed P-256 point, auth a 16-byte secret, both base64url).
import { createECDH } from 'node:crypto';
import { badRequest } from '@todo/platform';

export function assertUsableKeys(keys: { p256dh: string; auth: string }): void {
  const point = Buffer.from(keys.p256dh, 'base64url');
  let valid = point.length === 65 && point[0] === 4;
  if (valid) {
    try {
      const ecdh = createECDH('prime256v1');
      ecdh.generateKeys();
      // Throws unless the point lies on the curve: web-push could not encrypt to it.
      ecdh.computeSecret(point);
    } catch {
      valid = false;
    }
  }
  if (!valid) {
    throw badRequest('keys.p256dh is not a P-256 public key', [
      { path: 'keys.p256dh', message: 'must be an uncompressed P-256 point, base64url' },
    ]);
  }
  if (Buffer.from(keys.auth, 'base64url').length < 16) {
    throw badRequest('keys.auth is too short', [
      { path: 'keys.auth', message: 'must be a 16-byte secret, base64url' },
    ]);
  }
}
