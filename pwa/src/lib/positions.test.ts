import fc from 'fast-check';
import { generateKeyBetween } from 'fractional-indexing';
import { describe, expect, it } from 'vitest';
import { byPosition, keyBetween, keysAfter, moveTo, type Positioned } from './positions.ts';

function applied(items: readonly Positioned[], updates: Positioned[]): Positioned[] {
  const keys = new Map(updates.map((u) => [u.id, u.position]));
  return items.map((i) => ({ ...i, position: keys.get(i.id) ?? i.position })).sort(byPosition);
}

const ids = (items: readonly Positioned[]) => items.map((i) => i.id);

/** Keys as devices make them: a few distinct ones, repeated (two devices adding at the same place). */
const list = fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 12 }).map((slots) => {
  const keys: string[] = [];
  for (let k: string | null = null, i = 0; i < 6; i++) keys.push((k = generateKeyBetween(k, null)));
  return slots
    .map((slot, i) => ({ id: `id-${String(i).padStart(2, '0')}`, position: keys[slot]! }))
    .sort(byPosition);
});

describe('manual order with fractional keys', () => {
  it('places a key between two neighbours, at the start or the end', () => {
    expect(keyBetween(null, null)).toBe('a0');
    expect(keyBetween('a0', 'a1') > 'a0' && keyBetween('a0', 'a1') < 'a1').toBe(true);
    // '' is a todo stored before lists: the start.
    expect(keyBetween('', 'a0') < 'a0').toBe(true);
    expect(keysAfter('a1', 3)).toEqual(['a2', 'a3', 'a4']);
    // Equal neighbours leave no room: the key goes after them (moveTo re-keys the run instead).
    expect(keyBetween('a1', 'a1') > 'a1').toBe(true);
  });

  it('moves an item with one new key between its new neighbours', () => {
    const items = ['a0', 'a1', 'a2', 'a3'].map((position, i) => ({ id: `t${i}`, position }));
    const up = moveTo(items, 3, 1);
    expect(up).toEqual([{ id: 't3', position: generateKeyBetween('a0', 'a1') }]);
    expect(ids(applied(items, up))).toEqual(['t0', 't3', 't1', 't2']);
    expect(ids(applied(items, moveTo(items, 0, 3)))).toEqual(['t1', 't2', 't3', 't0']);
    expect(ids(applied(items, moveTo(items, 2, 0)))).toEqual(['t2', 't0', 't1', 't3']);
    expect(moveTo(items, 1, 1)).toEqual([]);
  });

  it('between two items that share a key, also re-keys the run after the moved one', () => {
    // Two devices added b and c at the end offline: both got a1.
    const items = [
      { id: 'a', position: 'a0' },
      { id: 'b', position: 'a1' },
      { id: 'c', position: 'a1' },
      { id: 'd', position: 'a2' },
    ];
    const up = moveTo(items, 0, 1);
    expect(ids(up)).toEqual(['a', 'c']);
    expect(ids(applied(items, up))).toEqual(['b', 'a', 'c', 'd']);
  });

  it('puts any item at any index, and leaves the others in their order', () => {
    fc.assert(
      fc.property(list, fc.nat(), fc.nat(), (items, f, t) => {
        const from = f % items.length;
        const to = t % items.length;
        const updates = moveTo(items, from, to);
        const after = applied(items, updates);
        const expected = ids(items);
        const [moved] = expected.splice(from, 1);
        expected.splice(to, 0, moved!);
        expect(ids(after)).toEqual(expected);
        // Keys the server accepts (contracts' Position).
        for (const u of updates) expect(u.position).toMatch(/^[a-zA-Z][0-9a-zA-Z]+$/);
      }),
    );
  });
});
