/** Entry of dist/cli-worker.js: one worker thread of `spec-handoff check` (see cli/parallel.ts and cli/worker.ts). */
import { runWorker } from './cli/worker';

runWorker();
