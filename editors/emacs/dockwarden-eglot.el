;; dockwarden through eglot: Dockerfiles and YAML (compose) buffers.
(with-eval-after-load 'eglot
  (add-to-list 'eglot-server-programs
               '((dockerfile-mode dockerfile-ts-mode yaml-mode yaml-ts-mode)
                 . ("dockwarden" "lsp"))))
(dolist (hook '(dockerfile-mode-hook dockerfile-ts-mode-hook
                yaml-mode-hook yaml-ts-mode-hook))
  (add-hook hook #'eglot-ensure))
