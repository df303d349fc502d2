// Reads the Dapr topology as the repository declares it: the components of a resources folder
// (dapr/local, dapr/compose), the multi-app run file (dapr/dapr.yaml) and compose.yml. The
// consistency test compares them; the Dapr stack tests start sidecars from the same files.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse, parseAllDocuments } from 'yaml';

export const ROOT = path.resolve(import.meta.dirname, '../..');

export interface DaprResource {
  kind: string;
  name: string;
  type?: string;
  scopes: string[];
  file: string;
}

/** Every document of every YAML file in a folder (or one file), as kind, name, type and scopes. */
export function daprResources(fileOrDir: string): DaprResource[] {
  const full = path.resolve(ROOT, fileOrDir);
  const files = full.endsWith('.yaml')
    ? [full]
    : readdirSync(full)
        .filter((f) => f.endsWith('.yaml'))
        .map((f) => path.join(full, f));
  return files.flatMap((file) =>
    parseAllDocuments(readFileSync(file, 'utf8'))
      .map((doc) => doc.toJS() as Record<string, any> | null)
      .filter((doc): doc is Record<string, any> => doc !== null && typeof doc === 'object')
      .map((doc) => ({
        kind: String(doc.kind),
        name: String(doc.metadata?.name),
        type: doc.spec?.type,
        scopes: (doc.scopes ?? []) as string[],
        file: path.relative(ROOT, file),
      })),
  );
}

export interface RunFileApp {
  appID: string;
  appPort: number;
  daprHTTPPort: number;
  configFilePath: string;
  env: Record<string, string>;
  command: string[];
}

export interface RunFile {
  common: { resourcesPaths: string[]; env: Record<string, string> } & Record<string, unknown>;
  apps: RunFileApp[];
}

export const readRunFile = (file = 'dapr/dapr.yaml'): RunFile =>
  parse(readFileSync(path.resolve(ROOT, file), 'utf8')) as RunFile;

export interface ComposeService {
  image?: string;
  command?: string[] | string;
  environment?: Record<string, string>;
  volumes?: string[];
  ports?: string[];
  network_mode?: string;
  secrets?: string[];
  env_file?: string | string[];
  depends_on?: Record<string, { condition: string }>;
}

export interface ComposeFile {
  services: Record<string, ComposeService>;
  secrets: Record<string, { file: string }>;
}

/** compose.yml with its anchors and merge keys (`<<`) resolved. */
export const readCompose = (file = 'compose.yml'): ComposeFile =>
  parse(readFileSync(path.resolve(ROOT, file), 'utf8'), { merge: true }) as ComposeFile;

/** A daprd command line's `--flag=value` (or `--flag value`) settings. */
export function daprdFlags(command: string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (let i = 0; i < command.length; i++) {
    const arg = command[i]!;
    if (!arg.startsWith('--')) continue;
    const eq = arg.indexOf('=');
    if (eq > 0) flags.set(arg.slice(2, eq), arg.slice(eq + 1));
    else flags.set(arg.slice(2), command[i + 1] ?? '');
  }
  return flags;
}
