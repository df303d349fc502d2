// 3. Two browser contexts as two devices of one person: a change on one appears on the other within a
// second, without a reload (push, then the server's SSE poke, then a pull on the other device). Under
// E2E_TOPOLOGY=dapr the second device talks to the other bff replica.
import { describe, expect, it } from 'vitest';
import {
  devicesPerTest,
  listTitles,
  quickAdd,
  signIn,
  signUp,
  waitSynced,
  showAll,
} from './support/browser.ts';

const { baseUrl, secondBaseUrl, open } = devicesPerTest();

async function within(ms: number, action: () => Promise<void>, seen: () => Promise<void>): Promise<number> {
  const started = performance.now();
  await action();
  await seen();
  const took = performance.now() - started;
  expect(took, `took ${Math.round(took)} ms`).toBeLessThan(ms);
  return took;
}

describe('two devices of one person', () => {
  it('see each other’s changes within a second, without reloading', async () => {
    const a = await open(baseUrl);
    const b = await open(secondBaseUrl, { width: 1280, height: 800 });
    const email = await signUp(a.page);
    await showAll(a.page);
    await signIn(b.page, email);
    await showAll(b.page);
    await waitSynced(a.page);
    await waitSynced(b.page);
    const timings: number[] = [];

    // A creates: B shows it.
    timings.push(
      await within(
        1000,
        () => quickAdd(a.page, 'Buy a birthday card !high'),
        () => b.page.getByRole('link', { name: /Buy a birthday card/ }).waitFor({ timeout: 1000 }),
      ),
    );
    // B renames it: A shows the new title.
    await b.page.getByRole('link', { name: /Buy a birthday card/ }).click();
    const editor = b.page.locator('section.editor');
    await editor.getByLabel('Title').fill('Buy a card and flowers');
    timings.push(
      await within(
        1000,
        () => editor.getByRole('button', { name: 'Save' }).click(),
        () => a.page.getByRole('link', { name: /Buy a card and flowers/ }).waitFor({ timeout: 1000 }),
      ),
    );
    // A completes it: it leaves B's open list.
    timings.push(
      await within(
        1000,
        () => a.page.getByRole('checkbox', { name: 'Mark “Buy a card and flowers” as done' }).click(),
        () =>
          b.page
            .getByRole('link', { name: /Buy a card and flowers/ })
            .waitFor({ state: 'detached', timeout: 1000 }),
      ),
    );
    // B adds a tag-carrying todo: A shows the tag chip.
    timings.push(
      await within(
        1000,
        () => quickAdd(b.page, 'Call grandma @family'),
        () =>
          a.page
            .locator('.todo-row', { hasText: 'Call grandma' })
            .locator('.chip', { hasText: 'family' })
            .waitFor({ timeout: 1000 }),
      ),
    );
    expect(await listTitles(a.page)).toEqual(await listTitles(b.page));
    console.info(`change seen on the other device after ${timings.map((t) => Math.round(t)).join(', ')} ms`);
    expect(a.problems).toEqual([]);
    expect(b.problems).toEqual([]);
  });
});
