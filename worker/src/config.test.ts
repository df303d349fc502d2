import { describe, expect, it } from 'vitest';
import { loadWorkerConfig } from './config.ts';

const token = { INTERNAL_TOKEN: 'x'.repeat(24) };

describe('worker configuration', () => {
  it('has working defaults', () => {
    expect(loadWorkerConfig(token)).toMatchObject({
      PORT: 3002,
      HOST: '0.0.0.0',
      DATA_DIR: '.data',
      MIGRATE_ON_START: true,
      PUSH_TTL_SECONDS: 3600,
      EMAIL_FROM: 'Todo reminders <reminders@localhost>',
    });
  });

  it('treats empty variables as unset', () => {
    const config = loadWorkerConfig({
      ...token,
      SMTP_URL: '',
      VAPID_SUBJECT: '',
      PUSH_TTL_SECONDS: '',
      DATABASE_URL: '',
    });
    expect(config.SMTP_URL).toBeUndefined();
    expect(config.VAPID_SUBJECT).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.PUSH_TTL_SECONDS).toBe(3600);
  });

  it('names every missing or invalid variable', () => {
    expect(() =>
      loadWorkerConfig({
        SMTP_URL: 'http://mail.example',
        VAPID_SUBJECT: 'me@example.com',
        PUSH_TTL_SECONDS: '-1',
      }),
    ).toThrow(/INTERNAL_TOKEN is missing[\s\S]*SMTP_URL[\s\S]*VAPID_SUBJECT[\s\S]*PUSH_TTL_SECONDS/);
  });

  it('reads SMTP, VAPID subject and TTL', () => {
    expect(
      loadWorkerConfig({
        ...token,
        SMTP_URL: 'smtps://user:pass@mail.example:465',
        VAPID_SUBJECT: 'mailto:ops@example.com',
        PUSH_TTL_SECONDS: '600',
      }),
    ).toMatchObject({
      SMTP_URL: 'smtps://user:pass@mail.example:465',
      VAPID_SUBJECT: 'mailto:ops@example.com',
      PUSH_TTL_SECONDS: 600,
    });
  });

  it("gives Kafka consumers a 10 s session timeout, within the brokers' bounds", () => {
    expect(loadWorkerConfig(token).KAFKA_SESSION_TIMEOUT_MS).toBe(10_000);
    expect(loadWorkerConfig({ ...token, KAFKA_SESSION_TIMEOUT_MS: '45000' }).KAFKA_SESSION_TIMEOUT_MS).toBe(
      45_000,
    );
    expect(() => loadWorkerConfig({ ...token, KAFKA_SESSION_TIMEOUT_MS: '3000' })).toThrow(
      /KAFKA_SESSION_TIMEOUT_MS/,
    );
  });
});
