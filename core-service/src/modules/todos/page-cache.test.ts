import { describe, expect, it } from 'vitest';
import { PageCache, pageKey } from './page-cache.ts';
import type { TodoFilter } from './todo-filter.ts';

const filter: TodoFilter = { sort: 'createdAt', order: 'desc', limit: 50 };

describe('pageKey', () => {
  it('differs by kind, person, change version and filter', () => {
    const key = pageKey('list', 'ann', 7, filter);
    expect(pageKey('list', 'ann', 7, { ...filter })).toBe(key);
    expect(pageKey('search', 'ann', 7, filter)).not.toBe(key);
    expect(pageKey('list', 'bob', 7, filter)).not.toBe(key);
    expect(pageKey('list', 'ann', 8, filter)).not.toBe(key);
    expect(pageKey('list', 'ann', 7, { ...filter, limit: 49 })).not.toBe(key);
    expect(pageKey('list', 'ann', 7, { ...filter, after: { value: 'x', id: 'y' } })).not.toBe(key);
  });

  it('leaves the overdue view’s instant out: the page says until when it holds', () => {
    const at = (ms: number) => pageKey('list', 'ann', 7, { ...filter, overdueAt: new Date(ms) });
    expect(at(1000)).toBe(at(2000));
    expect(at(1000)).not.toBe(pageKey('list', 'ann', 7, filter));
  });
});

describe('PageCache', () => {
  it('answers a page between the instants it holds', () => {
    const pages = new PageCache(1);
    pages.set('a', '{"items":[]}', 1000, 2000);
    expect(pages.get('a', 999)).toBeUndefined();
    expect(pages.get('a', 1000)).toBe('{"items":[]}');
    expect(pages.get('a', 1999)).toBe('{"items":[]}');
    expect(pages.get('a', 2000)).toBeUndefined();
    expect(pages.get('b', 1500)).toBeUndefined();
  });

  it('keeps no more text than it is given, the least recently read going first', () => {
    const pages = new PageCache(1);
    const page = 'x'.repeat(400 * 1024);
    pages.set('one', page, -Infinity);
    pages.set('two', page, -Infinity);
    expect(pages.get('one', 0)).toBe(page);
    pages.set('three', page, -Infinity);
    expect(pages.get('one', 0)).toBe(page);
    expect(pages.get('two', 0)).toBeUndefined();
    expect(pages.get('three', 0)).toBe(page);
  });

  it('keeps nothing when given no room', () => {
    const pages = new PageCache(0);
    pages.set('a', '{}', -Infinity);
    expect(pages.enabled).toBe(false);
    expect(pages.get('a', 0)).toBeUndefined();
  });
});
