// IPC handlers built from the contract: one ipcMain.handle per command, each checking that the
// call comes from our own page before the input is validated and dispatched.
import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { channelOf, COMMAND_NAMES, eventChannelOf, type EventName, type EventPayload } from '../shared/contract';
import type { Result } from '../shared/errors';
import type { DeskRuntime } from './runtime';

export type SenderCheck = (url: string) => boolean;

export function registerIpcHandlers(desk: Pick<DeskRuntime, 'dispatch'>, isOurPage: SenderCheck): void {
  for (const name of COMMAND_NAMES) {
    ipcMain.handle(channelOf(name), async (event: IpcMainInvokeEvent, input: unknown): Promise<Result<unknown>> => {
      const url = event.senderFrame?.url ?? '';
      if (!isOurPage(url)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted only from the desk window.' } };
      }
      return desk.dispatch(name, input);
    });
  }
}

export function broadcastTo(windows: () => BrowserWindow[]) {
  return <K extends EventName>(name: K, payload: EventPayload<K>): void => {
    for (const win of windows()) {
      if (!win.isDestroyed()) win.webContents.send(eventChannelOf(name), payload);
    }
  };
}
