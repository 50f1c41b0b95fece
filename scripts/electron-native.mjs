#!/usr/bin/env node
// better-sqlite3 for two runtimes. `npm install` builds it for Node (tests, browser host,
// benchmarks). Electron needs the same module compiled for its own ABI; this script builds that
// copy into native/electron/ without touching the Node build, and main/ loads it through
// better-sqlite3's `nativeBinding` option. It needs the internet once (Electron's prebuilt
// binaries or headers); where that is unreachable it says so and the browser mode still works.
//
//   node scripts/electron-native.mjs ensure   build if missing or built for another Electron
//   node scripts/electron-native.mjs status   print what is there
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(join(root, 'package.json'));
const electronVersion = JSON.parse(readFileSync(require.resolve('electron/package.json'), 'utf8')).version;
const sqliteDir = dirname(require.resolve('better-sqlite3/package.json'));
const sqliteVersion = JSON.parse(readFileSync(join(sqliteDir, 'package.json'), 'utf8')).version;
const outDir = join(root, 'native', 'electron');
const outFile = join(outDir, 'better_sqlite3.node');
const stampFile = join(outDir, 'build.json');
const wanted = { electron: electronVersion, betterSqlite3: sqliteVersion, platform: process.platform, arch: process.arch };

function current() {
  if (!existsSync(outFile) || !existsSync(stampFile)) return null;
  try {
    return JSON.parse(readFileSync(stampFile, 'utf8'));
  } catch {
    return null;
  }
}

function upToDate() {
  const stamp = current();
  return stamp !== null && Object.entries(wanted).every(([k, v]) => stamp[k] === v);
}

function run(cmd, args, cwd) {
  execFileSync(cmd, args, { cwd, stdio: 'inherit', env: { ...process.env, npm_config_runtime: 'electron', npm_config_target: electronVersion } });
}

function build() {
  const work = mkdtempSync(join(tmpdir(), 'ill-desk-native-'));
  const pkgDir = join(work, 'better-sqlite3');
  cpSync(sqliteDir, pkgDir, { recursive: true, filter: (src) => !src.includes(`${join('build', 'Release', 'obj')}`) });
  rmSync(join(pkgDir, 'build'), { recursive: true, force: true });
  const binDir = join(root, 'node_modules', '.bin');
  const attempts = [
    ['prebuilt binary for Electron', join(binDir, 'prebuild-install'), ['--runtime', 'electron', '--target', electronVersion, '--arch', process.arch, '--platform', process.platform, '--verbose']],
    ['compile against Electron headers', join(binDir, 'node-gyp'), ['rebuild', '--release', `--target=${electronVersion}`, '--dist-url=https://electronjs.org/headers', '--runtime=electron']],
  ];
  try {
    for (const [what, cmd, args] of attempts) {
      if (!existsSync(cmd)) continue;
      console.log(`[electron-native] ${what} (Electron ${electronVersion}, better-sqlite3 ${sqliteVersion}) …`);
      try {
        run(cmd, args, pkgDir);
      } catch {
        console.log(`[electron-native] ${what}: failed`);
        continue;
      }
      const built = join(pkgDir, 'build', 'Release', 'better_sqlite3.node');
      if (existsSync(built)) {
        mkdirSync(outDir, { recursive: true });
        cpSync(built, outFile);
        writeFileSync(stampFile, JSON.stringify({ ...wanted, how: what, builtAt: new Date().toISOString() }, null, 2));
        console.log(`[electron-native] ready: ${outFile}`);
        return true;
      }
    }
    return false;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}

const command = process.argv[2] ?? 'ensure';
if (command === 'status') {
  console.log(JSON.stringify({ wanted, built: current(), upToDate: upToDate() }, null, 2));
} else if (command === 'ensure') {
  if (upToDate()) process.exit(0);
  if (!build()) {
    console.error(
      `[electron-native] Could not get better-sqlite3 for Electron ${electronVersion}: this needs the internet once ` +
        '(GitHub for the prebuilt binary, or electronjs.org for the headers).\n' +
        '  The browser mode needs neither: npm run desk:web',
    );
    process.exit(1);
  }
} else {
  console.error('usage: node scripts/electron-native.mjs ensure|status');
  process.exit(2);
}
