// A move in manual order (items sorted by lib/positions.ts byPosition, as the server sorts them): one new
// key between the new neighbours, so two devices' offline moves converge without renumbering anything.
import { generateKeyBetween, generateNKeysBetween } from 'fractional-indexing';

export interface Positioned {
  id: string;
  position: string;
}

/**
 * The new keys that move `items[from]` to index `to` (`items` in `byPosition` order; `to` counts in the
 * list as it is after the move). Usually one key, strictly between the new neighbours. When those two
 * have the same key (two devices put items at the same place offline), nothing fits between them: the
 * items after the moved one that share that key get new keys too, so the order asked for holds.
 */
export function moveTo(items: readonly Positioned[], from: number, to: number): Positioned[] {
  const moved = items[from];
  if (!moved || from === to || to < 0 || to >= items.length) return [];
  const rest = items.filter((_, i) => i !== from);
  // '' is a todo stored before lists, not placed yet: it sorts first, as the start does.
  const prev = rest[to - 1]?.position || null;
  const next = rest[to]?.position || null;
  if (prev === null || next === null || prev < next)
    return [{ id: moved.id, position: generateKeyBetween(prev, next) }];
  // prev === next: give the moved item and the run of equal keys after it fresh keys up to the next
  // greater key.
  let end = to;
  while (end < rest.length && rest[end]!.position === prev) end++;
  const upper = rest[end]?.position ?? null;
  const keys = generateNKeysBetween(prev, upper, end - to + 1);
  return [moved, ...rest.slice(to, end)].map((item, i) => ({ id: item.id, position: keys[i]! }));
}
