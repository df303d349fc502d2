// The Dapr adapter of the StateStore port: the state API of this process's sidecar (Redis behind the
// `statestore` component, keys prefixed with the app id), so every replica of an app shares it.
// Expiry is Dapr's ttlInSeconds; create and increment use first-write concurrency with ETags.
import { describe, type DaprSidecar, type SidecarRequest } from './dapr-sidecar.ts';
import { nextCount, type Counter, type StateStore } from './state-store.ts';

export interface DaprStateStoreOptions {
  sidecar: DaprSidecar;
  /** metadata.name of the state store component. Default 'statestore'. */
  storeName?: string;
  timeoutMs?: number;
  /** Compare-and-set rounds an increment may lose to other writers before it gives up. */
  maxAttempts?: number;
}

export class StateStoreError extends Error {
  override name = 'StateStoreError';
}

interface SaveRequest {
  key: string;
  value: unknown;
  ttlSeconds?: number | undefined;
  /** Write only over this version; with firstWrite and no etag, only where nothing is stored. */
  etag?: string | undefined;
  firstWrite?: boolean;
}

export class DaprStateStore implements StateStore {
  private readonly path: string;
  private readonly timeoutMs: number;
  private readonly maxAttempts: number;

  constructor(private readonly options: DaprStateStoreOptions) {
    this.path = `/v1.0/state/${encodeURIComponent(options.storeName ?? 'statestore')}`;
    this.timeoutMs = options.timeoutMs ?? 5000;
    this.maxAttempts = options.maxAttempts ?? 50;
  }

  async get<T>(key: string): Promise<T | undefined> {
    return (await this.read<T>(key)).value;
  }

  async set(key: string, value: unknown, ttlSeconds?: number): Promise<void> {
    const res = await this.save({ key, value, ttlSeconds });
    if (!res.ok) throw new StateStoreError(`The state store did not save ${key}: ${res.status} ${res.text}`);
  }

  async delete(key: string): Promise<void> {
    const res = await this.call(`${this.path}/${encodeURIComponent(key)}`, { method: 'DELETE' }, key);
    if (!res.ok)
      throw new StateStoreError(`The state store did not delete ${key}: ${res.status} ${res.text}`);
  }

  /**
   * Dapr's first-write concurrency without an ETag: Redis refuses it where a first-write key exists.
   * (A key last written by plain `set` is not first-write: keep create's keys and set's apart.)
   */
  async create(key: string, value: unknown, ttlSeconds?: number): Promise<boolean> {
    const res = await this.save({ key, value, ttlSeconds, firstWrite: true });
    if (res.ok) return true;
    // A first write that lost comes back as a save error without an ETag; what is stored now tells.
    if ((await this.read(key)).value !== undefined) return false;
    throw new StateStoreError(`The state store did not create ${key}: ${res.status} ${res.text}`);
  }

  /** Compare-and-set on the ETag: read, add, write over the version read; on a conflict, again. */
  async increment(key: string, by: number, windowSeconds: number): Promise<Counter> {
    for (let attempt = 1; attempt <= this.maxAttempts; attempt++) {
      const { value, etag } = await this.read<Counter>(key);
      const now = Date.now();
      const next = nextCount(value, by, windowSeconds, now);
      const ttlSeconds = Math.max(1, Math.ceil((next.resetAt - now) / 1000));
      const res = await this.save({ key, value: next, ttlSeconds, etag, firstWrite: true });
      if (res.ok) return next;
      // 409: another writer got in between (ETag mismatch); without an ETag a lost first write is
      // a 500. Either way: read again, after a short random pause so the writers spread out.
      if (res.status !== 409 && etag !== undefined) {
        throw new StateStoreError(`The state store did not count ${key}: ${res.status} ${res.text}`);
      }
      await new Promise((resolve) => setTimeout(resolve, Math.random() * 5 * Math.min(attempt, 10)));
    }
    throw new StateStoreError(`The state store did not count ${key}: ${this.maxAttempts} conflicting writes`);
  }

  private async read<T>(key: string): Promise<{ value: T | undefined; etag: string | undefined }> {
    const res = await this.call(`${this.path}/${encodeURIComponent(key)}`, { method: 'GET' }, key);
    if (res.status === 204 || (res.ok && res.text === '')) return { value: undefined, etag: undefined };
    if (!res.ok) throw new StateStoreError(`The state store did not read ${key}: ${res.status} ${res.text}`);
    return { value: JSON.parse(res.text) as T, etag: res.etag };
  }

  private save(request: SaveRequest) {
    const { key, value, ttlSeconds, etag, firstWrite } = request;
    const item = {
      key,
      value,
      ...(etag === undefined ? {} : { etag }),
      ...(firstWrite ? { options: { concurrency: 'first-write' } } : {}),
      ...(ttlSeconds === undefined ? {} : { metadata: { ttlInSeconds: String(Math.ceil(ttlSeconds)) } }),
    };
    return this.call(
      this.path,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify([item]) },
      key,
    );
  }

  private async call(path: string, request: Omit<SidecarRequest, 'timeoutMs'>, key: string) {
    try {
      const res = await this.options.sidecar.request(path, { ...request, timeoutMs: this.timeoutMs });
      return { ...res, ok: res.status >= 200 && res.status < 300 };
    } catch (err) {
      throw new StateStoreError(
        `The Dapr sidecar at ${this.options.sidecar.baseUrl} did not answer for state ${key}: ${describe(err)}`,
      );
    }
  }
}
