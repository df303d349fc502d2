// The Helm chart's rendered manifests, for every values file it ships: what an SRE relies on without
// reading the templates. Rendered by the real `helm template`; the API server's dry run and
// kubeconform (scripts/chart-check.sh) check the same output against Kubernetes itself.
import { createECDH } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import {
  APPS,
  appName,
  byName,
  CHART,
  helmTemplate,
  NAMESPACE,
  ofKind,
  podSpecs,
  readValues,
  render,
  ROOT,
  VALUES_FILES,
  type Manifest,
} from './render.ts';

const rendered = Object.fromEntries(
  Object.entries(VALUES_FILES).map(([name, files]) => [name, render(files)]),
) as Record<string, Manifest[]>;

const SECRET_ENV = /TOKEN|PASSWORD|DATABASE_URL|SMTP_URL|VAPID_PRIVATE_KEY/;

describe.each(Object.keys(rendered))('values: %s', (name) => {
  const objects = rendered[name]!;
  const pods = podSpecs(objects);

  it('runs every pod under the restricted Pod Security Standard, with a read-only root filesystem', () => {
    expect(pods.length).toBeGreaterThan(3);
    for (const { name: pod, spec } of pods) {
      const podCtx = spec.securityContext ?? {};
      expect(podCtx.runAsNonRoot, `${pod}: runAsNonRoot`).toBe(true);
      expect(podCtx.seccompProfile?.type, `${pod}: seccomp`).toBe('RuntimeDefault');
      expect(spec.hostNetwork ?? false, `${pod}: hostNetwork`).toBe(false);
      expect(spec.hostPID ?? false, `${pod}: hostPID`).toBe(false);
      for (const v of spec.volumes ?? []) expect(v.hostPath, `${pod}: hostPath ${v.name}`).toBeUndefined();
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        const where = `${pod}/${c.name}`;
        const ctx = c.securityContext ?? {};
        expect(ctx.allowPrivilegeEscalation, `${where}: allowPrivilegeEscalation`).toBe(false);
        expect(ctx.capabilities?.drop, `${where}: capabilities`).toEqual(['ALL']);
        expect(ctx.capabilities?.add ?? [], `${where}: added capabilities`).toEqual([]);
        expect(ctx.privileged ?? false, `${where}: privileged`).toBe(false);
        expect(ctx.readOnlyRootFilesystem, `${where}: readOnlyRootFilesystem`).toBe(true);
        expect(ctx.runAsUser ?? podCtx.runAsUser, `${where}: numeric non-root user`).toBeGreaterThan(0);
        expect(
          c.resources?.requests?.cpu && c.resources?.requests?.memory,
          `${where}: requests`,
        ).toBeTruthy();
        expect(c.resources?.limits?.cpu && c.resources?.limits?.memory, `${where}: limits`).toBeTruthy();
      }
    }
  });

  it('gives every app a Dapr sidecar with its id, config, app token, JSON logs and bounded resources', () => {
    for (const app of APPS) {
      const deployment = byName(objects, 'Deployment', appName(app));
      const a = deployment.spec.template.metadata.annotations;
      expect(a['dapr.io/enabled']).toBe('true');
      expect(a['dapr.io/app-id']).toBe(app);
      expect(a['dapr.io/app-port']).toBe(app === 'bff' ? '3003' : '3000');
      expect(a['dapr.io/config']).toBe(app);
      expect(a['dapr.io/log-as-json']).toBe('true');
      expect(a['dapr.io/app-token-secret']).toBe('todo-dapr-app-token');
      expect(a['dapr.io/api-token-secret']).toBe('todo-dapr-api-token');
      for (const k of ['cpu-request', 'memory-request', 'cpu-limit', 'memory-limit']) {
        expect(a[`dapr.io/sidecar-${k}`], `${app}: sidecar ${k}`).toMatch(/^[0-9.]+(m|Mi|Gi)?$/);
      }
      // The Configuration it names exists, and the app's token is the one its sidecar presents.
      byName(objects, 'Configuration', app);
      const env = deployment.spec.template.spec.containers[0].env;
      expect(env.find((e: { name: string }) => e.name === 'APP_API_TOKEN').valueFrom.secretKeyRef).toEqual({
        name: 'todo-dapr-app-token',
        key: 'token',
      });
    }
  });

  it('probes every app on /healthz (startup, liveness) and /readyz (readiness)', () => {
    for (const app of APPS) {
      const [c] = byName(objects, 'Deployment', appName(app)).spec.template.spec.containers;
      expect(c.startupProbe.httpGet.path).toBe('/healthz');
      expect(c.livenessProbe.httpGet.path).toBe('/healthz');
      expect(c.readinessProbe.httpGet.path).toBe('/readyz');
    }
  });

  it('denies all traffic by default and opens a policy for each app', () => {
    const policies = ofKind(objects, 'NetworkPolicy');
    const deny = policies.find((p) => Object.keys(p.spec.podSelector).length === 0);
    expect(deny?.spec.policyTypes).toEqual(['Ingress', 'Egress']);
    expect(deny?.spec.ingress ?? []).toEqual([]);
    expect(deny?.spec.egress ?? []).toEqual([]);
    for (const app of APPS) {
      const own = byName(objects, 'NetworkPolicy', appName(app));
      expect(own.spec.podSelector.matchLabels['app.kubernetes.io/component']).toBe(app);
    }
    // core-service takes invocations (Dapr's sidecar port) from the bff and the worker only.
    const core = byName(objects, 'NetworkPolicy', appName('core-service'));
    expect(core.spec.ingress).toHaveLength(1);
    expect(core.spec.ingress[0].ports).toEqual([{ port: 50002, protocol: 'TCP' }]);
    expect(
      core.spec.ingress[0].from.map(
        (f: { podSelector: { matchLabels: Record<string, string> } }) =>
          f.podSelector.matchLabels['app.kubernetes.io/component'],
      ),
    ).toEqual(['bff', 'worker']);
  });

  it('lets each app read only its own Secrets, by name', () => {
    for (const role of ofKind(objects, 'Role')) {
      for (const rule of role.spec ?? role.rules) {
        expect(rule.verbs, role.metadata.name).toEqual(['get']);
        expect(rule.resources).toEqual(['secrets']);
        expect(rule.resourceNames.length).toBeGreaterThan(0);
        expect(rule.resourceNames).not.toContain('*');
      }
    }
    const bff = byName(objects, 'Role', `${appName('bff')}-secrets`);
    expect(bff.rules[0].resourceNames).toEqual(['internal-token']);
    expect(ofKind(objects, 'ClusterRole')).toEqual([]);
  });

  it('passes every secret to a container by reference, never as a value', () => {
    for (const { name: pod, spec } of pods) {
      for (const c of [...(spec.initContainers ?? []), ...spec.containers]) {
        for (const e of c.env ?? []) {
          if (SECRET_ENV.test(e.name)) {
            expect(e.value, `${pod}/${c.name}: ${e.name} is inline`).toBeUndefined();
            expect(e.valueFrom?.secretKeyRef, `${pod}/${c.name}: ${e.name}`).toBeDefined();
          }
        }
      }
    }
    for (const cm of ofKind(objects, 'ConfigMap')) {
      for (const [key, value] of Object.entries(cm.data ?? {})) {
        expect(SECRET_ENV.test(key), `ConfigMap ${cm.metadata.name} holds ${key}`).toBe(false);
        expect(String(value), `ConfigMap ${cm.metadata.name}.${key}`).not.toMatch(/:\/\/[^/\s:@]+:[^@\s]+@/);
      }
    }
  });

  it('names the Dapr components as every other environment does, scoped to the apps that use them', () => {
    const components = Object.fromEntries(
      ofKind(objects, 'Component').map((c) => [c.metadata.name, c] as const),
    );
    expect(Object.keys(components).sort()).toEqual(
      ['events', 'events-broadcast', 'reminder-clock', 'secretstore', 'statestore'].sort(),
    );
    // The same names and scopes as dapr/kubernetes/ (what docs/dapr.md and the code refer to).
    for (const file of ['pubsub.yaml', 'statestore.yaml', 'secretstore.yaml', 'reminder-clock.yaml']) {
      const source = parseAllDocuments(readFileSync(path.join(ROOT, 'dapr/kubernetes', file), 'utf8'));
      for (const doc of source.map((d) => d.toJS() as Manifest)) {
        expect(components[doc.metadata.name]?.scopes, `${file}: ${doc.metadata.name}`).toEqual(doc.scopes);
      }
    }
    expect(components['events-broadcast']!.spec.metadata).toContainEqual(
      expect.objectContaining({ value: '{podName}' }),
    );
  });

  it("admits callers by mTLS identity from the release's namespace only", () => {
    const policies = (app: string) => byName(objects, 'Configuration', app).spec.accessControl;
    for (const app of APPS) {
      expect(policies(app).defaultAction).toBe('deny');
      expect(byName(objects, 'Configuration', app).spec.mtls.enabled).toBe(true);
    }
    expect(policies('bff').policies).toEqual([]);
    expect(policies('core-service').policies.map((p: { appId: string }) => p.appId)).toEqual([
      'bff',
      'worker',
    ]);
    expect(policies('worker').policies.map((p: { appId: string }) => p.appId)).toEqual(['bff']);
    for (const p of policies('core-service').policies) expect(p.namespace).toBe(NAMESPACE);
  });

  it('runs the migrations as a hook before the upgrade, reading the database URL from its Secret', () => {
    const job = byName(objects, 'Job', 'todo-migrations');
    expect(job.metadata.annotations!['helm.sh/hook']).toContain('pre-upgrade');
    // core-service's schema first (its image), then the worker's tables (the worker's image).
    const [core] = job.spec.template.spec.initContainers;
    const [worker] = job.spec.template.spec.containers;
    expect(core.image).toContain('core-service');
    expect(core.command.at(-1)).toBe('dist/core-migrate.mjs');
    expect(worker.image).toContain('worker');
    expect(worker.command.at(-1)).toBe('dist/worker-migrate.mjs');
    for (const c of [core, worker]) {
      expect(c.env.find((e: { name: string }) => e.name === 'DATABASE_URL').valueFrom.secretKeyRef).toEqual({
        name: 'database-url',
        key: 'database-url',
      });
    }
    // Neither app migrates at start: the Job did.
    expect(byName(objects, 'ConfigMap', appName('core-service')).data.MIGRATE_ON_START).toBe('false');
    expect(byName(objects, 'ConfigMap', appName('worker')).data.MIGRATE_ON_START).toBe('false');
  });

  it('has a helm test that smoke-tests the release through the bff Service', () => {
    const [test] = ofKind(objects, 'Pod').filter((p) => p.metadata.annotations?.['helm.sh/hook'] === 'test');
    expect(test).toBeDefined();
    expect(test!.spec.containers[0].env).toContainEqual({
      name: 'BASE_URL',
      value: `http://${appName('bff')}.${NAMESPACE}.svc`,
    });
  });
});

/** The files a Dockerfile target copies into dist/ (the built services and their steps). */
function builtFilesOf(target: string): string[] {
  const dockerfile = readFileSync(path.join(ROOT, 'Dockerfile'), 'utf8');
  const stage = dockerfile.split(/^FROM /m).find((s) => s.startsWith(`runtime AS ${target}\n`));
  if (!stage) throw new Error(`no ${target} target in the Dockerfile`);
  return [...stage.matchAll(/\/app\/(dist\/[\w-]+\.mjs)/g)].map((m) => m[1]!);
}

describe('the Jobs and the images', () => {
  it("run files each image has: the migrations and the Kafka topics from core-service's, the worker's tables from its own", () => {
    const values = readValues('values.yaml') as {
      migrations: { command: string[]; workerCommand: string[] };
      kafkaTopics: { command: string[] };
    };
    const core = builtFilesOf('core-service');
    expect(core).toContain('dist/core-service.mjs');
    expect(core).toContain(values.migrations.command.at(-1));
    expect(core).toContain(values.kafkaTopics.command.at(-1));
    expect(builtFilesOf('worker')).toContain(values.migrations.workerCommand.at(-1));
    expect(values.migrations.command[0]).toBe('node');
  });
});

describe('the apps’ heap', () => {
  const heapEnv = (objects: Manifest[], app: string) =>
    (
      byName(objects, 'Deployment', appName(app)).spec.template.spec.containers[0].env as {
        name: string;
        value?: string;
      }[]
    ).find((e) => e.name === 'HEAP_GROWING_PERCENT');

  it('keeps every app within its memory request by default, and leaves V8 its own factor with 0', () => {
    const tuned = render([], ['heapGrowingPercent=35']);
    const own = render([], ['heapGrowingPercent=0']);
    for (const app of APPS) {
      expect(heapEnv(rendered.default!, app), app).toEqual({ name: 'HEAP_GROWING_PERCENT', value: '20' });
      expect(heapEnv(tuned, app)?.value, app).toBe('35');
      expect(heapEnv(own, app), app).toBeUndefined();
    }
    expect(helmTemplate([], ['heapGrowingPercent=-1']).status).not.toBe(0);
  });
});

describe('values-production.yaml', () => {
  const objects = rendered.production!;

  it('runs at least 3 replicas of every app, autoscaled from 3, never drained below 2', () => {
    for (const app of APPS) {
      const hpa = byName(objects, 'HorizontalPodAutoscaler', appName(app));
      expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(3);
      expect(hpa.spec.maxReplicas).toBeGreaterThan(hpa.spec.minReplicas);
      expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: appName(app) });
      expect(hpa.spec.metrics[0].resource.name).toBe('cpu');
      const pdb = byName(objects, 'PodDisruptionBudget', appName(app));
      expect(pdb.spec.minAvailable).toBeGreaterThanOrEqual(2);
      expect(pdb.spec.selector.matchLabels['app.kubernetes.io/component']).toBe(app);
    }
    const values = readValues('values-production.yaml') as Record<string, { replicas: number }>;
    for (const key of ['bff', 'coreService', 'worker'])
      expect(values[key]!.replicas).toBeGreaterThanOrEqual(3);
  });

  it('spreads replicas over nodes (required) and zones', () => {
    for (const app of APPS) {
      const spec = byName(objects, 'Deployment', appName(app)).spec.template.spec;
      const [term] = spec.affinity.podAntiAffinity.requiredDuringSchedulingIgnoredDuringExecution;
      expect(term.topologyKey).toBe('kubernetes.io/hostname');
      expect(term.labelSelector.matchLabels['app.kubernetes.io/component']).toBe(app);
      expect(spec.topologySpreadConstraints[0]).toMatchObject({
        topologyKey: 'topology.kubernetes.io/zone',
        labelSelector: { matchLabels: { 'app.kubernetes.io/component': app } },
      });
    }
  });

  it('generates no Secret: every one is made outside the chart', () => {
    expect(ofKind(objects, 'Secret')).toEqual([]);
  });

  it('ships the alerts and the dashboard through the Prometheus Operator and Grafana', () => {
    const rule = byName(objects, 'PrometheusRule', 'todo');
    expect(rule.spec.groups.length).toBeGreaterThan(0);
    const dashboard = byName(objects, 'ConfigMap', 'todo-dashboard');
    expect(JSON.parse(dashboard.data['todo.json']).title).toBeTruthy();
    byName(objects, 'PodMonitor', 'todo');
  });

  it('reaches the managed Kafka with SASL over TLS from the sidecars and the topics Job alike', () => {
    const metadata = Object.fromEntries(
      (byName(objects, 'Component', 'events').spec.metadata as { name: string; value?: string }[]).map(
        (m) => [m.name, m.value],
      ),
    );
    // Dapr's names for SCRAM (tests/dapr/kafka-sasl.stack.test.ts runs this Component in daprd).
    expect(metadata).toMatchObject({ authType: 'password', saslMechanism: 'SHA-512', disableTls: 'false' });
    const job = byName(objects, 'Job', 'todo-kafka-topics');
    const env = job.spec.template.spec.containers[0].env as {
      name: string;
      value?: string;
      valueFrom?: unknown;
    }[];
    const byKey = Object.fromEntries(env.map((e) => [e.name, e]));
    expect(byKey.KAFKA_BROKERS?.value).toBe(metadata.brokers);
    expect(byKey.KAFKA_TLS?.value).toBe('true');
    expect(byKey.KAFKA_SASL_MECHANISM?.value).toBe('SCRAM-SHA-512');
    expect(byKey.KAFKA_SASL_USERNAME?.value).toBe(metadata.saslUsername);
    expect(byKey.KAFKA_SASL_PASSWORD?.valueFrom).toEqual({
      secretKeyRef: { name: 'kafka-sasl', key: 'password' },
    });
    expect(byKey.KAFKA_REPLICATION_FACTOR?.value).toBe('3');

    // A private CA (Strimzi's cluster CA): its Secret's ca.crt, for the sidecars and the Job alike.
    const withCa = render(['values-production.yaml'], ['dapr.pubsub.kafka.caSecret=kafka-ca']);
    const caCert = (byName(withCa, 'Component', 'events').spec.metadata as { name: string }[]).find(
      (m) => m.name === 'caCert',
    );
    expect(caCert).toEqual({ name: 'caCert', secretKeyRef: { name: 'kafka-ca', key: 'ca.crt' } });
    const caPod = byName(withCa, 'Job', 'todo-kafka-topics').spec.template.spec;
    const caFile = caPod.containers[0].env.find(
      (e: { name: string }) => e.name === 'KAFKA_TLS_CA_FILE',
    ).value;
    const mount = caPod.containers[0].volumeMounts.find((m: { name: string }) => m.name === 'kafka-ca');
    expect(path.join(mount.mountPath, 'ca.crt')).toBe(caFile);
    expect(mount.readOnly).toBe(true);
    expect(caPod.volumes.find((v: { name: string }) => v.name === 'kafka-ca').secret).toEqual({
      secretName: 'kafka-ca',
      items: [{ key: 'ca.crt', path: 'ca.crt' }],
    });
    expect(metadata.caCert).toBeUndefined();

    // The default values' broker (authType none, no TLS): none of it.
    const plain = byName(rendered.default!, 'Job', 'todo-kafka-topics').spec.template.spec.containers[0]
      .env as {
      name: string;
    }[];
    expect(plain.map((e) => e.name).filter((n) => /^KAFKA_(TLS|SASL)/.test(n))).toEqual([]);
  });
});

describe('values-minikube.yaml', () => {
  it('puts pub/sub on Redis Streams and runs PostgreSQL and Redis in the release', () => {
    const objects = rendered.minikube!;
    expect(byName(objects, 'Component', 'events').spec.type).toBe('pubsub.redis');
    byName(objects, 'StatefulSet', 'todo-postgresql');
    byName(objects, 'Deployment', 'todo-redis');
    // The first install migrates once PostgreSQL (a resource of the release) exists.
    expect(byName(objects, 'Job', 'todo-migrations').metadata.annotations!['helm.sh/hook']).toBe(
      'post-install,pre-upgrade',
    );
    expect(ofKind(objects, 'Job').map((j) => j.metadata.name)).not.toContain('todo-kafka-topics');
  });
});

describe('generated secrets', () => {
  const secret = (objects: Manifest[], name: string) =>
    Buffer.from(
      Object.values(byName(objects, 'Secret', name).data as Record<string, string>)[0]!,
      'base64',
    ).toString();

  it('makes a VAPID key pair Web Push accepts: the public key is the private key’s P-256 point', () => {
    const objects = rendered.default!;
    const priv = secret(objects, 'vapid-private-key');
    const pub = secret(objects, 'vapid-public-key');
    expect(priv).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(pub).toMatch(/^[A-Za-z0-9_-]{87}$/);
    const ecdh = createECDH('prime256v1');
    ecdh.setPrivateKey(Buffer.from(priv, 'base64url'));
    expect(ecdh.getPublicKey().toString('base64url')).toBe(pub);
  });

  it('makes different tokens on every fresh render and keeps them out of values', () => {
    const again = render([]);
    expect(secret(again, 'internal-token')).not.toBe(secret(rendered.default!, 'internal-token'));
    expect(secret(again, 'internal-token')).toHaveLength(48);
    expect(byName(again, 'Secret', 'internal-token').metadata.annotations).toMatchObject({
      'helm.sh/resource-policy': 'keep',
    });
  });

  it('builds the database URL of the in-release PostgreSQL from its generated password', () => {
    const objects = rendered.minikube!;
    const password = secret(objects, 'todo-postgresql');
    expect(secret(objects, 'database-url')).toBe(`postgres://todo:${password}@todo-postgresql:5432/todo`);
  });
});

describe('values files', () => {
  // A key that names a secret's value (not where it lives) has no place in values.
  const SECRET_KEY = /(password|token|secret|privatekey|apikey|credential)s?$/i;
  const walk = (node: unknown, at: string, found: string[]) => {
    if (node && typeof node === 'object') {
      for (const [k, v] of Object.entries(node)) {
        const where = `${at}.${k}`;
        // `secrets` holds modes (generate | existing | none) and `…Secret` names a Secret: both fine.
        if (
          SECRET_KEY.test(k) &&
          !/Secret$/.test(k) &&
          at !== '.secrets' &&
          v !== '' &&
          typeof v !== 'object'
        ) {
          found.push(`${where}=${String(v)}`);
        }
        walk(v, where, found);
      }
    } else if (typeof node === 'string' && /:\/\/[^/\s:@]+:[^@\s]+@|-----BEGIN/.test(node)) {
      found.push(`${at} holds a credential`);
    }
  };

  it.each(['values.yaml', ...Object.values(VALUES_FILES).flat()])('%s holds no secret value', (file) => {
    const found: string[] = [];
    walk(readValues(file), '', found);
    expect(found).toEqual([]);
    const modes = (readValues(file) as { secrets?: Record<string, string> }).secrets ?? {};
    for (const mode of Object.values(modes)) expect(['generate', 'existing', 'none']).toContain(mode);
  });

  it('refuses an unknown key and a generated database URL without the in-release PostgreSQL', () => {
    const typo = helmTemplate([], ['bff.replica=3']);
    expect(typo.status).not.toBe(0);
    expect(typo.stderr).toMatch(/additional properties 'replica' not allowed|replica/);
    const url = helmTemplate([], ['secrets.databaseUrl=generate']);
    expect(url.status).not.toBe(0);
    expect(url.stderr).toMatch(/postgresql/);
  });

  it('describes every key of values.yaml in values.schema.json', () => {
    const schema = JSON.parse(readFileSync(path.join(CHART, 'values.schema.json'), 'utf8'));
    const missing: string[] = [];
    const check = (values: unknown, s: { properties?: Record<string, unknown> }, at: string) => {
      if (!values || typeof values !== 'object' || Array.isArray(values) || !s.properties) return;
      for (const [k, v] of Object.entries(values)) {
        const sub = s.properties[k] as { properties?: Record<string, unknown> } | undefined;
        if (!sub) missing.push(`${at}.${k}`);
        else check(v, sub, `${at}.${k}`);
      }
    };
    check(readValues('values.yaml'), schema, '');
    expect(missing).toEqual([]);
  });
});
