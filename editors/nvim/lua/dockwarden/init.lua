-- dockwarden for Neovim: starts `dockwarden lsp` for Dockerfiles and
-- Compose files. Works with Neovim 0.7 (vim.lsp.start_client) and newer
-- (vim.lsp.start).
local M = {}

M.defaults = {
  cmd = { 'dockwarden', 'lsp' },
  -- Key for code actions in attached buffers; false to map nothing.
  keymap = '<leader>ca',
  -- Settings sent as the `dockwarden` section of workspace/configuration.
  settings = {},
  root_markers = { '.git', '.dockwarden.yaml' },
}

local config = vim.deepcopy(M.defaults)
local clients = {} -- root dir -> client id

-- Compose files get the compound filetype yaml.docker-compose, so YAML
-- plugins keep working while dockwarden knows what the file is.
local function register_filetypes()
  if vim.filetype and vim.filetype.add then
    vim.filetype.add({
      filename = { ['Containerfile'] = 'dockerfile' },
      pattern = {
        ['Containerfile%..*'] = 'dockerfile',
        ['.*%.[Dd]ockerfile'] = 'dockerfile',
        ['Dockerfile%..*'] = 'dockerfile',
        ['.*/compose%.ya?ml'] = 'yaml.docker-compose',
        ['.*/compose%..*%.ya?ml'] = 'yaml.docker-compose',
        ['.*/docker%-compose%.ya?ml'] = 'yaml.docker-compose',
        ['.*/docker%-compose%..*%.ya?ml'] = 'yaml.docker-compose',
      },
    })
  end
  -- Neovim 0.7 without filetype.lua: the same as autocommands.
  local group = vim.api.nvim_create_augroup('dockwarden_filetypes', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufNewFile', 'BufRead' }, {
    group = group,
    pattern = { 'Containerfile', 'Containerfile.*', '*.Dockerfile', '*.dockerfile', 'Dockerfile.*' },
    command = 'setfiletype dockerfile',
  })
  vim.api.nvim_create_autocmd({ 'BufNewFile', 'BufRead' }, {
    group = group,
    pattern = { 'compose.yaml', 'compose.yml', 'compose.*.yaml', 'compose.*.yml',
      'docker-compose.yaml', 'docker-compose.yml', 'docker-compose.*.yaml', 'docker-compose.*.yml' },
    command = 'set filetype=yaml.docker-compose',
  })
end

local function root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local dir = vim.fn.fnamemodify(name, ':p:h')
  for _, marker in ipairs(config.root_markers) do
    local found = vim.fn.finddir(marker, dir .. ';')
    if found == '' then
      found = vim.fn.findfile(marker, dir .. ';')
    end
    if found ~= '' then
      return vim.fn.fnamemodify(found, ':p:h:h')
    end
  end
  return dir
end

local function on_attach(_, bufnr)
  if config.keymap then
    vim.keymap.set('n', config.keymap, vim.lsp.buf.code_action,
      { buffer = bufnr, desc = 'dockwarden: code actions' })
  end
end

-- The server reports the language id it decides by; send the one it knows.
local function language_id(bufnr)
  local ft = vim.bo[bufnr].filetype
  if ft == 'yaml.docker-compose' then
    return 'dockercompose'
  end
  return ft
end

--- Attaches dockwarden to a buffer, starting the server for its root.
function M.attach(bufnr)
  bufnr = bufnr or vim.api.nvim_get_current_buf()
  local root = root_dir(bufnr)
  local spec = {
    name = 'dockwarden',
    cmd = config.cmd,
    root_dir = root,
    settings = { dockwarden = config.settings },
    get_language_id = function(b, _) return language_id(b) end,
    on_attach = on_attach,
  }
  if vim.lsp.start then
    return vim.lsp.start(spec, { bufnr = bufnr })
  end
  local id = clients[root]
  if not id or not vim.lsp.get_client_by_id(id) then
    id = vim.lsp.start_client(spec)
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

--- Sets dockwarden up: filetypes, and a server for every Dockerfile and
--- Compose buffer.
function M.setup(opts)
  config = vim.tbl_deep_extend('force', vim.deepcopy(M.defaults), opts or {})
  register_filetypes()
  local group = vim.api.nvim_create_augroup('dockwarden', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = { 'dockerfile', 'yaml.docker-compose' },
    callback = function(args) M.attach(args.buf) end,
  })
end

return M
