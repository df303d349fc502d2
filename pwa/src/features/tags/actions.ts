// Tags: created with a colour from the palette, renamed, deleted (which takes them off their todos).
import { commit, mutation } from '../todos/actions.ts';
import type { Pending } from '../../sync/apply.ts';
import { uuidv7 } from '../../lib/ids.ts';

/** Readable on light and dark backgrounds (the server's palette). */
export const TAG_COLORS = [
  '#2563eb',
  '#16a34a',
  '#d97706',
  '#dc2626',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#4b5563',
];

export function newTag(name: string, existing: number): { id: string; mutation: Pending } {
  const id = uuidv7();
  const color = TAG_COLORS[existing % TAG_COLORS.length]!;
  return { id, mutation: mutation('tag.create', { id, name: name.trim(), color }) };
}

export async function createTag(name: string, existing: number): Promise<string> {
  const { id, mutation: m } = newTag(name, existing);
  await commit(m);
  return id;
}

export const renameTag = (id: string, name: string) =>
  commit(mutation('tag.update', { id, fields: { name } }));
export const deleteTag = (id: string) => commit(mutation('tag.delete', { id }));
