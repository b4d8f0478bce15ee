// The extension's settings and their translation into the shape the server reads: the keys
// of glossary-ls.toml, sent as `initializationOptions` and in `workspace/didChangeConfiguration`.
// Pure: no `vscode` import, so that unit tests run under plain Node.

/** The language ids the server reads without any configuration. */
export const BUILTIN_LANGUAGES = [
  'markdown',
  'plaintext',
  'asciidoc',
  'restructuredtext',
  'latex',
] as const;

export const MARKUPS = ['markdown', 'plaintext', 'asciidoc', 'restructuredtext', 'latex'] as const;
export type Markup = (typeof MARKUPS)[number];

export const LEVELS = ['error', 'warning', 'info', 'hint', 'off'] as const;
export type Level = (typeof LEVELS)[number];

/** The `glossaryLs.*` settings this module needs, as read from VS Code. */
export interface ExtensionSettings {
  glossarySources: readonly string[];
  glossaryBuiltin: boolean;
  acronymsAllow: readonly string[];
  acronymsBuiltinAllow: boolean;
  rules: Readonly<Record<string, unknown>>;
  inlayHints: boolean;
  languages: readonly string[];
}

/** What the server accepts: the sections of glossary-ls.toml (kebab-case keys). */
export interface ServerSettings {
  glossary: { sources: string[]; builtin: boolean };
  acronyms: { allow: string[]; 'builtin-allow': boolean };
  rules: Record<string, Level>;
  editor: { 'inlay-hints': boolean; languages?: Record<string, Markup> };
}

/** An entry of `glossaryLs.languages`: `id` or `id:markup`. */
export interface ExtraLanguage {
  id: string;
  markup: Markup;
}

/** Parses `glossaryLs.languages`; entries that are not `id` or `id:markup` are dropped. */
export function parseLanguages(entries: readonly unknown[]): ExtraLanguage[] {
  const out: ExtraLanguage[] = [];
  for (const entry of entries) {
    if (typeof entry !== 'string') {
      continue;
    }
    const [id, markup, ...rest] = entry.trim().split(':');
    if (!id || rest.length > 0 || /\s/.test(id)) {
      continue;
    }
    if (markup === undefined) {
      out.push({ id, markup: 'plaintext' });
    } else if ((MARKUPS as readonly string[]).includes(markup)) {
      out.push({ id, markup: markup as Markup });
    }
  }
  return out;
}

/** Every language id the client sends to the server: the built-in ones and the user's. */
export function languageIds(languages: readonly unknown[]): string[] {
  const ids: string[] = [...BUILTIN_LANGUAGES];
  for (const { id } of parseLanguages(languages)) {
    if (!ids.includes(id)) {
      ids.push(id);
    }
  }
  return ids;
}

function strings(value: readonly unknown[] | undefined): string[] {
  return (value ?? []).filter((v): v is string => typeof v === 'string');
}

/** Maps the VS Code settings to the server's settings object. */
export function toServerSettings(settings: ExtensionSettings): ServerSettings {
  const rules: Record<string, Level> = {};
  for (const [rule, level] of Object.entries(settings.rules ?? {})) {
    if (typeof level === 'string' && (LEVELS as readonly string[]).includes(level)) {
      rules[rule] = level as Level;
    }
  }
  const languages: Record<string, Markup> = {};
  for (const { id, markup } of parseLanguages(settings.languages ?? [])) {
    if (!(BUILTIN_LANGUAGES as readonly string[]).includes(id)) {
      languages[id] = markup;
    }
  }
  const editor: ServerSettings['editor'] = { 'inlay-hints': settings.inlayHints === true };
  if (Object.keys(languages).length > 0) {
    editor.languages = languages;
  }
  return {
    glossary: {
      sources: strings(settings.glossarySources),
      builtin: settings.glossaryBuiltin !== false,
    },
    acronyms: {
      allow: strings(settings.acronymsAllow),
      'builtin-allow': settings.acronymsBuiltinAllow !== false,
    },
    rules,
    editor,
  };
}
