// kubeconform schemas generated from CustomResourceDefinitions: for each CRD file under k8s/crds/,
// one JSON Schema per served version at <out>/<group>/<kind>_<version>.json (kubeconform's
// -schema-location '<out>/{{.Group}}/{{.ResourceKind}}_{{.ResourceAPIVersion}}.json'). Strict like
// kubeconform's own Kubernetes schemas: an object that lists its properties refuses any other,
// unless the CRD says it keeps unknown fields.
//
//   npx tsx scripts/crd-schemas.ts [crd-dir=k8s/crds] [out-dir=k8s/schemas]
//
// scripts/chart-crds.sh copies the CRDs from their projects' Go modules and runs this; chart-check.sh
// regenerates into a temporary folder and fails when the committed schemas differ.
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

type Schema = { [key: string]: unknown };

/** Closes every object schema with listed properties, as kubeconform's -strict mode expects. */
function strict(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(strict);
  if (!node || typeof node !== 'object') return node;
  const out: Schema = {};
  for (const [k, v] of Object.entries(node)) out[k] = strict(v);
  if (
    out.properties &&
    out.additionalProperties === undefined &&
    out['x-kubernetes-preserve-unknown-fields'] !== true
  ) {
    out.additionalProperties = false;
  }
  return out;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const p = path.join(dir, f);
      if (statSync(p).isDirectory()) return filesUnder(p);
      return /\.ya?ml$/.test(f) ? [p] : [];
    });
}

const [crdDir = 'k8s/crds', outDir = 'k8s/schemas'] = process.argv.slice(2);
let written = 0;
for (const file of filesUnder(crdDir)) {
  for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
    const crd = doc.toJS() as {
      kind?: string;
      spec?: {
        group: string;
        names: { kind: string };
        versions: { name: string; served: boolean; schema?: { openAPIV3Schema: Schema } }[];
      };
    } | null;
    if (crd?.kind !== 'CustomResourceDefinition' || !crd.spec) continue;
    const { group, names, versions } = crd.spec;
    for (const version of versions.filter((v) => v.served && v.schema)) {
      const schema = strict(version.schema!.openAPIV3Schema) as Schema;
      // apiVersion and kind are the resource's own: a manifest naming another version fails here.
      const properties = (schema.properties ?? {}) as Schema;
      properties.apiVersion = { type: 'string', enum: [`${group}/${version.name}`] };
      properties.kind = { type: 'string', enum: [names.kind] };
      schema.properties = properties;
      const target = path.join(outDir, group, `${names.kind.toLowerCase()}_${version.name}.json`);
      mkdirSync(path.dirname(target), { recursive: true });
      writeFileSync(target, `${JSON.stringify(schema, null, 2)}\n`);
      written++;
    }
  }
}
if (written === 0) {
  console.error(`no CustomResourceDefinition with a schema under ${crdDir}`);
  process.exit(1);
}
console.log(`${written} schemas written to ${outDir}`);
