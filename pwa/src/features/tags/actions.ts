// Tags: created with a colour from the palette, renamed, deleted (which takes them off their todos).
import { commit, mutation } from '../todos/actions.ts';
import type { Pending } from '../../sync/apply.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { TAG_PALETTE } from '../../ui/classes.ts';

/** The palette's colours, given to new tags in turn. */
export const TAG_COLORS: readonly string[] = TAG_PALETTE.map((p) => p.color);

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

export const updateTag = (id: string, fields: { name?: string; color?: string }) =>
  commit(mutation('tag.update', { id, fields }));
export const deleteTag = (id: string) => commit(mutation('tag.delete', { id }));
