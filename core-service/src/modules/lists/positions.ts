// Manual order: fractional index keys (the `fractional-indexing` package), so a device can put an item
// between two others offline and two devices' reorders converge without renumbering anything.
import { badRequest } from '@todo/platform';
import { generateKeyBetween } from 'fractional-indexing';

/** A key after `last` (the end of a list), or the first key of an empty one. */
export function positionAfter(last: string | null): string {
  return generateKeyBetween(last, null);
}

/** A client's key, refused with 400 when the library could not place anything next to it. */
export function checkedPosition(position: string, path = 'position'): string {
  try {
    generateKeyBetween(position, null);
    return position;
  } catch {
    throw badRequest(`${path} ${position} is not a fractional index key`, [
      { path, message: 'must be a fractional index key such as a0' },
    ]);
  }
}
