// How a kafkajs client reaches brokers that want TLS and SASL, as a managed Kafka or Strimzi does:
// one reading of KAFKA_TLS, KAFKA_TLS_CA_FILE and KAFKA_SASL_* for the services (EVENT_BUS=kafka)
// and the topics Job (scripts/kafka-topics.ts), the settings the chart also gives Dapr's Kafka
// component (dapr.pubsub.kafka: tls, authType password, saslMechanism, saslUsername).
import { readFileSync } from 'node:fs';
import type { KafkaConfig, SASLOptions } from 'kafkajs';
import { z } from 'zod';
import { ConfigError, envBool, envOptional } from '../config.ts';

const MECHANISMS = ['plain', 'scram-sha-256', 'scram-sha-512'] as const;

export const KafkaSecuritySettings = {
  /** TLS to the brokers, their certificates checked against the system's CAs or KAFKA_TLS_CA_FILE. */
  KAFKA_TLS: envBool(false),
  /** A PEM file of the CA that signed the brokers' certificates (a private CA, Strimzi's cluster CA). */
  KAFKA_TLS_CA_FILE: envOptional(z.string()),
  /** plain, scram-sha-256 or scram-sha-512, in any case (Dapr's component writes SCRAM-SHA-512); unset: no SASL. */
  KAFKA_SASL_MECHANISM: envOptional(z.string().toLowerCase().pipe(z.enum(MECHANISMS))),
  KAFKA_SASL_USERNAME: envOptional(z.string()),
  KAFKA_SASL_PASSWORD: envOptional(z.string()),
};

export interface KafkaSecurityConfig {
  KAFKA_TLS?: boolean | undefined;
  KAFKA_TLS_CA_FILE?: string | undefined;
  KAFKA_SASL_MECHANISM?: (typeof MECHANISMS)[number] | undefined;
  KAFKA_SASL_USERNAME?: string | undefined;
  KAFKA_SASL_PASSWORD?: string | undefined;
}

/** kafkajs' `ssl` and `sasl` for these settings; a ConfigError names every setting that does not fit. */
export function kafkaSecurity(config: KafkaSecurityConfig): Pick<KafkaConfig, 'ssl' | 'sasl'> {
  const {
    KAFKA_TLS: tls,
    KAFKA_TLS_CA_FILE: caFile,
    KAFKA_SASL_MECHANISM: mechanism,
    KAFKA_SASL_USERNAME: username,
    KAFKA_SASL_PASSWORD: password,
  } = config;
  const problems: string[] = [];
  if (caFile && !tls) problems.push('KAFKA_TLS_CA_FILE is set but KAFKA_TLS is not true');
  if (mechanism && (!username || !password)) {
    problems.push(`KAFKA_SASL_MECHANISM=${mechanism} needs KAFKA_SASL_USERNAME and KAFKA_SASL_PASSWORD`);
  }
  if (!mechanism && (username || password)) {
    problems.push('KAFKA_SASL_USERNAME or KAFKA_SASL_PASSWORD is set but KAFKA_SASL_MECHANISM is not');
  }
  let ca: string | undefined;
  if (caFile && tls) {
    try {
      ca = readFileSync(caFile, 'utf8');
    } catch (err) {
      problems.push(`KAFKA_TLS_CA_FILE: cannot read ${caFile} (${(err as NodeJS.ErrnoException).code})`);
    }
    if (ca !== undefined && !ca.includes('-----BEGIN CERTIFICATE-----')) {
      problems.push(`KAFKA_TLS_CA_FILE: ${caFile} holds no PEM certificate`);
    }
  }
  if (problems.length > 0) throw new ConfigError(`invalid Kafka settings:\n  ${problems.join('\n  ')}`);
  return {
    ...(tls && { ssl: ca ? { ca: [ca] } : true }),
    // SASLOptions is one member per mechanism; TypeScript does not spread the union over them itself.
    ...(mechanism && username && password && { sasl: { mechanism, username, password } as SASLOptions }),
  };
}
