// Starts the feed staging worker. Plain JavaScript on purpose: a worker thread does not inherit the
// TypeScript loader of its parent, so it registers tsx itself before loading the module.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
