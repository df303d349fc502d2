import { describe, expect, it } from 'vitest';
import { tagNameError, todosCount } from './tag-rules.ts';

const tags = [
  { id: 'a', name: 'Work', color: '#15803d' },
  { id: 'b', name: 'home', color: '#0f766e' },
];

describe('tag names', () => {
  it('are unique per person whatever the case, as on the server', () => {
    expect(tagNameError('HOME', tags[0]!, tags)).toBe('Tag “home” already exists.');
    expect(tagNameError(' work ', tags[0]!, tags)).toBeNull();
    expect(tagNameError('Workshop', tags[0]!, tags)).toBeNull();
  });

  it('have 1 to 50 characters once trimmed', () => {
    expect(tagNameError('   ', tags[0]!, tags)).toBe('A tag needs a name.');
    expect(tagNameError('x'.repeat(51), tags[0]!, tags)).toMatch(/at most 50/);
    expect(tagNameError(` ${'x'.repeat(50)} `, tags[0]!, tags)).toBeNull();
  });

  it('say how many todos carry them', () => {
    expect([0, 1, 2].map(todosCount)).toEqual(['no todos', '1 todo', '2 todos']);
  });
});
