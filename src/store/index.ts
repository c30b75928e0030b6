export { assertCommit } from './assertCommit.js';
export { createMemoryStore } from './createMemoryStore.js';
export { type ProcessEventOptions, type ProcessedEvent, processEvent } from './processEvent.js';
export type { CommitResult, MemberLedger, MemberStore, StoreCommit } from './types.js';
