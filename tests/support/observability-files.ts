// The metric names the alerts (k8s/charts/todo/files/alerts.yaml) and the dashboard
// (files/dashboard.json) use, read out of their PromQL, and the names a Prometheus scrape shows: what
// the observability check compares.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { ROOT } from './dapr-files.ts';

const FILES = path.join(ROOT, 'k8s/charts/todo/files');

/**
 * Families from outside the services (docs/observability.md): the Dapr sidecar's own (each name also
 * checked against real sidecars in tests/dapr/tracing.stack.test.ts), kube-state-metrics, cAdvisor,
 * and Prometheus's `up`.
 */
export const EXTERNAL_PREFIXES = ['dapr_', 'kube_', 'container_'];
export const EXTERNAL_NAMES = ['up'];

const KEYWORDS = new Set([
  'by',
  'without',
  'on',
  'ignoring',
  'group_left',
  'group_right',
  'bool',
  'offset',
  'and',
  'or',
  'unless',
  'inf',
  'nan',
]);

/** The metric names one PromQL expression reads. */
export function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/"(?:[^"\\]|\\.)*"/g, '""') // label values and strings
    .replace(/\{[^}]*\}/g, ' ') // label matchers
    .replace(/\[[^\]]*\]/g, ' ') // ranges and subqueries
    .replace(/\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)/g, ' '); // grouping labels
  const names = new Set<string>();
  for (const match of bare.matchAll(/[A-Za-z_:][\w:]*(?=\s*(\(?))/g)) {
    const word = match[0];
    if (match[1] === '(' || KEYWORDS.has(word.toLowerCase()) || /^\d/.test(word)) continue;
    names.add(word);
  }
  return [...names];
}

export interface Query {
  where: string;
  expr: string;
}

/** Every alert's expression. */
export function alertQueries(): Query[] {
  const file = parse(readFileSync(path.join(FILES, 'alerts.yaml'), 'utf8')) as {
    groups: { name: string; rules: { alert?: string; record?: string; expr: string }[] }[];
  };
  return file.groups.flatMap((g) =>
    g.rules.map((r) => ({ where: `alert ${r.alert ?? r.record}`, expr: r.expr })),
  );
}

interface Panel {
  title?: string;
  targets?: { expr?: string }[];
  panels?: Panel[];
}

/** Every dashboard panel's queries (rows' panels included) and the template variables' queries. */
export function dashboardQueries(): Query[] {
  const dashboard = JSON.parse(readFileSync(path.join(FILES, 'dashboard.json'), 'utf8')) as {
    panels: Panel[];
    templating?: { list: { name: string; type: string; query?: unknown }[] };
  };
  const queries: Query[] = [];
  const visit = (panels: Panel[]) => {
    for (const panel of panels) {
      for (const t of panel.targets ?? []) {
        if (t.expr) queries.push({ where: `panel "${panel.title}"`, expr: t.expr });
      }
      visit(panel.panels ?? []);
    }
  };
  visit(dashboard.panels);
  for (const v of dashboard.templating?.list ?? []) {
    if (v.type !== 'query') continue;
    const q = typeof v.query === 'string' ? v.query : (v.query as { query: string }).query;
    // label_values(metric, label): the metric is what it reads.
    const inner = /label_values\(\s*([^,)]+)/.exec(q)?.[1];
    queries.push({ where: `variable $${v.name}`, expr: inner ?? q });
  }
  return queries;
}

/** The series names a scrape in Prometheus text format offers (histograms' _bucket, _sum, _count). */
export function scrapedNames(text: string): Set<string> {
  const names = new Set<string>();
  for (const line of text.split('\n')) {
    const typed = /^# TYPE (\S+) (\w+)/.exec(line);
    if (typed) {
      const [, name, type] = typed;
      names.add(name!);
      if (type === 'histogram' || type === 'summary') {
        for (const suffix of ['_bucket', '_sum', '_count']) names.add(`${name}${suffix}`);
      }
      continue;
    }
    const sample = /^([A-Za-z_:][\w:]*)[{ ]/.exec(line);
    if (sample) names.add(sample[1]!);
  }
  return names;
}

export const isExternal = (name: string) =>
  EXTERNAL_NAMES.includes(name) || EXTERNAL_PREFIXES.some((p) => name.startsWith(p));
