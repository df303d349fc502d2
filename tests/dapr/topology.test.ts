// compose.yml, dapr/dapr.yaml and dapr/local describe one system: the same app ids, each sidecar
// pointed at its own app's port and configuration, and the same component names, so code never
// changes with the environment. `scripts/compose.sh config` (CI) checks compose.yml's syntax; this
// checks that it says the same as the others.
import { existsSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { daprdFlags, daprResources, readCompose, readRunFile, ROOT } from '../support/dapr-files.ts';

const APP_IDS = ['bff', 'core-service', 'worker'];

/** Where an app takes its sidecar's calls: the bff on a listener of its own, the others on PORT. */
const sidecarPortOf = (env: Record<string, string>) => env.DAPR_APP_PORT ?? env.PORT;

const local = daprResources('dapr/local');
const componentNames = (resources: typeof local) =>
  resources
    .filter((r) => r.kind === 'Component')
    .map((r) => r.name)
    .sort();

const compose = readCompose();
const sidecars = Object.entries(compose.services)
  .filter(([, s]) => s.image?.startsWith('daprio/daprd:'))
  .map(([name, s]) => {
    const command = Array.isArray(s.command) ? s.command : [];
    return { name, service: s, flags: daprdFlags(command) };
  });

/** The host paths a compose sidecar mounts, by where they appear in the container. */
const mounts = (volumes: string[] = []) =>
  new Map(
    volumes.map((v) => {
      const [host, container] = v.split(':');
      return [container!, host!.replace(/^\.\//, '')];
    }),
  );

describe('dapr/local', () => {
  it('scopes every component to apps that exist', () => {
    for (const component of local.filter((r) => r.kind === 'Component')) {
      expect(component.scopes.length, `${component.file}: ${component.name} has no scopes`).toBeGreaterThan(
        0,
      );
      for (const scope of component.scopes) expect(APP_IDS, `${component.file}`).toContain(scope);
    }
  });

  it('has one sidecar configuration per app, named for it', () => {
    for (const appId of APP_IDS) {
      const [config] = daprResources(`dapr/local/config-${appId}.yaml`);
      expect(config).toMatchObject({ kind: 'Configuration', name: appId });
    }
  });
});

describe('dapr/dapr.yaml (dapr run -f)', () => {
  const runFile = readRunFile();

  it('runs each app once, with its own configuration and the dapr/local components', () => {
    expect(runFile.apps.map((a) => a.appID).sort()).toEqual(APP_IDS);
    expect(runFile.common.resourcesPaths).toEqual(['./local']);
    for (const app of runFile.apps) expect(app.configFilePath).toBe(`./local/config-${app.appID}.yaml`);
  });

  it('points each sidecar at the port its app listens on for it, every port used once', () => {
    const ports: number[] = [];
    for (const app of runFile.apps) {
      expect(sidecarPortOf(app.env), app.appID).toBe(String(app.appPort));
      ports.push(...new Set([Number(app.env.PORT), app.appPort]), app.daprHTTPPort);
    }
    expect(new Set(ports).size).toBe(ports.length);
  });

  it('starts the services as their images do', () => {
    for (const app of runFile.apps) {
      expect(app.command.at(-1)).toBe(`${app.appID}/src/main.ts`);
      expect(existsSync(path.join(ROOT, app.appID, 'src/main.ts'))).toBe(true);
    }
  });
});

describe('compose.yml', () => {
  it('gives every app one sidecar in its network namespace, with the same app id', () => {
    expect(sidecars.map((s) => s.flags.get('app-id')).sort()).toEqual(APP_IDS);
    for (const { name, service, flags } of sidecars) {
      const appId = flags.get('app-id')!;
      expect(name).toBe(`${appId}-dapr`);
      expect(service.network_mode).toBe(`service:${appId}`);
      expect(compose.services[appId], `compose has no service ${appId}`).toBeDefined();
    }
  });

  it("points each sidecar at its app's port, and each app at its sidecar's", () => {
    for (const { flags } of sidecars) {
      const app = compose.services[flags.get('app-id')!]!;
      expect(flags.get('app-port')).toBe(sidecarPortOf(app.environment ?? {}));
      expect(flags.get('dapr-http-port')).toBe(app.environment?.DAPR_HTTP_PORT);
    }
  });

  it('loads the same component names as dapr/local, and the same app configurations', () => {
    for (const { service, flags } of sidecars) {
      const appId = flags.get('app-id')!;
      const mounted = mounts(service.volumes);
      const resourcesPath = flags.get('resources-path')!;
      const files = [...mounted].filter(([container]) => container.startsWith(`${resourcesPath}/`));
      const names = componentNames(files.flatMap(([, host]) => daprResources(host)));
      expect(names, appId).toEqual(componentNames(local));
      expect(mounted.get(flags.get('config')!)).toBe(`dapr/local/config-${appId}.yaml`);
    }
  });

  it('exposes the bff, which serves the PWA, on 8080', () => {
    expect(compose.services.bff?.ports).toEqual([`8080:${compose.services.bff?.environment?.PORT}`]);
  });

  it('runs the migration and topic steps before the services', () => {
    for (const appId of APP_IDS.filter((a) => a !== 'bff')) {
      const dependsOn = compose.services[appId]!.depends_on ?? {};
      expect(dependsOn.migrate?.condition, appId).toBe('service_completed_successfully');
      expect(dependsOn.topics?.condition, appId).toBe('service_completed_successfully');
    }
  });

  it('keeps every secret in a file under .data/ (never in git)', () => {
    for (const [name, secret] of Object.entries(compose.secrets))
      expect(secret.file, name).toMatch(/^\.\/\.data\//);
  });
});
