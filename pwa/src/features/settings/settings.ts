// The person's settings live on the server, not in the outbox: reading and changing them needs the
// network. The last answer is kept in IndexedDB, so the screen shows it offline (read-only), and the
// signed-in user on this device follows a changed name or time zone at once.
import type { Settings, SettingsPatch, User } from '@todo/contracts';
import { useLiveQuery } from 'dexie-react-hooks';
import { services } from '../../sync/services.ts';
import { settingsApi } from '../../api/transport.ts';

async function keep(settings: Settings): Promise<Settings> {
  const { db } = services();
  await db.transaction('rw', db.meta, async () => {
    await db.setMeta('settings', settings);
    const user = await db.getMeta<User>('user');
    if (user && (user.name !== settings.name || user.timeZone !== settings.timeZone))
      await db.setMeta('user', { ...user, name: settings.name, timeZone: settings.timeZone });
  });
  return settings;
}

export async function loadSettings(): Promise<Settings> {
  return keep(await settingsApi.get());
}

export async function saveSettings(patch: SettingsPatch): Promise<Settings> {
  return keep(await settingsApi.update(patch));
}

/** The settings as last seen from the server: undefined while reading, null when never loaded here. */
export function useStoredSettings(): Settings | null | undefined {
  const { db } = services();
  return useLiveQuery(async () => (await db.getMeta<Settings>('settings')) ?? null, []);
}
