" dockwarden through ALE: Dockerfiles and YAML (compose) buffers.
packadd! ale  " Debian's vim-ale; drop this line if your plugin manager loads ALE
function! DockwardenRoot(buffer) abort
  let l:git = ale#path#FindNearestDirectory(a:buffer, '.git')
  return empty(l:git) ? fnamemodify(bufname(a:buffer), ':p:h') : fnamemodify(l:git, ':h:h')
endfunction
for s:filetype in ['dockerfile', 'yaml']
  call ale#linter#Define(s:filetype, {
  \   'name': 'dockwarden',
  \   'lsp': 'stdio',
  \   'executable': 'dockwarden',
  \   'command': '%e lsp',
  \   'project_root': function('DockwardenRoot'),
  \})
endfor
" ALE runs only its default linters on YAML: add dockwarden to them.
let g:ale_linters = get(g:, 'ale_linters', {})
let g:ale_linters.yaml = get(g:ale_linters, 'yaml', ['spectral', 'yaml-language-server', 'yamllint']) + ['dockwarden']
