-- dockwarden for Neovim: starts `dockwarden lsp` for Dockerfiles and
-- Compose files. Neovim 0.8 and newer use vim.lsp.start; 0.7 uses
-- vim.lsp.start_client and vim.lsp.buf_attach_client.
local M = {}

M.defaults = {
  cmd = { 'dockwarden', 'lsp' },
  -- Normal-mode key for code actions in attached buffers; false for none.
  keymap = '<leader>ca',
  -- Settings sent as the `dockwarden` section of workspace/configuration.
  settings = {},
  -- The nearest folder holding one of these is the project root; without
  -- one, the file's own folder is.
  root_markers = { '.git', '.dockwarden.yaml' },
}

local config = vim.deepcopy(M.defaults)
local clients = {} -- Neovim 0.7: root dir -> client id
local warned = false

local dockerfile_globs = { 'Containerfile', 'Containerfile.*', '*.Dockerfile', '*.dockerfile', 'Dockerfile.*' }
local compose_globs = {
  'compose.yaml', 'compose.yml', 'compose.*.yaml', 'compose.*.yml',
  'docker-compose.yaml', 'docker-compose.yml', 'docker-compose.*.yaml', 'docker-compose.*.yml',
}

-- Compose files get the compound filetype yaml.docker-compose, so YAML
-- plugins keep working while dockwarden knows what the file is.
local function register_filetypes()
  if vim.fn.has('nvim-0.8') == 1 then
    vim.filetype.add({
      filename = {
        ['Containerfile'] = 'dockerfile',
        ['compose.yaml'] = 'yaml.docker-compose',
        ['compose.yml'] = 'yaml.docker-compose',
        ['docker-compose.yaml'] = 'yaml.docker-compose',
        ['docker-compose.yml'] = 'yaml.docker-compose',
      },
      pattern = {
        ['Containerfile%..+'] = 'dockerfile',
        ['Dockerfile%..+'] = 'dockerfile',
        ['.+%.[Dd]ockerfile'] = 'dockerfile',
        ['compose%..+%.ya?ml'] = 'yaml.docker-compose',
        ['docker%-compose%..+%.ya?ml'] = 'yaml.docker-compose',
      },
    })
    return
  end
  -- Neovim 0.7 detects file types with filetype.vim: the same rules as
  -- autocommands. setfiletype leaves a type that was already decided alone;
  -- compose files must win over filetype.vim's plain yaml.
  local group = vim.api.nvim_create_augroup('dockwarden_filetypes', { clear = true })
  vim.api.nvim_create_autocmd({ 'BufNewFile', 'BufRead' }, {
    group = group,
    pattern = dockerfile_globs,
    command = 'setfiletype dockerfile',
  })
  vim.api.nvim_create_autocmd({ 'BufNewFile', 'BufRead' }, {
    group = group,
    pattern = compose_globs,
    command = 'if &filetype !=# "yaml.docker-compose" | set filetype=yaml.docker-compose | endif',
  })
end

local uv = vim.uv or vim.loop

-- The nearest folder (the file's own, then each parent) that holds one of
-- the root markers, else the file's folder.
local function root_dir(bufnr)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local start = name ~= '' and vim.fn.fnamemodify(name, ':p:h') or vim.fn.getcwd()
  local dir = start
  while true do
    for _, marker in ipairs(config.root_markers) do
      if uv.fs_stat(dir .. '/' .. marker) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return start
    end
    dir = parent
  end
end

-- The settings as the server reads them: a JSON object. Lua has one kind
-- of table, and Neovim encodes an empty one as a list ([]), so the empty
-- settings and an empty rules table are sent as empty dicts.
local function settings_of(settings)
  local out = vim.deepcopy(settings or {})
  if type(out.rules) == 'table' and next(out.rules) == nil then
    out.rules = vim.empty_dict()
  end
  if next(out) == nil then
    return vim.empty_dict()
  end
  return out
end

local function on_attach(_, bufnr)
  if config.keymap then
    vim.keymap.set('n', config.keymap, vim.lsp.buf.code_action,
      { buffer = bufnr, desc = 'dockwarden: code actions' })
  end
end

-- Send the language ids the server and other editors use.
local function language_id(bufnr)
  local ft = vim.bo[bufnr].filetype
  if ft == 'yaml.docker-compose' then
    return 'dockercompose'
  end
  return ft
end

--- Attaches dockwarden to a buffer, starting the server for its project
--- root or reusing the one already running there. Returns the client id.
function M.attach(bufnr)
  if bufnr == nil or bufnr == 0 then
    bufnr = vim.api.nvim_get_current_buf()
  end
  if vim.bo[bufnr].buftype ~= '' then
    return nil -- help, terminal, scratch and plugin buffers
  end
  if vim.fn.executable(config.cmd[1]) ~= 1 then
    if not warned then
      warned = true
      vim.notify('dockwarden: cannot run "' .. config.cmd[1] .. '": install dockwarden or set cmd in '
        .. "require('dockwarden').setup()", vim.log.levels.WARN)
    end
    return nil
  end
  local root = root_dir(bufnr)
  local spec = {
    name = 'dockwarden',
    cmd = config.cmd,
    root_dir = root,
    settings = { dockwarden = settings_of(config.settings) },
    get_language_id = function(b, _) return language_id(b) end,
    on_attach = on_attach,
  }
  if vim.fn.has('nvim-0.8') == 1 then
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

--- Sets dockwarden up: file types, and a server for every Dockerfile and
--- Compose buffer, including those already open. Call it again to change
--- the options.
function M.setup(opts)
  -- Each option replaces its default whole: a list of markers or a cmd
  -- is never merged index by index with the default one.
  config = vim.deepcopy(M.defaults)
  for k, v in pairs(opts or {}) do
    config[k] = v
  end
  if type(config.cmd) == 'string' then
    config.cmd = { config.cmd, 'lsp' }
  end
  warned = false
  register_filetypes()
  local group = vim.api.nvim_create_augroup('dockwarden', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = { 'dockerfile', 'yaml.docker-compose' },
    callback = function(args) M.attach(args.buf) end,
  })
  for _, buf in ipairs(vim.api.nvim_list_bufs()) do
    local ft = vim.bo[buf].filetype
    if vim.api.nvim_buf_is_loaded(buf) and (ft == 'dockerfile' or ft == 'yaml.docker-compose') then
      M.attach(buf)
    end
  end
end

return M
