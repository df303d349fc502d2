// A realtime stream ends when its session does: signing out closes it at once (it carried the
// person's change pokes, and a shared computer's next user must not keep them), and a person cannot
// hold more than ten.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signUp } from '../support/client.ts';
import { startStack, type TestStack } from '../support/stack.ts';

let stack: TestStack;
beforeAll(async () => {
  stack = await startStack();
});
afterAll(() => stack?.close());

async function openStream(cookie: string) {
  const res = await fetch(`${stack.url}/api/sync/stream`, { headers: { cookie } });
  return res;
}

describe('realtime streams and sessions', () => {
  it('closes an open stream when its session signs out', async () => {
    const { client } = await signUp(stack.url);
    const res = await openStream(client.cookie!);
    expect(res.status).toBe(200);
    const reader = res.body!.getReader();
    expect(new TextDecoder().decode((await reader.read()).value)).toContain('event: ready');
    expect((await client.post('/api/auth/logout')).status).toBe(204);
    const end = await Promise.race([
      (async () => {
        for (;;) if ((await reader.read()).done) return 'ended';
      })(),
      new Promise((r) => setTimeout(() => r('still open'), 3000)),
    ]);
    expect(end).toBe('ended');
  });

  it('refuses an eleventh stream of one person with 429', async () => {
    const { client } = await signUp(stack.url);
    const open = [];
    for (let i = 0; i < 10; i++) open.push(await openStream(client.cookie!));
    expect(open.map((r) => r.status)).toEqual(Array(10).fill(200));
    const eleventh = await openStream(client.cookie!);
    expect(eleventh.status).toBe(429);
    await eleventh.body?.cancel();
    for (const r of open) await r.body!.cancel();
  });
});
