// The one door to the hub's store. Routes and the CLI open a store here and see only HubStore.
export type { DeskIdentity, HubStore, PullPage, PushOp, PushOutcome, ReaderIdentity, StoredChange } from './types';
export { openSqliteHubStore, SqliteHubStore } from './sqlite';
