import { describe, expect, it } from 'vitest';
import { classify } from './push-sender.ts';

const answer = (statusCode: number, body = '') =>
  Object.assign(new Error('Received unexpected response code'), { statusCode, body });

describe('sorting a push service’s answer', () => {
  it.each([
    [404, 'gone'],
    [410, 'gone'],
    [400, 'refused'],
    [401, 'refused'],
    [403, 'refused'],
    [413, 'refused'],
    [429, 'retry'],
    [500, 'retry'],
    [502, 'retry'],
    [503, 'retry'],
  ])('HTTP %i → %s', (status, kind) => {
    expect(classify(answer(status)).kind).toBe(kind);
  });

  it('retries when no answer came at all', () => {
    expect(classify(Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' }))).toEqual({
      kind: 'retry',
      detail: 'connect ECONNREFUSED',
    });
    expect(classify(new Error('Socket timeout')).kind).toBe('retry');
  });
});
