// Tags: named, coloured, unique per person (case-insensitively). Deleting one takes it off its todos.
import type { Tag, TagCreate, TagPatch } from '@todo/contracts';
import { conflict, notFound } from '@todo/platform';
import { v7 as uuidv7 } from 'uuid';
import type { UnitOfWork } from '../../db/store.ts';
import { touchTodo, type TodoRef, type TodoWriteRepositories } from '../changes/todo-writes.ts';
import type { TagRepository } from './tags.repository.ts';

/** The repositories the tags service works with: deleting a tag changes the todos that had it. */
export interface TagRepositories extends TodoWriteRepositories {
  tags: Pick<TagRepository, 'list' | 'findOwned' | 'insert' | 'update' | 'delete'>;
  todos: TodoWriteRepositories['todos'] & {
    findOwned(userId: string, id: string, options: { lock: boolean }): Promise<TodoRef | undefined>;
  };
}

/**
 * Colours given to new tags in turn when none is chosen: the PWA's palette (pwa/src/ui/classes.ts), which
 * shares no hue with the priorities' blue, amber, red and slate.
 */
const PALETTE = ['#15803d', '#0f766e', '#0e7490', '#6d28d9', '#a21caf', '#be185d', '#4d7c0f', '#4f46e5'];

export class TagsService {
  constructor(
    private readonly uow: UnitOfWork<TagRepositories>,
    private readonly now: () => Date = () => new Date(),
  ) {}

  list(userId: string): Promise<Tag[]> {
    return this.uow.current.tags.list(userId);
  }

  async create(userId: string, input: TagCreate): Promise<Tag> {
    return this.uow.transaction(async (r) => {
      const existing = await r.tags.list(userId);
      if (input.id) {
        const same = existing.find((t) => t.id === input.id);
        if (same) return same;
      }
      this.assertNameFree(existing, input.name);
      const id = input.id ?? uuidv7();
      const now = this.now();
      const version = await r.changes.nextVersion(userId);
      const color = input.color ?? PALETTE[existing.length % PALETTE.length]!;
      await r.tags.insert({ id, userId, name: input.name, color, version, createdAt: now });
      await this.record(r, userId, id, version, 'tag.created', input.name);
      return { id, name: input.name, color };
    });
  }

  async update(userId: string, id: string, patch: TagPatch): Promise<Tag> {
    return this.uow.transaction(async (r) => {
      const existing = await r.tags.list(userId);
      const tag = existing.find((t) => t.id === id);
      if (!tag) throw notFound(`Tag ${id}`);
      if (patch.name !== undefined)
        this.assertNameFree(
          existing.filter((t) => t.id !== id),
          patch.name,
        );
      const version = await r.changes.nextVersion(userId);
      await r.tags.update(userId, id, { ...patch, version, updatedAt: this.now() });
      await this.record(r, userId, id, version, 'tag.updated', patch.name ?? tag.name);
      return { ...tag, ...patch };
    });
  }

  async delete(userId: string, id: string): Promise<void> {
    await this.uow.transaction(async (r) => {
      const tag = await r.tags.findOwned(userId, id);
      if (!tag) throw notFound(`Tag ${id}`);
      const version = await r.changes.nextVersion(userId);
      const todoIds = await r.tags.delete(userId, id);
      await this.record(r, userId, id, version, 'tag.deleted', tag.name);
      const now = this.now();
      for (const todoId of todoIds) {
        // A todo of a list the person has since lost sight of changes for nobody they sync with.
        const todo = await r.todos.findOwned(userId, todoId, { lock: true });
        if (todo) await touchTodo(r, userId, todo, now, ['tags']);
      }
    });
  }

  private assertNameFree(tags: Tag[], name: string): void {
    if (tags.some((t) => t.name.toLowerCase() === name.toLowerCase())) {
      throw conflict(`Tag '${name}' already exists`);
    }
  }

  private async record(
    r: TagRepositories,
    userId: string,
    tagId: string,
    version: number,
    type: 'tag.created' | 'tag.updated' | 'tag.deleted',
    name: string,
  ) {
    const now = this.now();
    const op = type === 'tag.deleted' ? 'delete' : 'upsert';
    await r.changes.recordAndEmit(
      userId,
      [{ version, entity: 'tag', entityId: tagId, op, at: now }],
      [{ topic: 'todo-events', type, userId, data: { tagId, version, name } }],
      now,
    );
  }
}
