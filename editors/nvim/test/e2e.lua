-- End-to-end test in real Neovim, run headless by test/run.sh:
--   nvim --headless -u NONE -c "luafile test/e2e.lua"
-- Opens a Dockerfile without USER and a compose file with a writable
-- sensitive bind mount, waits for dockwarden's diagnostics, applies the
-- preferred quick fix through textDocument/codeAction, checks the buffer
-- and that the diagnostic is gone, then types a new problem and sees it.
local repo = vim.env.DOCKWARDEN_REPO
local workdir = vim.env.DOCKWARDEN_WORK
vim.opt.runtimepath:prepend(repo .. '/editors/nvim')
vim.o.swapfile = false
vim.cmd('filetype on') -- what every user's config has; -u NONE leaves it off

local failures = 0
local function fail(msg)
  failures = failures + 1
  io.stderr:write('FAIL: ' .. msg .. '\n')
end
local function info(msg) io.stdout:write(msg .. '\n') end

require('dockwarden').setup({ cmd = { repo .. '/bin/dockwarden', 'lsp' } })

local function codes(bufnr)
  local out = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    out[#out + 1] = tostring(d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code))
  end
  table.sort(out)
  return table.concat(out, ',')
end

local function has(bufnr, code)
  return (',' .. codes(bufnr) .. ','):find(',' .. code .. ',', 1, true) ~= nil
end

local function wait(what, cond)
  if not vim.wait(20000, cond, 20) then
    fail('timed out waiting for ' .. what)
    return false
  end
  return true
end

local function diagnostic(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    local c = d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
    if c == code then return d end
  end
end

local function client_of(bufnr)
  for _, c in pairs(vim.lsp.buf_get_clients(bufnr)) do
    if c.name == 'dockwarden' then return c end
  end
end

-- Requests the code actions at the diagnostic and applies the preferred
-- quick fix for it.
local function apply_fix(bufnr, code)
  local d = diagnostic(bufnr, code)
  if not d then return fail('no ' .. code .. ' to fix') end
  local client = client_of(bufnr)
  local params = {
    textDocument = vim.lsp.util.make_text_document_params(bufnr),
    range = {
      start = { line = d.lnum, character = d.col },
      ['end'] = { line = d.end_lnum or d.lnum, character = d.end_col or d.col },
    },
    context = { diagnostics = { d.user_data and d.user_data.lsp or {} }, only = { 'quickfix' } },
  }
  local resp = client.request_sync('textDocument/codeAction', params, 10000, bufnr)
  if not resp or resp.err then return fail('codeAction failed: ' .. vim.inspect(resp)) end
  for _, action in ipairs(resp.result or {}) do
    local for_code = action.diagnostics and action.diagnostics[1] and action.diagnostics[1].code == code
    if action.isPreferred and for_code then
      info('applying "' .. action.title .. '"')
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
      return true
    end
  end
  fail('no preferred quick fix for ' .. code .. ' in ' .. vim.inspect(resp.result))
end

local function open(name)
  vim.cmd('edit ' .. workdir .. '/' .. name)
  return vim.api.nvim_get_current_buf()
end

-- Dockerfile: DW101, fixed by inserting USER.
local df = open('Dockerfile')
if wait('DW101 in the Dockerfile', function() return has(df, 'DW101') end) then
  info('Dockerfile diagnostics: ' .. codes(df))
  apply_fix(df, 'DW101')
  wait('DW101 to disappear', function() return not has(df, 'DW101') end)
  local text = table.concat(vim.api.nvim_buf_get_lines(df, 0, -1, false), '\n')
  if not text:find('\nUSER ', 1, true) then fail('no USER after the fix:\n' .. text) end
  -- Type a new problem: USER root as the last instruction.
  vim.api.nvim_buf_set_lines(df, -1, -1, false, { 'USER root' })
  wait('DW102 after typing USER root', function() return has(df, 'DW102') end)
end

-- Compose: DW211 on the writable /etc mount, fixed with :ro.
local cf = open('compose.yaml')
if vim.bo[cf].filetype ~= 'yaml.docker-compose' then
  fail('compose.yaml has filetype ' .. vim.bo[cf].filetype)
end
if wait('DW211 in compose.yaml', function() return has(cf, 'DW211') end) then
  info('compose diagnostics: ' .. codes(cf))
  local d = diagnostic(cf, 'DW211')
  local before = d.severity
  apply_fix(cf, 'DW211')
  wait('DW211 to turn from an error into a warning', function()
    local now = diagnostic(cf, 'DW211')
    return now == nil or now.severity ~= before
  end)
  local line = table.concat(vim.api.nvim_buf_get_lines(cf, 0, -1, false), '\n')
  if not line:find('/etc:/host-etc:ro', 1, true) then fail('no :ro after the fix:\n' .. line) end
end

-- Containerfile.* is a Dockerfile too.
local cfile = open('Containerfile.dev')
if vim.bo[cfile].filetype ~= 'dockerfile' then fail('Containerfile.dev has filetype ' .. vim.bo[cfile].filetype) end
wait('DW101 in Containerfile.dev', function() return has(cfile, 'DW101') end)

if failures > 0 then
  io.stderr:write(failures .. ' failure(s)\n')
  vim.cmd('cquit 1')
else
  info('nvim e2e: all checks passed')
  vim.cmd('qall!')
end
