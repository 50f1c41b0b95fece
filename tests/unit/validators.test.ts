// Identifier check digits and the seed's field limits. The valid identifiers below were checked
// by hand (the sums are in the comments); the properties use a reference written here.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FIELD_LIMITS,
  LIBRARY_CODE_PATTERN,
  LOGIN_MAX,
  LOGIN_PATTERN,
  PREFIX_PATTERN,
  charCount,
  compactIdentifier,
  displayWidth,
  formatRequestNumber,
  isRequestNumber,
  isValidIsbn,
  isValidIsbn10,
  isValidIsbn13,
  isValidIssn,
  isbn13CheckDigit,
  limitMessage,
  measure,
  withinLimit,
} from '../../shared/validators';

// ---- references, written independently of shared/ ----------------------------------------------

/** ISBN-13 / EAN-13: weights 1,3,1,3…; the check digit makes the sum a multiple of 10. */
function refIsbn13Check(first12: string): string {
  const sum = [...first12].reduce((acc, ch, i) => acc + Number(ch) * (i % 2 === 0 ? 1 : 3), 0);
  return String((10 - (sum % 10)) % 10);
}
/** ISBN-10: weights 10…2; the check (0–10, 10 = X) makes the sum a multiple of 11. */
function refIsbn10Check(first9: string): string {
  const sum = [...first9].reduce((acc, ch, i) => acc + Number(ch) * (10 - i), 0);
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}
/** ISSN: weights 8…2; mod 11, 10 = X. */
function refIssnCheck(first7: string): string {
  const sum = [...first7].reduce((acc, ch, i) => acc + Number(ch) * (8 - i), 0);
  const c = (11 - (sum % 11)) % 11;
  return c === 10 ? 'X' : String(c);
}

const digits = (n: number) => fc.array(fc.integer({ min: 0, max: 9 }), { minLength: n, maxLength: n }).map((a) => a.join(''));
const CHECK_CHARS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9', 'X'];

// ---- ISBN-13 -----------------------------------------------------------------------------------

describe('ISBN-13', () => {
  // 978711516424: 9+21+8+21+1+3+5+3+6+12+2+12 = 103 → check digit 7.
  it('the seed’s 978-7-115-16424-7 is valid with and without hyphens', () => {
    expect(isValidIsbn13('978-7-115-16424-7')).toBe(true);
    expect(isValidIsbn13('9787115164247')).toBe(true);
    expect(isValidIsbn13('978 7 115 16424 7')).toBe(true);
    expect(isValidIsbn13(' 9787115164247 ')).toBe(true);
    expect(isValidIsbn('978-7-115-16424-7')).toBe(true);
  });

  it.each(['0', '1', '2', '3', '4', '5', '6', '8', '9'])('978-7-115-16424-%s (wrong check digit) is invalid', (d) => {
    expect(isValidIsbn13(`978-7-115-16424-${d}`)).toBe(false);
    expect(isValidIsbn13(`978711516424${d}`)).toBe(false);
    expect(isValidIsbn(`978711516424${d}`)).toBe(false);
  });

  it('other known valid ISBN-13s', () => {
    // 978030640615: 9+21+8+0+3+0+6+12+0+18+1+15 = 93 → 7.
    expect(isValidIsbn13('978-0-306-40615-7')).toBe(true);
    // 979 prefix: 979100000000: 9+21+9+3+0… = 42 → 8.
    expect(isValidIsbn13('979-1-0000-0000-8')).toBe(true);
  });

  it('refuses broken forms', () => {
    expect(isValidIsbn13('')).toBe(false);
    expect(isValidIsbn13('978711516424')).toBe(false); // 12 digits
    expect(isValidIsbn13('97871151642470')).toBe(false); // 14 digits
    expect(isValidIsbn13('978711516424X')).toBe(false); // no X in ISBN-13
    expect(isValidIsbn13('978-7-115-1642A-7')).toBe(false);
    expect(isValidIsbn13('9787115164274')).toBe(false); // two digits swapped
    // An ISSN's EAN-13 (977…) has a valid EAN check digit but is not a book number:
    // 977031784700: 9+21+7+0+3+3+7+24+4+21+0+0 = 99 → 1.
    expect(isValidIsbn13('9770317847001')).toBe(false);
    expect(isValidIsbn('9770317847001')).toBe(false);
  });

  it('isbn13CheckDigit gives the seed book’s 7', () => {
    expect(isbn13CheckDigit('978711516424')).toBe('7');
    expect(isbn13CheckDigit('978030640615')).toBe('7');
  });

  it('property: for any 978/979 prefix and 9 digits, the check digit makes a valid ISBN and no other does', () => {
    fc.assert(
      fc.property(fc.constantFrom('978', '979'), digits(9), (prefix, body) => {
        const first12 = prefix + body;
        const check = isbn13CheckDigit(first12);
        expect(check).toBe(refIsbn13Check(first12));
        expect(isValidIsbn13(first12 + check)).toBe(true);
        expect(isValidIsbn(first12 + check)).toBe(true);
        for (let d = 0; d <= 9; d++) {
          if (String(d) !== check) expect(isValidIsbn13(first12 + String(d))).toBe(false);
        }
      }),
    );
  });

  it('property: isbn13CheckDigit agrees with the reference for any 12 digits', () => {
    fc.assert(
      fc.property(digits(12), (first12) => {
        expect(isbn13CheckDigit(first12)).toBe(refIsbn13Check(first12));
      }),
    );
  });

  it('property: changing any one digit of a valid ISBN-13 makes it invalid', () => {
    fc.assert(
      fc.property(fc.constantFrom('978', '979'), digits(9), fc.integer({ min: 3, max: 12 }), fc.integer({ min: 1, max: 9 }), (p, body, pos, delta) => {
        const valid = p + body + refIsbn13Check(p + body);
        const changed = valid.slice(0, pos) + String((Number(valid[pos]) + delta) % 10) + valid.slice(pos + 1);
        expect(isValidIsbn13(changed)).toBe(false);
      }),
    );
  });
});

// ---- ISBN-10 -----------------------------------------------------------------------------------

describe('ISBN-10', () => {
  it.each([
    // 7,1,1,5,1,6,4,2,4 × 10…2 = 70+9+8+35+6+30+16+6+8 = 188 ≡ 1 (mod 11) → check 10 = X.
    '7-115-16424-X',
    '711516424X',
    '711516424x',
    // 0,3,0,6,4,0,6,1,5 × 10…2 = 130 ≡ 9 → 2.
    '0-306-40615-2',
    '0306406152',
    // 0,8,0,4,4,2,9,5,7 × 10…2 = 199 ≡ 1 → X.
    '0-8044-2957-X',
    // 0,1,9,8,5,3,4,5,3 × 10…2 = 219 ≡ 10 → 1.
    '0-19-853453-1',
  ])('%s is valid', (isbn) => {
    expect(isValidIsbn10(isbn)).toBe(true);
    expect(isValidIsbn(isbn)).toBe(true);
  });

  it.each([
    '7-115-16424-7', // the seed's ISBN-13 check digit is not the ISBN-10's
    '7-115-16424-0',
    '0-306-40615-3',
    '0-306-40615-X',
    '0-8044-2957-0',
    '0-8044-2957-9',
    '0-8X44-2957-0', // X only as the check digit
    'X-306-40615-2',
    '030640615', // 9 digits
    '03064061522', // 11 digits
    '0-306-40651-2', // two digits swapped
    '',
    'ISBN0306406152',
  ])('%s is invalid', (isbn) => {
    expect(isValidIsbn10(isbn)).toBe(false);
    expect(isValidIsbn(isbn)).toBe(false);
  });

  it('an ISBN-13 is not an ISBN-10 and the other way round', () => {
    expect(isValidIsbn10('9787115164247')).toBe(false);
    expect(isValidIsbn13('711516424X')).toBe(false);
  });

  it('property: the reference check character is the only valid one', () => {
    fc.assert(
      fc.property(digits(9), (body) => {
        const check = refIsbn10Check(body);
        for (const c of CHECK_CHARS) expect(isValidIsbn10(body + c)).toBe(c === check);
      }),
    );
  });

  it('property: swapping two different adjacent characters is caught', () => {
    fc.assert(
      fc.property(digits(9), fc.integer({ min: 0, max: 8 }), (body, i) => {
        const valid = body + refIsbn10Check(body);
        fc.pre(valid[i] !== valid[i + 1]);
        const swapped = valid.slice(0, i) + valid[i + 1] + valid[i] + valid.slice(i + 2);
        expect(isValidIsbn10(swapped)).toBe(false);
      }),
    );
  });
});

// ---- ISSN --------------------------------------------------------------------------------------

describe('ISSN', () => {
  it.each([
    // 0,3,1,7,8,4,7 × 8…2 = 0+21+6+35+32+12+14 = 120 ≡ 10 (mod 11) → 1.
    '0317-8471',
    '03178471',
    // 2,0,4,9,3,6,3 × 8…2 = 16+0+24+45+12+18+6 = 121 ≡ 0 → 0.
    '2049-3630',
    // 1,0,5,0,1,2,4 × 8…2 = 8+0+30+0+4+6+8 = 56 ≡ 1 → 10 = X.
    '1050-124X',
    '1050-124x',
    ' 1050 124X ',
  ])('%s is valid', (issn) => {
    expect(isValidIssn(issn)).toBe(true);
  });

  it.each([
    '0317-8472',
    '0317-847X',
    '2049-3631',
    '2049-363X',
    '1050-1240',
    '1050-1241',
    '1050-124', // 7 characters
    '0317-84711', // 9 characters
    'X317-8471', // X only as the check digit
    '0371-8471', // two digits swapped
    '',
    'ISSN',
  ])('%s is invalid', (issn) => {
    expect(isValidIssn(issn)).toBe(false);
  });

  it('property: the reference check character is the only valid one', () => {
    fc.assert(
      fc.property(digits(7), (body) => {
        const check = refIssnCheck(body);
        for (const c of CHECK_CHARS) {
          expect(isValidIssn(body + c)).toBe(c === check);
          expect(isValidIssn(`${body.slice(0, 4)}-${body.slice(4)}${c}`)).toBe(c === check);
        }
      }),
    );
  });
});

describe('compactIdentifier', () => {
  it('drops hyphens and spaces, upper-cases', () => {
    expect(compactIdentifier('978-7 115-16424-7')).toBe('9787115164247');
    expect(compactIdentifier(' 1050-124x ')).toBe('1050124X');
  });
});

// ---- request numbers ---------------------------------------------------------------------------

describe('request numbers', () => {
  it.each(['BY00000061', 'BJSD000065', 'rd00001098', 'bh00000061', 'BD00000159', 'BJSD00000001'])('%s is valid', (n) => {
    expect(isRequestNumber(n)).toBe(true);
  });

  it.each([
    'BY0000006', // 7 digits after a 2-letter prefix
    'B00000061', // 1-letter prefix
    'BY000000611', // 9 digits
    'BY0000006X',
    "BY00000061' OR 1=1",
    'BY00000061;DROP TABLE requests',
    'BY00000061\n',
    ' BY00000061',
    'BY-00000061',
    'ABCDE00000061', // 5-letter prefix
    '00000061',
    'BY',
    '',
    '北邮00000061',
    'ВУ00000061', // Cyrillic look-alikes
  ])('%j is invalid', (n) => {
    expect(isRequestNumber(n)).toBe(false);
  });

  it('formatRequestNumber pads the serial to 8 digits', () => {
    expect(formatRequestNumber('BY', 61)).toBe('BY00000061');
    expect(formatRequestNumber('BJSD', 1)).toBe('BJSD00000001');
    expect(formatRequestNumber('rd', 99_999_999)).toBe('rd99999999');
  });

  it('property: every formatted number with a 2–4 letter prefix is a request number', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz'), { minLength: 2, maxLength: 4 }),
        fc.integer({ min: 0, max: 99_999_999 }),
        (letters, serial) => {
          const n = formatRequestNumber(letters.join(''), serial);
          expect(n).toHaveLength(letters.length + 8);
          expect(isRequestNumber(n)).toBe(true);
        },
      ),
    );
  });
});

// ---- patterns ----------------------------------------------------------------------------------

describe('login, prefix and library-code patterns', () => {
  it.each(['zhang3', 'Zhang2026', 'a', 'ABC', '2026'])('login %j is allowed', (login) => {
    expect(LOGIN_PATTERN.test(login)).toBe(true);
  });

  it.each(['', '张三', 'zhang san', 'zhang_san', 'zhang-san', 'zhang.san', 'a@b', "x' OR 1=1", 'Иван', 'zhang3\n'])(
    'login %j is refused',
    (login) => {
      expect(LOGIN_PATTERN.test(login)).toBe(false);
    },
  );

  it('login length limit', () => {
    expect(withinLimit('login', 'a'.repeat(LOGIN_MAX))).toBe(true);
    expect(withinLimit('login', 'a'.repeat(LOGIN_MAX + 1))).toBe(false);
  });

  it('prefixes are 2–4 letters', () => {
    for (const p of ['BY', 'rd', 'BJSD']) expect(PREFIX_PATTERN.test(p)).toBe(true);
    for (const p of ['B', 'BJSDX', 'B1', '']) expect(PREFIX_PATTERN.test(p)).toBe(false);
  });

  it('library codes are six digits (211130 北京邮电大学, 211060 北京航空航天大学)', () => {
    for (const c of ['211130', '211060']) expect(LIBRARY_CODE_PATTERN.test(c)).toBe(true);
    for (const c of ['21113', '2111300', 'BY2111', '', '２１１１３０']) expect(LIBRARY_CODE_PATTERN.test(c)).toBe(false);
  });
});

// ---- widths and limits -------------------------------------------------------------------------

describe('displayWidth: a Chinese character counts 2', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['北京', 4],
    ['a北b', 4],
    ['北京邮电大学图书馆', 18],
    ['Привет', 6], // Russian is narrow
    ['，。、：', 8], // full-width and CJK punctuation
    ['ＡＢＣ', 6], // full-width Latin
    ['ひらがな', 8],
    ['𠀀', 2], // CJK extension B, an astral character
  ] as const)('%j → %d', (text, want) => {
    expect(displayWidth(text)).toBe(want);
  });
});

describe('charCount counts code points', () => {
  it.each([
    ['', 0],
    ['abc', 3],
    ['北京', 2],
    ['𠀀', 1],
    ['a𠀀b', 3],
    ['😀😀', 2],
  ] as const)('%j → %d', (text, want) => {
    expect(charCount(text)).toBe(want);
  });

  it('an astral character is two UTF-16 units but one character', () => {
    expect('𠀀'.length).toBe(2);
    expect(charCount('𠀀'.repeat(50))).toBe(50);
  });
});

describe('the seed’s field limits (DESIGN §2)', () => {
  it('has the DESIGN values', () => {
    expect(FIELD_LIMITS.address).toEqual({ max: 200, measure: 'width' });
    expect(FIELD_LIMITS.readerRemark).toEqual({ max: 100, measure: 'width' });
    expect(FIELD_LIMITS.requestRemark.max).toBe(50);
    expect(FIELD_LIMITS.noteToLender.max).toBe(100);
    expect(FIELD_LIMITS.cardNumber.max).toBe(14);
    expect(FIELD_LIMITS.password.max).toBe(20);
  });

  describe('address ≤ 200 (200字符或100汉字)', () => {
    it('100 Chinese characters are within, 101 are not', () => {
      expect(withinLimit('address', '北'.repeat(100))).toBe(true);
      expect(withinLimit('address', '北'.repeat(101))).toBe(false);
      expect(measure('address', '北'.repeat(100))).toBe(200);
    });

    it('200 ASCII characters are within, 201 are not', () => {
      expect(withinLimit('address', 'a'.repeat(200))).toBe(true);
      expect(withinLimit('address', 'a'.repeat(201))).toBe(false);
    });

    it('mixed: 99 汉字 + 2 letters fit, 99 汉字 + 3 letters do not', () => {
      expect(withinLimit('address', '北'.repeat(99) + 'ab')).toBe(true);
      expect(withinLimit('address', '北'.repeat(99) + 'abc')).toBe(false);
    });

    it('a real address with full-width punctuation', () => {
      const addr = '北京市海淀区西土城路10号，北京邮电大学图书馆二层馆际互借处';
      expect(withinLimit('address', addr)).toBe(true);
      expect(measure('address', addr)).toBe(displayWidth(addr));
      expect(measure('address', addr)).toBeGreaterThan(charCount(addr));
    });
  });

  describe('reader remark ≤ 100, a Chinese character counting 2', () => {
    it('50 汉字 within, 51 not; 100 letters within, 101 not', () => {
      expect(withinLimit('readerRemark', '借'.repeat(50))).toBe(true);
      expect(withinLimit('readerRemark', '借'.repeat(51))).toBe(false);
      expect(withinLimit('readerRemark', 'x'.repeat(100))).toBe(true);
      expect(withinLimit('readerRemark', 'x'.repeat(101))).toBe(false);
    });
  });

  describe('request remark ≤ 50', () => {
    it('50 within, 51 not', () => {
      expect(withinLimit('requestRemark', 'r'.repeat(50))).toBe(true);
      expect(withinLimit('requestRemark', 'r'.repeat(51))).toBe(false);
      expect(withinLimit('requestRemark', '急'.repeat(50))).toBe(true);
      expect(withinLimit('requestRemark', '急'.repeat(51))).toBe(false);
    });

    it('astral characters count once', () => {
      expect(withinLimit('requestRemark', '𠀀'.repeat(50))).toBe(true);
      expect(withinLimit('requestRemark', '𠀀'.repeat(51))).toBe(false);
    });
  });

  describe('note to lender ≤ 100', () => {
    it('100 within, 101 not', () => {
      expect(withinLimit('noteToLender', 'n'.repeat(100))).toBe(true);
      expect(withinLimit('noteToLender', 'n'.repeat(101))).toBe(false);
      expect(withinLimit('noteToLender', '请'.repeat(100))).toBe(true);
      expect(withinLimit('noteToLender', '请'.repeat(101))).toBe(false);
    });
  });

  it('card number ≤ 14, password ≤ 20', () => {
    expect(withinLimit('cardNumber', '1'.repeat(14))).toBe(true);
    expect(withinLimit('cardNumber', '1'.repeat(15))).toBe(false);
    expect(withinLimit('password', 'p'.repeat(20))).toBe(true);
    expect(withinLimit('password', 'p'.repeat(21))).toBe(false);
  });

  it('limitMessage names the limit (the error adds the field it is about)', () => {
    expect(limitMessage('requestRemark')).toContain('50');
    expect(limitMessage('requestRemark')).not.toContain('requestRemark');
    expect(limitMessage('address')).toContain('200');
    expect(limitMessage('address')).toContain('100');
  });

  it('property: width is between the character count and twice it', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 40 }), (s) => {
        expect(displayWidth(s)).toBeGreaterThanOrEqual(charCount(s));
        expect(displayWidth(s)).toBeLessThanOrEqual(2 * charCount(s));
      }),
    );
  });
});
