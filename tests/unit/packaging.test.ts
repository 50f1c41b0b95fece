// Packaging, checked without an Electron binary (none can be downloaded here): electron-builder's
// own loader and schema accept electron-builder.yml, and the fuses it lists are the ones flipped
// (issue 12): electron-builder's own fuse mapping and @electron/fuses run on a stand-in binary
// that carries Electron's fuse wire, and the wire is read back.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flipFuses, FuseV1Options, FuseVersion, getCurrentFuseWire, type FuseConfig } from '@electron/fuses';
import { PlatformPackager } from 'app-builder-lib';
import type { Configuration } from 'app-builder-lib';
import { getConfig, validateConfiguration } from 'app-builder-lib/out/util/config/config';
import { DebugLogger } from 'builder-util';
import { afterEach, describe, expect, it } from 'vitest';

const ON = '1'.charCodeAt(0);
const OFF = '0'.charCodeAt(0);
/** The sentinel @electron/fuses looks for in the binary, followed by the wire's version and length. */
const SENTINEL = 'dL7pKGdnNz796PbbjQWNKmHXBZaB9tsX';
/** Electron's defaults: run as node, NODE_OPTIONS, --inspect and file:// privileges on; the rest off. */
const ELECTRON_DEFAULT_WIRE = '10110001';

type FuseOptions = NonNullable<Configuration['electronFuses']>;

function loadConfig(): Promise<Configuration> {
  return getConfig(process.cwd(), null, null);
}

/**
 * electron-builder's own translation of `electronFuses` into @electron/fuses' config (the method it
 * runs after packing). It is private in the typings, so it is reached through the prototype.
 */
function fuseConfigOf(fuses: FuseOptions): Promise<FuseConfig> {
  const packager = PlatformPackager.prototype as unknown as { generateFuseConfig(this: unknown, fuses: FuseOptions): Promise<FuseConfig> };
  return packager.generateFuseConfig.call({}, fuses);
}

let dir: string;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('electron-builder.yml', () => {
  it("passes electron-builder's own configuration check", async () => {
    const config = await loadConfig();
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The check is live: a misspelt fuse is refused.
    const misspelt = { ...config, electronFuses: { ...config.electronFuses, runAsnode: false } } as Configuration;
    await expect(validateConfiguration(misspelt, new DebugLogger(false))).rejects.toThrow(/configuration.electronFuses/);
  });

  it('lists the fuses issue 12 asks for', async () => {
    expect((await loadConfig()).electronFuses).toEqual({
      runAsNode: false,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
      enableEmbeddedAsarIntegrityValidation: true,
      onlyLoadAppFromAsar: true,
    });
  });

  it('flips exactly those fuses in a binary, and leaves the others as Electron ships them', async () => {
    dir = mkdtempSync(join(tmpdir(), 'ill-desk-fuses-'));
    const binary = join(dir, 'ill-desk');
    const wire = Buffer.concat([Buffer.from('ELF…the rest of Electron…'), Buffer.from(SENTINEL), Buffer.from([1, ELECTRON_DEFAULT_WIRE.length]), Buffer.from(ELECTRON_DEFAULT_WIRE), Buffer.from('…')]);
    writeFileSync(binary, wire);

    const config = await fuseConfigOf((await loadConfig()).electronFuses!);
    expect(config.version).toBe(FuseVersion.V1);
    await flipFuses(binary, config);

    const flipped = await getCurrentFuseWire(binary);
    const state = (fuse: FuseV1Options) => (flipped as unknown as Record<number, number>)[fuse];
    expect(state(FuseV1Options.RunAsNode)).toBe(OFF);
    expect(state(FuseV1Options.EnableNodeOptionsEnvironmentVariable)).toBe(OFF);
    expect(state(FuseV1Options.EnableNodeCliInspectArguments)).toBe(OFF);
    expect(state(FuseV1Options.EnableEmbeddedAsarIntegrityValidation)).toBe(ON);
    expect(state(FuseV1Options.OnlyLoadAppFromAsar)).toBe(ON);
    expect(state(FuseV1Options.EnableCookieEncryption)).toBe(OFF);
    expect(state(FuseV1Options.LoadBrowserProcessSpecificV8Snapshot)).toBe(OFF);
    expect(state(FuseV1Options.GrantFileProtocolExtraPrivileges)).toBe(ON);
    // Nothing else in the file moved.
    expect(readFileSync(binary).length).toBe(wire.length);
  });
});
