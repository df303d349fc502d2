// `npm run build:services` (and `npm start`'s second step): each service, the one-process launcher and
// the command-line steps the images run, each as one JavaScript file under dist/, with our own
// packages (@todo/*) compiled in and every npm package left to node_modules. The images and
// `npm start` run these files with plain node: tsx compiled every module as it was loaded and kept
// its loader (a thread of its own) in every process; without it a service holds ~40 MB less (issue 14).
//
//   dist/core-service.mjs  dist/worker.mjs  dist/bff.mjs      the services (their main.ts)
//   dist/embedded.mjs                                         `npm start` (scripts/embedded.ts)
//   dist/core-migrate.mjs  dist/worker-migrate.mjs            the schema steps (migrate-cli.ts)
//   dist/kafka-topics.mjs                                     the Kafka topic step
import path from 'node:path';
import { buildServices } from './lib/services-build.ts';

const started = performance.now();
const files = await buildServices();
const names = Object.values(files).map((f) => path.relative(process.cwd(), f));
console.log(`services built in ${Math.round(performance.now() - started)} ms: ${names.join(', ')}`);
