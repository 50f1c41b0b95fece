// Secrets at the hub. Desk tokens are 32 random bytes, kept only as their SHA-256 (a stolen store
// file opens no desk); reader passwords take scrypt with a salt per reader, slow on purpose.
import { createHash, randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

export function newDeskToken(): string {
  return randomBytes(32).toString('base64url');
}

export function hashDeskToken(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

export function sameHash(a: Buffer, b: Buffer): boolean {
  return a.length === b.length && timingSafeEqual(a, b);
}

const SCRYPT_KEY_BYTES = 32;
const SCRYPT_OPTIONS = { N: 16384, r: 8, p: 1 } as const;

function scryptAsync(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, SCRYPT_KEY_BYTES, SCRYPT_OPTIONS, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export interface PasswordHash {
  hash: Buffer;
  salt: Buffer;
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  return { hash: await scryptAsync(password, salt), salt };
}

// A login that does not exist still costs one scrypt, so timing does not tell which logins exist.
const DUMMY_SALT = randomBytes(16);

export async function verifyPassword(password: string, stored: PasswordHash | undefined): Promise<boolean> {
  const key = await scryptAsync(password, stored?.salt ?? DUMMY_SALT);
  return stored !== undefined && sameHash(key, stored.hash);
}

/** `Authorization: Bearer <token>` → the token, or undefined. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = /^Bearer ([A-Za-z0-9_-]{1,200})$/.exec(header ?? '');
  return match?.[1];
}

/** `Authorization: Basic base64(login:password)` → its parts, or undefined. */
export function basicCredentials(header: string | undefined): { login: string; password: string } | undefined {
  const match = /^Basic ([A-Za-z0-9+/=]{1,400})$/.exec(header ?? '');
  if (!match?.[1]) return undefined;
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  if (colon < 1) return undefined;
  return { login: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}
