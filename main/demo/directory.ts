// The consortium directory of the demo: every member library the seed names (its registration
// list of 28, the libraries of its search screen) and the National Library, which lends to BALIS
// members under its own agreement (国家图书馆馆际互借). Codes are the seed's where it gives them
// (北京邮电大学 211130, 北京航空航天大学 211060); the others are invented, six digits and unique.
// Prefixes are the seed's where it shows them (BY, BH, RD, BD, BJSD), unique 2–4 letters elsewhere.
import type { LibraryRules } from '../../shared/rules';

export interface DemoLibrary {
  code: string;
  /** The institution's full name. */
  name: string;
  /** The name as the seed's lists show it (北京师大, 北邮, 北航 …). */
  shortName: string;
  /** Request-number prefix, 2–4 uppercase letters, unique consortium-wide. */
  prefix: string;
  /** Overrides of the consortium defaults (DESIGN §2); stored as `rules_json`. */
  rules: Partial<LibraryRules>;
  /** Whether the library's readers borrow through BALIS (the National Library only lends). */
  borrows: boolean;
  /** How busy the library is in the demo, relative: big universities borrow and lend more. */
  weight: number;
}

export const OUR_LIBRARY_CODE = '211130';
export const NATIONAL_LIBRARY_CODE = '100001';

/** Loan periods the seed and DESIGN §2 name: 4 weeks, 45 days, 3 weeks (National Library). */
const FOUR_WEEKS: Partial<LibraryRules> = { loanPeriodDays: 28 };
const SIX_WEEKS: Partial<LibraryRules> = { loanPeriodDays: 45 };
const FINE_50 = { overdueFinePerDayFen: 50 } as const;
/** What a parcel costs by courier (the consortium bears it) and a lost book's charge, where a library set them. */
const COURIER_12 = { courierCostFen: 1200, lostBookChargeFen: 10000 } as const;

export const DEMO_LIBRARIES: readonly DemoLibrary[] = Object.freeze([
  // The seed's registration list (所属成员馆), in its order.
  { code: '211040', name: '北京师范大学', shortName: '北京师大', prefix: 'BJSD', rules: { ...SIX_WEEKS, ...FINE_50, ...COURIER_12 }, borrows: true, weight: 8 },
  { code: '211220', name: '外交学院', shortName: '外交学院', prefix: 'WJ', rules: {}, borrows: true, weight: 1.5 },
  { code: '211230', name: '中国人民公安大学', shortName: '公安大学', prefix: 'GA', rules: FOUR_WEEKS, borrows: true, weight: 1.5 },
  { code: '211121', name: '中国农业大学图书馆东区', shortName: '中国农大图书馆东区', prefix: 'NDDQ', rules: {}, borrows: true, weight: 2 },
  { code: '211350', name: '北京财贸职业学院', shortName: '北京财贸职业学院', prefix: 'CM', rules: {}, borrows: true, weight: 1 },
  { code: '211360', name: '北京工业职业技术学院', shortName: '工业职业技术学院', prefix: 'GZ', rules: {}, borrows: true, weight: 1 },
  { code: '211095', name: '北京化工大学北方学院', shortName: '北京化工大学北方学院', prefix: 'HGBF', rules: {}, borrows: true, weight: 1 },
  { code: '211280', name: '北京信息科技大学小营校区', shortName: '北京信息科技大小营区', prefix: 'XK', rules: {}, borrows: true, weight: 2 },
  { code: '211270', name: '北京印刷学院', shortName: '北京印刷学院', prefix: 'YS', rules: {}, borrows: true, weight: 1.5 },
  { code: '211370', name: '北京政法职业学院', shortName: '北京政法职业学院', prefix: 'ZF', rules: {}, borrows: true, weight: 1 },
  { code: '211390', name: '首钢工学院', shortName: '首钢工学院', prefix: 'SG', rules: {}, borrows: true, weight: 1 },
  { code: '211260', name: '北京建筑工程学院', shortName: '北京建筑工程学院', prefix: 'JG', rules: FOUR_WEEKS, borrows: true, weight: 2 },
  { code: '211250', name: '北方工业大学', shortName: '北方工大', prefix: 'BF', rules: {}, borrows: true, weight: 3 },
  { code: '211011', name: '北京大学医学部', shortName: '北大医学', prefix: 'BDYX', rules: { ...SIX_WEEKS, ...FINE_50 }, borrows: true, weight: 3 },
  { code: '211210', name: '对外经济贸易大学', shortName: '对外经贸大学', prefix: 'DWJM', rules: FOUR_WEEKS, borrows: true, weight: 4 },
  { code: '211240', name: '首都经济贸易大学本部', shortName: '首都经贸大学本部', prefix: 'SJM', rules: {}, borrows: true, weight: 3 },
  { code: '211420', name: '中央教研信息中心', shortName: '中央教研信息中心', prefix: 'JYXX', rules: {}, borrows: true, weight: 1 },
  { code: '211340', name: '北京吉利大学', shortName: '北京吉利大学图书馆', prefix: 'JL', rules: {}, borrows: true, weight: 1 },
  { code: OUR_LIBRARY_CODE, name: '北京邮电大学', shortName: '北邮', prefix: 'BY', rules: { courierCostFen: 1000 }, borrows: true, weight: 0 },
  { code: '211020', name: '中国人民大学', shortName: '人大', prefix: 'RD', rules: { ...FOUR_WEEKS, ...FINE_50 }, borrows: true, weight: 8 },
  { code: '211290', name: '北京物资学院', shortName: '北京物资学院图书馆', prefix: 'WZ', rules: {}, borrows: true, weight: 1 },
  // The seed gives only this code-like name; kept as it is.
  { code: '211430', name: 'ZYSMZYYX', shortName: 'ZYSMZYYX', prefix: 'ZYSM', rules: {}, borrows: true, weight: 0.5 },
  { code: '211060', name: '北京航空航天大学', shortName: '北航', prefix: 'BH', rules: { ...FOUR_WEEKS, ...FINE_50, ...COURIER_12 }, borrows: true, weight: 8 },
  { code: '211330', name: '中国社会科学院研究生院', shortName: '社科院研究生院', prefix: 'SKY', rules: SIX_WEEKS, borrows: true, weight: 2 },
  { code: '211380', name: '北京农业职业学院南校区', shortName: '北京农职学院南校区', prefix: 'NZ', rules: {}, borrows: true, weight: 1 },
  { code: '211400', name: '北京人民警察学院', shortName: '北京人民警察学院', prefix: 'JC', rules: {}, borrows: true, weight: 1 },
  { code: '211410', name: '中共北京市委党校', shortName: '北京市委党校', prefix: 'DX', rules: {}, borrows: true, weight: 1 },
  { code: '211320', name: '中国劳动关系学院', shortName: '中国劳动关系学院', prefix: 'LDG', rules: {}, borrows: true, weight: 1.5 },
  // The others its search screen names (检索页面的成员馆).
  { code: '211010', name: '北京大学', shortName: '北大', prefix: 'BD', rules: { ...SIX_WEEKS, ...FINE_50 }, borrows: true, weight: 10 },
  { code: '211150', name: '北京林业大学', shortName: '北林', prefix: 'LY', rules: {}, borrows: true, weight: 3 },
  { code: '211300', name: '北京农学院', shortName: '北京农学院', prefix: 'NXY', rules: {}, borrows: true, weight: 1.5 },
  { code: '211050', name: '北京交通大学', shortName: '北交大', prefix: 'JD', rules: FOUR_WEEKS, borrows: true, weight: 6 },
  { code: '211190', name: '中国政法大学', shortName: '法大', prefix: 'FD', rules: {}, borrows: true, weight: 4 },
  { code: '211080', name: '北京科技大学', shortName: '北科大', prefix: 'KD', rules: FOUR_WEEKS, borrows: true, weight: 5 },
  { code: '211070', name: '北京理工大学', shortName: '北理工', prefix: 'BLG', rules: { ...FOUR_WEEKS, ...FINE_50 }, borrows: true, weight: 6 },
  { code: '211170', name: '北京外国语大学', shortName: '北外', prefix: 'BW', rules: SIX_WEEKS, borrows: true, weight: 4 },
  { code: '211100', name: '北京工业大学', shortName: '北工大', prefix: 'BG', rules: {}, borrows: true, weight: 4 },
  { code: '211160', name: '北京中医药大学', shortName: '北中医', prefix: 'ZYY', rules: {}, borrows: true, weight: 2.5 },
  { code: '211440', name: '解放军医学图书馆', shortName: '解放军医学图书馆', prefix: 'JFJ', rules: {}, borrows: true, weight: 1.5 },
  { code: '211310', name: '中国石油大学(北京)', shortName: '石大', prefix: 'SY', rules: {}, borrows: true, weight: 3 },
  { code: '211200', name: '中央财经大学', shortName: '中财', prefix: 'ZC', rules: FOUR_WEEKS, borrows: true, weight: 4 },
  { code: '211120', name: '中国农业大学', shortName: '农大', prefix: 'ND', rules: {}, borrows: true, weight: 4 },
  // The National Library lends to BALIS members (借期 3 weeks, 5 yuan a day overdue); it does not borrow.
  { code: NATIONAL_LIBRARY_CODE, name: '国家图书馆', shortName: '国图', prefix: 'NLC', rules: { loanPeriodDays: 21, overdueFinePerDayFen: 500, lostBookChargeFen: 20000, courierCostFen: 1500 }, borrows: false, weight: 5 },
] satisfies DemoLibrary[]);

export function demoLibrary(code: string): DemoLibrary | undefined {
  return DEMO_LIBRARIES.find((l) => l.code === code);
}
