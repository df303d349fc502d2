#!/usr/bin/env node
// Gate for `npm run test:stack`: the stack tests run against real PostgreSQL, Redis and Kafka and
// start real Dapr sidecars, and a missing one is a failure, never a skip. Exits 1 naming everything
// that is missing: an unset DATABASE_URL / REDIS_URL / KAFKA_BROKERS / DAPRD_PATH / DAPR_SENTRY_PATH /
// DAPR_CLI_PATH, an unparsable one, a host:port that does not accept a TCP connection within 3 s, or
// a Dapr binary that is not an executable file. No dependencies. Start local servers with
// scripts/stack-services.sh and scripts/kafka.sh; build the Dapr binaries with scripts/daprd.sh.
import { accessSync, constants, statSync } from 'node:fs';
import net from 'node:net';

const TIMEOUT_MS = 3000;

const services = [
  { env: 'DATABASE_URL', label: 'PostgreSQL', protocols: ['postgres:', 'postgresql:'], defaultPort: 5432 },
  { env: 'REDIS_URL', label: 'Redis', protocols: ['redis:', 'rediss:'], defaultPort: 6379 },
];

/** The TCP (or unix-socket) address in a connection URL, or a string saying what is wrong. */
function target(service, raw) {
  let url;
  try {
    url = new URL(raw);
  } catch {
    return `${service.env} is not a valid URL`;
  }
  if (!service.protocols.includes(url.protocol)) {
    return `${service.env} must start with ${service.protocols.map((p) => `${p}//`).join(' or ')}`;
  }
  // libpq also accepts postgres:///db?host=/run/postgresql (a unix-socket directory).
  const hostParam = url.searchParams.get('host') ?? '';
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1') || hostParam || 'localhost';
  const port = Number(url.port || url.searchParams.get('port') || service.defaultPort);
  if (host.startsWith('/')) return { path: `${host}/.s.PGSQL.${port}`, where: `${host} (port ${port})` };
  return { host, port, where: `${host.includes(':') ? `[${host}]` : host}:${port}` };
}

function connect(address) {
  return new Promise((resolve) => {
    const socket = net.connect(
      address.path ? { path: address.path } : { host: address.host, port: address.port },
    );
    const done = (error) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(error);
    };
    const timer = setTimeout(() => done(`no answer within ${TIMEOUT_MS / 1000} s`), TIMEOUT_MS);
    socket.once('connect', () => done(null));
    socket.once('error', (e) => done(e.code ?? e.message));
  });
}

/** KAFKA_BROKERS (and its SASL/TLS listener, KAFKA_SECURE_BROKERS) is host:port[,host:port...]; every listed broker must answer. */
async function checkKafka(env) {
  const raw = process.env[env]?.trim();
  if (!raw) return [`Kafka: ${env} is not set`];
  const brokers = raw.split(',').map((b) => b.trim());
  return Promise.all(
    brokers.map(async (broker) => {
      const match = /^(\[[^\]]+\]|[^:]+):(\d+)$/.exec(broker);
      if (!match) return `Kafka: '${broker}' in ${env} is not host:port`;
      const address = { host: match[1].replace(/^\[(.*)\]$/, '$1'), port: Number(match[2]) };
      const error = await connect(address);
      return error ? `Kafka: cannot connect to ${broker} from ${env} (${error})` : null;
    }),
  );
}

/** The Dapr binaries scripts/daprd.sh builds: daprd, and sentry for the mTLS of the replica tests. */
function checkDapr(env) {
  const file = process.env[env]?.trim();
  if (!file) return `Dapr: ${env} is not set`;
  try {
    if (!statSync(file).isFile()) return `Dapr: ${env} ${file} is not a file`;
    accessSync(file, constants.X_OK);
    return null;
  } catch (e) {
    return `Dapr: ${env} ${file} is not an executable file (${e.code ?? e.message})`;
  }
}

const problems = await Promise.all(
  services.map(async (service) => {
    const raw = process.env[service.env];
    if (!raw || !raw.trim()) return `${service.label}: ${service.env} is not set`;
    const address = target(service, raw.trim());
    if (typeof address === 'string') return `${service.label}: ${address}`;
    const error = await connect(address);
    return error
      ? `${service.label}: cannot connect to ${address.where} from ${service.env} (${error})`
      : null;
  }),
);

problems.push(
  ...(await checkKafka('KAFKA_BROKERS')),
  ...(await checkKafka('KAFKA_SECURE_BROKERS')),
  ...['KAFKA_SECURE_CA_FILE', 'KAFKA_SECURE_USERNAME', 'KAFKA_SECURE_PASSWORD'].map((env) =>
    process.env[env]?.trim() ? null : `Kafka: ${env} is not set`,
  ),
  checkDapr('DAPRD_PATH'),
  checkDapr('DAPR_SENTRY_PATH'),
  checkDapr('DAPR_CLI_PATH'),
);

const missing = problems.filter(Boolean);
if (missing.length > 0) {
  console.error(
    [
      'The stack tests need real PostgreSQL, Redis and Kafka servers and a daprd binary; missing:',
      ...missing.map((m) => `  - ${m}`),
      'Start local ones and export the lines they print: scripts/stack-services.sh, scripts/kafka.sh',
      'and scripts/daprd.sh (its first build takes minutes).',
    ].join('\n'),
  );
  process.exit(1);
}
console.log(
  `stack services reachable: ${[...services.map((s) => s.label), 'Kafka', 'daprd', 'sentry', 'the Dapr CLI'].join(', ')}`,
);
