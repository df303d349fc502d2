import { describe, expect, it } from 'vitest';
import { PageCache, pageKey, type KeptPage } from './page-cache.ts';
import type { TodoFilter } from './todo-filter.ts';

const filter: TodoFilter = { sort: 'createdAt', order: 'desc', limit: 50 };
const page = (json: string, version = 1, from = -Infinity, until = Infinity): KeptPage => ({
  version,
  items: [{ id: 'a', json }],
  nextCursor: null,
  from,
  until,
});
const jsonOf = (kept: KeptPage | undefined) => kept?.items[0]?.json;

describe('pageKey', () => {
  it('differs by kind, person and filter, not by version (the page says which it shows)', () => {
    const key = pageKey('list', 'ann', filter);
    expect(pageKey('list', 'ann', { ...filter })).toBe(key);
    expect(pageKey('search', 'ann', filter)).not.toBe(key);
    expect(pageKey('list', 'bob', filter)).not.toBe(key);
    expect(pageKey('list', 'ann', { ...filter, limit: 49 })).not.toBe(key);
    expect(pageKey('list', 'ann', { ...filter, after: { value: 'x', id: 'y' } })).not.toBe(key);
  });

  it('leaves the overdue view’s instant out: the page says until when it holds', () => {
    const at = (ms: number) => pageKey('list', 'ann', { ...filter, overdueAt: new Date(ms) });
    expect(at(1000)).toBe(at(2000));
    expect(at(1000)).not.toBe(pageKey('list', 'ann', filter));
  });
});

describe('PageCache', () => {
  it('answers a page between the instants it holds', () => {
    const pages = new PageCache(1);
    pages.set('a', page('{"items":[]}', 1, 1000, 2000));
    expect(pages.get('a', 999)).toBeUndefined();
    expect(jsonOf(pages.get('a', 1000))).toBe('{"items":[]}');
    expect(jsonOf(pages.get('a', 1999))).toBe('{"items":[]}');
    expect(pages.get('a', 2000)).toBeUndefined();
    expect(pages.get('b', 1500)).toBeUndefined();
  });

  it('keeps the page of the later version when a read that began earlier ends later', () => {
    const pages = new PageCache(1);
    pages.set('a', page('seven', 7));
    pages.set('a', page('six', 6));
    expect(pages.get('a', 0)?.version).toBe(7);
    expect(jsonOf(pages.get('a', 0))).toBe('seven');
    pages.set('a', page('eight', 8));
    expect(jsonOf(pages.get('a', 0))).toBe('eight');
  });

  it('keeps no more than it is given, the least recently read going first', () => {
    const pages = new PageCache(1);
    const text = 'x'.repeat(400 * 1024);
    pages.set('one', page(text));
    pages.set('two', page(text));
    expect(jsonOf(pages.get('one', 0))).toBe(text);
    pages.set('three', page(text));
    expect(jsonOf(pages.get('one', 0))).toBe(text);
    expect(pages.get('two', 0)).toBeUndefined();
    expect(jsonOf(pages.get('three', 0))).toBe(text);
  });

  it('counts each todo’s id besides its JSON in what it keeps', () => {
    const pages = new PageCache(1);
    const items = Array.from({ length: 6000 }, (_, i) => ({ id: String(i), json: '{}' }));
    for (const key of ['one', 'two', 'three']) pages.set(key, { ...page('x'), items });
    expect(pages.get('one', 0)).toBeUndefined();
    expect(pages.get('three', 0)).toBeDefined();
  });

  it('keeps nothing when given no room', () => {
    const pages = new PageCache(0);
    pages.set('a', page('{}'));
    expect(pages.enabled).toBe(false);
    expect(pages.get('a', 0)).toBeUndefined();
  });
});
