import type { Knex } from 'knex';
import type { Tag } from '@todo/contracts';
import { TagModel } from './tag.model.ts';

export function toTag(m: TagModel): Tag {
  return { id: m.id, name: m.name, color: m.color };
}

export interface NewTag {
  id: string;
  userId: string;
  name: string;
  color: string;
  version: number;
  createdAt: Date;
}

export class TagRepository {
  constructor(private readonly knex: Knex) {}

  async list(userId: string): Promise<Tag[]> {
    const rows = await TagModel.query(this.knex).where({ userId }).orderByRaw('lower(name), id');
    return rows.map(toTag);
  }

  async findOwned(userId: string, id: string): Promise<Tag | undefined> {
    const row = await TagModel.query(this.knex).findOne({ userId, id });
    return row && toTag(row);
  }

  /** The ids among `ids` that this person does not own (or that do not exist). */
  async missing(userId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const owned = await TagModel.query(this.knex).where({ userId }).whereIn('id', ids).select('id');
    const found = new Set(owned.map((t) => t.id));
    return ids.filter((id) => !found.has(id));
  }

  async insert(row: NewTag): Promise<void> {
    await TagModel.query(this.knex).insert({ ...row, updatedAt: row.createdAt });
  }

  async update(
    userId: string,
    id: string,
    patch: Partial<Pick<TagModel, 'name' | 'color' | 'version' | 'updatedAt'>>,
  ) {
    await TagModel.query(this.knex).where({ userId, id }).patch(patch);
  }

  /** A member leaving a shared list takes their tags off its todos. */
  async untagList(userId: string, listId: string): Promise<void> {
    await this.knex('todo_tags')
      .whereIn('tagId', this.knex('tags').where({ userId }).select('id'))
      .whereIn('todoId', this.knex('todos').where({ listId }).select('id'))
      .delete();
  }

  /** Deletes the tag; returns the ids of the todos that lost it (they changed too). */
  async delete(userId: string, id: string): Promise<string[]> {
    const todos = (await this.knex('todo_tags').where({ tagId: id }).select('todoId')) as {
      todoId: string;
    }[];
    await TagModel.query(this.knex).where({ userId, id }).delete();
    return todos.map((t) => t.todoId);
  }
}
