// Printer and paper per kind of slip, kept in the desk's settings table: defaults until chosen,
// a change of one kind keeps the others, the choice survives a restart, bad input changes nothing.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SUPERVISOR_COMMANDS } from '../../shared/contract';
import { deskContext } from '../../main/context';
import { DEFAULT_PRINTERS, readPrinters } from '../../main/settings/printers';
import { writeSetting } from '../../main/settings/store';
import { openStore } from '../../main/store/db';
import { call, refuse } from '../fixtures/calls';
import { makeDesk, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
beforeEach(() => {
  desk = makeDesk();
});
afterEach(() => desk.close());

const stored = () => desk.db.prepare("SELECT value_json FROM settings WHERE key = 'printers'").get() as { value_json: string } | undefined;

describe('printers.get / printers.set', () => {
  it('answers the defaults before anything is chosen: the default printer, 80 mm roll, A4 for the packing list', () => {
    expect(call(desk.ctx, 'printers.get', {})).toEqual({
      pickup: { printer: '', paper: 'roll80' },
      pull: { printer: '', paper: 'roll80' },
      packingList: { printer: '', paper: 'A4' },
      dateDue: { printer: '', paper: 'roll80' },
    });
    expect(stored()).toBeUndefined();
  });

  it('sets the kinds given, keeps the others, and keeps the choice across a restart', () => {
    const set = call(desk.ctx, 'printers.set', { pickup: { printer: '  二层流通台 Zebra ZD420  ', paper: 'roll80' }, pull: { printer: 'HP LaserJet 书库', paper: 'A4' } });
    expect(set).toMatchObject({ pickup: { printer: '二层流通台 Zebra ZD420', paper: 'roll80' }, pull: { printer: 'HP LaserJet 书库', paper: 'A4' } });
    call(desk.ctx, 'printers.set', { dateDue: { printer: 'Epson TM-T82', paper: 'roll80' } });
    const want = {
      pickup: { printer: '二层流通台 Zebra ZD420', paper: 'roll80' },
      pull: { printer: 'HP LaserJet 书库', paper: 'A4' },
      packingList: DEFAULT_PRINTERS.packingList,
      dateDue: { printer: 'Epson TM-T82', paper: 'roll80' },
    };
    expect(call(desk.ctx, 'printers.get', {})).toEqual(want);

    desk.db.close();
    const reopened = openStore(desk.file);
    try {
      expect(call(deskContext(reopened), 'printers.get', {})).toEqual(want);
    } finally {
      reopened.close();
      desk.db = openStore(desk.file);
    }
  });

  it.each([
    ['a paper size the desk does not print on', { pickup: { printer: '', paper: 'A3' } }, 'pickup.paper'],
    ['a printer name with a control character', { pull: { printer: 'HP\u0007', paper: 'A4' } }, 'pull.printer'],
    ['a printer name over 100 characters', { pull: { printer: 'P'.repeat(101), paper: 'A4' } }, 'pull.printer'],
    ['a kind of slip that does not exist', { receipt: { printer: '', paper: 'A4' } }, 'receipt'],
    ['a choice without its paper', { dateDue: { printer: 'Epson' } }, 'dateDue.paper'],
  ])('refuses %s, naming the field, and stores nothing', (_label, input, field) => {
    expect(refuse(desk.ctx, 'printers.set', input)).toMatchObject({ code: 'INVALID_INPUT', field });
    expect(stored()).toBeUndefined();
  });

  it('falls back to the default for a damaged kind only', () => {
    writeSetting(desk.db, 'printers', { pickup: { printer: 'Zebra', paper: 'roll80' }, pull: { printer: 42, paper: 'A5' } });
    expect(readPrinters(desk.db)).toEqual({ ...DEFAULT_PRINTERS, pickup: { printer: 'Zebra', paper: 'roll80' } });
  });

  it('lets only a supervisor change them', () => {
    expect(SUPERVISOR_COMMANDS.has('printers.set')).toBe(true);
    expect(SUPERVISOR_COMMANDS.has('printers.get')).toBe(false);
  });
});
