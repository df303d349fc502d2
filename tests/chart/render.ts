// Renders the Helm chart with the real `helm template` (HELM_PATH, or the binary scripts/k8s-tools.sh
// built) and parses the manifests with `yaml`, for the chart suites (tests/chart/*.chart.test.ts).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const ROOT = path.resolve(import.meta.dirname, '../..');
export const CHART = path.join(ROOT, 'k8s/charts/todo');
export const NAMESPACE = 'todo';
export const RELEASE = 'todo';

/** A rendered Kubernetes object, loosely typed: the suites read what they assert on. */
export interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: {
    name: string;
    namespace?: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
  };
  spec?: any;
  [key: string]: any;
}

function helmPath(): string {
  if (process.env.HELM_PATH) return process.env.HELM_PATH;
  // Fails (never skips) when helm is not built: `scripts/k8s-tools.sh build helm` builds it.
  const out = execFileSync(path.join(ROOT, 'scripts/k8s-tools.sh'), ['env', 'helm'], { encoding: 'utf8' });
  const line = out.split('\n').find((l) => l.startsWith('HELM_PATH='));
  if (!line) throw new Error('scripts/k8s-tools.sh env helm printed no HELM_PATH');
  return line.slice('HELM_PATH='.length);
}

const helm = helmPath();

/** The values files the chart ships (values-ci.yaml too once it exists), by name. */
export const VALUES_FILES: Record<string, string[]> = {
  default: [],
  minikube: ['values-minikube.yaml'],
  production: ['values-production.yaml'],
  ...(existsSync(path.join(CHART, 'values-ci.yaml')) ? { ci: ['values-ci.yaml'] } : {}),
};

/** `helm template` with the given values files and --set pairs: its output, or its error. */
export function helmTemplate(files: string[], set: string[] = []) {
  const args = ['template', RELEASE, CHART, '--namespace', NAMESPACE];
  for (const f of files) args.push('-f', path.join(CHART, f));
  for (const s of set) args.push('--set', s);
  const res = spawnSync(helm, args, { encoding: 'utf8' });
  return { status: res.status, stdout: res.stdout, stderr: res.stderr };
}

/** The rendered objects (hooks and test pods included); throws with helm's message on failure. */
export function render(files: string[], set: string[] = []): Manifest[] {
  const res = helmTemplate(files, set);
  if (res.status !== 0) throw new Error(`helm template failed: ${res.stderr}`);
  return parseAllDocuments(res.stdout)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

export const readValues = (file: string): unknown => parse(readFileSync(path.join(CHART, file), 'utf8'));

export const ofKind = (objects: Manifest[], kind: string) => objects.filter((o) => o.kind === kind);

export const byName = (objects: Manifest[], kind: string, name: string) => {
  const found = objects.find((o) => o.kind === kind && o.metadata.name === name);
  if (!found) throw new Error(`no ${kind} ${name} rendered`);
  return found;
};

/** Every pod template of the release: Deployments, StatefulSets, Jobs, and bare Pods (helm test). */
export function podSpecs(objects: Manifest[]) {
  return objects.flatMap((o) => {
    const name = `${o.kind}/${o.metadata.name}`;
    if (['Deployment', 'StatefulSet', 'DaemonSet', 'Job'].includes(o.kind)) {
      return [{ name, spec: o.spec.template.spec, metadata: o.spec.template.metadata }];
    }
    if (o.kind === 'Pod') return [{ name, spec: o.spec, metadata: o.metadata }];
    return [];
  });
}

export const APPS = ['bff', 'core-service', 'worker'] as const;
export const appName = (app: string) => `${RELEASE}-${app}`;
