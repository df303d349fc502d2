// A real Web Push service for the suites: the `web-push-testing` emulator's express app (it decrypts
// every message with the subscription's keys and checks the VAPID token) served over HTTPS with a
// self-signed localhost certificate made by openssl, since web-push sends over HTTPS only. The
// worker trusts it through `agent` (an https.Agent with this certificate as its CA).
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request, Agent, type Server } from 'node:https';
import { createRequire } from 'node:module';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);

interface EmulatorModel {
  notifyUrl: string;
  messages: Record<string, string[]>;
}
interface EmulatorServer {
  _app: {
    use(fn: (req: EmulatorRequest, res: EmulatorResponse, next: () => void) => void): void;
  } & ((req: unknown, res: unknown) => void);
  setRequestHandlers(): void;
}
interface EmulatorRequest {
  method: string;
  path: string;
  headers: Record<string, string | undefined>;
}
interface EmulatorResponse {
  statusCode: number;
  on(event: 'finish', fn: () => void): void;
  status(code: number): { send(body: unknown): void };
}

export interface BrowserSubscription {
  endpoint: string;
  expirationTime: null;
  keys: { p256dh: string; auth: string };
}

export interface Arrival {
  clientHash: string;
  status: number;
  at: number;
  ttl: string | undefined;
  urgency: string | undefined;
  topic: string | undefined;
}

export interface PushService {
  url: string;
  /** Trusts the certificate (the suite's own requests to the emulator). */
  agent: Agent;
  /** The certificate: hand it to the worker (startWorker's pushCa). */
  ca: Buffer;
  /** The certificate file, for a separate process's NODE_EXTRA_CA_CERTS. */
  certFile: string;
  /** A browser subscribing with our VAPID public key: a real PushSubscription and its handle. */
  subscribe(applicationServerKey: string): Promise<{ subscription: BrowserSubscription; clientHash: string }>;
  /** The browser forgets the subscription: further messages are answered 410. */
  expire(clientHash: string): Promise<void>;
  /** The decrypted payloads the subscription received, oldest first. */
  messages(clientHash: string): Promise<string[]>;
  /** Every message that reached /notify, with its answer, headers and arrival time (Date.now()). */
  arrivals: Arrival[];
  /** The push service is briefly unwell for this subscription: its next `times` messages get a 503. */
  failNext(clientHash: string, times: number): void;
  close(): Promise<void>;
}

function selfSignedLocalhost(dir: string) {
  const key = path.join(dir, 'key.pem');
  const cert = path.join(dir, 'cert.pem');
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      key,
      '-out',
      cert,
      '-days',
      '1',
      '-subj',
      '/CN=localhost',
      '-addext',
      'subjectAltName=DNS:localhost,IP:127.0.0.1',
    ],
    { stdio: 'pipe' },
  );
  return { key: readFileSync(key), cert: readFileSync(cert), certFile: cert };
}

export interface PushServiceOptions {
  /** The address to listen on and put in the endpoints (default: localhost on 127.0.0.1). */
  host?: string;
  /** A certificate for that address (default: a self-signed one for localhost). */
  tls?: { key: Buffer; cert: Buffer; certFile: string; ca?: Buffer };
}

export async function startPushService(options: PushServiceOptions = {}): Promise<PushService> {
  const dir = mkdtempSync(path.join(tmpdir(), 'push-service-'));
  const tls = options.tls ?? selfSignedLocalhost(dir);
  const { PushApiModel } = require('web-push-testing/src/PushApiModel.js') as {
    PushApiModel: new () => EmulatorModel;
  };
  const WebPushTestingServer = require('web-push-testing/src/server.js') as new (
    model: EmulatorModel,
    port: number,
  ) => EmulatorServer;
  const model = new PushApiModel();
  const emulator = new WebPushTestingServer(model, 0);
  const arrivals: Arrival[] = [];
  const failures = new Map<string, number>();
  emulator._app.use((req, res, next) => {
    const match = /^\/notify\/(\w+)$/.exec(req.path);
    if (req.method !== 'POST' || !match) return next();
    const clientHash = match[1]!;
    const { ttl, urgency, topic } = req.headers;
    res.on('finish', () =>
      arrivals.push({ clientHash, status: res.statusCode, at: Date.now(), ttl, urgency, topic }),
    );
    const failing = failures.get(clientHash) ?? 0;
    if (failing > 0) {
      failures.set(clientHash, failing - 1);
      res.status(503).send({ error: { message: 'unavailable for a moment' } });
      return;
    }
    next();
  });
  emulator.setRequestHandlers();
  const server: Server = createServer({ key: tls.key, cert: tls.cert }, emulator._app);
  await new Promise<void>((resolve) => server.listen(0, options.host ?? '127.0.0.1', resolve));
  const url = `https://${options.host ?? 'localhost'}:${(server.address() as AddressInfo).port}`;
  model.notifyUrl = `${url}/notify/`;
  const ca = options.tls?.ca ?? tls.cert;
  const agent = new Agent({ ca, keepAlive: true });

  const post = (route: string, body: unknown) =>
    new Promise<{ status: number; body: any }>((resolve, reject) => {
      const payload = JSON.stringify(body);
      const req = request(
        `${url}${route}`,
        { method: 'POST', agent, headers: { 'content-type': 'application/json' } },
        (res) => {
          let text = '';
          res.on('data', (c: Buffer) => (text += c.toString()));
          res.on('end', () => {
            let parsed: unknown = text;
            try {
              parsed = JSON.parse(text);
            } catch {
              // not JSON (e.g. "OK")
            }
            resolve({ status: res.statusCode ?? 0, body: parsed });
          });
        },
      );
      req.on('error', reject);
      req.end(payload);
    });

  return {
    url,
    agent,
    ca,
    certFile: tls.certFile,
    arrivals,
    failNext(clientHash, times) {
      failures.set(clientHash, times);
    },
    async subscribe(applicationServerKey) {
      const res = await post('/subscribe', { userVisibleOnly: 'true', applicationServerKey });
      if (res.status !== 200) throw new Error(`emulator refused to subscribe: ${JSON.stringify(res.body)}`);
      const { endpoint, keys, clientHash } = res.body.data;
      return { subscription: { endpoint, expirationTime: null, keys }, clientHash };
    },
    async expire(clientHash) {
      const res = await post(`/expire-subscription/${clientHash}`, {});
      if (res.status !== 200) throw new Error(`emulator could not expire: ${JSON.stringify(res.body)}`);
    },
    async messages(clientHash) {
      const res = await post('/get-notifications', { clientHash });
      if (res.status !== 200) throw new Error(`emulator has no such client: ${JSON.stringify(res.body)}`);
      return res.body.data.messages as string[];
    },
    async close() {
      agent.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
