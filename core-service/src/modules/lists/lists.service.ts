// Lists: the person's Inbox and the lists they make or were admitted to. The owner renames, shares,
// removes members and deletes (moving the todos to their Inbox or deleting them, in one transaction);
// editors work in the list and may leave it. Each change reaches every member's change log, so their
// devices follow: a newly admitted member gets the whole list, one who leaves gets tombstones.
import type {
  Invitation,
  InvitationCreate,
  List,
  ListCreate,
  ListDeleteQuery,
  ListPatch,
  ReceivedInvitation,
} from '@todo/contracts';
import { badRequest, conflict, forbidden, notFound } from '@todo/platform';
import { v7 as uuidv7 } from 'uuid';
import type { UnitOfWork } from '../../db/store.ts';
import type { ChangeLog, ChangeOp } from '../changes/changes.repository.ts';
import { commitTodo, recordTodoChange, revokeTodos } from '../changes/todo-writes.ts';
import type { TodoRow } from '../todos/todo-store.ts';
import type { UserRepository } from '../users/users.repository.ts';
import { inboxOf } from './placement.ts';
import { checkedPosition, positionAfter } from './positions.ts';
import { toList, type ListRepository, type Membership } from './lists.repository.ts';

export interface ListRepositories {
  lists: ListRepository;
  changes: ChangeLog;
  users: Pick<UserRepository, 'findById'>;
  todos: {
    findOwned(userId: string, id: string, options: { lock: boolean }): Promise<TodoRow | undefined>;
    update(id: string, patch: Partial<TodoRow>): Promise<void>;
    delete(id: string): Promise<void>;
    lastPosition(listId: string): Promise<string | null>;
  };
  reminders: { deleteForMemberOfList(userId: string, listId: string): Promise<void> };
  tags: { untagList(userId: string, listId: string): Promise<void> };
}

/** Colours given to new lists in turn when none is chosen. */
const PALETTE = ['#2563eb', '#16a34a', '#d97706', '#dc2626', '#7c3aed', '#0891b2', '#db2777'];

export class ListsService {
  constructor(
    private readonly uow: UnitOfWork<ListRepositories>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  async list(userId: string): Promise<List[]> {
    const r = this.uow.current;
    const mine = await r.lists.memberships(userId);
    if (!mine.some((m) => m.inbox && m.ownerId === userId)) {
      await this.uow.transaction((t) => inboxOf(t, userId));
      return this.list(userId);
    }
    const members = await r.lists.members(mine.map((m) => m.id));
    return mine.map((m) => toList(m, members.get(m.id) ?? []));
  }

  /** Creating with an id this person already used answers that list (a retried offline create). */
  async create(userId: string, input: ListCreate): Promise<List> {
    return this.uow.transaction(async (r) => {
      await r.changes.lockPerson(userId);
      const id = input.id ?? uuidv7();
      const existing = await r.lists.membership(userId, id);
      if (existing) return this.load(r, existing);
      if ((await r.lists.exists(id)) || (await r.changes.deletedAmong(userId, 'list', [id])).length > 0)
        throw conflict(`List id ${id} is already taken or was deleted; create it with a new id`);
      const count = (await r.lists.memberships(userId)).length;
      const position = input.position
        ? checkedPosition(input.position)
        : positionAfter(await r.lists.lastPosition(userId));
      const row = {
        id,
        ownerId: userId,
        name: input.name,
        color: input.color ?? PALETTE[count % PALETTE.length]!,
        icon: input.icon ?? null,
        archived: false,
        inbox: false,
      };
      await r.lists.insert(row, position, this.now());
      await this.record(r, [userId], row.id, row.name, 'upsert');
      return this.load(r, (await r.lists.membership(userId, id))!);
    });
  }

  async update(userId: string, id: string, patch: ListPatch): Promise<List> {
    return this.uow.transaction(async (r) => {
      const list = await this.member(r, userId, id, { lock: true });
      const { position, ...shared } = patch;
      if (Object.keys(shared).length > 0) {
        if (list.role !== 'owner')
          throw forbidden('Only the owner of a list can rename, recolour or archive it');
        if (list.inbox && (shared.name !== undefined || shared.archived !== undefined))
          throw conflict('The Inbox cannot be renamed or archived');
        await r.lists.update(id, shared, this.now());
        await this.record(r, await r.lists.memberIds(id), id, shared.name ?? list.name, 'upsert');
      }
      if (position) {
        // Each member orders their own lists: only their own log hears of it.
        await r.lists.setPosition(id, userId, checkedPosition(position));
        if (Object.keys(shared).length === 0) await this.record(r, [userId], id, list.name, 'upsert');
      }
      return this.load(r, (await r.lists.membership(userId, id))!);
    });
  }

  /** Owner only; `move` puts the list's todos at the end of the owner's Inbox, `delete` deletes them. */
  async delete(userId: string, id: string, choice: ListDeleteQuery['todos']): Promise<void> {
    await this.uow.transaction(async (r) => {
      const list = await this.member(r, userId, id, { lock: true });
      if (list.role !== 'owner') throw forbidden('Only the owner of a list can delete it');
      if (list.inbox) throw conflict('The Inbox cannot be deleted');
      const members = await r.lists.memberIds(id);
      const todoIds = await r.lists.todoIds(id);
      const now = this.now();
      if (choice === 'move') {
        const inbox = await inboxOf(r, userId);
        await revokeTodos(
          r,
          members.filter((m) => m !== userId),
          todoIds,
          now,
        );
        let last = await r.todos.lastPosition(inbox);
        for (const todoId of todoIds) {
          const todo = (await r.todos.findOwned(userId, todoId, { lock: true }))!;
          last = positionAfter(last);
          const patch = { listId: inbox, position: last, assigneeId: null };
          await commitTodo(r, { userId, todo, patch, now, type: 'todo.updated', changes: ['listId'] });
        }
      } else {
        for (const todoId of todoIds) {
          const todo = (await r.todos.findOwned(userId, todoId, { lock: true }))!;
          const version = await r.changes.nextVersion(userId);
          await r.todos.delete(todoId);
          const change = {
            userId,
            listId: id,
            todoId,
            title: todo.title,
            now,
            type: 'todo.deleted' as const,
          };
          await recordTodoChange(r, change, version);
        }
      }
      await this.record(r, members, id, list.name, 'delete');
      await r.lists.delete(id);
    });
  }

  async invite(userId: string, listId: string, input: InvitationCreate): Promise<Invitation> {
    return this.uow.transaction(async (r) => {
      const list = await this.member(r, userId, listId, { lock: true });
      if (list.role !== 'owner') throw forbidden('Only the owner of a list can invite people to it');
      if (list.inbox) throw conflict('The Inbox cannot be shared');
      const me = (await r.users.findById(userId))!;
      if (me.email.toLowerCase() === input.email.toLowerCase())
        throw badRequest('You are the owner of this list already', [{ path: 'email', message: 'is yours' }]);
      const members = await r.lists.members([listId]);
      if ((members.get(listId) ?? []).some((m) => m.email.toLowerCase() === input.email.toLowerCase()))
        throw conflict(`${input.email} is a member of this list already`);
      const role = input.role ?? 'editor';
      const row = { id: uuidv7(), listId, email: input.email, role, invitedBy: userId };
      await r.lists.insertInvitation(row, this.now());
      const saved = (await r.lists.invitationTo(listId, input.email))!;
      return { id: saved.id, listId, email: saved.email, role: saved.role };
    });
  }

  async invitations(userId: string): Promise<ReceivedInvitation[]> {
    const me = await this.uow.current.users.findById(userId);
    return me ? this.uow.current.lists.invitationsFor(me.email) : [];
  }

  /** The list joins the person's lists, with everything in it, on all their devices. */
  async accept(userId: string, invitationId: string): Promise<List> {
    return this.uow.transaction(async (r) => {
      const invitation = await this.invitation(r, userId, invitationId);
      const listId = invitation.listId;
      const now = this.now();
      if (!(await r.lists.membership(userId, listId))) {
        const position = positionAfter(await r.lists.lastPosition(userId));
        await r.lists.addMember(listId, userId, invitation.role, position, now);
        const todoIds = await r.lists.todoIds(listId);
        if (todoIds.length > 0) {
          const first = await r.changes.nextVersions(userId, todoIds.length);
          await r.changes.recordMany(
            userId,
            todoIds.map((id, i) => ({
              version: first + i,
              entity: 'todo',
              entityId: id,
              op: 'upsert',
              at: now,
            })),
          );
        }
      }
      await r.lists.deleteInvitation(invitation.id);
      const list = (await r.lists.membership(userId, listId))!;
      await this.record(r, await r.lists.memberIds(listId), listId, list.name, 'upsert');
      return this.load(r, list);
    });
  }

  async decline(userId: string, invitationId: string): Promise<void> {
    await this.uow.transaction(async (r) => {
      const invitation = await this.invitation(r, userId, invitationId);
      await r.lists.deleteInvitation(invitation.id);
    });
  }

  /** The owner removes a member, or a member leaves: the list and its todos leave their devices. */
  async removeMember(userId: string, listId: string, memberId: string): Promise<void> {
    await this.uow.transaction(async (r) => {
      const list = await this.member(r, userId, listId, { lock: true });
      if (memberId !== userId && list.role !== 'owner')
        throw forbidden('Only the owner of a list can remove other members');
      const members = await r.lists.memberIds(listId);
      if (!members.includes(memberId)) throw notFound(`Member ${memberId}`);
      if (memberId === list.ownerId)
        throw conflict('The owner cannot leave their own list; delete it or keep it');
      const now = this.now();
      const todoIds = await r.lists.todoIds(listId);
      // What was theirs on the list's todos goes with them: reminders, tags, being the assignee.
      await r.reminders.deleteForMemberOfList(memberId, listId);
      await r.tags.untagList(memberId, listId);
      // Only their assignments are undone: one lookup, not one locked read per todo of the list.
      for (const todoId of await r.lists.todoIds(listId, { assignedTo: memberId })) {
        const todo = (await r.todos.findOwned(userId, todoId, { lock: true }))!;
        await commitTodo(r, {
          userId,
          todo,
          patch: { assigneeId: null },
          now,
          type: 'todo.updated',
          changes: ['assigneeId'],
        });
      }
      await r.lists.removeMember(listId, memberId);
      await revokeTodos(r, [memberId], todoIds, now);
      await this.record(r, [memberId], listId, list.name, 'revoke');
      await this.record(
        r,
        members.filter((m) => m !== memberId),
        listId,
        list.name,
        'upsert',
      );
    });
  }

  private async member(
    r: ListRepositories,
    userId: string,
    listId: string,
    options: { lock?: boolean } = {},
  ) {
    const list = await r.lists.membership(userId, listId, options);
    if (!list) throw notFound(`List ${listId}`);
    return list;
  }

  private async invitation(r: ListRepositories, userId: string, id: string) {
    const me = await r.users.findById(userId);
    const invitation = me && (await r.lists.invitationFor(me.email, id));
    if (!invitation) throw notFound(`Invitation ${id}`);
    return invitation;
  }

  private async load(r: ListRepositories, m: Membership): Promise<List> {
    return toList(m, (await r.lists.members([m.id])).get(m.id) ?? []);
  }

  /** The list changed for these people: an entry in each one's change log and a poke. */
  private async record(r: ListRepositories, userIds: string[], listId: string, name: string, op: ChangeOp) {
    const now = this.now();
    const type = op === 'upsert' ? 'list.updated' : 'list.deleted';
    for (const userId of [...userIds].sort()) {
      const version = await r.changes.nextVersion(userId);
      await r.changes.recordAndEmit(
        userId,
        [{ version, entity: 'list', entityId: listId, op, at: now }],
        [{ topic: 'todo-events', type, userId, data: { listId, version, name } }],
        now,
      );
    }
  }
}
