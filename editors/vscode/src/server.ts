// Finding the glossary-ls binary: the `glossaryLs.server.path` setting, else the binary shipped
// inside the extension (Linux x64 builds only), else `glossary-ls` on PATH (and ~/.cargo/bin,
// where `cargo install` puts it, for editors started outside a login shell).
// No `vscode` import, so that unit tests run under plain Node.

import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export type ServerSource = 'setting' | 'bundled' | 'path';

export interface FoundServer {
  kind: 'found';
  path: string;
  source: ServerSource;
}

export interface MissingServer {
  kind: 'missing';
  /** What went wrong and what to do, for an error notification. */
  message: string;
}

export interface ResolveOptions {
  /** The `glossaryLs.server.path` setting ("" when unset). */
  configured: string;
  /** The extension's folder (holds `server/glossary-ls` in packaged builds). */
  extensionPath: string;
  /** The first workspace folder, for relative paths and `${workspaceFolder}`. */
  workspaceFolder?: string;
  env?: NodeJS.ProcessEnv;
  platform?: NodeJS.Platform;
  arch?: string;
  home?: string;
}

export const INSTALL_HINT =
  'Install it with `cargo install --path .` in a glossary-ls checkout (it goes to ~/.cargo/bin), ' +
  'or set `glossaryLs.server.path` to the binary.';

/** Whether `file` is a regular file we may execute. */
export function isExecutable(file: string, platform: NodeJS.Platform = process.platform): boolean {
  try {
    if (!fs.statSync(file).isFile()) {
      return false;
    }
    if (platform !== 'win32') {
      fs.accessSync(file, fs.constants.X_OK);
    }
    return true;
  } catch {
    return false;
  }
}

/** Expands `~`, `${userHome}` and `${workspaceFolder}`; makes relative paths absolute. */
export function expandPath(value: string, home: string, workspaceFolder?: string): string {
  let out = value.trim();
  if (out === '~' || out.startsWith('~/') || out.startsWith('~\\')) {
    out = path.join(home, out.slice(1));
  }
  out = out.replace(/\$\{userHome\}/g, home);
  if (workspaceFolder !== undefined) {
    out = out.replace(/\$\{workspaceFolder\}/g, workspaceFolder);
  }
  if (!path.isAbsolute(out)) {
    out = path.resolve(workspaceFolder ?? process.cwd(), out);
  }
  return out;
}

/** The binary inside the extension, for the platform it was built for. */
export function bundledServer(extensionPath: string): string {
  return path.join(extensionPath, 'server', 'glossary-ls');
}

/** Finds the server, or says why there is none and what to do. */
export function resolveServer(options: ResolveOptions): FoundServer | MissingServer {
  const env = options.env ?? process.env;
  const platform = options.platform ?? process.platform;
  const arch = options.arch ?? process.arch;
  const home = options.home ?? os.homedir();
  const exe = platform === 'win32' ? 'glossary-ls.exe' : 'glossary-ls';

  if (options.configured.trim() !== '') {
    const file = expandPath(options.configured, home, options.workspaceFolder);
    if (isExecutable(file, platform)) {
      return { kind: 'found', path: file, source: 'setting' };
    }
    return {
      kind: 'missing',
      message:
        `glossary-ls: the setting glossaryLs.server.path is "${options.configured}", but there is ` +
        `no executable file at ${file}. Fix the path, or clear the setting to use the binary ` +
        `shipped with the extension or the one on PATH. ${INSTALL_HINT}`,
    };
  }

  if (platform === 'linux' && arch === 'x64') {
    const bundled = bundledServer(options.extensionPath);
    if (fs.existsSync(bundled)) {
      // A .vsix may not keep the executable bit: restore it.
      if (!isExecutable(bundled, platform)) {
        try {
          fs.chmodSync(bundled, 0o755);
        } catch {
          // Reported below when it still cannot run.
        }
      }
      if (isExecutable(bundled, platform)) {
        return { kind: 'found', path: bundled, source: 'bundled' };
      }
    }
  }

  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter((d) => d !== '');
  dirs.push(path.join(home, '.cargo', 'bin'));
  for (const dir of dirs) {
    const file = path.join(dir, exe);
    if (isExecutable(file, platform)) {
      return { kind: 'found', path: file, source: 'path' };
    }
  }

  return {
    kind: 'missing',
    message:
      'glossary-ls: the language server binary was not found (no glossaryLs.server.path ' +
      `setting, no binary shipped for ${platform}-${arch} in this extension, no glossary-ls ` +
      `on PATH). ${INSTALL_HINT}`,
  };
}
