// The library's mail server for reader notices, kept in the desk's settings table (the server
// belongs to the library's network, so the choice never goes to the hub).
//
// The password is kept as it is in the store file (passwordScheme 'plain'), like the hub token on
// a desk without a system keychain: the services that send mail run without the runtime's
// SecretBox. Sealing it with the keychain (settings/hub.ts SecretBox) is a later step; the
// scheme field is here so a sealed password can be told apart then.
import { z } from 'zod';
import type { ParsedInputOf } from '../../shared/contract';
import type { SmtpSettings } from '../../shared/types';
import type { DeskContext } from '../context';
import type { Db } from '../store/db';
import { readSetting, writeSetting } from './store';

const SMTP_KEY = 'smtp';

const storedSmtpSchema = z.object({
  host: z.string().min(1).max(200),
  port: z.number().int().min(1).max(65535),
  secure: z.boolean(),
  user: z.string().max(200),
  password: z.string().max(500),
  passwordScheme: z.literal('plain'),
  from: z.string().min(1).max(200),
  deskPhone: z.string().max(40),
  deskLocation: z.string().max(100),
});
export type StoredSmtp = z.infer<typeof storedSmtpSchema>;

export function readSmtp(db: Db): StoredSmtp | undefined {
  return readSetting(db, SMTP_KEY, storedSmtpSchema);
}

export function smtpSettingsOf(stored: StoredSmtp | undefined): SmtpSettings {
  if (!stored) return { host: null, port: 25, secure: false, user: '', passwordSet: false, from: '', deskPhone: '', deskLocation: '' };
  const { password, passwordScheme: _scheme, ...rest } = stored;
  return { ...rest, passwordSet: password !== '' };
}

export function getSmtp(ctx: DeskContext): SmtpSettings {
  return smtpSettingsOf(readSmtp(ctx.db));
}

/** Sets the server; a password left out keeps the one kept (the screen never has it), '' clears it. */
export function setSmtp(ctx: DeskContext, input: ParsedInputOf<'smtp.set'>): SmtpSettings {
  return ctx.db
    .transaction(() => {
      const before = readSmtp(ctx.db);
      const { password, ...rest } = input;
      const next: StoredSmtp = storedSmtpSchema.parse({ ...rest, password: password ?? before?.password ?? '', passwordScheme: 'plain' });
      writeSetting(ctx.db, SMTP_KEY, next);
      return smtpSettingsOf(next);
    })
    .immediate();
}
