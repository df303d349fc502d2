// The device's data services: one database, the in-memory list, and the sync engine while someone is
// signed in. Booted by main.tsx; features and the app reach them here, never by fetch.
import type { User } from '@todo/contracts';
import { database, type TodoDatabase } from '../db/database.ts';
import { TodoMirror } from './mirror.ts';
import { SyncEngine } from './engine.ts';
import { uuidv7 } from '../lib/ids.ts';
import { syncApi } from '../api/transport.ts';

export interface Services {
  db: TodoDatabase;
  mirror: TodoMirror;
  clientId: string;
}

let booted: Promise<Services> | null = null;
let current: Services | null = null;
let engine: SyncEngine | null = null;
const engineListeners = new Set<() => void>();

export function boot(): Promise<Services> {
  booted ??= (async () => {
    const db = database();
    await db.open();
    let clientId = await db.getMeta<string>('clientId');
    if (!clientId) {
      clientId = `web-${uuidv7()}`;
      await db.setMeta('clientId', clientId);
    }
    const mirror = new TodoMirror(db);
    await mirror.start();
    current = { db, mirror, clientId };
    return current;
  })();
  return booted;
}

/** The services, once booted (the app renders nothing that needs them before). */
export function services(): Services {
  if (!current) throw new Error('services used before boot()');
  return current;
}

export function syncEngine(): SyncEngine | null {
  return engine;
}

export function subscribeEngine(listener: () => void): () => void {
  engineListeners.add(listener);
  return () => engineListeners.delete(listener);
}

/** Starts syncing, or tells the running engine that the session is good again (after a sign-in). */
export function startSync(): void {
  if (engine) {
    engine.resume();
    return;
  }
  const { db, mirror, clientId } = services();
  engine = new SyncEngine(db, mirror, clientId, syncApi);
  engine.start();
  for (const l of engineListeners) l();
}

export async function stopSync(): Promise<void> {
  const stopping = engine;
  engine = null;
  for (const l of engineListeners) l();
  await stopping?.stop();
}

export async function signedInUser(): Promise<User | undefined> {
  return services().db.getMeta<User>('user');
}
