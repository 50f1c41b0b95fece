// Guards for turning codes that arrive as plain strings into typed translation keys.
import { STATUSES, UNFILLED_REASONS, type Status, type UnfilledReason } from '../../../shared/status';
import { zh, type Messages } from './zh';

export type DetailFieldKey = keyof Messages['detail']['fields'];

export function isStatus(value: unknown): value is Status {
  return typeof value === 'string' && (STATUSES as readonly string[]).includes(value);
}

export function isUnfilledReason(value: unknown): value is UnfilledReason {
  return typeof value === 'string' && (UNFILLED_REASONS as readonly string[]).includes(value);
}

/** Whether an event-detail key has a field label of its own. */
export function isDetailFieldKey(key: string): key is DetailFieldKey {
  return Object.prototype.hasOwnProperty.call(zh.detail.fields, key);
}
