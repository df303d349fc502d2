#!/usr/bin/env node
// Gate for `npm run test:stack`: the stack tests run against real PostgreSQL and Redis, and a
// missing server is a failure, never a skip. Exits 1 naming everything that is missing: an unset
// DATABASE_URL / REDIS_URL, an unparsable one, or a host:port that does not accept a TCP connection
// within 3 s. No dependencies. Start local servers with: scripts/stack-services.sh
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

const missing = problems.filter(Boolean);
if (missing.length > 0) {
  console.error(
    [
      'The stack tests need real PostgreSQL and Redis servers, and these are missing:',
      ...missing.map((m) => `  - ${m}`),
      'Start local ones and export the lines it prints: scripts/stack-services.sh',
    ].join('\n'),
  );
  process.exit(1);
}
console.log(`stack services reachable: ${services.map((s) => s.label).join(', ')}`);
