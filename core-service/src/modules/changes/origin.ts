// Which client a change came from, when it came through sync: events carry it, so the bff does not
// poke the very device that made the change.
import { AsyncLocalStorage } from 'node:async_hooks';

const origin = new AsyncLocalStorage<string>();

export const withOriginClient = <T>(clientId: string, work: () => Promise<T>): Promise<T> =>
  origin.run(clientId, work);
export const originClient = (): string | undefined => origin.getStore();
