// The demo's events worker: writes the event log of a big demo into a scratch file on a second
// core while the main thread writes the requests (see generateDemo's `parallel` option).
import type { MessagePort } from 'node:worker_threads';
import { workerData } from 'node:worker_threads';
import { writeEventLog, type EventsWorkerData } from './generate';

const data = workerData as EventsWorkerData & { done: Int32Array; port: MessagePort };
try {
  const events = writeEventLog(data);
  data.port.postMessage({ ok: true, events });
} catch (error) {
  data.port.postMessage({ ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
} finally {
  Atomics.store(data.done, 0, 1);
  Atomics.notify(data.done, 0);
}
