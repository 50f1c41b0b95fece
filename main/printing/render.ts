// A print job rendered as one complete HTML document, ready for Chromium to print or save as PDF
// (Electron's webContents.print / printToPDF, or page.pdf in the browser host). Templates live in
// resources/slips/ (one per kind, a page wrapper, a shared CSS); `{{name}}` is filled with the
// value HTML-escaped, `{{{name}}}` with markup this module made itself (the barcode SVG, item
// rows built from escaped values). Chinese text relies on the system's Noto Sans CJK SC (Debian
// package fonts-noto-cjk; CI installs it): no font file ships with the desk.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { toSVG } from 'bwip-js/node';
import type { PaperSize, PrintJob, SlipKind } from '../../shared/types';
import type { DeskContext } from '../context';
import { slipData, type DeskInfo } from './slipData';

const PAGE_CSS: Record<PaperSize, string> = {
  // A receipt roll is cut after the slip; Chromium needs a fixed page height, so one slip is
  // at most 200 mm and a longer one (a big packing list on the roll) goes on to the next.
  roll80: '@page { size: 80mm 200mm; margin: 4mm; }',
  A4: '@page { size: A4; margin: 15mm; }',
};

const TITLES: Record<SlipKind, string> = {
  pickup: '取书单 Pickup slip',
  pull: '索书单 Pull slip',
  packingList: '还书装箱单 Packing list',
  dateDue: '还书日期单 Date-due slip',
};

/** resources/slips beside the source (main/printing → ../../), the build (out/main → ../../) or in the packaged app. */
function slipsDir(): string {
  const candidates = [
    process.env.ILL_SLIPS_DIR,
    typeof process.resourcesPath === 'string' ? join(process.resourcesPath, 'resources', 'slips') : undefined,
    join(__dirname, '..', '..', 'resources', 'slips'),
    join(process.cwd(), 'resources', 'slips'),
  ];
  for (const dir of candidates) if (dir && existsSync(join(dir, 'page.html'))) return dir;
  throw new Error(`Slip templates not found (looked in ${candidates.filter(Boolean).join(', ')}).`);
}

const cache = new Map<string, string>();
function template(name: string): string {
  let text = cache.get(name);
  if (text === undefined) {
    text = readFileSync(join(slipsDir(), name), 'utf8');
    cache.set(name, text);
  }
  return text;
}

export function escapeHtml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

type Values = Record<string, string | number>;

/**
 * Fills `{{name}}` (escaped) and `{{{name}}}` (trusted markup). A placeholder without a value is
 * a programming error, not an empty field: it throws, so a template and its data never drift apart.
 */
export function fill(text: string, values: Values, raw: Values = {}): string {
  return text.replace(/\{\{\{(\w+)\}\}\}|\{\{(\w+)\}\}/g, (_match, rawName: string | undefined, name: string | undefined) => {
    if (rawName !== undefined) {
      if (!(rawName in raw)) throw new Error(`Slip template needs markup {{{${rawName}}}}.`);
      return String(raw[rawName]);
    }
    if (!(name! in values)) throw new Error(`Slip template needs {{${name}}}.`);
    return escapeHtml(String(values[name!]));
  });
}

/** A Code 128 barcode as inline SVG (bwip-js), without human-readable text: the slip prints the number itself. */
export function barcodeSvg(text: string): string {
  return toSVG({ bcid: 'code128', text, scale: 2, height: 12, paddingwidth: 8, paddingheight: 2, backgroundcolor: 'FFFFFF' });
}

function deskValues(desk: DeskInfo): Values {
  return {
    libraryName: desk.libraryName,
    deskName: desk.deskName,
    phoneLine: desk.phone ? ` · 电话 / Tel ${desk.phone}` : '',
  };
}

function rows(cells: string[][]): string {
  return cells.map((row) => `<tr>${row.map((cell) => `<td>${escapeHtml(cell)}</td>`).join('')}</tr>`).join('\n');
}

function slipsHtml(ctx: DeskContext, job: Pick<PrintJob, 'kind' | 'refs'>): string {
  const data = slipData(ctx, job);
  switch (data.kind) {
    case 'pickup':
      return data.slips
        .map((s) =>
          fill(
            template('pickup.html'),
            {
              ...deskValues(s.desk),
              requestId: s.requestId,
              holdSlot: s.holdSlot,
              readerName: s.readerName,
              cardMasked: s.cardMasked,
              title: s.title,
              author: s.author,
              lenderName: s.lenderName,
              arrivalDate: s.arrivalDate,
              pickUpBy: s.pickUpBy,
              loanDays: s.loanDays,
              lenderLoanDays: s.lenderLoanDays,
              marginDays: s.marginDays,
              dueIfToday: s.dueIfToday,
            },
            { barcode: barcodeSvg(s.requestId) },
          ),
        )
        .join('\n');
    case 'pull':
      return data.slips
        .map((s) =>
          fill(
            template('pull.html'),
            { ...deskValues(s.desk), requestId: s.requestId, callNumber: s.callNumber, title: s.title, author: s.author, borrowerName: s.borrowerName },
            { barcode: barcodeSvg(s.requestId) },
          ),
        )
        .join('\n');
    case 'packingList': {
      const l = data.list;
      return fill(
        template('packingList.html'),
        {
          ...deskValues(l.desk),
          shipmentId: l.shipmentId,
          fromName: l.fromName,
          lenderName: l.lenderName,
          courier: l.courier,
          trackingNo: l.trackingNo,
          date: l.date,
          count: l.items.length,
        },
        { itemRows: rows(l.items.map((i) => [i.requestId, i.title, i.itemBarcode])) },
      );
    }
    case 'dateDue':
      return data.slips
        .map((s) =>
          fill(
            template('dateDue.html'),
            { ...deskValues(s.desk), readerName: s.readerName, cardMasked: s.cardMasked, date: s.date },
            { itemRows: rows(s.items.map((i) => [i.requestId, i.title, i.dueDate])) },
          ),
        )
        .join('\n');
  }
}

/** The job's slips as one HTML document on the given paper (one slip per page). */
export function renderSlip(ctx: DeskContext, job: Pick<PrintJob, 'kind' | 'refs'>, paper: PaperSize): string {
  return fill(template('page.html'), { title: TITLES[job.kind], paper }, { css: template('slip.css'), pageCss: PAGE_CSS[paper], slips: slipsHtml(ctx, job) });
}
