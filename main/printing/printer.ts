// Where rendered slips go. The spooler (spooler.ts) hands each slip to one SlipPrinter: Electron's
// (electronPrinter.ts: the system's printers by name, or a PDF file), or the browser host's
// (chromiumPdf.ts: a PDF file made by the system's Chromium). A printer answers where the slip
// went, or rejects with the printer's own words, which the clerk sees on the reprint list.
import type { PaperSize, PrintTargets, SlipKind } from '../../shared/types';

export interface RenderedSlip {
  jobId: number;
  kind: SlipKind;
  paper: PaperSize;
  /** The printer chosen for this kind ('' = the system's default; PDF_PRINTER = a PDF file). */
  printer: string;
  /** One complete HTML document (render.ts), its @page sized for the paper. */
  html: string;
  /** A file name for the PDF, unique per desk and job (pdfFileName). */
  fileName: string;
}

export interface SlipPrinter {
  /** Prints or saves the slip; answers where it went (the printer's name, or the PDF's path). */
  print(slip: RenderedSlip): Promise<string>;
  /** What this desk can print to, for the printer settings. */
  targets(): Promise<PrintTargets>;
}

/**
 * The PDF's file name: the desk's id, the job's number and the slip's kind
 * (`demo-desk-1-0000123-pickup.pdf`). The desk's id keeps the demo's slips and the library's apart
 * in one data folder: both stores number their jobs from 1.
 */
export function pdfFileName(deskId: string, jobId: number, kind: SlipKind): string {
  return `${deskId.replace(/[^A-Za-z0-9-]/g, '-').slice(0, 64)}-${String(jobId).padStart(7, '0')}-${kind}.pdf`;
}

/** Whether a name is one pdfFileName makes (the browser host serves nothing else from the slips folder). */
export const PDF_FILE_NAME = /^[A-Za-z0-9-]{1,64}-\d{7}-[A-Za-z]+\.pdf$/;
