// Worker thread entry when Saluran runs from TypeScript sources (tsx, vitest): registers tsx in
// this thread, then loads the real entry. Node 20 ignores `--import tsx` in a Worker's execArgv
// (nodejs/node#47747, privatenumber/tsx#354), so the loader is registered here instead.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
