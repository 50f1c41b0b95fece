// Every slip printed to PDF by Chromium on both papers (80 mm roll, A4): pdftotext (poppler-utils)
// finds every field, Chinese included, and the Code 128 barcode read back from the pdftoppm PNG by
// zxing-wasm is the request number. The PNGs stay in the test
// output for a person to look at. No browser host: the slips are rendered in the test process from
// a small real store and handed to the page with setContent.
import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { expect, test } from '@playwright/test';
import { prepareZXingModule, readBarcodes } from 'zxing-wasm/reader';
import type { CommandName, InputOf, OutputOf } from '../../shared/contract';
import type { PaperSize, SlipKind } from '../../shared/types';
import type { DeskContext } from '../../main/context';
import { dispatch } from '../../main/dispatch';
import { renderSlip } from '../../main/printing/render';
import { BUAA, makeDesk, type TestDesk } from '../fixtures/desk';

const wasm = readFileSync(join(dirname(require.resolve('zxing-wasm/reader')), '..', '..', 'reader', 'zxing_reader.wasm'));
prepareZXingModule({ overrides: { wasmBinary: wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength) as ArrayBuffer }, fireImmediately: true });

function run<K extends CommandName>(ctx: DeskContext, name: K, input: InputOf<K>): OutputOf<K> {
  const result = dispatch(ctx, name, input);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.code} ${result.error.message}`);
  return result.value as OutputOf<K>;
}

let desk: TestDesk;
const ids: Record<'held' | 'pulled' | 'loanedA' | 'loanedB', string> = { held: '', pulled: '', loanedA: '', loanedB: '' };
let shipmentId = '';

function checkedIn(title: string, barcode: string, readerId = 'r-wangqian'): string {
  const lender = desk.as(BUAA);
  const created = run(desk.ctx, 'request.create', { serviceType: 'loan', readerId, title, author: '王珊，萨师煊', lenderCallNumber: 'TP311.13/W-2' });
  run(desk.ctx, 'request.forward', { id: created.id, lender: BUAA });
  run(lender, 'request.accept', { id: created.id });
  desk.clock.now = '2026-11-03T03:00:00.000Z';
  run(lender, 'request.ship', { id: created.id, courier: '顺丰', trackingNo: 'SF1', itemBarcode: barcode });
  desk.clock.now = '2026-11-04T03:00:00.000Z';
  run(desk.ctx, 'request.checkIn', { scan: barcode });
  return created.id;
}

test.beforeAll(() => {
  // The slips rely on the system's Noto Sans CJK SC (Debian fonts-noto-cjk), not a shipped font.
  expect(execFileSync('fc-match', ['Noto Sans CJK SC'], { encoding: 'utf8' })).toMatch(/NotoSansCJK/);
  desk = makeDesk();
  ids.held = checkedIn('数据库系统概论', 'BH-0001');
  ids.pulled = checkedIn('编译原理：技术与工具', 'BH-0002', 'r-ivanov');
  ids.loanedA = checkedIn('计算机网络', 'BH-0003');
  ids.loanedB = checkedIn('操作系统概念', 'BH-0004');
  run(desk.ctx, 'request.handOut', { id: ids.loanedA });
  run(desk.ctx, 'request.handOut', { id: ids.loanedB });
});
test.afterAll(() => desk?.close());

interface Case {
  kind: SlipKind;
  refs: () => string[];
  ctx: () => DeskContext;
  barcode: (() => string) | null;
  fields: () => string[];
}

const CASES: Case[] = [
  {
    kind: 'pickup',
    refs: () => [ids.held],
    ctx: () => desk.ctx,
    barcode: () => ids.held,
    fields: () => ['取书单', ids.held, '王茜', '2008****01', '数据库系统概论', '王珊，萨师煊', '北京航空航天大学', '2026-11-04', '2026-11-11', '40 天', '不可续借', 'No renewals', '北京邮电大学', '二层流通台'],
  },
  {
    kind: 'pull',
    refs: () => [ids.pulled],
    ctx: () => desk.as(BUAA),
    barcode: () => ids.pulled,
    fields: () => ['索书单', 'TP311.13/W-2', '编译原理：技术与工具', '王珊，萨师煊', '北京邮电大学', ids.pulled],
  },
  {
    kind: 'dateDue',
    refs: () => [ids.loanedA, ids.loanedB],
    ctx: () => desk.ctx,
    barcode: null,
    fields: () => ['还书日期单', '王茜', '2008****01', ids.loanedA, ids.loanedB, '计算机网络', '操作系统概念', '2026-12-13', '不可续借', 'No renewals'],
  },
  {
    kind: 'packingList',
    refs: () => {
      if (!shipmentId) {
        run(desk.ctx, 'request.return', { scan: ids.loanedA });
        run(desk.ctx, 'request.return', { scan: ids.loanedB });
        shipmentId = run(desk.ctx, 'shipment.create', { lenderCode: BUAA, requestIds: [ids.loanedA, ids.loanedB], courier: '顺丰速运', trackingNo: 'SF1234567890' }).id;
      }
      return [shipmentId];
    },
    ctx: () => desk.ctx,
    // A packing list carries no barcode (the issue asks for none; a UUID is too dense for the roll).
    barcode: null,
    fields: () => ['还书装箱单', shipmentId, '北京航空航天大学', '北京邮电大学', '顺丰速运', 'SF1234567890', ids.loanedA, ids.loanedB, 'BH-0003', 'BH-0004', '计算机网络', '共 2 册', '发出馆签字', '接收馆签字'],
  },
];

const PAPERS: PaperSize[] = ['roll80', 'A4'];

for (const c of CASES) {
  test(`${c.kind} slip prints to PDF on both papers with every field${c.barcode ? ' and a readable barcode' : ''}`, async ({ page }) => {
    const refs = c.refs();
    for (const paper of PAPERS) {
      const html = renderSlip(c.ctx(), { kind: c.kind, refs }, paper);
      await page.setContent(html, { waitUntil: 'load' });
      await page.evaluate(() => document.fonts.ready);
      const pdfPath = test.info().outputPath(`${c.kind}-${paper}.pdf`);
      writeFileSync(pdfPath, await page.pdf({ preferCSSPageSize: true, printBackground: true }));

      const text = execFileSync('pdftotext', ['-raw', pdfPath, '-'], { encoding: 'utf8' });
      // Spaces pdftotext puts between glyphs are not the slip's: compare with whitespace removed.
      const flat = text.replace(/\s+/g, '');
      for (const field of c.fields()) expect(flat, `${c.kind} ${paper} lacks ${field}`).toContain(field.replace(/\s+/g, ''));
      expect(flat).not.toContain('2008110001');

      const prefix = test.info().outputPath(`${c.kind}-${paper}`);
      execFileSync('pdftoppm', ['-png', '-r', '150', pdfPath, prefix]);
      const pngs = readdirSync(dirname(prefix)).filter((f) => f.startsWith(`${c.kind}-${paper}-`) && f.endsWith('.png'));
      expect(pngs.length).toBeGreaterThan(0);
      if (c.barcode) {
        const png = readFileSync(join(dirname(prefix), pngs.sort()[0]!));
        const found = await readBarcodes(new Uint8Array(png), { formats: ['Code128'], tryHarder: true });
        expect(found.map((b) => b.text)).toEqual([c.barcode()]);
      }
    }
  });
}
