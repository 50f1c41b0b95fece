// The preload bridge: one narrow typed object on window.illDesk, built from the contract's
// command and event lists. ipcRenderer itself never reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { channelOf, COMMAND_NAMES, EVENT_NAMES, eventChannelOf, type CommandName, type EventName } from '../shared/contract';
import type { Result } from '../shared/errors';

const commands = new Set<string>(COMMAND_NAMES);
const eventNames = new Set<string>(EVENT_NAMES);

const bridge = {
  invoke(name: string, input: unknown): Promise<Result<unknown>> {
    if (!commands.has(name)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_COMMAND', message: `There is no command ${name}.` } });
    }
    return ipcRenderer.invoke(channelOf(name as CommandName), input) as Promise<Result<unknown>>;
  },
  on(name: string, callback: (payload: unknown) => void): () => void {
    if (!eventNames.has(name)) return () => undefined;
    const channel = eventChannelOf(name as EventName);
    const listener = (_event: unknown, payload: unknown) => callback(payload);
    ipcRenderer.on(channel, listener);
    return () => {
      ipcRenderer.removeListener(channel, listener);
    };
  },
};

contextBridge.exposeInMainWorld('illDesk', bridge);
