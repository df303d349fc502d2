// UUIDv7 (RFC 9562) for records and mutations made on this device: time-ordered, so ids sort in the
// order they were made, and random enough that devices never collide. And the ids the server derives.
import { v5 as uuidv5 } from 'uuid';

/**
 * @todo/recurrence's DEFAULT_REMINDER_NAMESPACE, written out so the first load does not carry the
 * package (and Temporal with it); ids.test.ts checks the two make the same ids. Never change it.
 */
const DEFAULT_REMINDER_NAMESPACE = 'b0d7a0b4-2f0e-4c1e-9a57-51c3d8e0f6a2';

/** The id of an all-day todo's default reminder: the one the server adds and the one made here agree. */
export function defaultReminderId(todoId: string): string {
  return uuidv5(`${todoId.toLowerCase()}/default-reminder`, DEFAULT_REMINDER_NAMESPACE);
}

let lastMs = -1;
let counter = 0;

export function uuidv7(now: number = Date.now()): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  // Within one millisecond a 12-bit counter keeps ids increasing (RFC 9562 method 1).
  if (now > lastMs) {
    lastMs = now;
    counter = bytes[6]! & 0x03; // start low so the counter rarely overflows
  } else {
    counter += 1;
    if (counter > 0xfff) {
      lastMs += 1;
      counter = 0;
    }
  }
  const ms = lastMs;
  bytes[0] = Math.floor(ms / 2 ** 40) & 0xff;
  bytes[1] = Math.floor(ms / 2 ** 32) & 0xff;
  bytes[2] = (ms >>> 24) & 0xff;
  bytes[3] = (ms >>> 16) & 0xff;
  bytes[4] = (ms >>> 8) & 0xff;
  bytes[5] = ms & 0xff;
  bytes[6] = 0x70 | ((counter >>> 8) & 0x0f);
  bytes[7] = counter & 0xff;
  bytes[8] = 0x80 | (bytes[8]! & 0x3f);
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
