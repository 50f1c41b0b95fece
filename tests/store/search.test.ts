// Search over title, author, ISBN, request number and reader name, in Chinese, English and Russian,
// including the 1–2 character queries the trigram index cannot answer.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dispatch } from '../../main/dispatch';
import type { QueuePage } from '../../shared/contract';
import { makeDesk, type TestDesk } from '../fixtures/desk';

let desk: TestDesk;
const ids: Record<string, string> = {};

function create(key: string, input: { title: string; author?: string; isbn?: string; readerId?: string }) {
  const result = dispatch(desk.ctx, 'request.create', { serviceType: 'loan', readerId: input.readerId ?? 'r-wangqian', ...input });
  if (!result.ok) throw new Error(result.error.message);
  const id = (result.value as { id: string }).id;
  ids[key] = id;
  // Keep the reader under the open-request limit: these tests are about search only.
  dispatch(desk.ctx, 'request.reject', { id, reason: '测试' });
}

function search(q: string): string[] {
  const result = dispatch(desk.ctx, 'queue.list', { q, limit: 500 });
  if (!result.ok) throw new Error(`${result.error.field}: ${result.error.message}`);
  return (result.value as QueuePage).rows.map((r) => r.id).sort();
}

beforeAll(() => {
  desk = makeDesk({ numbers: 200 });
  create('seed', { title: '网络环境下的资源共享 图书馆联盟实现机制与策略研究', author: '高凡著' });
  create('java', { title: 'Java高级编程: JDK 6版', author: '(美) W. Clay Richardson ... [等] 著', isbn: '978-7-115-16424-7' });
  create('russian', { title: 'Большой энциклопедический словарь', readerId: 'r-ivanov' });
  create('herzen', { title: '赫尔岑传', author: '(苏)弗·普罗科菲耶夫著' });
  create('algo', { title: 'Introduction to Algorithms', author: 'Thomas H. Cormen', isbn: '0-262-03384-4' });
  create('math', { title: '高等数学. 上册', author: '华南师范大学数学系《高等数学》编写组编' });
  for (let i = 0; i < 30; i++) create(`filler${i}`, { title: `通信原理 第${i}版`, author: '樊昌信' });
});
afterAll(() => desk.close());

describe('search', () => {
  it('finds a Chinese substring in the middle of a title', () => {
    expect(search('资源共享')).toEqual([ids.seed]);
    expect(search('联盟实现')).toEqual([ids.seed]);
  });

  it('answers one- and two-character Chinese queries', () => {
    expect(search('资源')).toEqual([ids.seed]);
    expect(search('传')).toEqual([ids.herzen]);
    expect(search('数学')).toEqual([ids.math]);
  });

  it('finds English case-insensitively, by title and author', () => {
    expect(search('algorithms')).toEqual([ids.algo]);
    expect(search('CORMEN')).toEqual([ids.algo]);
    expect(search('java')).toEqual([ids.java]);
    expect(search('In')).toContain(ids.algo);
  });

  it('finds Russian, any case', () => {
    expect(search('энциклопед')).toEqual([ids.russian]);
    expect(search('СЛОВАРЬ')).toEqual([ids.russian]);
  });

  it('finds an ISBN with and without hyphens', () => {
    expect(search('978-7-115-16424-7')).toEqual([ids.java]);
    expect(search('9787115164247')).toEqual([ids.java]);
    expect(search('16424')).toEqual([ids.java]);
    expect(search('0262033844')).toEqual([ids.algo]);
  });

  it('finds a request by its number, whole or in part', () => {
    expect(search(ids.java!)).toEqual([ids.java]);
    expect(search(ids.java!.toLowerCase())).toEqual([ids.java]);
  });

  it('finds by reader name', () => {
    expect(search('Иван')).toEqual([ids.russian]);
    expect(search('王茜')).toContain(ids.seed);
    expect(search('王茜')).not.toContain(ids.russian);
  });

  it('combines terms (all must match) and mixes short and long terms', () => {
    expect(search('通信 第1版')).toEqual([ids.filler1]);
    expect(search('通信原理 樊昌信').length).toBe(30);
    expect(search('资源 图书馆联盟')).toEqual([ids.seed]);
    expect(search('资源 Java')).toEqual([]);
  });

  it('treats FTS syntax and SQL-looking text as plain text', () => {
    expect(search('"资源')).toEqual([]);
    expect(search("' OR 1=1 --")).toEqual([]);
    expect(search('title:java')).toEqual([]);
    expect(search('NEAR(a b)')).toEqual([]);
    expect(search('*')).toEqual([]);
  });

  it('keeps the index in step when a title changes', () => {
    desk.db.prepare("UPDATE requests SET title = '数字馆藏评价与绩效分析' WHERE id = ?").run(ids.herzen);
    expect(search('赫尔岑')).toEqual([]);
    expect(search('绩效')).toEqual([ids.herzen]);
  });
});
