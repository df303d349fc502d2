// Lists: made with a colour from the palette at the end of the sidebar, renamed, recoloured, given an
// emoji, archived, ordered, deleted with their todos moved to the Inbox or deleted. Each is one mutation,
// written here first (see todos/actions.ts commit) and pushed by sync.
import type { List, User } from '@todo/contracts';
import { uuidv7 } from '../../lib/ids.ts';
import { byPosition, keyAfter, keysAfter, lastKey, type Positioned } from '../../lib/positions.ts';
import type { Pending } from '../../sync/apply.ts';
import { defaultInbox } from '../../sync/inbox.ts';
import { services } from '../../sync/services.ts';
import { commit, currentInbox, mutation } from '../todos/actions.ts';

/** Readable on light and dark backgrounds (the server's palette, then the Inbox's grey). */
export const LIST_COLORS = [
  '#2563eb',
  '#16a34a',
  '#d97706',
  '#dc2626',
  '#7c3aed',
  '#0891b2',
  '#db2777',
  '#4b5563',
];

/** The lists on this device as the person sees them (the Inbox too once stored; see sync/inbox.ts). */
async function storedLists(): Promise<List[]> {
  const all = await services().db.lists.toArray();
  return all.filter((l) => !l.deleted);
}

const signedInUser = () => services().db.getMeta<User>('user');

export interface NewList {
  name: string;
  color?: string;
  icon?: string | null;
}

/** A new list at the end of the person's lists; the next colour of the palette unless one is chosen. */
export async function createList(input: NewList): Promise<string> {
  const lists = await storedLists();
  const user = await signedInUser();
  // The Inbox sits at 'a0' whether or not this device has stored it yet.
  const placed = user ? [defaultInbox(user), ...lists] : lists;
  const id = uuidv7();
  const others = lists.filter((l) => !l.inbox).length;
  await commit(
    mutation('list.create', {
      id,
      name: input.name.trim(),
      color: input.color ?? LIST_COLORS[others % (LIST_COLORS.length - 1)]!,
      icon: input.icon ?? null,
      position: keyAfter(lastKey(placed)),
    }),
  );
  return id;
}

const updateList = (id: string, fields: Extract<Pending, { type: 'list.update' }>['payload']['fields']) =>
  commit(mutation('list.update', { id, fields }));

export const renameList = (id: string, name: string) => updateList(id, { name: name.trim() });
export const recolorList = (id: string, color: string) => updateList(id, { color });
/** An emoji (or an icon's name); null takes it away. */
export const setListIcon = (id: string, icon: string | null) => updateList(id, { icon });
export const archiveList = (id: string, archived = true) => updateList(id, { archived });
/** The list's place among the person's lists (each member orders their own). */
export const setListPosition = (id: string, position: string) => updateList(id, { position });

/** A move in the sidebar: the new places (usually one), written in one step. */
export function reorderLists(updates: Positioned[]): void {
  void commit(...updates.map((u) => mutation('list.update', { id: u.id, fields: { position: u.position } })));
}

/**
 * Deletes a list (its owner only). `move`: its todos go to the end of the Inbox in their order, as the
 * server puts them; `delete`: they are deleted with it. One mutation either way.
 */
export async function deleteList(id: string, todos: 'move' | 'delete'): Promise<void> {
  const m = mutation('list.delete', { id, todos });
  if (todos === 'delete') return commit(m);
  const inbox = await currentInbox();
  if (!inbox) return commit(m);
  const all = [...services().mirror.getSnapshot().todos.values()];
  const moving = all.filter((t) => t.listId === id).sort(byPosition);
  const keys = keysAfter(lastKey(all.filter((t) => t.listId === inbox)), moving.length);
  const positions = Object.fromEntries(moving.map((t, i) => [t.id, keys[i]!]));
  return commit({ ...m, movedTo: { listId: inbox, positions } });
}
