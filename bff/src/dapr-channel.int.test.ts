// Issue 11, defect 9: in Dapr mode the bff's subscription routes were mounted on the public app and
// took any caller. Now they live on a loopback listener of their own, behind the app API token, and
// the bff refuses to start in Dapr mode without that token.
import { createLogger } from '@todo/platform';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../tests/support/dapr-processes.ts';
import { loadBffConfig, startBff } from './start.ts';

const APP_API_TOKEN = 'app-api-token-0123456789';
const logger = createLogger('bff-test', 'silent');
const closers: (() => Promise<void>)[] = [];
afterAll(async () => {
  await Promise.all(closers.map((close) => close()));
});

const env = {
  INTERNAL_TOKEN: 'internal-token-0123456789',
  PORT: '0',
  HOST: '127.0.0.1',
  LOG_LEVEL: 'silent',
};

describe('the bff in Dapr mode', () => {
  it('refuses to start without APP_API_TOKEN', () => {
    expect(() => loadBffConfig({ ...env, EVENT_BUS: 'dapr' })).toThrow(/APP_API_TOKEN is missing/);
  });

  it("serves Dapr's routes only on the sidecar's own listener, and only with the app API token", async () => {
    const daprAppPort = await freePort();
    const bff = await startBff(
      loadBffConfig({ ...env, EVENT_BUS: 'dapr', APP_API_TOKEN, DAPR_APP_PORT: String(daprAppPort) }),
      { logger },
    );
    closers.push(() => bff.close());
    const sidecarChannel = `http://127.0.0.1:${daprAppPort}`;
    const event = {
      method: 'POST',
      headers: { 'content-type': 'application/cloudevents+json' },
      body: JSON.stringify({ id: 'e-1', type: 'todo.created', source: 'x', specversion: '1.0', data: {} }),
    };

    const publicList = await fetch(`${bff.url}/dapr/subscribe`);
    const publicDelivery = await fetch(`${bff.url}/dapr/events/todo-events`, event);
    expect(await publicList.text()).not.toContain('todo-events');
    expect(publicDelivery.status).toBeGreaterThanOrEqual(400);

    const anonymous = await fetch(`${sidecarChannel}/dapr/subscribe`);
    const wrong = await fetch(`${sidecarChannel}/dapr/events/todo-events`, {
      ...event,
      headers: { ...event.headers, 'dapr-api-token': `${APP_API_TOKEN}-not` },
    });
    expect(anonymous.status).toBe(401);
    expect(wrong.status).toBe(401);

    const list = await fetch(`${sidecarChannel}/dapr/subscribe`, {
      headers: { 'dapr-api-token': APP_API_TOKEN },
    });
    expect(list.status).toBe(200);
    expect(await list.json()).toEqual([
      expect.objectContaining({ pubsubname: 'events-broadcast', topic: 'todo-events' }),
    ]);
  });
});
