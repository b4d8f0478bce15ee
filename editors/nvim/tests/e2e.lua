-- End-to-end test of the plugin in a real, headless Neovim, through Neovim's own LSP client.
--
--   GLOSSARY_LS=<glossary-ls binary> REPO=<repository root> \
--     nvim --headless --clean -c "luafile editors/nvim/tests/e2e.lua"
--
-- The checks run in a coroutine that yields to Neovim's main loop while it waits, so that
-- typed input (insert mode, <C-x><C-o>) and LSP responses are processed as in a session.
-- Prints one line per check and a closing "N passed, M failed"; exits 1 on any failure.
local server, root = os.getenv('GLOSSARY_LS'), os.getenv('REPO')
local function say(line)
  io.stdout:write(line .. '\n')
  io.stdout:flush()
end
if not (server and root) then
  say('usage: GLOSSARY_LS=<binary> REPO=<repo root> nvim --headless --clean -c "luafile e2e.lua"')
  os.exit(2)
end
vim.opt.rtp:prepend(root .. '/editors/nvim')
vim.o.swapfile = false

local passed, failed = 0, 0
local function check(name, fn)
  local ok, err = pcall(fn)
  if ok then
    passed = passed + 1
    say('ok   ' .. name)
  else
    failed = failed + 1
    say('FAIL ' .. name .. ': ' .. tostring(err))
  end
end

--- Waits for `condition`, giving the main loop control in between (yields the coroutine).
local function wait(what, condition, timeout)
  local deadline = vim.uv.now() + (timeout or 15000)
  while not condition() do
    if vim.uv.now() > deadline then
      error('timed out waiting for ' .. what, 2)
    end
    local this = coroutine.running()
    vim.defer_fn(function()
      coroutine.resume(this)
    end, 20)
    coroutine.yield()
  end
end

local function eq(expected, actual, what)
  if not vim.deep_equal(expected, actual) then
    error(('%s: expected %s, got %s'):format(what or 'value', vim.inspect(expected), vim.inspect(actual)), 2)
  end
end

local function client()
  return vim.lsp.get_clients({ name = 'glossary_ls', bufnr = 0 })[1]
end

--- 0-based line and byte column of the first `needle` in the current buffer.
local function find(needle)
  for i, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      return i - 1, col - 1
    end
  end
  error('not in the buffer: ' .. needle)
end

local function diagnostic(code, needle)
  for _, d in ipairs(vim.diagnostic.get(0)) do
    if d.code == code and d.message:find(needle, 1, true) then
      return d
    end
  end
end

--- Whether a floating window shows `needle`.
local function float_contains(needle)
  for _, win in ipairs(vim.api.nvim_list_wins()) do
    if vim.api.nvim_win_get_config(win).relative ~= '' then
      local lines = vim.api.nvim_buf_get_lines(vim.api.nvim_win_get_buf(win), 0, -1, false)
      if table.concat(lines, '\n'):find(needle, 1, true) then
        return true
      end
    end
  end
  return false
end

local function open(path)
  vim.cmd.edit(vim.fn.fnameescape(path))
  wait('the server to attach', function() return client() ~= nil end)
end

require('glossary_ls').setup({ cmd = { server } })

local function main()

local dir = vim.fn.tempname()
vim.fn.mkdir(dir, 'p')
vim.fn.writefile({ '# project settings for the test' }, dir .. '/glossary-ls.toml')
vim.fn.writefile(vim.fn.readfile(root .. '/examples/spec.md'), dir .. '/spec.md')
-- The rest of the workspace: a document that defines DLQ (a workspace suggestion for
-- spec.md), and a team glossary with a term to rename.
vim.fn.writefile({ 'Failed events go to the dead-letter queue (DLQ).' }, dir .. '/queues.md')
vim.fn.mkdir(dir .. '/glossary', 'p')
vim.fn.writefile({ '[[entries]]', 'term = "widget"', 'summary = "A part of the checkout page."' },
  dir .. '/glossary/glossary.toml')
vim.fn.writefile({ 'Each widget loads fast.', '', 'Two Widgets, and `widget` in code.' }, dir .. '/parts.md')

open(dir .. '/spec.md')

check('the server attaches to a Markdown buffer', function()
  eq('glossary_ls', client().name, 'client')
end)

check('vim.diagnostic.get() holds the undefined acronym at its position', function()
  wait('diagnostics', function() return diagnostic('undefined-acronym', '`DLQ`') ~= nil end)
  local d = diagnostic('undefined-acronym', '`DLQ`')
  local line, col = find('DLQ')
  eq({ line, col, col + 3 }, { d.lnum, d.col, d.end_col }, 'DLQ range')
  eq('glossary-ls', d.source, 'source')
  eq(vim.diagnostic.severity.WARN, d.severity, 'severity')
end)

check('textDocument/hover on API returns its definition', function()
  local line, col = find('API')
  vim.api.nvim_win_set_cursor(0, { line + 1, col + 1 })
  local params = vim.lsp.util.make_position_params(0, client().offset_encoding)
  local response = client():request_sync('textDocument/hover', params, 5000, 0)
  local value = response and response.result and response.result.contents.value or ''
  assert(value:find('Application Program Interface', 1, true), 'no expansion in: ' .. value)
  assert(value:find('payment gateway', 1, true), 'no definition in: ' .. value)
end)

check('vim.lsp.buf.hover() opens a float with the definition', function()
  local line, col = find('API')
  vim.api.nvim_win_set_cursor(0, { line + 1, col + 1 })
  vim.lsp.buf.hover()
  wait('the hover window', function() return float_contains('Application Program Interface') end)
  vim.cmd('fclose!')
end)

check('completion at "Applic" offers API with its documentation', function()
  local last = vim.api.nvim_buf_line_count(0)
  vim.api.nvim_buf_set_lines(0, last, last, false, { '', 'We expose an Applic' })
  vim.api.nvim_win_set_cursor(0, { last + 2, #'We expose an Applic' })
  local params = vim.lsp.util.make_position_params(0, client().offset_encoding)
  local response = client():request_sync('textDocument/completion', params, 5000, 0)
  local items = response.result.items or response.result
  local api
  for _, item in ipairs(items) do
    if item.label == 'API' then
      api = item
    end
  end
  assert(api, 'API not offered; got ' .. vim.inspect(vim.tbl_map(function(i) return i.label end, items)))
  assert(api.documentation.value:find('**API**', 1, true), 'no documentation')
end)

check('omnifunc completes "Applic" with a glossary term', function()
  eq('v:lua.vim.lsp.omnifunc', vim.bo.omnifunc, 'omnifunc')
  local line = vim.api.nvim_buf_line_count(0)
  vim.api.nvim_win_set_cursor(0, { line, #'We expose an Applic' })
  vim.api.nvim_input('a<C-x><C-o>')
  local words = {}
  wait('the completion menu', function()
    words = vim.tbl_map(function(i) return i.word end, vim.fn.complete_info({ 'items' }).items)
    return #words > 0
  end)
  vim.api.nvim_input('<C-e><Esc>')
  wait('normal mode', function() return vim.api.nvim_get_mode().mode == 'n' end)
  assert(vim.tbl_contains(words, 'API'), 'omnifunc offered ' .. vim.inspect(words))
end)

check('a code action applies (expand the first use of API)', function()
  local line, col = find('API')
  vim.api.nvim_win_set_cursor(0, { line + 1, col + 1 })
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action) return action.title == 'Expand first use' end,
  })
  wait('the edit', function()
    return vim.api.nvim_buf_get_lines(0, line, line + 1, false)[1]:find('Application Program Interface (API)', 1, true) ~= nil
  end)
end)

check(':GlossaryLookup shows a definition in a floating window', function()
  vim.cmd('GlossaryLookup KPI')
  wait('the lookup window', function() return float_contains('Key Performance Indicator') end)
  vim.cmd('fclose!')
end)

check('a CRLF file with emoji and CJK gets exact positions', function()
  local path = dir .. '/crlf.md'
  local f = assert(io.open(path, 'wb'))
  f:write('# Notes\r\n\r\nThe QQX is here.\r\nSecond 😀 中文 ZZQ line.\r\n')
  f:close()
  open(path)
  eq('dos', vim.bo.fileformat, 'fileformat')
  wait('diagnostics', function() return diagnostic('undefined-acronym', '`ZZQ`') ~= nil end)
  local qqx, zzq = diagnostic('undefined-acronym', '`QQX`'), diagnostic('undefined-acronym', '`ZZQ`')
  eq({ 2, 4 }, { qqx.lnum, qqx.col }, 'QQX')
  -- "Second 😀 中文 " is 7 + 4 + 1 + 6 + 1 = 19 bytes.
  eq({ 3, 19, 22 }, { zzq.lnum, zzq.col, zzq.end_col }, 'ZZQ')
end)

check('an emoji file keeps hover positions exact', function()
  local path = dir .. '/emoji.md'
  vim.fn.writefile({ '😀😀 the API 中文' }, path)
  open(path)
  vim.api.nvim_win_set_cursor(0, { 1, #'😀😀 the ' + 1 })
  local params = vim.lsp.util.make_position_params(0, client().offset_encoding)
  local response = client():request_sync('textDocument/hover', params, 5000, 0)
  assert(response and response.result, 'no hover')
  local range = response.result.range
  local start_col = vim.lsp.util._get_line_byte_from_position(0, range.start, client().offset_encoding)
  eq(#'😀😀 the ', start_col, 'hover start column')
end)

check('an undefined acronym offers the expansion another document gives it', function()
  open(dir .. '/spec.md')
  wait('the workspace suggestion', function()
    return diagnostic('undefined-acronym', 'dead-letter queue') ~= nil
  end)
  local d = diagnostic('undefined-acronym', 'dead-letter queue')
  assert(d.message:find('queues.md', 1, true), 'no document named in: ' .. d.message)
  vim.api.nvim_win_set_cursor(0, { d.lnum + 1, d.col + 1 })
  vim.lsp.buf.code_action({
    apply = true,
    filter = function(action) return action.title:find("Expand as 'dead-letter queue (DLQ)'", 1, true) ~= nil end,
  })
  wait('the expansion written', function()
    return vim.api.nvim_buf_get_lines(0, d.lnum, d.lnum + 1, false)[1]:find('dead-letter queue (DLQ)', 1, true) ~= nil
  end)
end)

check('a glossary file shows where each entry is used (code lens, its command, hover)', function()
  open(dir .. '/glossary/glossary.toml')
  local bufnr = vim.api.nvim_get_current_buf()
  local lens
  wait('the code lens', function()
    vim.lsp.codelens.refresh({ bufnr = bufnr })
    lens = vim.lsp.codelens.get(bufnr)[1]
    return lens ~= nil and lens.command ~= nil
  end)
  eq('used in 1 document', lens.command.title, 'the lens')
  client():exec_cmd(lens.command, { bufnr = bufnr })
  wait('the quickfix list', function() return #vim.fn.getqflist() > 0 end)
  local places = vim.tbl_map(function(item)
    return vim.fn.fnamemodify(vim.fn.bufname(item.bufnr), ':t') .. ':' .. item.lnum
  end, vim.fn.getqflist())
  table.sort(places)
  eq({ 'parts.md:1', 'parts.md:3' }, places, 'the uses')
  vim.cmd('cclose')
  vim.api.nvim_win_set_cursor(0, { 2, 8 })
  local params = vim.lsp.util.make_position_params(0, client().offset_encoding)
  local response = client():request_sync('textDocument/hover', params, 5000, 0)
  local value = response and response.result and response.result.contents.value or ''
  assert(value:find('used in 1 document', 1, true) and value:find('parts.md', 1, true), 'hover: ' .. value)
end)

check('vim.lsp.buf.rename() renames a glossary term in the glossary and every document', function()
  open(dir .. '/parts.md')
  local line, col = find('widget')
  vim.api.nvim_win_set_cursor(0, { line + 1, col + 1 })
  vim.lsp.buf.rename('gadget')
  wait('the rename', function()
    return vim.api.nvim_buf_get_lines(0, 0, 1, false)[1] == 'Each gadget loads fast.'
  end)
  eq({ 'Each gadget loads fast.', '', 'Two Gadgets, and `widget` in code.' },
    vim.api.nvim_buf_get_lines(0, 0, -1, false), 'parts.md')
  local glossary = vim.fn.bufadd(dir .. '/glossary/glossary.toml')
  vim.fn.bufload(glossary)
  eq('term = "gadget"', vim.api.nvim_buf_get_lines(glossary, 1, 2, false)[1], 'the glossary entry')
end)

say(('nvim e2e: %d passed, %d failed'):format(passed, failed))
os.exit(failed == 0 and 0 or 1)
end

local co = coroutine.create(function()
  local ok, err = pcall(main)
  if not ok then
    say('FAIL the test itself: ' .. tostring(err))
    say(('nvim e2e: %d passed, %d failed'):format(passed, failed + 1))
    os.exit(1)
  end
end)
-- Give up after two minutes whatever happens.
vim.defer_fn(function()
  say(('FAIL timed out; nvim e2e: %d passed, %d failed'):format(passed, failed + 1))
  os.exit(1)
end, 120000)
coroutine.resume(co)
