// The only place that knows how lists, their members and invitations are stored. Every read that
// names a list goes through the person's membership (list_members): a list they are not in is absent.
import type { Knex } from 'knex';
import type { List, ListMember, ListRole, ReceivedInvitation } from '@todo/contracts';
import { PREPARE } from '@todo/platform';

export interface ListRow {
  id: string;
  ownerId: string;
  name: string;
  color: string;
  icon: string | null;
  archived: boolean;
  inbox: boolean;
}

/** The position of the last todo in list l (null when it has none). */
export const LAST_TODO_POSITION = '(SELECT max(t.position) FROM todos t WHERE t.list_id = l.id)';

/** The person's view of a list: the list, their role and where they keep it. */
export interface Membership extends ListRow {
  role: ListRole;
  position: string;
}

export interface InvitationRow {
  id: string;
  listId: string;
  email: string;
  role: ListRole;
  invitedBy: string;
}

const MEMBERSHIP_COLUMNS = [
  'l.id',
  'l.ownerId',
  'l.name',
  'l.color',
  'l.icon',
  'l.archived',
  'l.inbox',
  'm.role',
  'm.position',
];

export class ListRepository {
  constructor(private readonly knex: Knex) {}

  /** The person's lists in their order, or only those named. */
  async memberships(userId: string, ids?: string[]): Promise<Membership[]> {
    const query = this.knex('lists as l')
      .join('list_members as m', 'm.listId', 'l.id')
      .where('m.userId', userId)
      .orderBy([{ column: 'm.position' }, { column: 'l.id' }])
      .select(MEMBERSHIP_COLUMNS);
    if (ids) query.whereIn('l.id', ids);
    return (await query) as Membership[];
  }

  /** The person's membership of a list, locked for the transaction when asked; undefined when not a member. */
  async membership(userId: string, listId: string, options: { lock?: boolean } = {}) {
    const query = this.knex('lists as l')
      .join('list_members as m', 'm.listId', 'l.id')
      .where({ 'm.userId': userId, 'l.id': listId })
      .first(MEMBERSHIP_COLUMNS);
    if (options.lock) query.forUpdate('l');
    return (await query) as Membership | undefined;
  }

  /** The members of these lists, with their names and addresses, by list. */
  async members(listIds: string[]): Promise<Map<string, ListMember[]>> {
    const byList = new Map<string, ListMember[]>();
    if (listIds.length === 0) return byList;
    const rows = (await this.knex('list_members as m')
      .join('users as u', 'u.id', 'm.userId')
      .whereIn('m.listId', listIds)
      .orderBy([{ column: 'm.createdAt' }, { column: 'm.userId' }])
      .select('m.listId', 'm.userId', 'm.role', 'u.email', 'u.name')) as (ListMember & { listId: string })[];
    for (const { listId, ...member } of rows) byList.set(listId, [...(byList.get(listId) ?? []), member]);
    return byList;
  }

  /** The ids of everyone in the list, in id order (the order their change logs are locked in). */
  async memberIds(listId: string): Promise<string[]> {
    const rows = (await this.knex('list_members').where({ listId }).orderBy('userId').select('userId')) as {
      userId: string;
    }[];
    return rows.map((r) => r.userId);
  }

  async inboxOf(userId: string): Promise<string | undefined> {
    const row = (await this.knex('lists').where({ ownerId: userId, inbox: true }).first('id')) as
      { id: string } | undefined;
    return row?.id;
  }

  /**
   * The person's Inbox and the position of its last todo, in one query (what creating a todo into it
   * needs); undefined when they have no Inbox yet.
   */
  async inboxWithLastTodo(userId: string): Promise<{ id: string; lastTodo: string | null } | undefined> {
    const { rows } = (await this.knex
      .raw(
        `SELECT l.id, ${LAST_TODO_POSITION} AS "lastTodo"
         FROM lists l WHERE l.owner_id = ? AND l.inbox`,
        [userId],
      )
      .options(PREPARE)) as { rows: { id: string; lastTodo: string | null }[] };
    return rows[0];
  }

  async exists(id: string): Promise<boolean> {
    return (await this.knex('lists').where({ id }).first('id')) !== undefined;
  }

  async insert(row: ListRow, position: string, at: Date): Promise<void> {
    await this.knex('lists').insert({ ...row, createdAt: at, updatedAt: at });
    await this.addMember(row.id, row.ownerId, 'owner', position, at);
  }

  async addMember(listId: string, userId: string, role: ListRole, position: string, at: Date) {
    await this.knex('list_members').insert({ listId, userId, role, position, createdAt: at });
  }

  async removeMember(listId: string, userId: string): Promise<void> {
    await this.knex('list_members').where({ listId, userId }).delete();
  }

  async update(id: string, patch: Partial<Pick<ListRow, 'name' | 'color' | 'icon' | 'archived'>>, at: Date) {
    if (Object.keys(patch).length > 0)
      await this.knex('lists')
        .where({ id })
        .update({ ...patch, updatedAt: at });
  }

  async setPosition(listId: string, userId: string, position: string): Promise<void> {
    await this.knex('list_members').where({ listId, userId }).update({ position });
  }

  /** The last key of the person's own order of lists. */
  async lastPosition(userId: string): Promise<string | null> {
    const row = (await this.knex('list_members').where({ userId }).max('position as last').first()) as
      { last: string | null } | undefined;
    return row?.last ?? null;
  }

  async delete(id: string): Promise<void> {
    await this.knex('lists').where({ id }).delete();
  }

  /**
   * In the list's manual order: deleting a list appends its todos to the Inbox in it, as a device does.
   * `assignedTo`: only the todos this person is the assignee of.
   */
  async todoIds(listId: string, options: { assignedTo?: string } = {}): Promise<string[]> {
    const where = options.assignedTo ? { listId, assigneeId: options.assignedTo } : { listId };
    const rows = (await this.knex('todos').where(where).orderBy(['position', 'id']).select('id')) as {
      id: string;
    }[];
    return rows.map((r) => r.id);
  }

  async insertInvitation(row: InvitationRow, at: Date): Promise<boolean> {
    const inserted = await this.knex('list_invitations')
      .insert({ ...row, createdAt: at })
      .onConflict(this.knex.raw('(list_id, lower(email))'))
      .ignore()
      .returning('id');
    return inserted.length === 1;
  }

  async invitationTo(listId: string, email: string): Promise<InvitationRow | undefined> {
    return (await this.knex('list_invitations')
      .where({ listId })
      .whereRaw('lower(email) = lower(?)', [email])
      .first('id', 'listId', 'email', 'role', 'invitedBy')) as InvitationRow | undefined;
  }

  /** An invitation addressed to this email (and to nobody else: another person's is absent). */
  async invitationFor(email: string, id: string): Promise<InvitationRow | undefined> {
    return (await this.knex('list_invitations')
      .where({ id })
      .whereRaw('lower(email) = lower(?)', [email])
      .first('id', 'listId', 'email', 'role', 'invitedBy')) as InvitationRow | undefined;
  }

  async invitationsFor(email: string): Promise<ReceivedInvitation[]> {
    const rows = (await this.knex('list_invitations as i')
      .join('lists as l', 'l.id', 'i.listId')
      .join('users as u', 'u.id', 'i.invitedBy')
      .whereRaw('lower(i.email) = lower(?)', [email])
      .orderBy([{ column: 'i.createdAt' }, { column: 'i.id' }])
      .select(
        'i.id',
        'i.role',
        'l.id as listId',
        'l.name as listName',
        'u.name as fromName',
        'u.email as fromEmail',
      )) as {
      id: string;
      role: ListRole;
      listId: string;
      listName: string;
      fromName: string;
      fromEmail: string;
    }[];
    return rows.map((r) => ({
      id: r.id,
      role: r.role,
      list: { id: r.listId, name: r.listName },
      from: { name: r.fromName, email: r.fromEmail },
    }));
  }

  async deleteInvitation(id: string): Promise<void> {
    await this.knex('list_invitations').where({ id }).delete();
  }
}

/** The contract's List from a membership and the list's members. */
export function toList(m: Membership, members: ListMember[]): List {
  return {
    id: m.id,
    name: m.name,
    color: m.color,
    icon: m.icon,
    position: m.position,
    archived: m.archived,
    inbox: m.inbox,
    role: m.role,
    members,
  };
}
