/**
 * A worker thread of `spec-handoff check` (bundled as dist/cli-worker-main.js, run by
 * its loader dist/cli-worker.js through a code cache; the
 * pool is in parallel.ts): builds its language service once from the kinds
 * and configuration the main thread loaded, says it is ready, then reads and
 * checks each file it is sent and posts back the plain-data result; told the
 * batch is done, it exits by itself (its loader then writes its code cache).
 */
import { parentPort } from 'node:worker_threads';
import { workspaceHost } from '../node/workspace';
import { LanguageService, SchemaRegistry } from '../service';
import { checkFile } from './check-file';
import { claim, type FromWorker, type ToWorker, type WorkerSetup } from './parallel';

export function runWorker(): void {
  const port = parentPort;
  if (!port) throw new Error('cli-worker.js runs as a worker thread of spec-handoff check');
  const post = (message: FromWorker): void => port.postMessage(message);
  let service: LanguageService | undefined;
  let options: WorkerSetup['options'] | undefined;
  let claims: Int32Array | undefined;
  port.on('message', (message: ToWorker) => {
    if (message.type === 'setup') {
      try {
        service = new LanguageService({
          registry: new SchemaRegistry(message.setup.kinds, []),
          host: workspaceHost(message.setup.options.roots),
          config: message.setup.config,
          reportUnusedDisable: message.setup.reportUnusedDisable,
        });
        options = message.setup.options;
      } catch (error) {
        post({ type: 'fatal', message: (error as Error).message ?? String(error) });
        return;
      }
      post({ type: 'ready' });
      return;
    }
    if (message.type === 'finish') {
      // Exiting by itself (not stopped) lets the loader write this worker's code cache (code-cache.ts, on 'exit').
      process.exit(0);
    }
    if (!service || !options) return; // never sent before the setup
    if (message.claims) claims = new Int32Array(message.claims);
    if (!claim(claims, message.index)) return; // the main thread took it back and checks it (parallel.ts `steal`)
    try {
      post({ type: 'result', index: message.index, check: checkFile(service, message.file, options) });
    } catch (error) {
      const e = error instanceof Error ? error : new Error(String(error));
      post({ type: 'failed', index: message.index, message: e.message, stack: e.stack });
    }
  });
}
