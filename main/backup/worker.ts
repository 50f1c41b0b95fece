// The backup worker: one task per thread (a copy with its check, or a full check of the live
// store), on its own SQLite connections, so the desk's main thread keeps answering scans.
import { parentPort, workerData } from 'node:worker_threads';
import { checkStore, copyStore } from './tasks';
import type { WorkerReply, WorkerTask } from './runner';

const task = workerData as WorkerTask;
const post = (reply: WorkerReply) => parentPort?.postMessage(reply);

async function run(): Promise<void> {
  try {
    if (task.kind === 'copy') {
      await copyStore(task.source, task.target, task.nativeBinding, (p) => post({ kind: 'progress', ...p }));
      post({ kind: 'progress', done: 0, total: 0, verifying: true });
      post({ kind: 'checked', result: checkStore(task.target, task.nativeBinding) });
    } else {
      post({ kind: 'checked', result: checkStore(task.file, task.nativeBinding) });
    }
  } catch (error) {
    post({ kind: 'failed', message: error instanceof Error ? error.message : String(error) });
  }
}

void run();
