// Runs one backup task in a worker thread and reports its progress. The worker is the built
// `backupWorker.js` beside the bundled main process, or `worker.ts` through tsx's loader when the
// desk runs from source (browser host, tests). Where neither exists the task runs in this thread:
// the copy still yields between its steps, only a check would hold the thread.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { checkStore, copyStore, type CheckResult, type CopyProgress } from './tasks';

export type WorkerTask =
  | { kind: 'copy'; source: string; target: string; nativeBinding?: string }
  | { kind: 'check'; file: string; nativeBinding?: string };

export type WorkerReply =
  | ({ kind: 'progress'; verifying?: boolean } & CopyProgress)
  | { kind: 'checked'; result: CheckResult }
  | { kind: 'failed'; message: string };

export interface TaskProgress extends CopyProgress {
  verifying: boolean;
}

export interface RunningTask {
  result: Promise<CheckResult>;
  /** Stops the worker (the desk is closing); the task's promise rejects. */
  stop(): Promise<void>;
}

/** The code a worker starts with, or null where no worker file can be found. */
function workerCode(): string | null {
  const here = typeof __filename === 'string' ? __filename : '';
  if (!here) return null;
  if (here.endsWith('.ts')) {
    const target = join(dirname(here), 'worker.ts');
    if (!existsSync(target)) return null;
    try {
      const tsx = createRequire(here).resolve('tsx/cjs');
      return `require(${JSON.stringify(tsx)});require(${JSON.stringify(target)});`;
    } catch {
      return null;
    }
  }
  // The bundle may put this module in a chunk one folder below the entries.
  const built = [join(dirname(here), 'backupWorker.js'), join(dirname(here), '..', 'backupWorker.js')].find((file) => existsSync(file));
  return built ? `require(${JSON.stringify(built)});` : null;
}

export function runTask(task: WorkerTask, onProgress: (p: TaskProgress) => void = () => undefined): RunningTask {
  const code = workerCode();
  if (code === null) return runInThread(task, onProgress);
  const worker = new Worker(code, { eval: true, workerData: task });
  let settled = false;
  const result = new Promise<CheckResult>((resolve, reject) => {
    worker.on('message', (reply: WorkerReply) => {
      if (reply.kind === 'progress') onProgress({ done: reply.done, total: reply.total, verifying: reply.verifying === true });
      else if (reply.kind === 'checked') {
        settled = true;
        resolve(reply.result);
      } else {
        settled = true;
        reject(new Error(reply.message));
      }
    });
    worker.on('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.on('exit', (code) => {
      if (!settled) reject(new Error(`The backup worker stopped (exit code ${code}) before it finished.`));
    });
  });
  return {
    result,
    async stop() {
      result.catch(() => undefined);
      await worker.terminate();
    },
  };
}

function runInThread(task: WorkerTask, onProgress: (p: TaskProgress) => void): RunningTask {
  const result = (async () => {
    if (task.kind === 'check') return checkStore(task.file, task.nativeBinding);
    await copyStore(task.source, task.target, task.nativeBinding, (p) => onProgress({ ...p, verifying: false }));
    onProgress({ done: 0, total: 0, verifying: true });
    return checkStore(task.target, task.nativeBinding);
  })();
  return {
    result,
    async stop() {
      await result.catch(() => undefined);
    },
  };
}
