// HEAP_GROWING_PERCENT: refused unless a whole number in range; when set, handed to V8 as
// --heap-growing-percent, a flag the Node.js that runs us knows (an unknown one is ignored silently
// by setFlagsFromString, so that is checked on its own). What it saves is measured by the API bench
// (docs/operations.md, Memory), not here: V8's own growing factor depends on timing.
import { spawnSync } from 'node:child_process';
import v8 from 'node:v8';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConfigError } from './config.ts';
import { applyHeapSettings, loadHeapSettings } from './heap.ts';
import { createLogger } from './logger.ts';

const logger = createLogger('heap-test', 'silent');
const nodeAccepts = (flag: string) => spawnSync(process.execPath, [flag, '-e', '0']).status === 0;

afterEach(() => vi.restoreAllMocks());

describe('HEAP_GROWING_PERCENT', () => {
  it('is a whole number from 1 to 1000, or unset', () => {
    expect(loadHeapSettings({ HEAP_GROWING_PERCENT: '20' }).HEAP_GROWING_PERCENT).toBe(20);
    expect(loadHeapSettings({ HEAP_GROWING_PERCENT: '' }).HEAP_GROWING_PERCENT).toBeUndefined();
    expect(loadHeapSettings({}).HEAP_GROWING_PERCENT).toBeUndefined();
    for (const bad of ['0', '1001', '20%', '-5', '1.5']) {
      expect(() => loadHeapSettings({ HEAP_GROWING_PERCENT: bad }), bad).toThrow(ConfigError);
    }
  });

  it('sets V8’s growing factor when given, and leaves V8’s own when not', () => {
    const set = vi.spyOn(v8, 'setFlagsFromString').mockImplementation(() => {});
    applyHeapSettings({}, logger);
    expect(set).not.toHaveBeenCalled();
    applyHeapSettings({ HEAP_GROWING_PERCENT: 20 }, logger);
    expect(set).toHaveBeenCalledExactlyOnceWith('--heap-growing-percent=20');
  });

  it('names a flag this Node.js knows', () => {
    expect(nodeAccepts('--heap-growing-percent=20')).toBe(true);
    expect(nodeAccepts('--heap-growing-percent-nonexistent=20')).toBe(false);
  });
});
