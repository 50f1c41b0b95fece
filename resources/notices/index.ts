// Every kind of reader notice, by kind.
import type { NoticeKind } from '../../shared/types';
import { arrival } from './arrival';
import { courtesy } from './courtesy';
import { overdue1 } from './overdue1';
import { overdue14 } from './overdue14';
import { overdue7 } from './overdue7';
import { recall } from './recall';

export interface NoticeTemplate {
  subject: string;
  text: string;
}

export const NOTICE_TEMPLATES: Record<NoticeKind, NoticeTemplate> = { arrival, recall, courtesy, overdue1, overdue7, overdue14 };
