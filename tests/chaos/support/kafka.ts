// A Kafka broker of the suite's own (KRaft, one node, free ports, a folder of its own), from the jars
// scripts/kafka.sh caches, so that it can be stopped for a while without touching the shared one.
// stop() and start() keep its port and its log folder: the events already in it stay.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import path from 'node:path';
import { freePort, type ProcessGroup, type Proc } from '../../support/dapr-processes.ts';
import { waitFor } from '../../support/wait.ts';

export interface KafkaBroker {
  brokers: string;
  stop(): Promise<void>;
  start(): Promise<void>;
}

const VERSION = process.env.KAFKA_VERSION ?? '4.1.1';

function libs(): string {
  const cache = process.env.XDG_CACHE_HOME ?? path.join(homedir(), '.cache');
  const dir = path.join(cache, 'todo-ci', `kafka-${VERSION}`, 'libs');
  if (!existsSync(dir))
    throw new Error(`no Kafka ${VERSION} jars in ${dir}: run scripts/kafka.sh start once`);
  return dir;
}

export async function startKafka(group: ProcessGroup): Promise<KafkaBroker> {
  const [port, controller] = [await freePort(), await freePort()];
  const dir = path.join(group.dir, 'kafka');
  mkdirSync(path.join(dir, 'data'), { recursive: true });
  const config = path.join(dir, 'server.properties');
  writeFileSync(
    config,
    [
      'process.roles=broker,controller',
      'node.id=1',
      `controller.quorum.voters=1@127.0.0.1:${controller}`,
      `listeners=PLAINTEXT://127.0.0.1:${port},CONTROLLER://127.0.0.1:${controller}`,
      `advertised.listeners=PLAINTEXT://127.0.0.1:${port}`,
      'controller.listener.names=CONTROLLER',
      'inter.broker.listener.name=PLAINTEXT',
      'listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT',
      `log.dirs=${path.join(dir, 'data')}`,
      'offsets.topic.replication.factor=1',
      'transaction.state.log.replication.factor=1',
      'transaction.state.log.min.isr=1',
      'share.coordinator.state.topic.replication.factor=1',
      'share.coordinator.state.topic.min.isr=1',
      'group.initial.rebalance.delay.ms=0',
      'num.partitions=1',
      'auto.create.topics.enable=true',
      '',
    ].join('\n'),
  );
  const java = (main: string, args: string[]) => [
    '-Xmx384m',
    '-Xms128m',
    '-XX:+UseG1GC',
    '-Djava.awt.headless=true',
    `-Dlog4j2.configurationFile=${path.resolve('scripts/kafka/log4j2.properties')}`,
    '-cp',
    `${libs()}/*`,
    main,
    ...args,
  ];
  const id = execFileSync('java', java('kafka.tools.StorageTool', ['random-uuid']), { stdio: 'pipe' })
    .toString()
    .trim()
    .split('\n')
    .pop()!;
  execFileSync('java', java('kafka.tools.StorageTool', ['format', '--cluster-id', id, '--config', config]), {
    stdio: 'pipe',
  });
  let proc: Proc | undefined;
  let starts = 0;
  const broker: KafkaBroker = {
    brokers: `127.0.0.1:${port}`,
    async start() {
      starts++;
      proc = group.spawn(`kafka-${starts}`, 'java', java('kafka.Kafka', [config]), {
        PATH: process.env.PATH ?? '',
      });
      const log = proc.logFile;
      await waitFor(
        () =>
          (existsSync(log) && readFileSync(log, 'utf8').includes('Kafka Server started')) ||
          proc!.child.exitCode !== null,
        {
          timeoutMs: 120_000,
          everyMs: 250,
          what: 'the Kafka broker to start',
        },
      );
      if (proc.child.exitCode !== null)
        throw new Error(`Kafka exited:\n${group.tail(40, (p) => p === proc)}`);
    },
    async stop() {
      await proc?.stop(30_000);
    },
  };
  await broker.start();
  return broker;
}
