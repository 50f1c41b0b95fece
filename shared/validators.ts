// Validators for identifiers and the seed's field limits. Each returns plain data so both the zod
// schemas of the contract and the screens (as a clerk types) can use them.

/** Strips the separators people type or scanners add: hyphens, spaces. */
export function compactIdentifier(value: string): string {
  return value.replace(/[\s-]/g, '').toUpperCase();
}

export function isValidIsbn10(value: string): boolean {
  const s = compactIdentifier(value);
  if (!/^\d{9}[\dX]$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 10; i++) {
    const digit = s[i] === 'X' ? 10 : Number(s[i]);
    sum += digit * (10 - i);
  }
  return sum % 11 === 0;
}

export function isValidIsbn13(value: string): boolean {
  const s = compactIdentifier(value);
  if (!/^97[89]\d{10}$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 13; i++) sum += Number(s[i]) * (i % 2 === 0 ? 1 : 3);
  return sum % 10 === 0;
}

export function isValidIsbn(value: string): boolean {
  return isValidIsbn10(value) || isValidIsbn13(value);
}

export function isValidIssn(value: string): boolean {
  const s = compactIdentifier(value);
  if (!/^\d{7}[\dX]$/.test(s)) return false;
  let sum = 0;
  for (let i = 0; i < 7; i++) sum += Number(s[i]) * (8 - i);
  const check = (11 - (sum % 11)) % 11;
  return (check === 10 ? 'X' : String(check)) === s[7];
}

/** The check digit an ISBN-13 needs after its first 12 digits (for generators and tests). */
export function isbn13CheckDigit(first12: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += Number(first12[i]) * (i % 2 === 0 ? 1 : 3);
  return String((10 - (sum % 10)) % 10);
}

/**
 * Request numbers: a library prefix of 2–4 letters and 8 digits (BY00000061). The seed's older
 * numbers with a 4-letter prefix kept 10 characters in all (BJSD000065): they are accepted too.
 */
export const REQUEST_NUMBER_PATTERN = /^(?:[A-Za-z]{2,4}\d{8}|[A-Za-z]{4}\d{6})$/;
export function isRequestNumber(value: string): boolean {
  return REQUEST_NUMBER_PATTERN.test(value);
}

export function formatRequestNumber(prefix: string, serial: number): string {
  return `${prefix}${String(serial).padStart(8, '0')}`;
}

/** Reader login names: ASCII letters and digits only, unique consortium-wide (the seed's rule). */
export const LOGIN_PATTERN = /^[A-Za-z0-9]+$/;
export const LOGIN_MAX = 30;

/** Library prefixes for request numbers: 2–4 letters. */
export const PREFIX_PATTERN = /^[A-Za-z]{2,4}$/;
/** Library codes: six digits (211130 北京邮电大学). */
export const LIBRARY_CODE_PATTERN = /^\d{6}$/;

/** Number of Unicode characters (code points), so an astral character counts once. */
export function charCount(value: string): number {
  let n = 0;
  for (const _ of value) n++;
  return n;
}

// East Asian wide and full-width ranges: CJK ideographs, kana, hangul, full-width forms, CJK
// punctuation. These count 2 where the seed says "200字符或100汉字".
const WIDE = /[\u1100-\u115F\u2E80-\u303E\u3041-\u33FF\u3400-\u4DBF\u4E00-\u9FFF\uA000-\uA4CF\uAC00-\uD7A3\uF900-\uFAFF\uFE30-\uFE4F\uFF00-\uFF60\uFFE0-\uFFE6\u{20000}-\u{3FFFD}]/u;

/** Width in the seed's sense: a Chinese (wide) character counts 2, any other character 1. */
export function displayWidth(value: string): number {
  let n = 0;
  for (const ch of value) n += WIDE.test(ch) ? 2 : 1;
  return n;
}

/** The seed's field limits (DESIGN §2). `width` limits count a Chinese character as 2. */
export const FIELD_LIMITS = {
  login: { max: LOGIN_MAX, measure: 'chars' },
  cardNumber: { max: 14, measure: 'chars' },
  password: { max: 20, measure: 'chars' },
  address: { max: 200, measure: 'width' },
  readerRemark: { max: 100, measure: 'width' },
  requestRemark: { max: 50, measure: 'chars' },
  noteToLender: { max: 100, measure: 'chars' },
  title: { max: 500, measure: 'chars' },
  author: { max: 300, measure: 'chars' },
  name: { max: 50, measure: 'chars' },
  reason: { max: 200, measure: 'chars' },
  noteText: { max: 1000, measure: 'chars' },
} as const satisfies Record<string, { max: number; measure: 'chars' | 'width' }>;
export type LimitedField = keyof typeof FIELD_LIMITS;

export function measure(field: LimitedField, value: string): number {
  return FIELD_LIMITS[field].measure === 'width' ? displayWidth(value) : charCount(value);
}

export function withinLimit(field: LimitedField, value: string): boolean {
  return measure(field, value) <= FIELD_LIMITS[field].max;
}

export function limitMessage(field: LimitedField): string {
  const { max, measure: how } = FIELD_LIMITS[field];
  return how === 'width'
    ? `may be at most ${max} characters, a Chinese character counting 2 (${max / 2} 汉字)`
    : `may be at most ${max} characters`;
}
