# dockwarden: common tasks. `make help` lists them.
GO      ?= go
VERSION ?= $(shell git describe --tags --always --dirty 2>/dev/null || echo dev)
LDFLAGS := -X main.version=$(VERSION)

.PHONY: help build test test-windows race race-lsp lint sarif-validate bench fuzz e2e-nvim golden e2e examples rules-doc

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

build: ## build bin/dockwarden
	$(GO) build -ldflags "$(LDFLAGS)" -o bin/dockwarden ./cmd/dockwarden

test: lint ## vet, format check and every test; ends with the counts of tests run and skipped
	$(GO) build -o bin/testreport ./internal/testreport
	bash -o pipefail -c '$(GO) test -count=1 -json ./... | bin/testreport'

race: ## every test under the race detector
	DOCKWARDEN_TEST_RACE=1 $(GO) test -count=1 -race ./...

race-lsp: ## the server, protocol and process tests under the race detector
	DOCKWARDEN_TEST_RACE=1 $(GO) test -count=1 -race ./server/... ./codeactions/... ./cmd/...

FUZZTIME ?= 3m
fuzz: ## run every fuzz target for FUZZTIME each (make test runs their seeds)
	$(GO) test -run '^$$' -fuzz '^FuzzDockerfile$$' -fuzztime $(FUZZTIME) ./analysis/rules
	$(GO) test -run '^$$' -fuzz '^FuzzCompose$$' -fuzztime $(FUZZTIME) ./analysis/rules
	$(GO) test -run '^$$' -fuzz '^FuzzScript$$' -fuzztime $(FUZZTIME) ./analysis/dockerfile
	$(GO) test -run '^$$' -fuzz '^FuzzIncrementalEdits$$' -fuzztime $(FUZZTIME) ./server
	$(GO) test -run '^$$' -fuzz '^FuzzSession$$' -fuzztime $(FUZZTIME) ./analysis/rules

lint: ## gofmt and go vet
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	  if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

test-windows: ## the Go tests as Windows test binaries under Wine (installs wine and mingw from Debian)
	GO=$(GO) .ci/windows/run.sh

sarif-validate: ## check --format sarif through Microsoft's SARIF validator (needs node and npm)
	DOCKWARDEN_SARIF_VALIDATE=1 $(GO) test -count=1 -run 'SARIF' ./cmd/dockwarden

BENCH_RUNS ?= 3
bench: build ## Go benchmarks (parse, analyse, edit, code actions, keystroke) and the end-to-end LSP benchmark
	$(GO) test -run '^$$' -bench . -benchmem ./analysis/... ./server/...
	$(GO) run ./internal/lspbench -server bin/dockwarden -runs $(BENCH_RUNS)

golden: ## rewrite the .golden files of the rule archives and of fix --unsafe on testdata/fix-shop.txtar
	$(GO) test ./analysis/rules -run TestArchives -update
	$(GO) test ./cmd/dockwarden -run TestFixShop -update

rules-doc: ## regenerate RULES.md from the rules' Doc fields
	$(GO) generate ./analysis/rules

examples: build ## show dockwarden on the examples folder
	./bin/dockwarden check examples

e2e-nvim: build ## the Neovim plugin end to end in headless Neovim (needs nvim >= 0.7)
	editors/nvim/test/run.sh

.PHONY: e2e-emacs e2e-vim editor-snippets
e2e-emacs: build ## the README's eglot setup end to end in batch Emacs (emacs-nox, elpa-eglot)
	editors/emacs/test/run.sh

e2e-vim: build ## the README's ALE setup end to end in headless Vim (vim, vim-ale)
	editors/vim/test/run.sh

editor-snippets: ## the README's editor configurations are the tested files; TOML ones parse
	editors/check-snippets.sh

e2e: test ## end-to-end tests (the LSP over a real pipe is part of test)

VSCODE_DIR := editors/vscode
.PHONY: vsix e2e-vscode

vsix: ## package the VS Code extension with a linux-x64 server bundled (editors/vscode/*.vsix)
	CGO_ENABLED=0 GOOS=linux GOARCH=amd64 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o $(VSCODE_DIR)/bin/dockwarden ./cmd/dockwarden
	cd $(VSCODE_DIR) && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } && \
	  npx --no-install vsce package --target linux-x64 --skip-license --out dockwarden-linux-x64.vsix

e2e-vscode: vsix ## install the .vsix into code-server and drive it with Playwright in Chromium
	$(VSCODE_DIR)/e2e/run.sh $(VSCODE_DIR)/dockwarden-linux-x64.vsix
