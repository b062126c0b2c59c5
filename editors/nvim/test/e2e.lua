-- End-to-end test of the plugin in real Neovim, run headless by test/run.sh:
--   nvim --headless -u NONE -i NONE -c "luafile test/e2e.lua"
-- Checks the :help file, then opens a Dockerfile without USER and a compose
-- file with a writable sensitive bind mount, waits for dockwarden's
-- diagnostics, requests textDocument/codeAction and applies the preferred
-- quick fix, checks the buffer and that the diagnostic is gone, then types
-- a new problem (sent as an incremental change) and sees its diagnostic.
-- Every wait polls a condition with a bound; nothing sleeps a fixed time.
local repo = assert(vim.env.DOCKWARDEN_REPO, 'DOCKWARDEN_REPO not set')
local workdir = assert(vim.env.DOCKWARDEN_WORK, 'DOCKWARDEN_WORK not set')
local plugin = repo .. '/editors/nvim'
local timeout = tonumber(vim.env.DOCKWARDEN_TIMEOUT_MS or '') or 20000

vim.o.swapfile = false
vim.g.mapleader = ' '
vim.opt.runtimepath:prepend(plugin)
vim.cmd('filetype on') -- every user's config has it; -u NONE leaves it off

local passed, failed = 0, 0
local function ok(cond, what)
  if cond then
    passed = passed + 1
    io.stdout:write('ok   ' .. what .. '\n')
  else
    failed = failed + 1
    io.stdout:write('FAIL ' .. what .. '\n')
  end
  return cond
end
local function note(msg) io.stdout:write('     ' .. msg .. '\n') end

local function wait(what, cond)
  return ok(vim.wait(timeout, cond, 20), what)
end

local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end

local function codes(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    out[#out + 1] = tostring(code_of(d))
  end
  table.sort(out)
  return table.concat(out, ',')
end

-- The first diagnostic with the code (and a message containing `text`).
local function find(bufnr, code, text)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if code_of(d) == code and (not text or d.message:find(text, 1, true)) then
      return d
    end
  end
end

local function client_of(bufnr)
  local list
  if vim.lsp.get_clients then
    list = vim.lsp.get_clients({ bufnr = bufnr })
  else
    list = vim.lsp.buf_get_clients(bufnr)
  end
  for _, c in pairs(list) do
    if c.name == 'dockwarden' then return c end
  end
end

local function request_sync(client, method, params, bufnr)
  if vim.fn.has('nvim-0.11') == 1 then
    return client:request_sync(method, params, timeout, bufnr)
  end
  return client.request_sync(method, params, timeout, bufnr)
end

local function text_of(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), '\n')
end

-- Records the notifications the client sends, to check what reaches the
-- server (the language id of didOpen, the shape of didChange).
local sent = {}
local function record(client)
  if client.dockwarden_recorded then return end
  client.dockwarden_recorded = true
  local orig = client.notify
  client.notify = function(...)
    local args = { ... }
    local method, params = args[1], args[2]
    if type(method) ~= 'string' then method, params = args[2], args[3] end
    sent[#sent + 1] = { method = method, params = params }
    return orig(...)
  end
end

local function has_buffer_keymap(bufnr, lhs)
  local want = vim.api.nvim_replace_termcodes(lhs:gsub('<leader>', vim.g.mapleader), true, true, true)
  for _, m in ipairs(vim.api.nvim_buf_get_keymap(bufnr, 'n')) do
    if vim.api.nvim_replace_termcodes(m.lhs, true, true, true) == want then return true end
  end
  return false
end

-- Requests the quick fixes at the diagnostic the way an editor does (the
-- diagnostic in the context) and applies the preferred one for it.
local function apply_preferred_fix(bufnr, d)
  local client = client_of(bufnr)
  local lsp_diag = d.user_data and d.user_data.lsp
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = {
      start = { line = d.lnum, character = d.col },
      ['end'] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col },
    },
    context = { diagnostics = { lsp_diag }, only = { 'quickfix' } },
  }
  local resp = request_sync(client, 'textDocument/codeAction', params, bufnr)
  if not ok(resp and not resp.err and resp.result, 'textDocument/codeAction answers') then
    note(vim.inspect(resp))
    return false
  end
  local preferred
  for _, action in ipairs(resp.result) do
    note('action: ' .. action.title .. (action.isPreferred and ' (preferred)' or ''))
    local for_it = false
    for _, ad in ipairs(action.diagnostics or {}) do
      if ad.code == code_of(d) then for_it = true end
    end
    if action.isPreferred and action.edit and for_it then preferred = preferred or action end
  end
  if not ok(preferred ~= nil, 'a preferred quick fix with an edit for ' .. code_of(d)) then return false end
  vim.lsp.util.apply_workspace_edit(preferred.edit, client.offset_encoding or 'utf-16')
  return true
end

local function open(name)
  vim.cmd('edit ' .. vim.fn.fnameescape(workdir .. '/' .. name))
  return vim.api.nvim_get_current_buf()
end

-- :help: the tags file builds without errors and every dockwarden tag the
-- text links to exists. Built in a copy so the test writes nothing in the repo.
do
  local docdir = workdir .. '/helpcopy/doc'
  vim.fn.mkdir(docdir, 'p')
  vim.fn.writefile(vim.fn.readfile(plugin .. '/doc/dockwarden.txt'), docdir .. '/dockwarden.txt')
  ok(pcall(vim.cmd, 'helptags ' .. vim.fn.fnameescape(docdir)), ':helptags parses doc/dockwarden.txt')
  vim.opt.runtimepath:prepend(workdir .. '/helpcopy')
  local text = table.concat(vim.fn.readfile(docdir .. '/dockwarden.txt'), '\n')
  local missing = {}
  for tag in text:gmatch('|(dockwarden[^|%s]*)|') do
    if not pcall(vim.cmd, 'help ' .. tag) then missing[#missing + 1] = tag end
  end
  ok(pcall(vim.cmd, 'help dockwarden') and #missing == 0,
    ':help dockwarden and every |dockwarden...| link resolve' .. (#missing > 0 and (': ' .. table.concat(missing, ' ')) or ''))
  vim.cmd('helpclose')
end

require('dockwarden').setup({ cmd = { repo .. '/bin/dockwarden', 'lsp' } })

-- File types.
for name, want in pairs({
  ['Containerfile'] = 'dockerfile', ['Containerfile.dev'] = 'dockerfile', ['api.Dockerfile'] = 'dockerfile',
  ['Dockerfile.prod'] = 'dockerfile', ['compose.yml'] = 'yaml.docker-compose',
  ['compose.prod.yaml'] = 'yaml.docker-compose', ['docker-compose.yml'] = 'yaml.docker-compose',
  ['docker-compose.override.yaml'] = 'yaml.docker-compose', ['other.yaml'] = 'yaml',
}) do
  local b = open('ft/' .. name)
  ok(vim.bo[b].filetype == want, name .. ' has filetype ' .. want .. ' (got ' .. vim.bo[b].filetype .. ')')
end

-- Dockerfile: DW101, fixed by adding a USER.
local df = open('Dockerfile')
if wait('DW101 reported for the Dockerfile', function() return find(df, 'DW101') ~= nil end) then
  note('Dockerfile diagnostics: ' .. codes(df))
  local client = client_of(df)
  record(client)
  ok(has_buffer_keymap(df, '<leader>ca'), 'code-action key <leader>ca mapped in the buffer')
  if apply_preferred_fix(df, find(df, 'DW101')) then
    ok(text_of(df):find('\nUSER ', 1, true) ~= nil, 'the fix put a USER instruction in the buffer')
    wait('DW101 gone after the fix', function() return find(df, 'DW101') == nil end)
  end
  -- Type a new problem at the end: the final user becomes root.
  local before = #sent
  local last = vim.api.nvim_buf_line_count(df)
  vim.api.nvim_buf_set_lines(df, last, last, false, { 'USER root' })
  if wait('DW102 reported after typing USER root', function() return find(df, 'DW102') ~= nil end) then
    note('Dockerfile diagnostics: ' .. codes(df))
  end
  local incremental = false
  for i = before + 1, #sent do
    local s = sent[i]
    if s.method == 'textDocument/didChange' then
      for _, c in ipairs(s.params.contentChanges) do
        if c.range and c.text:find('USER root', 1, true) and not c.text:find('FROM', 1, true) then incremental = true end
      end
    end
  end
  ok(incremental, 'the edit reached the server as an incremental (ranged) change')
end

-- Compose: DW211 on the writable /etc mount; the fix adds :ro, after which
-- the mount is reported as read-only (a warning) instead.
local cf = open('compose.yaml')
ok(vim.bo[cf].filetype == 'yaml.docker-compose', 'compose.yaml has filetype yaml.docker-compose')
if wait('DW211 (writable) reported for compose.yaml', function() return find(cf, 'DW211', 'writable') ~= nil end) then
  note('compose diagnostics: ' .. codes(cf))
  ok(client_of(cf) ~= nil and client_of(cf) == client_of(df), 'one server serves both files of the folder')
  local opened
  for _, s in ipairs(sent) do
    if s.method == 'textDocument/didOpen' and s.params.textDocument.uri:find('compose.yaml$') then
      opened = s.params.textDocument.languageId
    end
  end
  ok(opened == 'dockercompose', 'compose.yaml opened with languageId dockercompose (got ' .. tostring(opened) .. ')')
  if apply_preferred_fix(cf, find(cf, 'DW211', 'writable')) then
    ok(text_of(cf):find('- /etc:/host-etc:ro', 1, true) ~= nil, 'the fix made the mount read-only in the buffer')
    wait('the writable DW211 gone after the fix', function() return find(cf, 'DW211', 'writable') == nil end)
    local after = find(cf, 'DW211')
    note('now: ' .. (after and after.message or 'no DW211'))
  end
end

-- setup() again with keymap = false: new buffers get no mapping.
require('dockwarden').setup({ cmd = { repo .. '/bin/dockwarden', 'lsp' }, keymap = false })
local cfile = open('Containerfile.dev')
if wait('DW101 reported for Containerfile.dev', function() return find(cfile, 'DW101') ~= nil end) then
  ok(not has_buffer_keymap(cfile, '<leader>ca'), 'keymap = false maps nothing')
end

local v = vim.version()
note(string.format('Neovim %d.%d.%d', v.major, v.minor, v.patch))
io.stdout:write(string.format('nvim-e2e: %d passed, %d failed\n', passed, failed))
if failed > 0 then
  vim.cmd('cquit 1')
else
  vim.cmd('qall!')
end
