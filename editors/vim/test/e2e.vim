" End-to-end test of dockwarden through ALE in headless Vim, run by
" test/run.sh: vim -N -u NONE -i NONE -Es -S test/e2e.vim, bin/ on PATH.
" Sources the README's ALE configuration (../dockwarden-ale.vim), opens a
" Dockerfile without USER and a compose file with a writable bind mount of
" /etc, waits for DW101 and DW211, asks ALE for the code actions with
" ale#codefix#Execute (what :ALECodeAction and ALE's code-action menu run)
" and applies the preferred quick fix as that menu does, checks the
" text and that the finding is gone, then adds USER root and waits for
" DW102. Every wait polls with a bound; nothing sleeps a fixed time.
set nocompatible nomore noswapfile hidden
filetype plugin on
let s:work = $DOCKWARDEN_WORK
let s:repo = $DOCKWARDEN_REPO
let s:timeout_ms = 20000
let s:passed = 0
let s:failed = 0
let g:ale_lint_on_text_changed = 'never'
let g:ale_lint_on_insert_leave = 0

" Silent Ex mode shows no :echo; run.sh prints this log when Vim exits.
let s:log = s:work . '/e2e.log'
function! s:Out(line) abort
  call writefile([a:line], s:log, 'a')
endfunction

function! s:Ok(cond, what) abort
  if a:cond
    let s:passed += 1
    call s:Out('ok   ' . a:what)
  else
    let s:failed += 1
    call s:Out('FAIL ' . a:what)
  endif
  return a:cond
endfunction

function! s:Wait(what, cond) abort
  let l:start = reltime()
  while !eval(a:cond)
    if reltimefloat(reltime(l:start)) * 1000 > s:timeout_ms
      return s:Ok(0, a:what)
    endif
    sleep 20m
  endwhile
  return s:Ok(1, a:what)
endfunction

" ALE's findings for the buffer from dockwarden with the code (and text).
function! Find(buf, code, ...) abort
  let l:text = get(a:000, 0, '')
  for l:item in get(get(g:ale_buffer_info, a:buf, {}), 'loclist', [])
    if get(l:item, 'linter_name', '') is# 'dockwarden' && get(l:item, 'code', '') is# a:code
    \ && stridx(l:item.text, l:text) >= 0
      return l:item
    endif
  endfor
  return {}
endfunction

function! s:Codes(buf) abort
  let l:codes = []
  for l:item in get(get(g:ale_buffer_info, a:buf, {}), 'loclist', [])
    call add(l:codes, get(l:item, 'code', '?'))
  endfor
  return join(sort(l:codes), ',')
endfunction

" ALE's code-action menu hands the menu callback the server's actions; pick
" the preferred one for the code and apply it the way the menu does.
let g:menu = v:null
function! s:Menu(data, items) abort
  let g:menu = {'data': a:data, 'items': a:items}
endfunction

function! s:ApplyPreferredFix(buf, item) abort
  let g:menu = v:null
  call cursor(a:item.lnum, a:item.col)
  call ale#codefix#Execute(0, function('s:Menu'))
  if !s:Wait('ALE got code actions for ' . a:item.code, 'g:menu isnot v:null')
    return 0
  endif
  let l:preferred = v:null
  for [l:kind, l:action] in g:menu.items
    call s:Out('     action: ' . l:action.title . (get(l:action, 'isPreferred', 0) is v:true ? ' (preferred)' : ''))
    let l:codes = map(copy(get(l:action, 'diagnostics', [])), 'get(v:val, "code", "")')
    if l:preferred is v:null && get(l:action, 'isPreferred', 0) is v:true && index(l:codes, a:item.code) >= 0
      let l:preferred = l:action
    endif
  endfor
  if !s:Ok(l:preferred isnot v:null, 'a preferred quick fix for ' . a:item.code)
    return 0
  endif
  call ale#codefix#ApplyLSPCodeAction(g:menu.data, l:preferred)
  " The edit changed the buffer: lint again, as ALE does on TextChanged.
  call ale#Queue(0)
  return 1
endfunction

try
  execute 'source ' . fnameescape(s:repo . '/editors/vim/dockwarden-ale.vim')
  " packadd! only adds ALE to 'runtimepath' while a vimrc runs; Vim then
  " loads plugins. This script runs after that point, so load it here.
  runtime! plugin/ale.vim

  " Dockerfile.
  execute 'edit ' . fnameescape(s:work . '/Dockerfile')
  let s:df = bufnr('')
  call s:Ok(&filetype is# 'dockerfile', 'Dockerfile has filetype dockerfile (' . &filetype . ')')
  call ale#Queue(0)
  if s:Wait('DW101 reported for the Dockerfile', '!empty(Find(' . s:df . ', "DW101"))')
    call s:Out('     Dockerfile diagnostics: ' . s:Codes(s:df))
    if s:ApplyPreferredFix(s:df, Find(s:df, 'DW101'))
      call s:Ok(search('^USER ', 'nw') > 0, 'the fix put a USER instruction in the buffer')
      call s:Wait('DW101 gone after the fix', 'empty(Find(' . s:df . ', "DW101"))')
    endif
    call append(line('$'), 'USER root')
    call ale#Queue(0)
    if s:Wait('DW102 reported after adding USER root', '!empty(Find(' . s:df . ', "DW102"))')
      call s:Out('     Dockerfile diagnostics: ' . s:Codes(s:df))
    endif
  endif

  " Compose.
  execute 'edit ' . fnameescape(s:work . '/compose.yaml')
  let s:cf = bufnr('')
  call s:Ok(&filetype =~# '^yaml', 'compose.yaml has a yaml filetype (' . &filetype . ')')
  call ale#Queue(0)
  if s:Wait('DW211 (writable) reported for compose.yaml', '!empty(Find(' . s:cf . ', "DW211", "writable"))')
    call s:Out('     compose diagnostics: ' . s:Codes(s:cf))
    if s:ApplyPreferredFix(s:cf, Find(s:cf, 'DW211', 'writable'))
      call s:Ok(search('- /etc:/host-etc:ro', 'nw') > 0, 'the fix made the mount read-only')
      call s:Wait('the writable DW211 gone after the fix', 'empty(Find(' . s:cf . ', "DW211", "writable"))')
    endif
  endif
  call s:Ok(DockwardenRoot(s:cf) is# s:work, 'project root is the folder holding .git (' . DockwardenRoot(s:cf) . ')')
catch
  call s:Ok(0, 'no error: ' . v:exception . ' at ' . v:throwpoint)
endtry

call s:Out('     ' . split(execute('version'), "\n")[0])
call s:Out(printf('vim-ale-e2e: %d passed, %d failed', s:passed, s:failed))
if s:failed > 0
  cquit 1
endif
qall!
