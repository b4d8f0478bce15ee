--- glossary-ls for Neovim 0.11+: hover definitions, complete glossary terms, flag undefined
--- acronyms. `require('glossary_ls').setup(opts)` configures and enables the server.
local M = {}

--- Defaults for `setup`.
M.defaults = {
  -- The server command; `glossary-ls` must be on PATH unless this says where it is.
  cmd = { 'glossary-ls' },
  filetypes = { 'markdown', 'text', 'asciidoc', 'rst', 'tex', 'plaintex' },
  root_markers = { 'glossary-ls.toml', '.git' },
  -- Settings with the keys of glossary-ls.toml, e.g.
  -- { acronyms = { allow = { 'ACME' } }, rules = { ['term-case'] = 'off' },
  --   editor = { ['inlay-hints'] = true } }
  settings = {},
  -- Turn on Neovim's built-in LSP completion (autotrigger) in attached buffers.
  completion = true,
  -- Create :GlossaryLookup and :GlossaryAdd.
  commands = true,
  -- Also attach to TOML buffers, for glossary files: code lenses "used in N documents"
  -- (run one to list the uses in the quickfix list), hover on an entry, rename from it.
  -- The server answers nothing for TOML files that are not glossaries.
  glossary_files = true,
}

local function client_for(bufnr)
  return vim.lsp.get_clients({ name = 'glossary_ls', bufnr = bufnr or 0 })[1]
    or vim.lsp.get_clients({ name = 'glossary_ls' })[1]
end

--- Shows Markdown in a floating window next to the cursor.
local function show(markdown)
  local lines = vim.split(markdown, '\n', { plain = true })
  return vim.lsp.util.open_floating_preview(lines, 'markdown', { border = 'rounded', focus_id = 'glossary_ls' })
end

--- Looks up `term` (the word under the cursor when empty) and shows its definition.
function M.lookup(term)
  if term == nil or term == '' then
    term = vim.fn.expand('<cword>')
  end
  local client = client_for(0)
  if not client then
    vim.notify('glossary-ls is not running in this buffer', vim.log.levels.WARN)
    return
  end
  client:request('glossaryLs/define', { term = term, uri = vim.uri_from_bufnr(0) }, function(err, result)
    if err then
      vim.notify('glossary-ls: ' .. err.message, vim.log.levels.ERROR)
    elseif result == nil or result == vim.NIL then
      vim.notify(('No glossary entry for %q'):format(term), vim.log.levels.INFO)
    else
      show(result.markdown)
    end
  end, 0)
end

--- The command of the code lenses on glossary entries: their uses, in the quickfix list.
vim.lsp.commands['glossaryLs.showReferences'] = function(command, ctx)
  local client = vim.lsp.get_client_by_id(ctx.client_id)
  local uri, position = command.arguments[1], command.arguments[2]
  local params = { textDocument = { uri = uri }, position = position, context = { includeDeclaration = true } }
  client:request('textDocument/references', params, function(err, result)
    if err then
      vim.notify('glossary-ls: ' .. err.message, vim.log.levels.ERROR)
      return
    end
    local items = vim.lsp.util.locations_to_items(result or {}, client.offset_encoding)
    vim.fn.setqflist({}, ' ', { title = command.title, items = items })
    if #items > 0 then
      vim.cmd('botright copen')
    end
  end, ctx.bufnr)
end

--- Adds the acronym under the cursor to the glossary (the server's quick fix).
function M.add()
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action)
      return action.title:match('^Add .+ to the glossary$') ~= nil
    end,
  })
end

function M.setup(opts)
  opts = vim.tbl_deep_extend('force', {}, M.defaults, opts or {})
  local filetypes = vim.list_extend({}, opts.filetypes)
  if opts.glossary_files and not vim.tbl_contains(filetypes, 'toml') then
    table.insert(filetypes, 'toml')
  end
  vim.lsp.config('glossary_ls', {
    cmd = opts.cmd,
    filetypes = filetypes,
    root_markers = opts.root_markers,
    init_options = opts.settings,
    settings = opts.settings,
    on_attach = function(client, bufnr)
      if opts.completion and vim.lsp.completion then
        vim.lsp.completion.enable(true, client.id, bufnr, { autotrigger = true })
      end
      if vim.bo[bufnr].filetype == 'toml' then
        vim.lsp.codelens.refresh({ bufnr = bufnr })
        vim.api.nvim_create_autocmd({ 'BufEnter', 'BufWritePost' }, {
          buffer = bufnr,
          callback = function()
            vim.lsp.codelens.refresh({ bufnr = bufnr })
          end,
        })
      end
      if opts.on_attach then
        opts.on_attach(client, bufnr)
      end
    end,
  })
  vim.lsp.enable('glossary_ls')
  if opts.commands then
    vim.api.nvim_create_user_command('GlossaryLookup', function(args)
      M.lookup(args.args)
    end, { nargs = '?', desc = 'Show the glossary definition of a term (default: the word under the cursor)' })
    vim.api.nvim_create_user_command('GlossaryAdd', function()
      M.add()
    end, { desc = 'Add the acronym under the cursor to the glossary' })
  end
end

return M
