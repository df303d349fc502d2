// Short notices for the person (a change the server refused), kept in IndexedDB so the tab that shows
// them need not be the one that synced, nor the service worker.
import type { TodoDatabase } from '../db/database.ts';

export interface Notice {
  id: string;
  text: string;
  at: string;
}

export async function addNotice(db: TodoDatabase, text: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const notices = (await db.getMeta<Notice[]>('notices')) ?? [];
    const id = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
    await db.setMeta('notices', [...notices.slice(-4), { id, text, at: new Date().toISOString() }]);
  });
}

export async function dismissNotice(db: TodoDatabase, id: string): Promise<void> {
  await db.transaction('rw', db.meta, async () => {
    const notices = (await db.getMeta<Notice[]>('notices')) ?? [];
    await db.setMeta(
      'notices',
      notices.filter((n) => n.id !== id),
    );
  });
}
