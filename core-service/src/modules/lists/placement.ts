// Where a todo goes: its list (the person's Inbox unless they name one they are in), its position in
// that list's manual order (after the last one unless the device chose a key) and its assignee (a
// member of that list, or nobody). Shared by creating and by moving todos.
import { badRequest, notFound } from '@todo/platform';
import { generateNKeysBetween } from 'fractional-indexing';
import { checkedPosition } from './positions.ts';
import { INBOX_COLOR, INBOX_NAME, inboxIdOf } from './inbox.ts';
import type { ListRepository } from './lists.repository.ts';

export interface Placement {
  listId: string;
  position: string;
  assigneeId: string | null;
}

export interface PlacementRepositories {
  lists: Pick<ListRepository, 'membership' | 'inboxOf' | 'inboxWithLastTodo' | 'memberIds' | 'insert'>;
  todos: { lastPosition(listId: string): Promise<string | null> };
}

interface Wanted {
  listId?: string | undefined;
  position?: string | undefined;
  assigneeId?: string | null | undefined;
}

/** The person's Inbox, made now if they have none yet (an account older than lists gets it by migration). */
export async function inboxOf(r: Pick<PlacementRepositories, 'lists'>, userId: string): Promise<string> {
  const id = await r.lists.inboxOf(userId);
  if (id) return id;
  const inbox = inboxIdOf(userId);
  await r.lists.insert(
    {
      id: inbox,
      ownerId: userId,
      name: INBOX_NAME,
      color: INBOX_COLOR,
      icon: null,
      archived: false,
      inbox: true,
    },
    'a0',
    new Date(),
  );
  return inbox;
}

/** A list the person is in; 404 for any other (whether or not it exists). */
export async function assertMember(r: PlacementRepositories, userId: string, listId: string): Promise<void> {
  if (!(await r.lists.membership(userId, listId))) throw notFound(`List ${listId}`);
}

export async function assertAssignable(
  r: PlacementRepositories,
  listId: string,
  assigneeId: string | null | undefined,
  path = 'assigneeId',
): Promise<void> {
  if (!assigneeId) return;
  if (!(await r.lists.memberIds(listId)).includes(assigneeId))
    throw badRequest(`${assigneeId} is not a member of the list`, [
      { path, message: 'must be a member of the todo’s list' },
    ]);
}

/** Places new todos: each in its list, after that list's last todo in the order given. */
export async function placeTodos(
  r: PlacementRepositories,
  userId: string,
  inputs: Wanted[],
): Promise<Placement[]> {
  // The Inbox and its last todo in one query (most todos go there); made now if they have none.
  const needsInbox = inputs.some((i) => !i.listId);
  const found = needsInbox ? await r.lists.inboxWithLastTodo(userId) : undefined;
  const inbox = found?.id ?? (needsInbox ? await inboxOf(r, userId) : '');
  const lists = [...new Set(inputs.map((i) => i.listId ?? inbox))];
  const keys = new Map<string, string[]>();
  for (const listId of lists) {
    if (listId !== inbox) await assertMember(r, userId, listId);
    const unplaced = inputs.filter((i) => (i.listId ?? inbox) === listId && !i.position).length;
    if (unplaced === 0) continue;
    const last = listId === found?.id ? found.lastTodo : await r.todos.lastPosition(listId);
    keys.set(listId, generateNKeysBetween(last, null, unplaced));
  }
  const placements: Placement[] = [];
  for (const input of inputs) {
    const listId = input.listId ?? inbox;
    await assertAssignable(r, listId, input.assigneeId);
    const position = input.position ? checkedPosition(input.position) : keys.get(listId)!.shift()!;
    placements.push({ listId, position, assigneeId: input.assigneeId ?? null });
  }
  return placements;
}
