// `npm run desk:web`: the desk in a browser. Opens (or creates with demo data) a store, serves the
// built renderer and the contract on 127.0.0.1, and prints the address to open.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { deskContext } from '../context';
import { openDemoProfile } from '../demo/profile';
import { startWebHost } from './server';

const { values } = parseArgs({
  options: {
    db: { type: 'string', default: '.desk-data/demo.sqlite' },
    port: { type: 'string', default: '4780' },
    renderer: { type: 'string', default: 'out/renderer' },
    quiet: { type: 'boolean', default: false },
  },
});

async function main(): Promise<void> {
  const dbFile = resolve(values.db);
  mkdirSync(dirname(dbFile), { recursive: true });
  const rendererDir = resolve(values.renderer);
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    console.error(`No built renderer in ${rendererDir}: run \`npm run build\` first (npm run desk:web does).`);
    process.exit(1);
  }
  const db = openDemoProfile(dbFile, {});
  const ctx = deskContext(db);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`--port must be a port number, not ${values.port}`);
    process.exit(2);
  }
  const host = await startWebHost({ ctx, rendererDir, port, log: values.quiet ? undefined : (line) => console.log(line) });
  console.log(`ILL Desk (browser mode) on store ${dbFile}`);
  console.log(`Open: ${host.url}`);
  const stop = () => {
    void host.close().then(() => {
      db.close();
      process.exit(0);
    });
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

void main();
