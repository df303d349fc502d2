// The Dapr folders for each environment name the same components with the same scopes, so the code
// never changes with the environment; and the names are the ones the code's defaults use. (daprd
// itself loads dapr/local in dapr-adapters.stack.test.ts.)
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORE_APP_ID, WORKER_APP_ID } from '@todo/contracts';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { DaprSettings, StateSettings } from './dapr-settings.ts';
import { EventBusSettings } from './event-bus-config.ts';

const DAPR = fileURLToPath(new URL('../../../../dapr', import.meta.url));
const APPS = ['bff', CORE_APP_ID, WORKER_APP_ID];

interface Manifest {
  kind: string;
  name: string;
  type?: string;
  scopes: string[];
  text: string;
}

/** The documents of every YAML file in a folder: kind, name, type and scopes (the files' own layout). */
function manifests(folder: string): Manifest[] {
  return readdirSync(path.join(DAPR, folder))
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => readFileSync(path.join(DAPR, folder, f), 'utf8').split(/^---$/m))
    .map((text) => ({
      kind: /^kind: (\S+)$/m.exec(text)?.[1] ?? '',
      name: /^metadata:\n {2}name: (\S+)$/m.exec(text)?.[1] ?? '',
      type: /^ {2}type: (\S+)$/m.exec(text)?.[1],
      scopes: [...(/^scopes:\n((?: {2}- \S+\n?)+)/m.exec(text)?.[1] ?? '').matchAll(/- (\S+)/g)].map(
        (m) => m[1]!,
      ),
      text,
    }));
}

const components = (folder: string) =>
  Object.fromEntries(
    manifests(folder)
      .filter((m) => m.kind === 'Component')
      .map((m) => [m.name, m]),
  );

describe('dapr/local and dapr/kubernetes', () => {
  const local = components('local');
  const cluster = components('kubernetes');

  it('name the same components, each scoped to the same apps', () => {
    expect(Object.keys(cluster).sort()).toEqual(Object.keys(local).sort());
    for (const [name, component] of Object.entries(local)) {
      expect(component.scopes.length, `${name} has scopes`).toBeGreaterThan(0);
      expect(APPS).toEqual(expect.arrayContaining(component.scopes));
      expect(cluster[name]!.scopes.sort(), name).toEqual(component.scopes.sort());
    }
  });

  it('use the building blocks the issue asks for in each environment', () => {
    const types = (c: Record<string, Manifest>) =>
      Object.fromEntries(Object.entries(c).map(([n, m]) => [n, m.type]));
    expect(types(local)).toEqual({
      events: 'pubsub.redis',
      'events-broadcast': 'pubsub.redis',
      statestore: 'state.redis',
      secretstore: 'secretstores.local.file',
      'reminder-clock': 'bindings.cron',
    });
    expect(types(cluster)).toEqual({
      events: 'pubsub.kafka',
      'events-broadcast': 'pubsub.kafka',
      statestore: 'state.redis',
      secretstore: 'secretstores.kubernetes',
      'reminder-clock': 'bindings.cron',
    });
    for (const c of [local, cluster]) {
      expect(c.statestore!.text).toMatch(/name: actorStateStore\n\s+value: 'false'/);
      expect(c.statestore!.text).toMatch(/name: keyPrefix\n\s+value: appid/);
      expect(c['reminder-clock']!.scopes).toEqual([CORE_APP_ID]);
    }
  });

  it('match the names the configuration defaults to', () => {
    const Schema = z.object({ ...EventBusSettings, ...DaprSettings, ...StateSettings });
    const defaults = loadConfig(Schema, {});

    expect(local[defaults.DAPR_PUBSUB_NAME]?.scopes).toEqual(
      expect.arrayContaining([CORE_APP_ID, WORKER_APP_ID]),
    );
    expect(local[defaults.DAPR_STATE_STORE_NAME]?.scopes).toEqual(['bff']);
    expect(local[defaults.DAPR_SECRET_STORE_NAME]?.scopes.sort()).toEqual([...APPS].sort());
  });

  it('give each app a configuration that denies every caller but the allowed ones', () => {
    const allowed = { bff: [], [CORE_APP_ID]: ['bff', WORKER_APP_ID], [WORKER_APP_ID]: ['bff'] };
    for (const folder of ['local', 'kubernetes']) {
      for (const [app, callers] of Object.entries(allowed)) {
        const [config] = manifests(folder).filter((m) => m.kind === 'Configuration' && m.name === app);
        expect(config, `${folder}/config-${app}.yaml`).toBeDefined();
        expect(config!.text).toMatch(/accessControl:\n\s+defaultAction: deny/);
        expect(config!.text).toMatch(/mtls:\n\s+enabled: true/);
        expect(
          [...config!.text.matchAll(/- appId: (\S+)\n\s+defaultAction: allow/g)].map((m) => m[1]),
        ).toEqual(callers);
      }
    }
  });

  it('carry one resiliency policy with timeouts, retries and circuit breakers for invocation and pub/sub', () => {
    for (const folder of ['local', 'kubernetes']) {
      const [policy] = manifests(folder).filter((m) => m.kind === 'Resiliency');
      expect(policy!.text).toMatch(
        /apps:\n\s+core-service:\n\s+timeout: \S+\n\s+retry: \S+\n\s+circuitBreaker: \S+/,
      );
      expect(policy!.text).toMatch(
        /events:\n\s+outbound:\n\s+timeout: \S+\n\s+retry: \S+\n\s+circuitBreaker: \S+/,
      );
    }
  });
});
