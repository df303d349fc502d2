import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { loadConfig } from '../config.ts';
import { kafkaSecurity, KafkaSecuritySettings } from './kafka-security.ts';

const read = (env: Record<string, string>) => kafkaSecurity(loadConfig(z.object(KafkaSecuritySettings), env));
const PEM = '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n';

describe('kafkaSecurity', () => {
  it('is plaintext without settings, as the local broker and compose speak', () => {
    expect(read({})).toEqual({});
    expect(read({ KAFKA_TLS: '', KAFKA_SASL_MECHANISM: '' })).toEqual({});
  });

  it("takes TLS with the system's CAs, or with a CA file's", () => {
    expect(read({ KAFKA_TLS: 'true' })).toEqual({ ssl: true });
    const file = path.join(mkdtempSync(path.join(tmpdir(), 'kafka-ca-')), 'ca.crt');
    writeFileSync(file, PEM);
    expect(read({ KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: file })).toEqual({ ssl: { ca: [PEM] } });
  });

  it('takes a SASL mechanism in the case Dapr writes it', () => {
    const sasl = { KAFKA_SASL_USERNAME: 'todo', KAFKA_SASL_PASSWORD: 'secret' };
    expect(read({ ...sasl, KAFKA_SASL_MECHANISM: 'SCRAM-SHA-512' })).toEqual({
      sasl: { mechanism: 'scram-sha-512', username: 'todo', password: 'secret' },
    });
    expect(read({ ...sasl, KAFKA_SASL_MECHANISM: 'plain', KAFKA_TLS: '1' })).toEqual({
      ssl: true,
      sasl: { mechanism: 'plain', username: 'todo', password: 'secret' },
    });
  });

  it('names every setting that does not fit, before any connection', () => {
    expect(() => read({ KAFKA_SASL_MECHANISM: 'gssapi' })).toThrow(/KAFKA_SASL_MECHANISM/);
    expect(() => read({ KAFKA_TLS: 'yes' })).toThrow(/KAFKA_TLS/);
    let message = '';
    try {
      read({ KAFKA_SASL_MECHANISM: 'scram-sha-256', KAFKA_TLS_CA_FILE: '/nowhere/ca.crt' });
    } catch (err) {
      message = (err as Error).message;
    }
    expect(message).toContain('KAFKA_TLS_CA_FILE is set but KAFKA_TLS is not true');
    expect(message).toContain(
      'KAFKA_SASL_MECHANISM=scram-sha-256 needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD',
    );
    expect(() => read({ KAFKA_SASL_USERNAME: 'todo' })).toThrow(
      /KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set but KAFKA_SASL_MECHANISM is not/,
    );
    expect(() => read({ KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: '/nowhere/ca.crt' })).toThrow(
      /KAFKA_TLS_CA_FILE: cannot read \/nowhere\/ca.crt \(ENOENT\)/,
    );
    const notPem = path.join(mkdtempSync(path.join(tmpdir(), 'kafka-ca-')), 'ca.der');
    writeFileSync(notPem, 'binary');
    expect(() => read({ KAFKA_TLS: 'true', KAFKA_TLS_CA_FILE: notPem })).toThrow(/holds no PEM certificate/);
  });
});
