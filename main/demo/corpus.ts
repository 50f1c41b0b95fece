// Words the demo is made of: readers' names, departments, and a catalogue of books and articles
// in Chinese, English and Russian. The seed's own titles are in it verbatim; the rest is composed
// from topic words, with ISBN-13s and ISSNs that carry correct check digits.
import { isbn13CheckDigit } from '../../shared/validators';
import { Rng } from './rng';

// ---- people ----------------------------------------------------------------------------------

/** Surnames with their pinyin, for names and login names. */
export const SURNAMES: readonly (readonly [string, string])[] = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['赵', 'zhao'],
  ['黄', 'huang'], ['周', 'zhou'], ['吴', 'wu'], ['徐', 'xu'], ['孙', 'sun'], ['胡', 'hu'], ['朱', 'zhu'],
  ['高', 'gao'], ['林', 'lin'], ['何', 'he'], ['郭', 'guo'], ['马', 'ma'], ['罗', 'luo'], ['梁', 'liang'],
  ['宋', 'song'], ['郑', 'zheng'], ['谢', 'xie'], ['韩', 'han'], ['唐', 'tang'], ['冯', 'feng'], ['于', 'yu'],
  ['董', 'dong'], ['萧', 'xiao'], ['程', 'cheng'], ['曹', 'cao'], ['袁', 'yuan'], ['邓', 'deng'], ['许', 'xu'],
  ['傅', 'fu'], ['沈', 'shen'], ['曾', 'zeng'], ['彭', 'peng'], ['吕', 'lv'], ['苏', 'su'], ['卢', 'lu'],
  ['蒋', 'jiang'], ['蔡', 'cai'], ['贾', 'jia'], ['丁', 'ding'], ['魏', 'wei'], ['薛', 'xue'], ['叶', 'ye'],
  ['阎', 'yan'], ['余', 'yu'], ['潘', 'pan'], ['杜', 'du'], ['戴', 'dai'], ['夏', 'xia'], ['钟', 'zhong'],
  ['汪', 'wang'], ['田', 'tian'], ['任', 'ren'], ['姜', 'jiang'], ['范', 'fan'], ['方', 'fang'], ['石', 'shi'],
  ['姚', 'yao'], ['谭', 'tan'], ['廖', 'liao'], ['邹', 'zou'], ['熊', 'xiong'], ['金', 'jin'], ['陆', 'lu'],
  ['郝', 'hao'], ['孔', 'kong'], ['白', 'bai'], ['崔', 'cui'], ['康', 'kang'], ['毛', 'mao'], ['邱', 'qiu'],
  ['秦', 'qin'], ['江', 'jiang'], ['史', 'shi'], ['顾', 'gu'], ['侯', 'hou'], ['邵', 'shao'], ['孟', 'meng'],
  ['龙', 'long'], ['万', 'wan'], ['段', 'duan'], ['雷', 'lei'], ['钱', 'qian'], ['汤', 'tang'], ['尹', 'yin'],
  ['易', 'yi'], ['常', 'chang'], ['武', 'wu'], ['乔', 'qiao'], ['贺', 'he'], ['龚', 'gong'], ['文', 'wen'],
];

/** Given-name characters with pinyin, by the gender they are most common for. */
export const GIVEN_MALE: readonly (readonly [string, string])[] = [
  ['伟', 'wei'], ['强', 'qiang'], ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['杰', 'jie'],
  ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['刚', 'gang'], ['华', 'hua'], ['鹏', 'peng'], ['辉', 'hui'],
  ['健', 'jian'], ['俊', 'jun'], ['帆', 'fan'], ['宇', 'yu'], ['浩', 'hao'], ['凯', 'kai'], ['博', 'bo'],
  ['睿', 'rui'], ['泽', 'ze'], ['轩', 'xuan'], ['昊', 'hao'], ['天', 'tian'], ['东', 'dong'], ['海', 'hai'],
  ['峰', 'feng'], ['飞', 'fei'], ['振', 'zhen'], ['志', 'zhi'], ['晨', 'chen'], ['阳', 'yang'], ['文', 'wen'],
];
export const GIVEN_FEMALE: readonly (readonly [string, string])[] = [
  ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['艳', 'yan'], ['娟', 'juan'],
  ['秀', 'xiu'], ['霞', 'xia'], ['萍', 'ping'], ['红', 'hong'], ['玉', 'yu'], ['英', 'ying'], ['欣', 'xin'],
  ['怡', 'yi'], ['婷', 'ting'], ['雪', 'xue'], ['琳', 'lin'], ['璐', 'lu'], ['佳', 'jia'], ['涵', 'han'],
  ['萱', 'xuan'], ['雨', 'yu'], ['晓', 'xiao'], ['颖', 'ying'], ['茜', 'qian'], ['倩', 'qian'], ['蕾', 'lei'],
  ['莉', 'li'], ['诗', 'shi'], ['悦', 'yue'], ['思', 'si'], ['嘉', 'jia'], ['欢', 'huan'], ['可', 'ke'],
];

/** 北京邮电大学's schools (所属院系). */
export const DEPARTMENTS: readonly string[] = [
  '信息与通信工程学院', '电子工程学院', '计算机学院', '自动化学院', '软件学院', '理学院', '经济管理学院',
  '人文学院', '马克思主义学院', '网络空间安全学院', '国际学院', '数字媒体与设计艺术学院', '现代邮政学院',
  '人工智能学院', '集成电路学院',
];

export const STAFF_TITLES: readonly string[] = ['教授', '副教授', '讲师', '讲师', '助教', '研究员', '副研究员', '高级工程师', '工程师'];

// ---- the catalogue ---------------------------------------------------------------------------

export type Language = '中文' | '英文' | '俄文';
export type MaterialType = '图书' | '期刊论文' | '会议论文' | '学位论文';

export interface CatalogItem {
  title: string;
  author: string | null;
  publisher: string | null;
  pubYear: string | null;
  isbn: string | null;
  issn: string | null;
  language: Language;
  materialType: MaterialType;
  callNumber: string | null;
  /** Page range of an article (copy requests). */
  pages: string | null;
  /** Page count of a book, for chapter copies. */
  bookPages: number;
}

function book(
  title: string,
  author: string | null,
  extra: Partial<CatalogItem> = {},
): CatalogItem {
  return {
    title,
    author,
    publisher: null,
    pubYear: null,
    isbn: null,
    issn: null,
    language: '中文',
    materialType: '图书',
    callNumber: null,
    pages: null,
    bookPages: 300,
    ...extra,
  };
}

const SEED_JAVA_ISBN = '978-7-115-16424-7';

/** The titles of the seed, verbatim (its reader's request list and search results). */
export const SEED_ITEMS = {
  resourceSharing: book('网络环境下的资源共享 图书馆联盟实现机制与策略研究', '高凡著', { callNumber: 'G250.7/G14' }),
  campusCulture: book('高校校园文化发展论', null, { callNumber: 'G641/812' }),
  modernisation: book('高校图书馆现代化建设之探索', '朱强', { callNumber: 'G258.6/77' }),
  digitalCollections: book('数字馆藏评价与绩效分析', '索传军编', { callNumber: 'G250.76/S92' }),
  tolstoy: book('托尔斯泰与雅斯纳亚·波良纳庄园', '李明滨著', { callNumber: 'I512.064/L39' }),
  herzen: book('赫尔岑传', '(苏)弗·普罗科菲耶夫著', { callNumber: 'K835.125.6/P93' }),
  russianEncyclopedia: book('Большой энциклопедический словарь', null, { language: '俄文', callNumber: 'Z256.1/B72', bookPages: 1456 }),
  digitalReference: book('图书馆数字参考咨询服务研究', null, { callNumber: 'G252/T87' }),
  java: book('Java高级编程: JDK 6版', '(美) W. Clay Richardson ... [等] 著', {
    publisher: '人民邮电出版社',
    pubYear: '2007',
    isbn: SEED_JAVA_ISBN,
    callNumber: 'TP312JA/840',
    bookPages: 702,
  }),
  calculus: book('高等数学', '蔡乃清编著', { publisher: '航空工业出版社', pubYear: '1989', callNumber: 'O13/131', bookPages: 365 }),
  calculusQa: book('高等数学: 答问. 辨析. 思考. 上册', '洪继科编', {
    publisher: '上海科学技术出版社',
    pubYear: '1987',
    callNumber: 'O13/41',
    bookPages: 345,
  }),
  calculusVol1: book('高等数学. 上册', '华南师范大学数学系《高等数学》编写组编', {
    publisher: '高等教育出版社',
    pubYear: '1987',
    callNumber: 'O13/42',
    bookPages: 303,
  }),
} satisfies Record<string, CatalogItem>;

/** Chinese topics with their 中图法 class (for call numbers). */
const ZH_TOPICS: readonly (readonly [string, string])[] = [
  ['数字图书馆', 'G250.76'], ['信息检索', 'G254.9'], ['图书馆管理', 'G251'], ['文献计量学', 'G350'],
  ['知识管理', 'G302'], ['信息组织', 'G254'], ['通信原理', 'TN911'], ['移动通信', 'TN929.5'],
  ['光纤通信', 'TN929.11'], ['数字信号处理', 'TN911.72'], ['信号与系统', 'TN911.6'], ['信息论', 'TN911.2'],
  ['无线传感器网络', 'TP212.9'], ['电磁场与电磁波', 'O441.4'], ['微波技术', 'TN015'], ['计算机网络', 'TP393'],
  ['数据结构', 'TP311.12'], ['操作系统', 'TP316'], ['数据库系统', 'TP311.13'], ['机器学习', 'TP181'],
  ['人工智能', 'TP18'], ['模式识别', 'TP391.4'], ['软件工程', 'TP311.5'], ['密码学', 'TN918.1'],
  ['编译原理', 'TP314'], ['高等代数', 'O15'], ['线性代数', 'O151.2'], ['概率论与数理统计', 'O21'],
  ['离散数学', 'O158'], ['数值分析', 'O241'], ['运筹学', 'O22'], ['大学物理', 'O4'], ['量子力学', 'O413.1'],
  ['管理信息系统', 'C931.6'], ['电子商务', 'F713.36'], ['市场营销', 'F713.5'], ['宏观经济学', 'F015'],
  ['计量经济学', 'F224.0'], ['博弈论', 'O225'], ['技术经济学', 'F062.4'], ['传播学', 'G206'],
  ['网络安全', 'TP393.08'], ['云计算', 'TP393.027'], ['大数据分析', 'TP274'], ['物联网', 'TP393.4'],
  ['俄罗斯文学', 'I512.06'], ['中国近代史', 'K25'], ['邮政经济', 'F61'], ['电路分析', 'TM133'],
];
const ZH_PREFIXES = ['', '', '', '', '现代', '实用', '新编', '高级', '网络环境下的', '大数据时代的'];
const ZH_SUFFIXES = ['', '概论', '原理', '原理与应用', '教程', '基础', '导论', '方法与实践', '理论与方法', '研究', '学习指导', '习题解答', '实验教程'];
const ZH_FIELDS = ['通信工程', '图书馆服务', '企业管理', '金融工程', '智能交通', '医学影像', '电子政务'];
const ZH_ROLES = ['著', '著', '编著', '编著', '主编', '编'];

/** Chinese publishers with their ISBN registrant element. */
const ZH_PUBLISHERS: readonly (readonly [string, string])[] = [
  ['人民邮电出版社', '115'], ['清华大学出版社', '302'], ['电子工业出版社', '121'], ['机械工业出版社', '111'],
  ['高等教育出版社', '04'], ['北京邮电大学出版社', '5635'], ['科学出版社', '03'], ['北京大学出版社', '301'],
  ['国家图书馆出版社', '5013'], ['中国人民大学出版社', '300'], ['西安电子科技大学出版社', '5606'],
  ['知识产权出版社', '5130'], ['经济科学出版社', '5058'],
];

const EN_TOPICS: readonly (readonly [string, string])[] = [
  ['Algorithms', 'TP301.6'], ['Digital Libraries', 'G250.76'], ['Information Retrieval', 'G254.9'],
  ['Wireless Communications', 'TN92'], ['Machine Learning', 'TP181'], ['Digital Signal Processing', 'TN911.72'],
  ['Computer Networks', 'TP393'], ['Pattern Recognition', 'TP391.4'], ['Operating Systems', 'TP316'],
  ['Database Systems', 'TP311.13'], ['Coding Theory', 'O157.4'], ['Optical Fiber Communications', 'TN929.11'],
  ['Information Theory', 'TN911.2'], ['Cryptography', 'TN918.1'], ['Software Engineering', 'TP311.5'],
  ['Computer Architecture', 'TP303'], ['Network Security', 'TP393.08'], ['Data Mining', 'TP311.13'],
  ['Linear Algebra', 'O151.2'], ['Probability Theory', 'O211'], ['Microeconomics', 'F016'], ['Game Theory', 'O225'],
  ['Library Management', 'G251'], ['Knowledge Organization', 'G254'], ['Antenna Theory', 'TN82'],
  ['Compiler Design', 'TP314'], ['Distributed Systems', 'TP338.8'], ['Stochastic Processes', 'O211.6'],
  ['Queueing Theory', 'O226'], ['Graph Theory', 'O157.5'], ['Convex Optimization', 'O224'],
];
const EN_TEMPLATES = [
  'Introduction to {}', '{}: Theory and Practice', 'Foundations of {}', 'Principles of {}', 'Modern {}',
  'Advanced {}', '{}: A Practical Approach', 'Handbook of {}', 'Fundamentals of {}', '{} in Practice',
  'Elements of {}', '{}: Concepts and Techniques', 'Essentials of {}',
];
const EN_EDITIONS = ['', '', '', ' (2nd ed.)', ' (3rd ed.)', ', 4th edition'];
const EN_FIRST = ['John', 'Michael', 'David', 'Robert', 'James', 'Thomas', 'Mary', 'Susan', 'Linda', 'Andrew', 'Peter', 'Richard', 'William', 'Daniel', 'Sarah', 'Laura', 'Stephen', 'Paul', 'Mark', 'Anne'];
const EN_LAST = ['Smith', 'Johnson', 'Brown', 'Taylor', 'Miller', 'Wilson', 'Moore', 'Anderson', 'Clark', 'Lewis', 'Walker', 'Hall', 'Young', 'King', 'Wright', 'Scott', 'Green', 'Baker', 'Adams', 'Nelson', 'Carter', 'Mitchell', 'Roberts', 'Turner', 'Phillips', 'Campbell', 'Parker', 'Evans', 'Edwards', 'Collins'];
/** English-language publishers with their ISBN group and registrant elements. */
const EN_PUBLISHERS: readonly (readonly [string, string])[] = [
  ['Springer', '3-540'], ['Springer', '3-642'], ['Wiley', '0-471'], ['Wiley', '0-470'], ['MIT Press', '0-262'],
  ['Cambridge University Press', '0-521'], ['Prentice Hall', '0-13'], ['Addison-Wesley', '0-321'],
  ['McGraw-Hill', '0-07'], ['Morgan Kaufmann', '0-12'], ['Oxford University Press', '0-19'],
];
/** Chinese publishers that reprint English textbooks (影印版). */
const EN_REPRINTERS: readonly (readonly [string, string])[] = [
  ['清华大学出版社', '302'], ['机械工业出版社', '111'], ['电子工业出版社', '121'], ['人民邮电出版社', '115'],
];

const RU_TOPICS: readonly (readonly [string, string])[] = [
  ['Теория информации', 'TN911.2'], ['Основы радиотехники', 'TN01'], ['Математический анализ', 'O17'],
  ['Русская литература XIX века', 'I512.064'], ['История России', 'K512'], ['Теория вероятностей', 'O211'],
  ['Линейная алгебра', 'O151.2'], ['Библиотековедение', 'G25'], ['Теория связи', 'TN911'],
];
const RU_SUFFIXES = ['', ': учебник', ': учебное пособие', ': монография'];
const RU_SURNAMES = ['Иванов', 'Петров', 'Смирнов', 'Соколов', 'Кузнецов', 'Попов', 'Лебедев', 'Козлов', 'Новиков', 'Морозов'];
const RU_INITIALS = ['А.', 'Б.', 'В.', 'Г.', 'Д.', 'Е.', 'И.', 'К.', 'Л.', 'М.', 'Н.', 'П.', 'С.'];
const RU_PUBLISHERS: readonly (readonly [string, string])[] = [
  ['Наука', '5-02'], ['Высшая школа', '5-06'], ['Просвещение', '5-09'],
];

/** Journals with valid ISSNs, for article copies. */
const ZH_JOURNALS: readonly (readonly [string, string])[] = [
  ['中国图书馆学报', '1001-8867'], ['大学图书馆学报', '1002-1027'], ['通信学报', '1000-436X'],
  ['计算机学报', '0254-4164'], ['软件学报', '1000-9825'], ['电子学报', '0372-2112'], ['情报学报', '1000-0135'],
  ['北京邮电大学学报', '1007-5321'],
];
const EN_JOURNALS: readonly (readonly [string, string])[] = [
  ['IEEE Transactions on Communications', '0090-6778'], ['IEEE Transactions on Information Theory', '0018-9448'],
  ['IEEE Transactions on Wireless Communications', '1536-1276'], ['Proceedings of the IEEE', '0018-9219'],
  ['IEEE Communications Magazine', '0163-6804'], ['IEEE Communications Letters', '1089-7798'],
  ['Communications of the ACM', '0001-0782'], ['Journal of the American Society for Information Science and Technology', '1532-2882'],
];
const ZH_CONFERENCES = ['中国通信学会学术年会论文集', '全国信息检索学术会议论文集', '中国计算机大会论文集'];
const EN_CONFERENCES = ['Proceedings of IEEE ICC', 'Proceedings of IEEE GLOBECOM', 'Proceedings of ACM SIGIR', 'Proceedings of IEEE INFOCOM'];
const ZH_METHODS = ['深度学习', '知识图谱', '区块链', '云计算', '大数据', '用户行为分析', '注意力机制', '博弈论', '本体', '联邦学习', '强化学习'];
const ZH_ASPECTS = ['研究', '方法研究', '模型构建', '设计与实现', '优化方法', '实证分析', '评价体系研究', '关键技术'];
const ZH_LIBRARY_ARTICLES = [
  '高校图书馆馆际互借服务现状与对策', 'BALIS馆际互借服务的实践与思考', '图书馆联盟资源共享模式研究',
  '原文传递服务的读者满意度调查', '高校图书馆文献传递服务绩效评价', '区域图书馆联盟的物流配送模式探讨',
];
const EN_ARTICLE_TEMPLATES = [
  'A Survey of {}', 'On the Performance of {}', 'Efficient {} for Large-Scale Networks', 'Towards Scalable {}',
  'Revisiting {}: An Empirical Study', 'Learning-Based {}', 'Energy-Efficient {} in 5G Systems',
];
const EN_ARTICLE_TOPICS = [
  'Resource Allocation', 'Channel Estimation', 'Interlibrary Loan Services', 'Query Expansion', 'Network Coding',
  'Beamforming', 'Edge Caching', 'Citation Analysis', 'Recommender Systems', 'Spectrum Sensing', 'Graph Neural Networks',
];
const THESIS_SCHOOLS = ['北京邮电大学', '北京大学', '清华大学', '北京航空航天大学', '中国人民大学', '北京交通大学'];

export function chineseName(rng: Rng, female: boolean): { name: string; pinyin: string } {
  const [sn, sp] = rng.pick(SURNAMES);
  const given = female ? GIVEN_FEMALE : GIVEN_MALE;
  const [g1, p1] = rng.pick(given);
  if (rng.chance(0.35)) return { name: sn + g1, pinyin: sp + p1 };
  const [g2, p2] = rng.pick(given);
  return { name: sn + g1 + g2, pinyin: sp + p1 + p2 };
}

function zhAuthor(rng: Rng): string {
  const a = chineseName(rng, rng.chance(0.4)).name;
  const role = rng.pick(ZH_ROLES);
  if (rng.chance(0.25)) return `${a}, ${chineseName(rng, rng.chance(0.4)).name}${role}`;
  return a + role;
}

function enAuthor(rng: Rng): string {
  const one = () => `${rng.pick(EN_FIRST)} ${rng.pick(EN_LAST)}`;
  const r = rng.next();
  if (r < 0.55) return one();
  if (r < 0.85) return `${one()}, ${one()}`;
  return `${one()} ... [et al.]`;
}

function ruAuthor(rng: Rng): string {
  return `${rng.pick(RU_INITIALS)} ${rng.pick(RU_INITIALS)} ${rng.pick(RU_SURNAMES)}`;
}

/** Hands out ISBN-13s with correct check digits, never the same one twice in a run. */
export class IsbnMaker {
  private readonly next = new Map<string, number>();
  private readonly used = new Set<string>([SEED_JAVA_ISBN]);

  constructor(private readonly rng: Rng) {}

  /** `element` is "group-registrant" after 978, e.g. "7-115". */
  make(element: string): string {
    const [group, registrant] = element.split('-') as [string, string];
    const width = 9 - group.length - registrant.length;
    const space = Math.pow(10, width);
    let n = this.next.get(element);
    if (n === undefined) n = this.rng.int(1, Math.floor(space / 4));
    n = (n + this.rng.int(1, 40)) % space;
    for (let tries = 0; ; tries++) {
      const publication = String(n).padStart(width, '0');
      const first12 = `978${group}${registrant}${publication}`;
      const isbn = `978-${group}-${registrant}-${publication}-${isbn13CheckDigit(first12)}`;
      if (!this.used.has(isbn) || tries >= space) {
        this.used.add(isbn);
        this.next.set(element, n);
        return isbn;
      }
      n = (n + 1) % space;
    }
  }
}

function callNumber(rng: Rng, clc: string): string {
  return `${clc}/${rng.int(1, 999)}`;
}

function zhBook(rng: Rng, isbns: IsbnMaker): CatalogItem {
  const [topic, clc] = rng.pick(ZH_TOPICS);
  let title: string;
  const r = rng.next();
  if (r < 0.12) title = `${topic}与${rng.pick(ZH_TOPICS)[0]}`;
  else if (r < 0.2) title = `${topic}在${rng.pick(ZH_FIELDS)}中的应用`;
  else title = `${rng.pick(ZH_PREFIXES)}${topic}${rng.pick(ZH_SUFFIXES)}`;
  if (rng.chance(0.15)) title += `(第${rng.int(2, 5)}版)`;
  const [publisher, registrant] = rng.pick(ZH_PUBLISHERS);
  const year = rng.int(1995, 2025);
  return book(title, zhAuthor(rng), {
    publisher,
    pubYear: String(year),
    isbn: year >= 2007 || rng.chance(0.5) ? isbns.make(`7-${registrant}`) : null,
    callNumber: callNumber(rng, clc),
    bookPages: rng.int(180, 720),
  });
}

function enBook(rng: Rng, isbns: IsbnMaker): CatalogItem {
  const [topic, clc] = rng.pick(EN_TOPICS);
  const title = rng.pick(EN_TEMPLATES).replace('{}', topic) + rng.pick(EN_EDITIONS);
  const reprint = rng.chance(0.25);
  const [publisher, element] = reprint ? rng.pick(EN_REPRINTERS) : rng.pick(EN_PUBLISHERS);
  return book(title, enAuthor(rng), {
    publisher: reprint ? `${publisher} (影印版)` : publisher,
    pubYear: String(rng.int(1998, 2025)),
    isbn: isbns.make(reprint ? `7-${element}` : element),
    language: '英文',
    callNumber: callNumber(rng, clc),
    bookPages: rng.int(250, 1100),
  });
}

function ruBook(rng: Rng, isbns: IsbnMaker): CatalogItem {
  const [topic, clc] = rng.pick(RU_TOPICS);
  const [publisher, element] = rng.pick(RU_PUBLISHERS);
  return book(topic + rng.pick(RU_SUFFIXES), ruAuthor(rng), {
    publisher: `Москва: ${publisher}`,
    pubYear: String(rng.int(1975, 2015)),
    isbn: isbns.make(element),
    language: '俄文',
    callNumber: callNumber(rng, clc),
    bookPages: rng.int(200, 800),
  });
}

function pageRange(rng: Rng, max = 160): string {
  const from = rng.int(1, max);
  return `${from}-${from + rng.int(4, 18)}`;
}

function article(rng: Rng): CatalogItem {
  const english = rng.chance(0.3);
  const r = rng.next();
  const materialType: MaterialType = r < 0.85 ? '期刊论文' : r < 0.95 ? '会议论文' : '学位论文';
  const year = String(rng.int(2003, 2026));
  let title: string;
  let author: string;
  if (english) {
    title = rng.pick(EN_ARTICLE_TEMPLATES).replace('{}', rng.pick(EN_ARTICLE_TOPICS));
    author = enAuthor(rng);
  } else {
    title = rng.chance(0.15)
      ? rng.pick(ZH_LIBRARY_ARTICLES)
      : `基于${rng.pick(ZH_METHODS)}的${rng.pick(ZH_TOPICS)[0]}${rng.pick(ZH_ASPECTS)}`;
    const n = materialType === '学位论文' ? 1 : rng.int(1, 3);
    const names: string[] = [];
    for (let i = 0; i < n; i++) names.push(chineseName(rng, rng.chance(0.45)).name);
    author = names.join(', ');
  }
  let publisher: string;
  let issn: string | null = null;
  let pages: string;
  if (materialType === '期刊论文') {
    const [journal, code] = rng.pick(english ? EN_JOURNALS : ZH_JOURNALS);
    publisher = journal;
    issn = code;
    pages = pageRange(rng);
  } else if (materialType === '会议论文') {
    publisher = `${rng.pick(english ? EN_CONFERENCES : ZH_CONFERENCES)} ${year}`;
    pages = pageRange(rng, 900);
  } else {
    publisher = english ? 'ProQuest Dissertations' : `${rng.pick(THESIS_SCHOOLS)}(学位论文)`;
    pages = `1-${rng.int(60, 180)}`;
  }
  return {
    title,
    author,
    publisher,
    pubYear: year,
    isbn: null,
    issn,
    language: english ? '英文' : '中文',
    materialType,
    callNumber: null,
    pages,
    bookPages: 0,
  };
}

export interface Catalog {
  zh: CatalogItem[];
  en: CatalogItem[];
  ru: CatalogItem[];
  articles: CatalogItem[];
}

/** A catalogue sized for the run (popular titles are asked for again and again), the seed's titles in it. */
export function makeCatalog(rng: Rng, requests: number): Catalog {
  const isbns = new IsbnMaker(rng);
  const size = (n: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, Math.round(n)));
  const zh: CatalogItem[] = [];
  const en: CatalogItem[] = [];
  const ru: CatalogItem[] = [];
  const articles: CatalogItem[] = [];
  for (let i = size(requests / 10, 300, 40_000); i > 0; i--) zh.push(zhBook(rng, isbns));
  for (let i = size(requests / 30, 120, 15_000); i > 0; i--) en.push(enBook(rng, isbns));
  for (let i = size(requests / 400, 12, 800); i > 0; i--) ru.push(ruBook(rng, isbns));
  for (let i = size(requests / 20, 150, 25_000); i > 0; i--) articles.push(article(rng));
  const s = SEED_ITEMS;
  zh.push(s.resourceSharing, s.campusCulture, s.modernisation, s.digitalCollections, s.tolstoy, s.herzen);
  zh.push(s.digitalReference, s.java, s.calculus, s.calculusQa, s.calculusVol1);
  ru.push(s.russianEncyclopedia);
  rng.shuffle(zh);
  rng.shuffle(en);
  rng.shuffle(ru);
  rng.shuffle(articles);
  return { zh, en, ru, articles };
}

/** Pages of a chapter of `item` for a copy request (合理使用: a small part of the book). */
export function chapterPages(rng: Rng, item: CatalogItem): string {
  const total = Math.max(40, item.bookPages);
  const from = rng.int(1, total - 30);
  return `pp. ${from}-${from + rng.int(8, 28)}`;
}
