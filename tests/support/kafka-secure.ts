// scripts/kafka.sh's SASL/TLS listener, as it prints it (KAFKA_SECURE_*): what the tests of Kafka as a
// managed service offers it connect to. Unset is a failure, never a skip.

export interface SecureKafka {
  brokers: string;
  /** The test CA's certificate (PEM) that signed the broker's. */
  caFile: string;
  username: string;
  password: string;
}

/** A variable scripts/kafka.sh prints, which must be set. */
export function kafkaSetting(name: string): string {
  const value = process.env[name]?.trim();
  if (!value)
    throw new Error(`${name} is not set: start the broker with scripts/kafka.sh and export what it prints`);
  return value;
}

export function secureKafka(): SecureKafka {
  return {
    brokers: kafkaSetting('KAFKA_SECURE_BROKERS'),
    caFile: kafkaSetting('KAFKA_SECURE_CA_FILE'),
    username: kafkaSetting('KAFKA_SECURE_USERNAME'),
    password: kafkaSetting('KAFKA_SECURE_PASSWORD'),
  };
}
