// Every kind of reader notice, by kind.
import type { NoticeKind } from '../../shared/types';
import { arrival } from './arrival';
import { courtesy } from './courtesy';
import { overdue } from './overdue';
import { recall } from './recall';

export interface NoticeTemplate {
  subject: string;
  text: string;
}

export const NOTICE_TEMPLATES: Record<NoticeKind, NoticeTemplate> = {
  arrival,
  recall,
  courtesy,
  overdue1: overdue,
  overdue7: overdue,
  overdue14: overdue,
};
