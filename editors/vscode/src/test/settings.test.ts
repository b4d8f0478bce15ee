// Unit tests of the pure parts: the settings sent to the server and how the binary is found.
// Run with `npm run test:unit` (bundled by esbuild, run by node's test runner).

import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { test } from 'node:test';
import { resolveServer } from '../server';
import { ExtensionSettings, languageIds, parseLanguages, toServerSettings } from '../settings';

const defaults: ExtensionSettings = {
  glossarySources: [],
  glossaryBuiltin: true,
  acronymsAllow: [],
  acronymsBuiltinAllow: true,
  rules: {},
  inlayHints: false,
  languages: [],
};

test('default settings map to the server defaults', () => {
  assert.deepEqual(toServerSettings(defaults), {
    glossary: { sources: [], builtin: true },
    acronyms: { allow: [], 'builtin-allow': true },
    rules: {},
    editor: { 'inlay-hints': false },
  });
});

test('every setting maps to its glossary-ls.toml key', () => {
  const out = toServerSettings({
    glossarySources: ['docs/glossary.toml', 'glossaries/'],
    glossaryBuiltin: false,
    acronymsAllow: ['ACME', 'K8s'],
    acronymsBuiltinAllow: false,
    rules: { 'undefined-acronym': 'error', 'term-case': 'off', 'bad-level': 'loud' },
    inlayHints: true,
    languages: ['quarto:markdown', 'markdown', 'mdx'],
  });
  assert.deepEqual(out, {
    glossary: { sources: ['docs/glossary.toml', 'glossaries/'], builtin: false },
    acronyms: { allow: ['ACME', 'K8s'], 'builtin-allow': false },
    rules: { 'undefined-acronym': 'error', 'term-case': 'off' },
    editor: { 'inlay-hints': true, languages: { quarto: 'markdown', mdx: 'plaintext' } },
  });
});

test('extra languages: id or id:markup, nonsense dropped', () => {
  assert.deepEqual(parseLanguages(['mdx', 'quarto:markdown', 'x:nope', 'a:b:c', ' ', 7, 'tex:latex']), [
    { id: 'mdx', markup: 'plaintext' },
    { id: 'quarto', markup: 'markdown' },
    { id: 'tex', markup: 'latex' },
  ]);
  assert.deepEqual(languageIds(['quarto:markdown', 'markdown']), [
    'markdown',
    'plaintext',
    'asciidoc',
    'restructuredtext',
    'latex',
    'quarto',
  ]);
});

function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-ls-vscode-'));
}

function executable(file: string): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, '#!/bin/sh\n');
  fs.chmodSync(file, 0o755);
  return file;
}

test('the server: setting, then bundled, then PATH', () => {
  const dir = tempDir();
  const ext = path.join(dir, 'ext');
  const bin = path.join(dir, 'bin');
  const home = path.join(dir, 'home');
  executable(path.join(bin, 'glossary-ls'));
  const base = { extensionPath: ext, env: { PATH: bin }, platform: 'linux' as const, arch: 'x64', home };

  assert.deepEqual(resolveServer({ ...base, configured: '' }), {
    kind: 'found',
    path: path.join(bin, 'glossary-ls'),
    source: 'path',
  });

  // The bundled binary wins over PATH, and gets its executable bit back.
  const bundled = path.join(ext, 'server', 'glossary-ls');
  executable(bundled);
  fs.chmodSync(bundled, 0o644);
  assert.deepEqual(resolveServer({ ...base, configured: '' }), { kind: 'found', path: bundled, source: 'bundled' });
  // …but only on the platform it was built for.
  assert.equal(resolveServer({ ...base, configured: '', arch: 'arm64' }).kind, 'found');
  assert.equal((resolveServer({ ...base, configured: '', arch: 'arm64' }) as { source: string }).source, 'path');

  // The setting wins; ~ and ${workspaceFolder} expand; relative paths start at the folder.
  const own = executable(path.join(home, 'tools', 'glossary-ls'));
  assert.deepEqual(resolveServer({ ...base, configured: '~/tools/glossary-ls' }), {
    kind: 'found',
    path: own,
    source: 'setting',
  });
  assert.equal(
    resolveServer({ ...base, configured: '${workspaceFolder}/glossary-ls', workspaceFolder: path.join(home, 'tools') })
      .kind,
    'found',
  );
  assert.equal(resolveServer({ ...base, configured: 'glossary-ls', workspaceFolder: path.join(home, 'tools') }).kind, 'found');
});

test('a wrong setting or no binary at all says what to do', () => {
  const dir = tempDir();
  const base = { extensionPath: dir, env: { PATH: dir }, platform: 'linux' as const, arch: 'x64', home: dir };
  const wrong = resolveServer({ ...base, configured: '/nowhere/glossary-ls' });
  assert.equal(wrong.kind, 'missing');
  assert.match((wrong as { message: string }).message, /glossaryLs\.server\.path.*\/nowhere\/glossary-ls/);
  const none = resolveServer({ ...base, configured: '' });
  assert.equal(none.kind, 'missing');
  assert.match((none as { message: string }).message, /cargo install --path \./);
  assert.match((none as { message: string }).message, /glossaryLs\.server\.path/);
});
