import { describe, expect, it } from 'vitest';
import { PageCache, pageKey, writePage, type KeptPage } from './page-cache.ts';
import type { TodoFilter } from './todo-filter.ts';

const filter: TodoFilter = { sort: 'createdAt', order: 'desc', limit: 50 };
const page = (json: string, version = 1, from = -Infinity, until = Infinity): KeptPage => ({
  version,
  ...writePage([{ id: 'a', json }], null),
  from,
  until,
});
const jsonOf = (kept: KeptPage | undefined) =>
  kept && kept.text.slice(kept.items[0]!.start, kept.items[0]!.end);

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

describe('writePage', () => {
  it('writes the page around its todos’ JSON and says where each is', () => {
    const todos = [
      { id: 'a', json: '{"id":"a","title":"Ä"}' },
      { id: 'b', json: '{"id":"b"}' },
    ];
    const { text, items } = writePage(todos, 'next');
    expect(JSON.parse(text)).toEqual({ items: [{ id: 'a', title: 'Ä' }, { id: 'b' }], nextCursor: 'next' });
    expect(items.map((t) => text.slice(t.start, t.end))).toEqual(todos.map((t) => t.json));
    expect(items.map((t) => t.id)).toEqual(['a', 'b']);
    expect(writePage([], null).text).toBe('{"items":[],"nextCursor":null}');
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

  it('counts each todo’s id and place besides the text in what it keeps', () => {
    const pages = new PageCache(1);
    const todos = Array.from({ length: 6000 }, (_, i) => ({ id: String(i), json: '{}' }));
    for (const key of ['one', 'two', 'three']) pages.set(key, { ...page('x'), ...writePage(todos, null) });
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
