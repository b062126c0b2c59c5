# dockwarden: common tasks. `make help` lists them.
GO      ?= go
# The version of this checkout as Go names a build of it, without the v:
# 0.1.0 at the tag v0.1.0, else a pseudo-version (.ci/version). Every
# build passes it to -ldflags, so make build, make dist, the .vsix and
# go install ...@v0.1.0 all say the same.
ifeq ($(origin VERSION), undefined)
VERSION := $(shell .ci/version 2>/dev/null || echo devel)
endif
LDFLAGS := -X main.version=$(VERSION)
# What Windows runs as a program ends in .exe (make test on a Windows runner).
EXE     := $(if $(filter Windows_NT,$(OS)),.exe,)

.PHONY: help build test test-windows race race-lsp lint sarif-validate bench fuzz e2e-nvim golden e2e examples rules-doc notices

help: ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F ':.*## ' '{printf "  %-12s %s\n", $$1, $$2}'

# bin/dockwarden is built as the release archives and the VS Code packages
# ship it (see binaries): static, without cgo, which nothing here needs,
# and with -trimpath, so that make bench and the editor tests run what users
# get. Linking libc cost 1.3 MiB of resident memory at rest.
build: ## build bin/dockwarden, static as released
	CGO_ENABLED=0 $(GO) build -trimpath -ldflags "$(LDFLAGS)" -o bin/dockwarden ./cmd/dockwarden

# SCHEMA_VALIDATE=0 skips the xmllint validation of the XML reports, for a
# machine that cannot run .ci/schema-validate (Windows).
SCHEMA_VALIDATE ?= 1
test: lint ## vet, format check and every test (reports validated with xmllint); ends with the counts of tests run and skipped
	$(GO) build -o bin/testreport$(EXE) ./internal/testreport
	bash -o pipefail -c 'DOCKWARDEN_SCHEMA_VALIDATE=$(SCHEMA_VALIDATE) $(GO) test -count=1 -json ./... | bin/testreport$(EXE)'

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
BENCH_COPIES ?= 50,500
BENCH_BEFORE ?=
bench: build ## Go benchmarks, the end-to-end LSP benchmark, the same keystrokes from a Node.js client beside Microsoft's Compose language service, and check on the corpus copied BENCH_COPIES times (BENCH_BEFORE=old/dockwarden beside it)
	$(GO) test -run '^$$' -bench . -benchmem ./analysis/... ./server/...
	$(GO) run ./internal/lspbench -server bin/dockwarden -runs $(BENCH_RUNS)
	internal/lspbench/node/run.sh bin/dockwarden $(BENCH_RUNS)
	$(GO) run ./internal/checkbench -bin bin/dockwarden -copies $(BENCH_COPIES) -runs $(BENCH_RUNS) $(if $(BENCH_BEFORE),-before $(BENCH_BEFORE))

golden: ## rewrite the .golden files of the rule archives, of fix --unsafe on testdata/fix-shop.txtar and of the reports
	$(GO) test ./analysis/rules -run TestArchives -update
	$(GO) test ./cmd/dockwarden -run TestFixShop -update
	$(GO) test ./report -run TestGolden -update

rules-doc: ## regenerate RULES.md from the rules' Doc fields
	$(GO) generate ./analysis/rules

notices: ## rewrite THIRD_PARTY_NOTICES: the licenses of the Go modules in the binary (make test fails when stale)
	$(GO) test -count=1 ./internal/notices -update

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

# Release files. dist/ gets an archive per platform (the binary, README.md,
# LICENSE, THIRD_PARTY_NOTICES), a .vsix per VS Code platform and SHA256SUMS;
# the binaries are built in dist/.build. Everything in them is reproducible
# from the commit: -trimpath, no build id or VCS stamp, every archive entry
# dated at the commit (SOURCE_DATE_EPOCH) and written in a fixed order by
# internal/pack.
DIST      ?= dist
PLATFORMS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64 windows/amd64 windows/arm64
SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 0)
RELEASE_FLAGS = -trimpath -buildvcs=false -ldflags "-s -w -buildid= $(LDFLAGS)"
PACK      := bin/pack
.PHONY: binaries dist dist-check packaging vsix e2e-vscode

binaries: ## cross-build the release binaries (CGO_ENABLED=0) into dist/.build/<os>_<arch>/
	$(GO) build -o $(PACK) ./internal/pack
	@for p in $(PLATFORMS); do \
	  os=$${p%/*}; arch=$${p#*/}; exe=dockwarden; [ $$os = windows ] && exe=dockwarden.exe; \
	  echo "building $$os/$$arch"; \
	  CGO_ENABLED=0 GOOS=$$os GOARCH=$$arch $(GO) build $(RELEASE_FLAGS) -o $(DIST)/.build/$${os}_$${arch}/$$exe ./cmd/dockwarden || exit 1; \
	done

dist: binaries ## release archives dockwarden_<version>_<os>_<arch>.tar.gz (.zip for Windows) and SHA256SUMS in dist/
	$(GO) test -count=1 -run '^TestNotices$$' ./internal/notices
	rm -f $(DIST)/dockwarden_*.tar.gz $(DIST)/dockwarden_*.zip
	@for p in $(PLATFORMS); do \
	  os=$${p%/*}; arch=$${p#*/}; exe=dockwarden; ext=tar.gz; [ $$os = windows ] && exe=dockwarden.exe && ext=zip; \
	  out=$(DIST)/dockwarden_$(VERSION)_$${os}_$${arch}.$$ext; echo "$$out"; \
	  $(PACK) archive -o $$out -mtime $(SOURCE_DATE_EPOCH) -exec $$exe \
	    $(DIST)/.build/$${os}_$${arch}/$$exe README.md LICENSE THIRD_PARTY_NOTICES || exit 1; \
	done
	$(PACK) sums $(DIST)
	DOCKWARDEN_DIST=$(abspath $(DIST)) $(GO) test -count=1 -run '^TestArchives$$' ./internal/pack

dist-check: ## make dist twice, the second from a copy of the tree elsewhere with an empty build cache; the checksums must agree
	.ci/dist-check

packaging: ## write the version and dist/SHA256SUMS's checksums into packaging/homebrew/dockwarden.rb and packaging/mason/package.yaml
	$(GO) run ./internal/pack fill -sums $(DIST)/SHA256SUMS -version $(VERSION) packaging/homebrew/dockwarden.rb packaging/mason/package.yaml

VSCODE_DIR := editors/vscode
# vsce's targets; universal is the package without a server.
VSIX_TARGETS ?= linux-x64 linux-arm64 alpine-x64 darwin-x64 darwin-arm64 win32-x64 win32-arm64 universal

vsix: binaries ## a VS Code package per platform with its server, and a universal one without: dist/dockwarden-vscode-<target>-<version>.vsix
	cd $(VSCODE_DIR) && { [ node_modules/.package-lock.json -nt package-lock.json ] || npm ci --no-audit --no-fund; } && npm test
	cp LICENSE $(VSCODE_DIR)/LICENSE
	@for t in $(VSIX_TARGETS); do \
	  rm -f $(DIST)/dockwarden-vscode-$$t-*.vsix; \
	  case $$t in \
	    linux-x64|alpine-x64) p=linux_amd64;; linux-arm64) p=linux_arm64;; \
	    darwin-x64) p=darwin_amd64;; darwin-arm64) p=darwin_arm64;; \
	    win32-x64) p=windows_amd64;; win32-arm64) p=windows_arm64;; \
	    universal) p=;; *) echo "unknown VS Code target $$t"; exit 1;; \
	  esac; \
	  rm -rf $(VSCODE_DIR)/bin && mkdir -p $(VSCODE_DIR)/bin; \
	  target=; [ -z "$$p" ] || { cp $(DIST)/.build/$$p/dockwarden* $(VSCODE_DIR)/bin/ && target="--target $$t"; }; \
	  (cd $(VSCODE_DIR) && npx --no-install vsce package $(VERSION) --no-update-package-json --no-git-tag-version \
	    --no-dependencies $$target --out $(abspath $(DIST))/dockwarden-vscode-$$t-$(VERSION).vsix) || exit 1; \
	done
	rm -rf $(VSCODE_DIR)/bin
	$(PACK) sums $(DIST)
	DOCKWARDEN_DIST=$(abspath $(DIST)) DOCKWARDEN_VSIX_TARGETS="$(VSIX_TARGETS)" $(GO) test -count=1 -run '^TestPackages$$' ./internal/pack

e2e-vscode: ## install the linux-x64 .vsix into code-server and drive it with Playwright in Chromium
	$(MAKE) --no-print-directory vsix VSIX_TARGETS=linux-x64 PLATFORMS=linux/amd64
	$(VSCODE_DIR)/e2e/run.sh $(DIST)/dockwarden-vscode-linux-x64-$(VERSION).vsix
