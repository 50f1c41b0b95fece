// `npm run desk:web`: the desk in a browser. Opens (or creates with demo data) a store, serves the
// built renderer and the contract on 127.0.0.1, and prints the address to open.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { hubConnectSchema } from '../../shared/contract';
import { AppError } from '../../shared/errors';
import { ChromiumPdfPrinter } from '../printing/chromiumPdf';
import { DeskShell } from '../recovery/shell';
import { startWebHost } from './server';

const { values } = parseArgs({
  options: {
    data: { type: 'string', default: '.desk-data' },
    db: { type: 'string' },
    hub: { type: 'string' },
    'desk-id': { type: 'string' },
    port: { type: 'string', default: '4780' },
    chromium: { type: 'string' },
    renderer: { type: 'string', default: 'out/renderer' },
    quiet: { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const dataDir = resolve(values.data);
  const demoFile = values.db ? resolve(values.db) : undefined;
  mkdirSync(dataDir, { recursive: true });
  if (demoFile) mkdirSync(dirname(demoFile), { recursive: true });
  const rendererDir = resolve(values.renderer);
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    console.error(`No built renderer in ${rendererDir}: run \`npm run build\` first (npm run desk:web does).`);
    process.exit(1);
  }
  // No printer reaches a browser tab: slips are saved as PDFs (made by the system's Chromium) in
  // <data>/slips, and the clerk opens them from the reprint list.
  const slipsDir = join(dataDir, 'slips');
  const printer = new ChromiumPdfPrinter({ dir: slipsDir, chromium: values.chromium });
  // A store that cannot be opened does not stop the host: the page it serves is then the recovery
  // page, which says what is wrong with which file and offers a backup or a fresh pull.
  const desk = DeskShell.open({ dataDir, demoFile, log: console, printer });
  if (desk.inRecovery) {
    console.error('Nothing was written to it. Open the address below: the recovery page offers the latest good backup or a fresh pull from the hub.');
  } else if (values.hub || values['desk-id']) {
    // The token comes from the environment, never the command line (where `ps` shows it).
    const input = hubConnectSchema.safeParse({ url: values.hub, deskId: values['desk-id'], token: process.env['ILL_DESK_TOKEN'] ?? '' });
    if (!input.success) {
      const issue = input.error.issues[0];
      const name = issue?.path[0] === 'url' ? '--hub' : issue?.path[0] === 'deskId' ? '--desk-id' : 'ILL_DESK_TOKEN';
      console.error(`${name} ${issue?.message ?? 'is not valid'}`);
      process.exit(2);
    }
    const saved = desk.hubSettings();
    const already = saved.url === input.data.url.replace(/\/+$/, '') && saved.deskId === input.data.deskId;
    try {
      await desk.connect(input.data);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      // A desk already connected to this hub works offline: an IT start script must not keep it
      // from starting the morning the hub or the network is down.
      if (already && error instanceof AppError && error.code === 'HUB_UNREACHABLE') {
        console.warn(`The hub cannot be reached now (${message}); the desk starts offline and syncs when it can.`);
      } else {
        console.error(`Cannot connect to the hub: ${message}`);
        process.exit(1);
      }
    }
  }
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number, not ${values.port}`);
    process.exit(2);
  }
  const host = await startWebHost({ desk, rendererDir, slipsDir, port, log: values.quiet ? undefined : (line) => console.log(line) });
  if (desk.inRecovery) {
    console.log(`ILL Desk (browser mode): recovery page; data in ${dataDir}`);
  } else {
    const info = desk.ctx;
    console.log(`ILL Desk (browser mode): ${info.profile === 'live' ? `library ${info.libraryCode}, desk ${info.deskId}` : 'demo profile'}; data in ${dataDir}`);
  }
  console.log(`Open: ${host.url}`);
  const stop = () => {
    void host
      .close()
      .then(() => desk.close())
      .then(() => process.exit(0));
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main().catch((error: unknown) => {
  // Whatever else fails at start is said in one line, not a stack trace.
  console.error(`The desk could not start: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
