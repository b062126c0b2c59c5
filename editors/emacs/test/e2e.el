;;; e2e.el --- dockwarden through eglot in batch Emacs  -*- lexical-binding: t -*-
;; Run by test/run.sh: emacs --batch -l test/e2e.el, with bin/ on PATH.
;; Loads the README's eglot configuration (../dockwarden-eglot.el), opens a
;; Dockerfile without USER and a compose file with a writable bind mount of
;; /etc, waits for the DW101 and DW211 flymake diagnostics, applies the
;; preferred quick fix of each through textDocument/codeAction, checks the
;; text and that the diagnostic is gone, then types USER root and waits for
;; DW102. Every wait polls with a bound; nothing sleeps a fixed time.
(require 'cl-lib)
(require 'package)
;; What interactive startup does after the init file: activate the
;; installed packages (Debian's elpa-* ones included).
(package-activate-all)
(require 'eglot)
(require 'flymake)

(defvar dw-repo (getenv "DOCKWARDEN_REPO"))
(defvar dw-work (getenv "DOCKWARDEN_WORK"))
(defvar dw-timeout 20.0)
(defvar dw-passed 0)
(defvar dw-failed 0)

(defun dw-ok (cond what)
  (if cond
      (progn (cl-incf dw-passed) (princ (format "ok   %s\n" what)))
    (cl-incf dw-failed)
    (princ (format "FAIL %s\n" what)))
  cond)

(defun dw-note (fmt &rest args)
  (princ (concat "     " (apply #'format fmt args) "\n")))

(defun dw-wait (what pred)
  "Poll PRED while serving the server's messages, for at most `dw-timeout'."
  (let ((deadline (+ (float-time) dw-timeout))
        done)
    (while (and (not (setq done (funcall pred)))
                (< (float-time) deadline))
      (accept-process-output nil 0.05)
      ;; What the command loop would do: flush changes, run Flymake.
      (when (and (bound-and-true-p eglot--managed-mode)
                 (fboundp 'eglot--signal-textDocument/didChange))
        (eglot--signal-textDocument/didChange))
      (when (bound-and-true-p flymake-mode)
        (flymake-start)))
    (dw-ok done what)))

(defun dw-diag (code &optional text)
  "The first Flymake diagnostic of the current buffer for CODE."
  (cl-find-if (lambda (d)
                (let ((msg (flymake-diagnostic-text d)))
                  (and (string-match-p (regexp-quote (format "[%s]" code)) msg)
                       (or (null text) (string-match-p (regexp-quote text) msg)))))
              (flymake-diagnostics)))

(defun dw-codes ()
  (mapconcat (lambda (d)
               (let ((msg (flymake-diagnostic-text d)))
                 (if (string-match "\\[\\(DW[0-9]+\\)\\]" msg) (match-string 1 msg) "?")))
             (flymake-diagnostics) ","))

(defun dw-open (name)
  (find-file (expand-file-name name dw-work))
  ;; eglot-ensure connects from post-command-hook, which batch mode never
  ;; runs by itself.
  (run-hooks 'post-command-hook)
  (current-buffer))

(defun dw-apply-preferred-fix (diag code)
  "Request the quick fixes at DIAG and apply the preferred one for CODE."
  (let* ((actions (eglot-code-actions (flymake-diagnostic-beg diag)
                                      (flymake-diagnostic-end diag) "quickfix"))
         (preferred
          (cl-find-if (lambda (a)
                        (and (eq (plist-get a :isPreferred) t)
                             (plist-get a :edit)
                             (cl-some (lambda (d) (equal (plist-get d :code) code))
                                      (plist-get a :diagnostics))))
                      actions)))
    (dolist (a actions)
      (dw-note "action: %s%s" (plist-get a :title)
               (if (eq (plist-get a :isPreferred) t) " (preferred)" "")))
    (when (dw-ok preferred (format "a preferred quick fix for %s" code))
      (eglot--apply-workspace-edit (plist-get preferred :edit))
      t)))

(load (expand-file-name "editors/emacs/dockwarden-eglot.el" dw-repo) nil t)

;; Dockerfile.
(with-current-buffer (dw-open "Dockerfile")
  (dw-ok (eq major-mode 'dockerfile-mode) (format "Dockerfile in dockerfile-mode (%s)" major-mode))
  (dw-ok (eglot-current-server) "eglot started dockwarden for the Dockerfile")
  (when (dw-wait "DW101 reported for the Dockerfile" (lambda () (dw-diag "DW101")))
    (dw-note "Dockerfile diagnostics: %s" (dw-codes))
    (when (dw-apply-preferred-fix (dw-diag "DW101") "DW101")
      (dw-ok (string-match-p "\nUSER " (buffer-string)) "the fix put a USER instruction in the buffer")
      (dw-wait "DW101 gone after the fix" (lambda () (not (dw-diag "DW101"))))))
  (goto-char (point-max))
  (insert "USER root\n")
  (when (dw-wait "DW102 reported after typing USER root" (lambda () (dw-diag "DW102")))
    (dw-note "Dockerfile diagnostics: %s" (dw-codes))))

;; Compose.
(let ((dockerfile-server (with-current-buffer (get-file-buffer (expand-file-name "Dockerfile" dw-work))
                           (eglot-current-server))))
  (with-current-buffer (dw-open "compose.yaml")
    (dw-ok (eq major-mode 'yaml-mode) (format "compose.yaml in yaml-mode (%s)" major-mode))
    (dw-ok (and dockerfile-server (eq (eglot-current-server) dockerfile-server)) "one server serves both files of the folder")
    (when (dw-wait "DW211 (writable) reported for compose.yaml" (lambda () (dw-diag "DW211" "writable")))
      (dw-note "compose diagnostics: %s" (dw-codes))
      (when (dw-apply-preferred-fix (dw-diag "DW211" "writable") "DW211")
        (dw-ok (string-match-p "- /etc:/host-etc:ro" (buffer-string)) "the fix made the mount read-only")
        (dw-wait "the writable DW211 gone after the fix" (lambda () (not (dw-diag "DW211" "writable"))))))))

(dw-note "Emacs %s, eglot %s" emacs-version
         (or (ignore-errors (package-version-join
                             (package-desc-version (cadr (assq 'eglot package-alist)))))
             "?"))
(princ (format "emacs-e2e: %d passed, %d failed\n" dw-passed dw-failed))
(let ((kill-emacs-query-functions nil)
      (confirm-kill-processes nil))
  (kill-emacs (if (> dw-failed 0) 1 0)))
