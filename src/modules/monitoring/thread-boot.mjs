// Starts a worker thread of this module (feed staging, monitoring run evaluation). Plain JavaScript
// on purpose: a worker thread does not inherit the TypeScript loader of its parent, so it registers
// tsx itself before loading the module named in its workerData.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
