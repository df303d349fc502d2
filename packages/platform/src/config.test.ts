// Unit tests of the config helper every service starts with: what an operator sees when the
// environment is wrong, and how ports and booleans are read from it.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { ConfigError, envBool, envInt, envPort, loadConfig, LogLevel } from './config.ts';

const Schema = z.object({
  PORT: envPort(3001),
  COOKIE_SECURE: envBool(false),
  DATABASE_URL: z.string().regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL'),
  INTERNAL_TOKEN: z.string().min(16, 'must have at least 16 characters'),
  LOG_LEVEL: LogLevel,
});

const valid = {
  DATABASE_URL: 'postgres://db/todos',
  INTERNAL_TOKEN: 'a-token-of-enough-length',
};

/** The ConfigError message loadConfig throws for this environment. */
function failure(env: Record<string, string | undefined>): string {
  try {
    loadConfig(Schema, env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('names every missing key and every invalid one in a single error', () => {
    const message = failure({ PORT: 'eighty', COOKIE_SECURE: 'yes' });

    expect(message).toContain('DATABASE_URL is missing');
    expect(message).toContain('INTERNAL_TOKEN is missing');
    expect(message).toMatch(/PORT: /);
    expect(message).toMatch(/COOKIE_SECURE: /);
    // One line per problem, so an operator reads them all at once.
    expect(message.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(4);
  });

  it('says why an invalid key is refused, without echoing the value it was given', () => {
    const message = failure({ DATABASE_URL: 'mysql://db/todos', INTERNAL_TOKEN: 'short-secret' });

    expect(message).toContain('DATABASE_URL: must be a postgres:// URL');
    expect(message).toContain('INTERNAL_TOKEN: must have at least 16 characters');
    expect(message).not.toContain('short-secret');
    expect(message).not.toContain('is missing');
  });

  it('returns the parsed values with defaults filled in, and ignores unrelated variables', () => {
    const config = loadConfig(Schema, { ...valid, PORT: '8080', HOME: '/root', PATH: '/usr/bin' });

    expect(config).toEqual({
      PORT: 8080,
      COOKIE_SECURE: false,
      DATABASE_URL: 'postgres://db/todos',
      INTERNAL_TOKEN: 'a-token-of-enough-length',
      LOG_LEVEL: 'info',
    });
  });

  it('returns a frozen object that code cannot change later', () => {
    const config = loadConfig(Schema, valid);

    expect(Object.isFrozen(config)).toBe(true);
    expect(() => {
      (config as { PORT: number }).PORT = 1;
    }).toThrow(TypeError);
    expect(config.PORT).toBe(3001);
  });

  it('reads process.env when no environment is passed', () => {
    vi.stubEnv('CONFIG_TEST_GREETING', 'hello');

    const config = loadConfig(z.object({ CONFIG_TEST_GREETING: z.string() }));

    expect(config.CONFIG_TEST_GREETING).toBe('hello');
  });

  it('refuses an unknown log level', () => {
    expect(failure({ ...valid, LOG_LEVEL: 'verbose' })).toMatch(/LOG_LEVEL: /);
  });
});

describe('envPort', () => {
  const port = envPort(3001);

  it('falls back to the default when the variable is not set', () => {
    expect(port.parse(undefined)).toBe(3001);
  });

  it.each([
    ['8080', 8080],
    ['0', 0],
    ['65535', 65535],
  ])('reads %j as port %i', (raw, expected) => {
    expect(port.parse(raw)).toBe(expected);
  });

  it.each(['http', '80.5', '-1', '65536', '1e6'])('refuses %j', (raw) => {
    expect(port.safeParse(raw).success).toBe(false);
  });

  // `PORT=` (e.g. compose's `${PORT}` with the variable unset) must not become port 0, a random port.
  it('treats an empty PORT as unset and uses the default', () => {
    expect(port.parse('')).toBe(3001);
    expect(loadConfig(Schema, { ...valid, PORT: '' }).PORT).toBe(3001);
  });
});

describe('envBool', () => {
  it.each([
    ['true', true],
    ['1', true],
    ['false', false],
    ['0', false],
  ])('reads %j as %s', (raw, expected) => {
    expect(envBool(!expected).parse(raw)).toBe(expected);
  });

  it('falls back to the default when the variable is not set', () => {
    expect(envBool(true).parse(undefined)).toBe(true);
    expect(envBool(false).parse(undefined)).toBe(false);
  });

  it.each(['yes', 'TRUE', 'on'])('refuses %j rather than guessing', (raw) => {
    expect(envBool(false).safeParse(raw).success).toBe(false);
  });

  it('refuses a port written any other way than digits', () => {
    for (const raw of ['  ', '0x50', '8080 ']) expect(envPort(1).safeParse(raw).success, raw).toBe(false);
  });

  it('reads an empty value as unset, like envPort', () => {
    expect(envBool(true).parse('')).toBe(true);
    expect(envBool(false).parse('')).toBe(false);
  });
});

describe('envInt', () => {
  const ttl = envInt(3600, { min: 60, max: 86400 });

  it('falls back to the default when the variable is not set or empty', () => {
    expect(ttl.parse(undefined)).toBe(3600);
    expect(ttl.parse('')).toBe(3600);
    expect(envInt(1000).parse('')).toBe(1000);
  });

  it('reads whole numbers within its bounds', () => {
    expect(ttl.parse('60')).toBe(60);
    expect(ttl.parse('86400')).toBe(86400);
    expect(envInt(1000).parse('0')).toBe(0);
  });

  it.each(['59', '86401', '-5', '1.5', '1e3', ' 60', '0x40', 'soon'])('refuses %j', (raw) => {
    expect(ttl.safeParse(raw).success).toBe(false);
  });

  it('names the variable and the reason in loadConfig', () => {
    const schema = z.object({ SESSION_TTL_SECONDS: ttl });

    expect(() => loadConfig(schema, { SESSION_TTL_SECONDS: '1.5' })).toThrow(
      /SESSION_TTL_SECONDS: must be a whole number/,
    );
  });
});
