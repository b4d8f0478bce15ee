// End-to-end test of the packaged extension in a real VS Code: code-server with the .vsix
// installed, driven by headless Chromium through playwright-core. Run by
// scripts/vscode-e2e.sh, which installs everything and passes:
//   GLOSSARY_LS_E2E_CODE_SERVER  the code-server binary (needs Node 24 first on PATH)
//   GLOSSARY_LS_E2E_VSIX         the .vsix to install (with the server inside)
//   GLOSSARY_LS_E2E_CHROMIUM     the browser (default /usr/bin/chromium)
//   GLOSSARY_LS_E2E_ARTIFACTS    where screenshots and logs go (default e2e/artifacts)
//   GLOSSARY_LS_E2E_SERVER_PATH  optional: a glossaryLs.server.path user setting
// Screenshots: artifacts/hover.png, completion.png, problems.png, quick-fix.png,
// look-up.png, and fail-*.png for a failed step; artifacts/logs/ has VS Code's logs.

import assert from 'node:assert/strict';
import { spawn, execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import { createRequire } from 'node:module';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const { chromium } = require('playwright-core');

const here = path.dirname(fileURLToPath(import.meta.url));
const repo = path.resolve(here, '..', '..', '..');
const codeServer = process.env.GLOSSARY_LS_E2E_CODE_SERVER;
const vsix = process.env.GLOSSARY_LS_E2E_VSIX;
const chromiumPath = process.env.GLOSSARY_LS_E2E_CHROMIUM || '/usr/bin/chromium';
const artifacts = path.resolve(process.env.GLOSSARY_LS_E2E_ARTIFACTS || path.join(here, 'artifacts'));

const STEP_TIMEOUT = 90_000;

let tmp;
let workspace;
let userData;
let server;
let serverLog;
let browser;
let page;

function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns a truthy value; fails with `what` after `timeout` ms. */
async function until(what, probe, timeout = 20_000, interval = 250) {
  const end = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      last = await probe();
      if (last) {
        return last;
      }
    } catch (error) {
      last = error;
    }
    if (Date.now() > end) {
      throw new Error(`timed out after ${timeout} ms waiting for ${what} (last: ${String(last)})`);
    }
    await sleep(interval);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.on('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2) + '\n');
}

const GLOSSARY = `# The team glossary of the payments webhooks spec.

[[entries]]
term = "idempotency key"
summary = "A unique value a client sends with a request so that retrying it has no further effect."
definition = """
The server remembers the key with the first result and answers a retried request carrying
the same key from that memory, instead of running the operation again.
"""
tags = ["payments"]

[[entries]]
term = "signing secret"
summary = "The per-endpoint secret that webhook signatures are computed with."
see_also = ["idempotency key"]
`;

/** The workspace: the example spec, a small glossary, and settings that name it. */
function makeWorkspace() {
  workspace = path.join(tmp, 'workspace');
  fs.mkdirSync(path.join(workspace, 'glossary'), { recursive: true });
  fs.copyFileSync(path.join(repo, 'examples', 'spec.md'), path.join(workspace, 'spec.md'));
  fs.writeFileSync(path.join(workspace, 'glossary', 'glossary.toml'), GLOSSARY);
  // No glossary-ls.toml: the extension's settings configure the folder (sent as
  // initializationOptions, later as didChangeConfiguration).
  writeJson(path.join(workspace, '.vscode', 'settings.json'), {
    'glossaryLs.glossary.sources': ['glossary/glossary.toml'],
  });
}

function userSettings() {
  const settings = {
    'security.workspace.trust.enabled': false,
    'workbench.startupEditor': 'none',
    'workbench.tips.enabled': false,
    'workbench.enableExperiments': false,
    'workbench.secondarySideBar.defaultVisibility': 'hidden',
    'workbench.welcomePage.walkthroughs.openOnInstall': false,
    'workbench.editor.enablePreview': false,
    'telemetry.telemetryLevel': 'off',
    'extensions.autoCheckUpdates': false,
    'extensions.autoUpdate': false,
    'extensions.ignoreRecommendations': true,
    'update.mode': 'none',
    'chat.disableAIFeatures': true,
    'git.enabled': false,
    'github.gitAuthentication': false,
    'files.autoSave': 'off',
    'editor.minimap.enabled': false,
    'editor.hover.delay': 300,
    'editor.hover.above': false,
    'editor.hover.sticky': true,
    'editor.quickSuggestions': { other: false, comments: false, strings: false },
    'editor.wordBasedSuggestions': 'off',
    'glossaryLs.trace.server': 'messages',
  };
  return settings;
}

async function startCodeServer() {
  const extensions = path.join(tmp, 'extensions');
  userData = path.join(tmp, 'user-data');
  writeJson(path.join(userData, 'User', 'settings.json'), userSettings());
  if (process.env.GLOSSARY_LS_E2E_SERVER_PATH) {
    // In a remote window such as code-server's, machine-scoped settings come from the
    // remote's own settings file.
    writeJson(path.join(userData, 'Machine', 'settings.json'), {
      'glossaryLs.server.path': process.env.GLOSSARY_LS_E2E_SERVER_PATH,
    });
  }
  const config = path.join(tmp, 'code-server.yaml');
  fs.writeFileSync(config, 'auth: none\n');
  const common = ['--config', config, '--user-data-dir', userData, '--extensions-dir', extensions];
  const installed = execFileSync(codeServer, [...common, '--install-extension', vsix], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  assert.match(installed, /successfully installed/, installed);

  const port = await freePort();
  serverLog = fs.openSync(path.join(artifacts, 'code-server.log'), 'w');
  server = spawn(
    codeServer,
    [
      ...common,
      '--bind-addr',
      `127.0.0.1:${port}`,
      '--auth',
      'none',
      '--disable-telemetry',
      '--disable-update-check',
      '--disable-workspace-trust',
      '--disable-getting-started-override',
      '--ignore-last-opened',
      workspace,
    ],
    {
      stdio: ['ignore', serverLog, serverLog],
      // No marketplace: nothing to look up on other hosts.
      env: { ...process.env, EXTENSIONS_GALLERY: '{}' },
      detached: true,
    },
  );
  // For scripts/vscode-e2e.sh, to end the process group if this test dies without cleaning up.
  fs.writeFileSync(path.join(artifacts, 'code-server.pid'), `${server.pid}\n`);
  const url = `http://127.0.0.1:${port}`;
  await until(
    'code-server to listen',
    async () => {
      if (server.exitCode !== null) {
        throw new Error(`code-server exited with ${server.exitCode}; see ${artifacts}/code-server.log`);
      }
      const response = await fetch(`${url}/healthz`).catch(() => undefined);
      return response?.ok;
    },
    60_000,
  );
  return `${url}/?folder=${encodeURIComponent(workspace)}`;
}

/** How often the extension started a server: "Starting …" lines of its output channel's log. */
function startCount() {
  const logs = path.join(userData, 'logs');
  let count = 0;
  for (const file of fs.readdirSync(logs, { recursive: true })) {
    if (String(file).endsWith('glossary-ls.log')) {
      const text = fs.readFileSync(path.join(logs, String(file)), 'utf8');
      count += (text.match(/^Starting .*glossary-ls/gm) ?? []).length;
    }
  }
  return count;
}

/** The on-screen box of `word` inside the first editor line that contains `lineText`. */
async function wordBox(lineText, word) {
  return page.evaluate(
    ([lineText, word]) => {
      const editors = document.querySelectorAll('.editor-group-container.active .monaco-editor .view-lines');
      for (const lines of editors) {
        for (const line of lines.querySelectorAll('.view-line')) {
          const text = line.textContent.replace(/\u00a0/g, ' ');
          const i = text.indexOf(lineText);
          if (i < 0) {
            continue;
          }
          const start = i + lineText.indexOf(word);
          const end = start + word.length;
          const range = document.createRange();
          const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
          let offset = 0;
          let node;
          let started = false;
          while ((node = walker.nextNode())) {
            const length = node.textContent.length;
            if (!started && start < offset + length) {
              range.setStart(node, start - offset);
              started = true;
            }
            if (started && end <= offset + length) {
              range.setEnd(node, end - offset);
              const b = range.getBoundingClientRect();
              return { x: b.x, y: b.y, width: b.width, height: b.height };
            }
            offset += length;
          }
        }
      }
      return null;
    },
    [lineText, word],
  );
}

async function shot(name, options = {}) {
  const file = path.join(artifacts, `${name}.png`);
  await page.screenshot({ path: file, ...options });
  return file;
}

/** Runs a step; on failure saves a screenshot of the window next to the other artefacts. */
function step(name, fn) {
  test(name, { timeout: STEP_TIMEOUT }, async () => {
    try {
      await fn();
    } catch (error) {
      const slug = name.replace(/[^a-z0-9]+/gi, '-').replace(/^-|-$/g, '').toLowerCase();
      await shot(`fail-${slug}`).catch(() => undefined);
      throw error;
    }
  });
}

async function command(title) {
  await page.keyboard.press('Escape');
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: 10_000 });
  await row.click();
}

async function goToLine(line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden' });
}

async function openFile(name) {
  await page.keyboard.press('Escape');
  const tab = page.locator('.tabs-container .tab', { hasText: name }).first();
  if (await tab.isVisible()) {
    await tab.click();
    await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
    return;
  }
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(name);
  const row = page.locator(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`).first();
  await row.waitFor({ state: 'visible', timeout: 15_000 });
  await page.keyboard.press('Enter');
  await page.locator('.tabs-container .tab.active', { hasText: name }).waitFor({ timeout: 15_000 });
}

/** The rows of the Problems panel (their accessible labels). */
async function problems() {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) {
    await command('View: Focus Problems');
    await panel.waitFor({ state: 'visible' });
  }
  return page
    .locator('.markers-panel .monaco-list-row')
    .evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? r.textContent ?? ''));
}

/** Moves the mouse onto `word` until the hover widget shows `expected`; returns its text. */
async function hoverText(lineText, word, expected) {
  return until(
    `a hover over ${word} that says "${expected}"`,
    async () => {
      const box = await wordBox(lineText, word);
      if (!box) {
        return false;
      }
      await page.mouse.move(5, 5);
      await sleep(200);
      await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      const hover = page.locator('.monaco-hover:visible').first();
      await hover.waitFor({ state: 'visible', timeout: 3_000 }).catch(() => undefined);
      await sleep(500);
      const texts = await page.locator('.monaco-hover:visible').allInnerTexts();
      const text = texts.join('\n');
      return text.includes(expected) ? text : false;
    },
    45_000,
    500,
  );
}

describe('glossary-ls in VS Code (code-server)', { timeout: 15 * 60_000 }, () => {
  before(async () => {
    assert.ok(codeServer, 'GLOSSARY_LS_E2E_CODE_SERVER is not set (run scripts/vscode-e2e.sh)');
    assert.ok(vsix && fs.existsSync(vsix), `GLOSSARY_LS_E2E_VSIX is not a file: ${vsix}`);
    fs.mkdirSync(artifacts, { recursive: true });
    for (const file of fs.readdirSync(artifacts)) {
      fs.rmSync(path.join(artifacts, file), { recursive: true, force: true });
    }
    tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'glossary-ls-e2e-'));
    makeWorkspace();
    const url = await startCodeServer();
    browser = await chromium.launch({
      executablePath: chromiumPath,
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-dev-shm-usage',
      ],
    });
    page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await page.goto(url);
    await page.locator('.monaco-workbench').waitFor({ timeout: 60_000 });
    await page.locator('.explorer-folders-view').waitFor({ timeout: 60_000 });
    await openFile('spec.md');
    // Hide the side bar: more room for the editor and its widgets in the screenshots.
    await command('View: Toggle Primary Side Bar Visibility');
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    if (server && server.exitCode === null) {
      try {
        process.kill(-server.pid, 'SIGTERM');
      } catch {
        server.kill('SIGTERM');
      }
      await Promise.race([new Promise((r) => server.once('exit', r)), sleep(5_000)]);
      fs.rmSync(path.join(artifacts, 'code-server.pid'), { force: true });
    }
    if (serverLog !== undefined) {
      fs.closeSync(serverLog);
    }
    if (userData && fs.existsSync(path.join(userData, 'logs'))) {
      fs.cpSync(path.join(userData, 'logs'), path.join(artifacts, 'logs'), { recursive: true });
    }
    if (tmp) {
      fs.rmSync(tmp, { recursive: true, force: true });
    }
  });

  step('hover over "API" shows its glossary entry', async () => {
    // Wait for the glossary entry itself: the first-use diagnostic's own hover also says
    // "Application Program Interface", and may show before the entry has arrived.
    const text = await hoverText('The API lets', 'API', 'See also: web API');
    assert.match(text, /API\s*—\s*Application Program Interface/);
    // The summary and the definition, not just the title.
    assert.match(text, /A defined way for one piece of software/);
    assert.match(text, /An API is a contract between two programs/);
    assert.match(text, /See also: web API/);
    // Untrusted Markdown: the entry's **bold** is rendered, never shown raw.
    assert.doesNotMatch(text, /\*\*API\*\*/);

    // The picture for the README: the editor from its left edge, a few lines above the
    // word, down to the bottom of the hover.
    const hover = await page.locator('.monaco-hover:visible').first().boundingBox();
    const word = await wordBox('The API lets', 'API');
    const editor = await page.locator('.editor-group-container.active .monaco-editor').first().boundingBox();
    const x = editor.x;
    const y = Math.max(editor.y, Math.min(hover.y, word.y) - 80);
    const right = Math.min(editor.x + editor.width, Math.max(hover.x + hover.width, word.x + word.width) + 60);
    const bottom = Math.min(editor.y + editor.height, Math.max(hover.y + hover.height, word.y + word.height) + 30);
    await shot('hover', { clip: { x, y, width: right - x, height: bottom - y } });
    await shot('hover-window');
  });

  step('"DLQ" is squiggled and listed in the Problems panel', async () => {
    await page.mouse.move(5, 5);
    await page.keyboard.press('Escape');
    await goToLine(77);
    const squiggle = await until('a warning squiggle under DLQ', async () => {
      const word = await wordBox('moves to the DLQ', 'DLQ');
      if (!word) {
        return false;
      }
      const boxes = await page
        .locator('.editor-group-container.active .squiggly-warning')
        .evaluateAll((els) => els.map((e) => e.getBoundingClientRect().toJSON()));
      return boxes.find(
        (b) => b.x <= word.x + 1 && b.x + b.width >= word.x + word.width - 1 && Math.abs(b.y - word.y) < word.height,
      );
    });
    assert.ok(squiggle);
    const rows = await until('the DLQ warning in the Problems panel', async () => {
      const all = await problems();
      return all.some((r) => /`DLQ` is not explained/.test(r)) ? all : false;
    });
    const dlq = rows.find((r) => /`DLQ` is not explained/.test(r));
    assert.match(dlq, /^Warning/);
    assert.match(dlq, /line 77/);
    assert.match(dlq, /glossary-ls/);
    // Other rules reach the panel too.
    assert.ok(rows.some((r) => /`whitelist` is deprecated/.test(r)), rows.join('\n'));
    assert.ok(rows.some((r) => /first use of `API` is not expanded/.test(r)), rows.join('\n'));
    await shot('problems');
  });

  step('completion offers a glossary term and inserts it', async () => {
    // Back to the editor, at the end of the spec.
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Retries reuse the idempot', { delay: 20 });
    const row = await until(
      'the completion item "idempotency key"',
      async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+Space');
        const item = page.locator('.suggest-widget .monaco-list-row', { hasText: 'idempotency key' }).first();
        await item.waitFor({ state: 'visible', timeout: 5_000 });
        return item;
      },
      30_000,
      500,
    );
    // Focus the item (the server sorts prefix matches first; VS Code may re-sort).
    await until(
      'the focus on "idempotency key"',
      async () => {
        const focused = await page.locator('.suggest-widget .monaco-list-row.focused').first().textContent();
        if (focused?.includes('idempotency key')) {
          return true;
        }
        await page.keyboard.press('ArrowDown');
        return false;
      },
      10_000,
      150,
    );
    assert.ok(await row.isVisible());
    // Show the item's documentation (the glossary summary) for the screenshot.
    const widget = page.locator('.suggest-widget');
    const details = page.locator('.suggest-details-container .suggest-details');
    if (!(await details.isVisible())) {
      await page.keyboard.press('Control+Space');
    }
    await until('the completion details with the summary', async () =>
      (await details.isVisible()) && (await details.innerText()).includes('retrying it has no further effect'),
    );
    await sleep(300);
    const boxes = [await widget.boundingBox(), await details.boundingBox()].filter(Boolean);
    const x = Math.max(0, Math.min(...boxes.map((b) => b.x)) - 160);
    const y = Math.max(0, Math.min(...boxes.map((b) => b.y)) - 60);
    const right = Math.max(...boxes.map((b) => b.x + b.width)) + 30;
    const bottom = Math.max(...boxes.map((b) => b.y + b.height)) + 30;
    await shot('completion', { clip: { x, y, width: right - x, height: bottom - y } });
    await page.keyboard.press('Enter');
    await until('the suggest widget to close', async () => !(await widget.isVisible()));
    await page.keyboard.press('Control+S');
    const text = await until('spec.md on disk to end with the accepted term', () => {
      const spec = fs.readFileSync(path.join(workspace, 'spec.md'), 'utf8');
      return /Retries reuse the idempotency key\s*$/.test(spec) ? spec : false;
    });
    assert.ok(text);
  });

  step('the quick fix "Add DLQ to the glossary" writes the glossary file', async () => {
    const glossaryFile = path.join(workspace, 'glossary', 'glossary.toml');
    const before = fs.readFileSync(glossaryFile, 'utf8');
    assert.doesNotMatch(before, /term = "DLQ"/);
    await goToLine(77);
    const word = await until('DLQ on screen', () => wordBox('moves to the DLQ', 'DLQ'));
    await page.mouse.click(word.x + word.width / 2, word.y + word.height / 2);
    const fix = await until(
      'the quick fix list with "Add DLQ to the glossary"',
      async () => {
        await page.keyboard.press('Escape');
        await page.keyboard.press('Control+.');
        const item = page.locator('.action-widget .monaco-list-row', { hasText: 'Add DLQ to the glossary' }).first();
        await item.waitFor({ state: 'visible', timeout: 5_000 });
        return item;
      },
      30_000,
      500,
    );
    const titles = await page
      .locator('.action-widget .monaco-list-row')
      .evaluateAll((rows) => rows.map((r) => r.textContent ?? ''));
    assert.ok(titles.some((t) => t.includes('Allow DLQ in this workspace')), titles.join(' | '));
    assert.ok(titles.some((t) => t.includes('Allow DLQ in this document')), titles.join(' | '));
    await shot('quick-fix');
    await fix.click();
    const after = await until(
      'the glossary file on disk to gain a DLQ entry',
      () => {
        const text = fs.readFileSync(glossaryFile, 'utf8');
        return /\[\[entries\]\]\s*\nterm = "DLQ"/.test(text) ? text : false;
      },
      20_000,
    );
    assert.ok(after.startsWith(before), 'the fix appends to the glossary, keeping what was there');
    // The server reloads the glossary: DLQ is no longer undefined.
    await until(
      'the DLQ warning to leave the Problems panel',
      async () => !(await problems()).some((r) => /`DLQ` is not explained/.test(r)),
      30_000,
      500,
    );
  });

  step('a settings change reaches the running server', async () => {
    assert.ok((await problems()).some((r) => /`whitelist` is deprecated/.test(r)));
    writeJson(path.join(workspace, '.vscode', 'settings.json'), {
      'glossaryLs.glossary.sources': ['glossary/glossary.toml'],
      'glossaryLs.rules': { 'deprecated-term': 'off', 'term-case': 'error' },
    });
    await until(
      'the deprecated-term finding to go and term-case to become an error',
      async () => {
        const rows = await problems();
        return (
          !rows.some((r) => /`whitelist` is deprecated/.test(r)) &&
          rows.some((r) => /^Error: `Api` should be written `API`/.test(r))
        );
      },
      30_000,
      500,
    );
  });

  step('"Glossary: Look Up Term…" shows an entry from the glossary', async () => {
    await command('Glossary: Look Up Term');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ state: 'visible' });
    // The list comes from workspace/symbol (empty query first, then what is typed): the
    // built-in entries and the workspace glossary's.
    await page.locator('.quick-input-list .monaco-list-row', { hasText: 'acceptance criteria' }).first().waitFor();
    await input.fill('idempotency');
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'glossary/glossary.toml' })
      .filter({ hasText: 'idempotency key' })
      .first()
      .waitFor({ timeout: 15_000 });
    await input.fill('API');
    const row = page
      .locator('.quick-input-list .monaco-list-row', { hasText: 'Application Program Interface' })
      .first();
    await row.waitFor({ state: 'visible', timeout: 15_000 });
    await row.click();
    const text = await until(
      'the Markdown preview with the definition of API',
      async () => {
        for (const frame of page.frames()) {
          if (frame === page.mainFrame()) {
            continue;
          }
          const body = await frame.evaluate(() => document.body?.innerText ?? '').catch(() => '');
          if (body.includes('Application Program Interface') && body.includes('contract between two programs')) {
            return body;
          }
        }
        return false;
      },
      30_000,
      500,
    );
    assert.match(text, /API — Application Program Interface/);
    await shot('look-up');
  });

  step('a wrong glossaryLs.server.path gives a clear error; clearing it restarts the server', async () => {
    const settingsFile = path.join(workspace, '.vscode', 'settings.json');
    const settings = JSON.parse(fs.readFileSync(settingsFile, 'utf8'));
    const starts = startCount();
    writeJson(settingsFile, { ...settings, 'glossaryLs.server.path': '/nonexistent/glossary-ls' });
    const toast = page.locator('.notifications-toasts .notification-toast', { hasText: 'glossaryLs.server.path' }).first();
    await toast.waitFor({ state: 'visible', timeout: 20_000 });
    const message = await toast.innerText();
    assert.match(message, /no executable file at \/nonexistent\/glossary-ls/);
    assert.match(message, /cargo install --path \./);
    await sleep(800); // the toast slides in
    await shot('server-missing');
    // The old server is gone with its diagnostics.
    await until('the diagnostics to go with the server', async () => (await problems()).length === 0, 20_000, 500);
    writeJson(settingsFile, settings);
    await until('a new server start', () => startCount() > starts, 20_000, 500);
    await until(
      'diagnostics from the new server',
      async () => (await problems()).some((r) => /`RPO` is used before its definition/.test(r)),
      30_000,
      500,
    );
  });

  step('"Glossary: Restart the Language Server" restarts it', async () => {
    const starts = startCount();
    await command('Glossary: Restart the Language Server');
    await until('the server to start again', () => startCount() > starts, 20_000, 500);
    await until(
      'diagnostics after the restart',
      async () => (await problems()).some((r) => /`RPO` is used before its definition/.test(r)),
      30_000,
      500,
    );
    await openFile('spec.md');
    await page.keyboard.press('Control+Home');
    await hoverText('The API lets', 'API', 'See also: web API');
  });

  step('"Glossary: Add Word under Cursor to the Glossary" adds an undefined acronym', async () => {
    const glossaryFile = path.join(workspace, 'glossary', 'glossary.toml');
    await openFile('spec.md');
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
    await page.keyboard.press('Control+End');
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await page.keyboard.type('Stuck events are parked in the XQR queue.', { delay: 10 });
    await until(
      'the XQR warning',
      async () => (await problems()).some((r) => /`XQR` is not explained/.test(r)),
      20_000,
      500,
    );
    await openFile('spec.md');
    const word = await until('XQR on screen', () => wordBox('parked in the XQR', 'XQR'));
    await page.mouse.click(word.x + word.width / 2, word.y + word.height / 2);
    await command('Glossary: Add Word under Cursor to the Glossary');
    await until(
      'the glossary file on disk to gain an XQR entry',
      () => /\nterm = "XQR"\nexpansion = ""/.test(fs.readFileSync(glossaryFile, 'utf8')),
      20_000,
    );
    // The glossary opens at the new entry's expansion, ready to be written. Typing starts
    // only once the status bar shows the cursor inside its quotes: keys sent while the
    // editor is still taking focus are lost on a busy machine.
    await page.locator('.tabs-container .tab.active', { hasText: 'glossary.toml' }).waitFor({ timeout: 10_000 });
    const lines = fs.readFileSync(glossaryFile, 'utf8').split('\n');
    const expansionLine = lines.indexOf('term = "XQR"') + 2;
    const insideQuotes = 'expansion = "'.length + 1;
    await page
      .locator('.statusbar-item', { hasText: `Ln ${expansionLine}, Col ${insideQuotes}` })
      .first()
      .waitFor({ timeout: 10_000 });
    await page.keyboard.type('Example Queue Resource', { delay: 10 });
    await page.keyboard.press('Control+S');
    await until(
      'the expansion typed at the cursor to be saved',
      () => /\nterm = "XQR"\nexpansion = "Example Queue Resource"/.test(fs.readFileSync(glossaryFile, 'utf8')),
      20_000,
    );
    await until(
      'the XQR warning to go',
      async () => !(await problems()).some((r) => /`XQR` is not explained/.test(r)),
      30_000,
      500,
    );
  });
});
