-- glossary-ls for Neovim 0.11+: a `vim.lsp.config` definition.
-- Enable it with `vim.lsp.enable('glossary_ls')` (or `require('glossary_ls').setup()`).
return {
  cmd = { 'glossary-ls' },
  filetypes = { 'markdown', 'text', 'asciidoc', 'rst', 'tex', 'plaintex' },
  root_markers = { 'glossary-ls.toml', '.git' },
  -- The server reads the keys of glossary-ls.toml from here; a glossary-ls.toml in the
  -- project wins for its folder.
  init_options = {},
  settings = {},
}
