// Issue 12: money between libraries needs the payer's consent (DESIGN §7). An entry is `claimed`
// (shown apart, counting nowhere) until the library it takes money from accepts it, or `in_force`;
// it carries who made it (only that library may reverse it), the payer's dispute, and the version
// of the hub's copy it came as (NULL: made at this desk and not yet back from the hub), so a later
// pull may move its state and dispute but nothing else. Entries already here counted before and
// keep counting. The maker of an event's entry is its payee library; a manual entry is ours when
// this desk sent it (its op is in the outbox) or a reader pays or is paid, else the other party's.
import type { Migration } from './types';

export const migration0008: Migration = {
  version: 8,
  name: 'ledger consent',
  up: `
ALTER TABLE ledger_entries ADD COLUMN state TEXT NOT NULL DEFAULT 'in_force' CHECK (state IN ('claimed', 'in_force'));
ALTER TABLE ledger_entries ADD COLUMN made_by TEXT;
ALTER TABLE ledger_entries ADD COLUMN dispute_comment TEXT;
ALTER TABLE ledger_entries ADD COLUMN dispute_at TEXT;
ALTER TABLE ledger_entries ADD COLUMN dispute_by TEXT;
ALTER TABLE ledger_entries ADD COLUMN dispute_clerk TEXT;
ALTER TABLE ledger_entries ADD COLUMN hub_version INTEGER;
UPDATE ledger_entries SET made_by = CASE
  WHEN source = 'event' THEN CASE WHEN payee_code IN ('consortium', 'reader') THEN payer_code ELSE payee_code END
  WHEN payer_code = 'reader' OR payee_code = 'reader'
    OR EXISTS (SELECT 1 FROM outbox o WHERE o.entity_id = ledger_entries.id AND o.type IN ('ledger.add', 'ledger.reverse'))
    THEN coalesce((SELECT json_extract(value_json, '$.libraryCode') FROM settings WHERE key = 'desk'), payee_code)
  WHEN payer_code = (SELECT json_extract(value_json, '$.libraryCode') FROM settings WHERE key = 'desk') THEN payee_code
  ELSE payer_code
END;
CREATE INDEX ledger_claimed ON ledger_entries(created_at) WHERE state = 'claimed';
`,
};
