// The Dapr adapter of the Secrets port: `/v1.0/secrets/<store>/<name>` on this process's sidecar (a
// local JSON file locally, Kubernetes Secrets in the cluster, both named `secretstore`). Services ask
// by their variable's name (VAPID_PRIVATE_KEY); the store holds it under the kebab-case name
// (vapid-private-key), which Kubernetes accepts as a Secret's name.
import { describe, type DaprSidecar } from './dapr-sidecar.ts';
import type { Secrets } from './secrets.ts';

export interface DaprSecretsOptions {
  sidecar: DaprSidecar;
  /** metadata.name of the secret store component. Default 'secretstore'. */
  storeName?: string;
  timeoutMs?: number;
}

export class SecretStoreError extends Error {
  override name = 'SecretStoreError';
}

/** VAPID_PRIVATE_KEY → vapid-private-key. */
export const secretName = (name: string) => name.toLowerCase().replaceAll('_', '-');

export class DaprSecrets implements Secrets {
  private readonly storeName: string;

  constructor(private readonly options: DaprSecretsOptions) {
    this.storeName = options.storeName ?? 'secretstore';
  }

  /**
   * The secret, or undefined when the store has none of that name. Dapr answers a missing secret
   * with the store's "not found" error (500), which is told apart from every other failure by it.
   */
  async get(name: string): Promise<string | undefined> {
    const stored = secretName(name);
    let status: number;
    let text: string;
    try {
      const res = await this.options.sidecar.request(
        `/v1.0/secrets/${encodeURIComponent(this.storeName)}/${encodeURIComponent(stored)}`,
        { method: 'GET', timeoutMs: this.options.timeoutMs ?? 5000 },
      );
      status = res.status;
      text = res.text;
    } catch (err) {
      throw new SecretStoreError(
        `The Dapr sidecar at ${this.options.sidecar.baseUrl} did not answer for secret ${stored}: ${describe(err)}`,
      );
    }
    if (status === 200) {
      const values = JSON.parse(text) as Record<string, string>;
      // The local file store answers { name: value }; a Kubernetes Secret may name its one key otherwise.
      const value =
        values[stored] ?? (Object.keys(values).length === 1 ? Object.values(values)[0] : undefined);
      return value === '' ? undefined : value;
    }
    if (status === 204 || (status >= 400 && /not found/i.test(text))) return undefined;
    throw new SecretStoreError(
      `The secret store ${this.storeName} did not give secret ${stored}: ${status} ${text}`,
    );
  }

  async require(name: string): Promise<string> {
    const value = await this.get(name);
    if (value === undefined) {
      throw new SecretStoreError(
        `The secret store ${this.storeName} has no secret ${secretName(name)} (${name})`,
      );
    }
    return value;
  }
}
