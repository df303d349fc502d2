// Test clients for the sync rules: a device with its own store, talking to the model server through the
// same cycle code the app runs; and readable mutation makers.
import type { List, Priority, Tag } from '@todo/contracts';
import type { MutationPayloadMap, TodoState } from '../../db/records.ts';
import type { Pending } from '../apply.ts';
import { pullAll, pushAll, type RunTx } from '../cycle.ts';
import { uuidv7 } from '../../lib/ids.ts';
import { commitLocal } from '../local.ts';
import { viewOfList, viewOfTag, viewOfTodo } from '../rebase.ts';
import { MemoryStore } from './memory-tx.ts';
import { defaultInbox } from '../inbox.ts';
import { MODEL_INBOX, MODEL_USER, type ModelServer } from './model-server.ts';

let clock = Date.parse('2029-06-01T00:00:00Z');
export const tick = () => new Date((clock += 1000)).toISOString();

export function mutation<K extends keyof MutationPayloadMap>(
  type: K,
  payload: MutationPayloadMap[K],
): Pending {
  return { id: uuidv7(), type, payload, createdAt: tick() } as Pending;
}

export class Device {
  readonly store = new MemoryStore();
  readonly run: RunTx = (work) => work(this.store.tx());
  rejected = 0;

  constructor(
    readonly clientId: string,
    readonly server: ModelServer,
  ) {
    // Signed in as the model's person, with their Inbox as a first pull stores it (see inbox.ts).
    this.store.meta.set('user', MODEL_USER);
    this.store.lists.set(MODEL_INBOX, defaultInbox(MODEL_USER));
  }

  write(...mutations: Pending[]) {
    return this.run((tx) => commitLocal(tx, mutations));
  }

  /** Pushes everything; when `lose`, the server applies the first batch but its answer never arrives. */
  async push(lose = false) {
    let lost = !lose;
    const api = this.server.api({ loseNextResponse: () => (lost ? false : (lost = true)) });
    try {
      await pushAll(this.run, api, this.clientId, { rejected: (r) => (this.rejected += r.length) });
    } catch {
      // a lost answer: the mutations stay queued and go again next time
    }
  }

  pull(limit = 1000) {
    return pullAll(this.run, this.server.api(), { now: tick }, limit);
  }

  async sync() {
    await this.push();
    await this.pull();
  }

  todos(): TodoState[] {
    return [...this.store.todos.values()]
      .map((r) => viewOfTodo(r))
      .filter((t): t is TodoState => t !== null)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  tags(): Tag[] {
    return [...this.store.tags.values()]
      .map((r) => viewOfTag(r))
      .filter((t): t is Tag => t !== null)
      .sort((a, b) => a.id.localeCompare(b.id));
  }

  /** The lists stored here, the Inbox among them. */
  lists(): List[] {
    return [...this.store.lists.values()]
      .map((r) => viewOfList(r))
      .filter((l): l is List => l !== null)
      .sort((a, b) => a.id.localeCompare(b.id));
  }
}

/** What the person sees of a todo, without times and versions only the server decides. */
export function visible(todo: TodoState) {
  const { createdAt: _c, updatedAt: _u, version: _v, completedAt, series: _s, ...rest } = todo;
  return { ...rest, done: completedAt !== null, tagIds: [...rest.tagIds].sort() };
}

/** The server's todos, tags and lists (pulled ones) in the shape a device stores them. */
export function serverState(server: ModelServer) {
  const todos = [...server.todos.values()]
    .flatMap((e) => (e.value ? [e.value] : []))
    .map(({ tags, ...t }) => ({ ...t, tagIds: tags.map((x) => x.id).sort() }))
    .sort((a, b) => a.id.localeCompare(b.id));
  const tags = [...server.tags.values()]
    .flatMap((e) => (e.value ? [e.value] : []))
    .sort((a, b) => a.id.localeCompare(b.id));
  const lists = [...server.lists.values()]
    .flatMap((e) => (e.value ? [e.value] : []))
    .sort((a, b) => a.id.localeCompare(b.id));
  return { todos, tags, lists };
}

export const PRIORITY_LIST: Priority[] = ['low', 'medium', 'high', 'urgent'];
