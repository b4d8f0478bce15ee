// The glossary-ls extension: starts the language server for prose documents, forwards the
// settings, and adds a few commands on top of the protocol.

import * as cp from 'node:child_process';
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  ErrorCodes,
  LanguageClient,
  LanguageClientOptions,
  ResponseError,
  ServerOptions,
  SymbolInformation,
  WorkspaceSymbol,
  WorkspaceSymbolRequest,
} from 'vscode-languageclient/node';
import { FoundServer, resolveServer } from './server';
import { ExtensionSettings, ServerSettings, languageIds, toServerSettings } from './settings';

const SECTION = 'glossaryLs';
const TERM_SCHEME = 'glossary-ls-term';
/** Internal: saves the other files a quick fix edited (not in the command palette). */
const SAVE_AFTER_FIX = 'glossaryLs.saveAfterFix';
/** Internal: the command of the server's code lenses on glossary entries ("used in N
 * documents", arguments `[uri, position]`): shows the entry's references. */
const SHOW_REFERENCES = 'glossaryLs.showReferences';

/** The answer of the server's `glossaryLs/define` request. */
interface Definition {
  term: string;
  markdown: string;
}

function readSettings(): ExtensionSettings {
  const cfg = vscode.workspace.getConfiguration(SECTION);
  return {
    glossarySources: cfg.get<string[]>('glossary.sources', []),
    glossaryBuiltin: cfg.get<boolean>('glossary.builtin', true),
    acronymsAllow: cfg.get<string[]>('acronyms.allow', []),
    acronymsBuiltinAllow: cfg.get<boolean>('acronyms.builtinAllow', true),
    rules: cfg.get<Record<string, unknown>>('rules', {}),
    inlayHints: cfg.get<boolean>('inlayHints', false),
    languages: cfg.get<string[]>('languages', []),
  };
}

function serverSettings(): ServerSettings {
  return toServerSettings(readSettings());
}

function firstFolder(): string | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file')?.uri.fsPath;
}

/** Markdown documents shown by "Look Up Term", served from memory. */
class TermDocuments implements vscode.TextDocumentContentProvider {
  private readonly contents = new Map<string, string>();
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  set(term: string, markdown: string): vscode.Uri {
    const name = term.replace(/[^\p{L}\p{N} ._-]/gu, '_') || 'term';
    const uri = vscode.Uri.from({ scheme: TERM_SCHEME, path: `/${name}.md` });
    this.contents.set(uri.toString(), markdown);
    this.changed.fire(uri);
    return uri;
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    return this.contents.get(uri.toString()) ?? '';
  }

  dispose(): void {
    this.changed.dispose();
  }
}

class Extension implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private server: FoundServer | undefined;
  private starting: Promise<LanguageClient | undefined> | undefined;
  private lastSettings = '';
  /** Whether the server was asked for (a document it reads was opened, or a command ran). */
  started = false;
  private readonly disposables: vscode.Disposable[] = [];
  readonly output: vscode.OutputChannel;
  readonly terms = new TermDocuments();

  constructor(private readonly context: vscode.ExtensionContext) {
    this.output = vscode.window.createOutputChannel('glossary-ls');
    this.disposables.push(this.output, this.terms);
  }

  /** Language ids the client hands to the server. */
  languages(): string[] {
    return languageIds(readSettings().languages);
  }

  /** A code lens's command on a glossary entry: its references, in the peek view. */
  async showReferences(uri: unknown, position: unknown): Promise<void> {
    const client = await this.ensure();
    if (!client || typeof uri !== 'string' || !isPosition(position)) {
      return;
    }
    const resource = vscode.Uri.parse(uri);
    const at = client.protocol2CodeConverter.asPosition(position);
    const locations = await vscode.commands.executeCommand<vscode.Location[]>(
      'vscode.executeReferenceProvider',
      resource,
      at,
    );
    await vscode.commands.executeCommand('editor.action.showReferences', resource, at, locations ?? []);
  }

  wants(document: vscode.TextDocument): boolean {
    return (
      (document.uri.scheme === 'file' || document.uri.scheme === 'untitled') &&
      this.languages().includes(document.languageId)
    );
  }

  /** The running client, started on first need; `undefined` when the server cannot start. */
  ensure(): Promise<LanguageClient | undefined> {
    this.started = true;
    if (this.client?.isRunning()) {
      return Promise.resolve(this.client);
    }
    if (!this.starting) {
      this.starting = this.start().finally(() => {
        this.starting = undefined;
      });
    }
    return this.starting;
  }

  private async start(): Promise<LanguageClient | undefined> {
    // A client that stopped for good (the server crashed too often) is replaced.
    const stale = this.client;
    this.client = undefined;
    if (stale) {
      await stale.dispose(2000).catch(() => undefined);
    }
    const found = resolveServer({
      configured: vscode.workspace.getConfiguration(SECTION).get<string>('server.path', ''),
      extensionPath: this.context.extensionPath,
      workspaceFolder: firstFolder(),
    });
    if (found.kind === 'missing') {
      this.output.appendLine(found.message);
      void this.showError(found.message, true);
      return undefined;
    }
    this.server = found;
    this.output.appendLine(`Starting ${found.path} (${found.source}).`);

    const serverOptions: ServerOptions = {
      command: found.path,
      args: ['lsp', '--stdio'],
      options: { cwd: firstFolder(), env: { ...process.env } },
    };
    const settings = serverSettings();
    this.lastSettings = JSON.stringify(settings);
    const clientOptions: LanguageClientOptions = {
      documentSelector: [
        ...this.languages().flatMap((language) => [
          { scheme: 'file', language },
          { scheme: 'untitled', language },
        ]),
        // Glossary files (with a TOML extension installed): code lenses, hover, rename. The
        // server analyses no TOML as prose and answers nothing for other TOML files.
        { scheme: 'file', language: 'toml' },
      ],
      initializationOptions: settings,
      outputChannel: this.output,
      // Hover and completion text comes from glossary files anyone can write: render it
      // untrusted (no command links) and without raw HTML.
      markdown: { isTrusted: false, supportHtml: false },
      middleware: {
        // A quick fix that edits another file (the glossary, glossary-ls.toml) saves it
        // afterwards: the server reads those files from disk, so the finding goes away at once.
        provideCodeActions: async (document, range, context, token, next) => {
          const actions = await next(document, range, context, token);
          for (const action of actions ?? []) {
            if (!(action instanceof vscode.CodeAction) || !action.edit || action.command) {
              continue;
            }
            const others = action.edit
              .entries()
              .map(([uri]) => uri.toString())
              .filter((uri) => uri !== document.uri.toString());
            if (others.length > 0) {
              action.command = { title: 'Save', command: SAVE_AFTER_FIX, arguments: [others] };
            }
          }
          return actions;
        },
      },
    };
    const client = new LanguageClient(SECTION, 'glossary-ls', serverOptions, clientOptions);
    try {
      await client.start();
    } catch (error) {
      const message = `glossary-ls: the language server at ${found.path} did not start: ${errorText(error)}`;
      this.output.appendLine(message);
      void this.showError(message, false);
      try {
        await client.dispose();
      } catch {
        // Nothing more to do: it never ran.
      }
      return undefined;
    }
    this.client = client;
    return client;
  }

  async stop(): Promise<void> {
    const starting = this.starting;
    if (starting) {
      await starting.catch(() => undefined);
    }
    const client = this.client;
    this.client = undefined;
    if (client) {
      try {
        await client.dispose(2000);
      } catch (error) {
        this.output.appendLine(`Stopping the server: ${errorText(error)}`);
      }
    }
  }

  async restart(): Promise<LanguageClient | undefined> {
    await this.stop();
    const client = await this.ensure();
    if (client) {
      void vscode.window.setStatusBarMessage('glossary-ls: server restarted', 3000);
    }
    return client;
  }

  /** Sends the settings to the running server when they changed. */
  async pushSettings(): Promise<void> {
    const settings = serverSettings();
    const text = JSON.stringify(settings);
    if (!this.client?.isRunning() || text === this.lastSettings) {
      return;
    }
    this.lastSettings = text;
    await this.client.sendNotification(DidChangeConfigurationNotification.type, { settings });
  }

  private async showError(message: string, offerSettings: boolean): Promise<void> {
    const actions = offerSettings ? ['Open Settings', 'Show Output'] : ['Show Output'];
    const choice = await vscode.window.showErrorMessage(message, ...actions);
    if (choice === 'Open Settings') {
      await vscode.commands.executeCommand('workbench.action.openSettings', 'glossaryLs.server.path');
    } else if (choice === 'Show Output') {
      this.output.show(true);
    }
  }

  /** `glossaryLs.lookUpTerm`: pick a glossary entry (or take `term`) and show its definition. */
  async lookUpTerm(term?: unknown): Promise<Definition | undefined> {
    const client = await this.ensure();
    if (!client) {
      return undefined;
    }
    const chosen = typeof term === 'string' && term.trim() !== '' ? term.trim() : await this.pickTerm(client);
    if (!chosen) {
      return undefined;
    }
    const definition = await this.define(client, chosen);
    if (!definition) {
      void vscode.window.showInformationMessage(`glossary-ls: "${chosen}" is not in the glossary.`);
      return undefined;
    }
    const uri = this.terms.set(definition.term, definition.markdown);
    try {
      await vscode.commands.executeCommand('markdown.showPreview', uri);
    } catch {
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.languages.setTextDocumentLanguage(document, 'markdown');
      await vscode.window.showTextDocument(document, { preview: true });
    }
    return definition;
  }

  /** A quick pick over the glossary, filled by `workspace/symbol` (empty query first). */
  private pickTerm(client: LanguageClient): Promise<string | undefined> {
    type Item = vscode.QuickPickItem & { term: string };
    const pick = vscode.window.createQuickPick<Item>();
    pick.title = 'Glossary';
    pick.placeholder = 'A term, alias or expansion';
    pick.matchOnDescription = true;
    pick.busy = true;
    let generation = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = async (query: string): Promise<void> => {
      const mine = ++generation;
      try {
        const symbols = await client.sendRequest(WorkspaceSymbolRequest.type, { query });
        if (mine !== generation) {
          return;
        }
        const seen = new Set<string>();
        const items: Item[] = [];
        for (const symbol of (symbols ?? []) as (SymbolInformation | WorkspaceSymbol)[]) {
          const key = `${symbol.name}\u0000${symbol.containerName ?? ''}`;
          if (seen.has(key)) {
            continue;
          }
          seen.add(key);
          items.push({
            label: symbol.name,
            description: symbol.containerName ?? undefined,
            detail: source(symbol),
            term: symbol.name,
          });
        }
        items.sort((a, b) => a.label.localeCompare(b.label, undefined, { sensitivity: 'base' }));
        pick.items = items;
      } catch (error) {
        this.output.appendLine(`workspace/symbol failed: ${errorText(error)}`);
      } finally {
        if (mine === generation) {
          pick.busy = false;
        }
      }
    };
    return new Promise<string | undefined>((resolve) => {
      let result: string | undefined;
      pick.onDidChangeValue((value) => {
        if (timer) {
          clearTimeout(timer);
        }
        // The server caps its answer: ask again as the user types, to reach every entry.
        timer = setTimeout(() => {
          pick.busy = true;
          void load(value.trim());
        }, 150);
      });
      pick.onDidAccept(() => {
        result = pick.selectedItems[0]?.term ?? (pick.value.trim() || undefined);
        pick.hide();
      });
      pick.onDidHide(() => {
        if (timer) {
          clearTimeout(timer);
        }
        pick.dispose();
        resolve(result);
      });
      pick.show();
      void load('');
    });
  }

  /** The entry as Markdown: the server's `glossaryLs/define`, else `glossary-ls define`. */
  private async define(client: LanguageClient, term: string): Promise<Definition | undefined> {
    const uri = vscode.window.activeTextEditor?.document.uri;
    try {
      const answer = await client.sendRequest<Definition | null>('glossaryLs/define', {
        term,
        uri: uri?.scheme === 'file' ? uri.toString() : undefined,
      });
      return answer ?? undefined;
    } catch (error) {
      if (!(error instanceof ResponseError && error.code === ErrorCodes.MethodNotFound)) {
        throw error;
      }
    }
    // An older server: ask the command line.
    const binary = this.server?.path;
    if (!binary) {
      return undefined;
    }
    return new Promise((resolve) => {
      cp.execFile(binary, ['define', term], { cwd: firstFolder(), timeout: 10000 }, (error, stdout) => {
        if (error || stdout.trim() === '') {
          resolve(undefined);
          return;
        }
        resolve({ term, markdown: '```text\n' + stdout.replace(/```/g, "'''") + '\n```\n' });
      });
    });
  }

  /**
   * `glossaryLs.addWordToGlossary`: asks for the code actions at the cursor and applies
   * "Add X to the glossary"; saves the glossary file and opens it at the new entry.
   * Returns the glossary file's URI (for tests).
   */
  async addWordToGlossary(): Promise<string | undefined> {
    const editor = vscode.window.activeTextEditor;
    if (!editor) {
      void vscode.window.showInformationMessage('glossary-ls: put the cursor on a word first.');
      return undefined;
    }
    if (!this.wants(editor.document) || !(await this.ensure())) {
      void vscode.window.showInformationMessage(
        `glossary-ls does not check ${editor.document.languageId} documents (see glossaryLs.languages).`,
      );
      return undefined;
    }
    const document = editor.document;
    const position = editor.selection.active;
    const range =
      document.getWordRangeAtPosition(position, /[\p{L}\p{N}]+(?:[/'’&-][\p{L}\p{N}]+)*/u) ??
      new vscode.Range(position, position);
    const word = document.getText(range);
    const actions =
      (await vscode.commands.executeCommand<(vscode.CodeAction | vscode.Command)[]>(
        'vscode.executeCodeActionProvider',
        document.uri,
        range,
        vscode.CodeActionKind.QuickFix.value,
      )) ?? [];
    const candidates = actions.filter(
      (a): a is vscode.CodeAction => 'edit' in a && /^Add .+ to the glossary$/.test(a.title),
    );
    const exact = candidates.find((a) => a.title === `Add ${word} to the glossary`);
    const action = exact ?? candidates[0];
    if (!action?.edit) {
      void vscode.window.showInformationMessage(
        `glossary-ls has no "Add to the glossary" fix for "${word}": only acronyms it reports as undefined can be added this way.`,
      );
      return undefined;
    }
    if (!(await vscode.workspace.applyEdit(action.edit))) {
      void vscode.window.showErrorMessage(`glossary-ls: could not edit the glossary for "${word}".`);
      return undefined;
    }
    if (action.command) {
      await vscode.commands.executeCommand(action.command.command, ...((action.command.arguments ?? []) as unknown[]));
    }
    const term = /^Add (.+) to the glossary$/.exec(action.title)?.[1] ?? word;
    const edited = action.edit
      .entries()
      .map(([uri]) => uri)
      .filter((uri) => uri.toString() !== document.uri.toString());
    let glossary: vscode.Uri | undefined;
    for (const uri of edited) {
      const doc = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
      if (doc?.isDirty) {
        await doc.save();
      }
      glossary ??= uri;
    }
    if (glossary) {
      const doc = await vscode.workspace.openTextDocument(glossary);
      const shown = await vscode.window.showTextDocument(doc, { preview: false });
      const text = doc.getText();
      const at = text.lastIndexOf(`term = "${term}"`);
      const quote = at < 0 ? -1 : text.indexOf('expansion = "', at);
      if (quote >= 0) {
        const start = doc.positionAt(quote + 'expansion = "'.length);
        shown.selection = new vscode.Selection(start, start);
        shown.revealRange(new vscode.Range(start, start), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
      }
    }
    return glossary?.toString();
  }

  /** Saves the files a quick fix edited, when they are open with unsaved changes. */
  async saveAfterFix(uris: unknown): Promise<void> {
    const wanted = new Set(Array.isArray(uris) ? uris.filter((u) => typeof u === 'string') : []);
    for (const document of vscode.workspace.textDocuments) {
      if (wanted.has(document.uri.toString()) && document.isDirty) {
        if (!(await document.save())) {
          this.output.appendLine(`Could not save ${document.uri.toString()} after a quick fix.`);
        }
      }
    }
  }

  dispose(): void {
    for (const d of this.disposables) {
      d.dispose();
    }
  }
}

/** Where a glossary entry comes from: its file in the workspace, else the file's name. */
function source(symbol: SymbolInformation | WorkspaceSymbol): string | undefined {
  if (!('uri' in symbol.location)) {
    return undefined;
  }
  const uri = vscode.Uri.parse(symbol.location.uri);
  if (vscode.workspace.getWorkspaceFolder(uri)) {
    return vscode.workspace.asRelativePath(uri);
  }
  return uri.path.split('/').pop();
}

function isPosition(value: unknown): value is { line: number; character: number } {
  const p = value as { line?: unknown; character?: unknown } | null;
  return typeof p === 'object' && p !== null && typeof p.line === 'number' && typeof p.character === 'number';
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

let extension: Extension | undefined;

export function activate(context: vscode.ExtensionContext): void {
  const ext = new Extension(context);
  extension = ext;
  context.subscriptions.push(
    ext,
    vscode.workspace.registerTextDocumentContentProvider(TERM_SCHEME, ext.terms),
    vscode.commands.registerCommand('glossaryLs.restart', () => ext.restart()),
    vscode.commands.registerCommand('glossaryLs.showOutput', () => ext.output.show(true)),
    vscode.commands.registerCommand('glossaryLs.lookUpTerm', (term?: unknown) => ext.lookUpTerm(term)),
    vscode.commands.registerCommand('glossaryLs.addWordToGlossary', () => ext.addWordToGlossary()),
    vscode.commands.registerCommand(SAVE_AFTER_FIX, (uris: unknown) => ext.saveAfterFix(uris)),
    vscode.commands.registerCommand(SHOW_REFERENCES, (uri: unknown, position: unknown) =>
      ext.showReferences(uri, position),
    ),
    vscode.workspace.onDidChangeConfiguration(async (event) => {
      if (!event.affectsConfiguration(SECTION)) {
        return;
      }
      if (
        event.affectsConfiguration(`${SECTION}.server.path`) ||
        event.affectsConfiguration(`${SECTION}.languages`)
      ) {
        // Another binary or other documents: start afresh.
        if (ext.started) {
          await ext.restart();
        } else if (vscode.workspace.textDocuments.some((d) => ext.wants(d))) {
          await ext.ensure();
        }
        return;
      }
      await ext.pushSettings();
    }),
  );

  // Start the server when the first document it reads is open, not before.
  if (vscode.workspace.textDocuments.some((d) => ext.wants(d))) {
    void ext.ensure();
  } else {
    const waiting = vscode.workspace.onDidOpenTextDocument((document) => {
      if (ext.wants(document)) {
        waiting.dispose();
        void ext.ensure();
      }
    });
    context.subscriptions.push(waiting);
  }
}

export async function deactivate(): Promise<void> {
  await extension?.stop();
  extension = undefined;
}
