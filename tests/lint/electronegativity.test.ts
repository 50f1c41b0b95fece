// Electronegativity (Doyensec's scanner for Electron misconfigurations, pinned in package.json)
// over what ships: main process, preload, renderer page and sources. Every finding must be
// explained in electronegativity-allowlist.json (check, file, the line's code, and why it is
// acceptable); a new finding fails, and so does an explanation whose finding has gone. It runs
// offline: its network fetches (translations, Electron's release list) are stubbed out.
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

interface Finding {
  check: string;
  file: string;
  /** What was flagged: the scanner's sample, or else the line's code, trimmed ('' for the whole app). */
  code: string;
}

interface Allowed {
  check: string;
  file: string;
  /** A piece of what was flagged (the line's code, the CSP); absent for findings about the whole app. */
  code?: string;
  reason: string;
}

interface ScanIssue {
  id: string;
  file: string;
  location: { line: number; column: number };
  /** What the scanner flagged (the code line, or the CSP it judged). */
  sample?: string;
}

interface ScanResult {
  issues: ScanIssue[];
  errors: { file: string; message: string; tolerable: boolean }[];
}

/** The Electron the desk ships with (package.json), so no version is guessed or fetched. */
const ELECTRON_VERSION = '45.5.0';
/** Checks that only fetch Electron's release notes from GitHub: the Electron version is pinned and upgraded by hand. */
const EXCLUDED_CHECKS = ['AvailableSecurityFixesGlobalCheck'];
const ALLOWLIST = 'tests/lint/electronegativity-allowlist.json';

const require = createRequire(import.meta.url);
let dir: string;
let findings: Finding[];
let result: ScanResult;

/** Makes `got` (its only network client) fail at once, as it would with no network, but without trying. */
function stubNetwork(scannerDir: string): void {
  const offline = () => Promise.reject(new Error('electronegativity runs offline in the test suite'));
  const gotPath = require.resolve('got', { paths: [scannerDir] });
  require.cache[gotPath] = { id: gotPath, filename: gotPath, loaded: true, exports: Object.assign(offline, { head: offline }) } as unknown as NodeModule;
}

beforeAll(async () => {
  // What ships, and nothing of the tests, tools or node_modules.
  dir = mkdtempSync(join(tmpdir(), 'ill-desk-electronegativity-'));
  cpSync('main', join(dir, 'main'), { recursive: true });
  cpSync('renderer/index.html', join(dir, 'renderer/index.html'));
  cpSync('renderer/src', join(dir, 'renderer/src'), { recursive: true });
  cpSync('package.json', join(dir, 'package.json'));

  const scannerDir = dirname(require.resolve('@doyensec/electronegativity/package.json'));
  stubNetwork(scannerDir);
  const quiet = console.log;
  console.log = () => undefined;
  try {
    const run = require(join(scannerDir, 'dist/runner.js')) as (options: Record<string, unknown>) => Promise<ScanResult>;
    result = await run({ input: dir, isRelative: true, electronVersionOverride: ELECTRON_VERSION, excludeFromScan: EXCLUDED_CHECKS, customScan: [] });
  } finally {
    console.log = quiet;
  }
  findings = result.issues.map((issue) => {
    const line = issue.file === 'N/A' || issue.location.line === 0 ? '' : readFileSync(join(dir, issue.file), 'utf8').split('\n')[issue.location.line - 1] ?? '';
    return { check: issue.id, file: issue.file, code: (issue.sample ?? line).trim() };
  });
}, 120_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function explains(entry: Allowed, finding: Finding): boolean {
  return entry.check === finding.check && entry.file === finding.file && (entry.code === undefined ? finding.code === '' : finding.code.includes(entry.code));
}

describe('electronegativity', () => {
  const allowed = JSON.parse(readFileSync(ALLOWLIST, 'utf8')) as Allowed[];

  it('reads every file it scans', () => {
    expect(result.errors.filter((error) => !error.tolerable)).toEqual([]);
  });

  it('finds nothing that the allow-list does not explain', () => {
    const unexplained = findings.filter((finding) => !allowed.some((entry) => explains(entry, finding)));
    expect(unexplained, `explain each in ${ALLOWLIST} or fix it`).toEqual([]);
  });

  it('keeps no explanation whose finding has gone, and a reason for each', () => {
    const stale = allowed.filter((entry) => !findings.some((finding) => explains(entry, finding)));
    expect(stale, `remove them from ${ALLOWLIST}`).toEqual([]);
    for (const entry of allowed) expect(entry.reason.length, `${entry.check} ${entry.file}`).toBeGreaterThan(40);
  });
});
