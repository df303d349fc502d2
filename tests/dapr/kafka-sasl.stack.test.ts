// The chart's production pub/sub (values-production.yaml: a managed Kafka, SASL SCRAM-SHA-512 over
// TLS) in a real daprd, against scripts/kafka.sh's SASL/TLS listener (KAFKA_SECURE_*): the Component
// as the chart renders it, re-addressed to the test broker, its password given as a value instead of
// the Kubernetes Secrets, as a Strimzi cluster's private CA (dapr.pubsub.kafka.caSecret) is given.
import { randomUUID } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import kafkajs from 'kafkajs';
import { afterAll, describe, expect, it, onTestFailed } from 'vitest';
import { stringify } from 'yaml';
import { byName, render } from '../chart/render.ts';
import { ProcessGroup, startSidecar } from '../support/dapr-processes.ts';
import { kafkaSetting, secureKafka } from '../support/kafka-secure.ts';

const { Kafka, logLevel } = kafkajs;

const group = new ProcessGroup();
afterAll(async () => {
  await group.close();
}, 30_000);

describe("the chart's production Kafka component in daprd", () => {
  it('publishes over SASL SCRAM-SHA-512 and TLS', async () => {
    onTestFailed(() => console.error(group.tail(40)));
    const component = byName(
      render(['values-production.yaml'], ['dapr.pubsub.kafka.caSecret=kafka-ca']),
      'Component',
      'events',
    );
    const broker = secureKafka();
    const metadata = (
      component.spec.metadata as { name: string; value?: string; secretKeyRef?: unknown }[]
    ).map((m) => {
      if (m.name === 'brokers') return { name: m.name, value: broker.brokers };
      if (m.name === 'saslUsername') return { name: m.name, value: broker.username };
      if (m.name === 'saslPassword') return { name: m.name, value: broker.password };
      if (m.name === 'caCert') return { name: m.name, value: readFileSync(broker.caFile, 'utf8') };
      return m;
    });
    expect(metadata.map((m) => m.name)).toContain('caCert');
    // A folder of this file alone: daprd loads every component it finds.
    const resources = path.join(group.dir, 'resources');
    mkdirSync(resources);
    const { auth: _kubernetesSecrets, ...rest } = component;
    writeFileSync(
      path.join(resources, 'events.yaml'),
      stringify({ ...rest, spec: { ...component.spec, metadata } }),
    );

    const sidecar = await startSidecar(group, {
      appId: 'core-service',
      resourcesPath: resources,
      configFile: null,
    });
    const topic = `sasl-${randomUUID()}`;
    const marker = randomUUID();
    const res = await fetch(`http://127.0.0.1:${sidecar.httpPort}/v1.0/publish/events/${topic}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ marker }),
    });
    expect(res.status, await res.text()).toBe(204);

    // Read back over the broker's plaintext listener: the record is there.
    const kafka = new Kafka({
      clientId: 'sasl-check',
      brokers: [kafkaSetting('KAFKA_BROKERS')],
      logLevel: logLevel.NOTHING,
    });
    const consumer = kafka.consumer({ groupId: `sasl-check-${marker}` });
    const seen: string[] = [];
    await consumer.connect();
    try {
      await consumer.subscribe({ topic, fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => void seen.push(message.value?.toString() ?? ''),
      });
      await expect.poll(() => seen.some((v) => v.includes(marker)), { timeout: 20_000 }).toBe(true);
    } finally {
      await consumer.disconnect();
      const admin = kafka.admin();
      await admin.connect();
      await admin.deleteTopics({ topics: [topic] }).catch(() => {});
      await admin.disconnect();
    }
  }, 120_000);
});
