// Slowloris: a client that sends its headers a byte at a time must lose its socket after the
// server's headers timeout, not hold it for Node's default minute (or, for a body, five).
import { connect } from 'node:net';
import { pino } from 'pino';
import { afterEach, describe, expect, it } from 'vitest';
import { createHttpApp, listen, SERVER_TIMEOUTS, type RunningServer } from './server.ts';

const running: RunningServer[] = [];
afterEach(async () => {
  await Promise.all(running.splice(0).map((s) => s.close(100)));
});

async function start(timeouts = SERVER_TIMEOUTS) {
  const app = createHttpApp({ name: 'test', logger: pino({ level: 'silent' }) });
  app.use((ctx) => {
    ctx.body = { ok: true };
  });
  const server = await listen(app, 0, '127.0.0.1', timeouts);
  running.push(server);
  return server;
}

/** Opens a socket, sends `head` and then one header byte every 200 ms; resolves with what came back and when. */
function trickle(port: number, head: string) {
  return new Promise<{ answer: string; afterMs: number }>((resolve) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1');
    let answer = '';
    socket.on('data', (chunk) => (answer += chunk.toString()));
    socket.write(head);
    const drip = setInterval(() => socket.writable && socket.write('x'), 200);
    socket.on('close', () => {
      clearInterval(drip);
      resolve({ answer, afterMs: Date.now() - started });
    });
    socket.on('error', () => {});
  });
}

describe('server timeouts', () => {
  it('are set deliberately on every server listen() makes', async () => {
    const { server } = await start();
    expect(server.headersTimeout).toBe(15_000);
    expect(server.requestTimeout).toBe(60_000);
    expect(server.keepAliveTimeout).toBe(65_000);
    // Headers must be due well before a whole request is.
    expect(SERVER_TIMEOUTS.headersMs).toBeLessThan(SERVER_TIMEOUTS.requestMs);
  });

  it('cut a client that trickles its headers, with a 408 problem', async () => {
    const { port } = await start({ headersMs: 600, requestMs: 2000, keepAliveMs: 1000, checkEveryMs: 100 });
    const { answer, afterMs } = await trickle(port, 'GET /x HTTP/1.1\r\nHost: a\r\nX-Slow: ');
    expect(afterMs).toBeLessThan(2000);
    expect(answer).toMatch(/^HTTP\/1.1 408/);
    expect(answer).toContain('application/problem+json');
  });

  it('cut a client that trickles its body once the request timeout is up', async () => {
    const { port } = await start({ headersMs: 500, requestMs: 1000, keepAliveMs: 1000, checkEveryMs: 100 });
    const { afterMs } = await trickle(
      port,
      'POST /x HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n',
    );
    expect(afterMs).toBeLessThan(2500);
  });
});
