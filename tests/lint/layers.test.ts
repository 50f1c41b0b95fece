// The layering is enforced by lint (STYLE.md): these imports must be refused where they are
// written, so a rule that stops firing fails here.
import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImportErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-globals').map((m) => m.message);
}

describe('layers', () => {
  it.each([
    ["import { readFileSync } from 'node:fs';", /platform-free/],
    ["import fs from 'fs';", /Node/],
    ["import { app } from 'electron';", /Electron/],
    ["import Database from 'better-sqlite3';", /store/],
    ["import { useState } from 'react';", /pure/],
    ["import { openStore } from '../main/store/db';", /nothing from main/],
    ["import { App } from '../renderer/src/App';", /nothing from main/],
  ])('keeps shared/ pure: %s', async (code, words) => {
    const errors = await restrictedImportErrors('shared/example.ts', `${code}\nexport const x = 1;\n`);
    expect(errors.join('\n')).toMatch(words);
  });

  it('keeps browser globals and process out of shared/', async () => {
    expect(await restrictedImportErrors('shared/example.ts', 'export const w = window.location.href;\n')).toHaveLength(1);
    expect(await restrictedImportErrors('shared/example.ts', 'export const e = process.env.X;\n')).toHaveLength(1);
  });

  it('keeps the renderer away from main/, Node and Electron', async () => {
    expect(await restrictedImportErrors('renderer/src/x.ts', "import { dispatch } from '../../main/dispatch';\nexport { dispatch };\n")).toHaveLength(1);
    expect(await restrictedImportErrors('renderer/src/x.ts', "import { ipcRenderer } from 'electron';\nexport { ipcRenderer };\n")).toHaveLength(1);
    expect(await restrictedImportErrors('renderer/src/x.ts', "import { join } from 'node:path';\nexport { join };\n")).toHaveLength(1);
  });

  it('keeps main/ away from the renderer', async () => {
    expect(await restrictedImportErrors('main/x.ts', "import { App } from '../renderer/src/App';\nexport { App };\n")).toHaveLength(1);
  });

  it('lets each layer import what it may', async () => {
    expect(await restrictedImportErrors('main/x.ts', "import { contract } from '../shared/contract';\nimport { join } from 'node:path';\nexport { contract, join };\n")).toEqual([]);
    expect(await restrictedImportErrors('renderer/src/x.ts', "import { contract } from '../../shared/contract';\nexport { contract };\n")).toEqual([]);
    expect(await restrictedImportErrors('shared/x.ts', "import { z } from 'zod';\nexport { z };\n")).toEqual([]);
  });
});
