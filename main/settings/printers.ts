// Which printer and paper each kind of slip uses at this desk. Kept in the desk's settings table:
// printers belong to the workstation, not the library, so the choice never goes to the hub.
import { z } from 'zod';
import { printerSettingsSchema, slipPrinterSchema, type ParsedInputOf } from '../../shared/contract';
import { SLIP_KINDS, type PrinterSettings } from '../../shared/types';
import type { DeskContext } from '../context';
import type { Db } from '../store/db';
import { readSetting, writeSetting } from './store';

const PRINTERS_KEY = 'printers';

/**
 * Until a supervisor chooses: the system's default printer, the counter's 80 mm roll for the
 * slips a clerk tears off, A4 for the packing list that goes into the parcel.
 */
export const DEFAULT_PRINTERS: PrinterSettings = Object.freeze({
  pickup: { printer: '', paper: 'roll80' },
  pull: { printer: '', paper: 'roll80' },
  packingList: { printer: '', paper: 'A4' },
  dateDue: { printer: '', paper: 'roll80' },
});

/**
 * Each kind's stored choice, or its default where none is stored. A damaged choice falls back to
 * the default on its own, without the other kinds: a slip must still print somewhere.
 */
export function readPrinters(db: Db): PrinterSettings {
  const stored = readSetting(db, PRINTERS_KEY, z.record(z.string(), z.unknown())) ?? {};
  const printers: PrinterSettings = { ...DEFAULT_PRINTERS };
  for (const kind of SLIP_KINDS) {
    const choice = slipPrinterSchema.safeParse(stored[kind]);
    if (choice.success) printers[kind] = choice.data;
  }
  return printers;
}

export function getPrinters(ctx: DeskContext): PrinterSettings {
  return readPrinters(ctx.db);
}

/** Sets the kinds given; the others keep what they had. */
export function setPrinters(ctx: DeskContext, input: ParsedInputOf<'printers.set'>): PrinterSettings {
  return ctx.db
    .transaction(() => {
      const next: PrinterSettings = { ...readPrinters(ctx.db) };
      for (const [kind, choice] of Object.entries(input) as [keyof PrinterSettings, PrinterSettings[keyof PrinterSettings] | undefined][]) {
        if (choice) next[kind] = choice;
      }
      writeSetting(ctx.db, PRINTERS_KEY, printerSettingsSchema.parse(next));
      return next;
    })
    .immediate();
}
