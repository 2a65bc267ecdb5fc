# evault: the two commands a newcomer needs are `make demo` and `make test`.
# Both install what they need (libsodium-dev, age, minisign; libqpdf-dev to build the
# PDF cleaner; poppler-utils, exiftool, mat2, ffmpeg to clean and check clean copies) with apt when missing.

SWIFT ?= swift
APT_PACKAGES := libsodium-dev pkg-config age minisign libqpdf-dev zlib1g-dev qpdf poppler-utils libimage-exiftool-perl mat2 ffmpeg python3 unzip libkeyutils-dev openssl python3-cryptography
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

PREFIX ?= /usr/local
# The build whose argument parser the man page is generated from.
MAN_CONFIG ?= release

.PHONY: all deps build release test demo bench fuzz torture sync-test clean man install

# The export tests build and check clean copies with these (photos, DOCX, disclosures).
APT_PACKAGES += xxd
# scripts/sync-test.sh shares a vault between two real Syncthing instances.
APT_PACKAGES += syncthing

all: build

# Installs the system packages that are missing (apt-get update only when needed).
deps:
	@missing=""; for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release

# Unit, known-answer (age testkit), interop (age, minisign, sha256sum, tar) and
# end-to-end tests of the built binary.
# One build of everything (tests included), the man page the tests render, then
# the count of test functions before they run. All tests use swift-testing, so
# XCTest's empty run ("Executed 0 tests", twice) is switched off.
test: deps
	$(SWIFT) build --build-tests
	$(MAKE) --no-print-directory man MAN_CONFIG=debug
	@echo "evault: $$($(SWIFT) test --skip-build list 2>/dev/null | grep -c .) tests (XCTest and swift-testing); running them"
	$(SWIFT) test --skip-build

# The man page, generated from the argument parser (swift-argument-parser's
# generate-manual plugin), into .build/man/evault.1.
man:
	@mkdir -p .build/man
	$(SWIFT) package --allow-writing-to-directory .build/man generate-manual --configuration $(MAN_CONFIG) --output-directory .build/man

# The binary, its man page and shell completions (bash, zsh, fish) under PREFIX.
install: release man
	install -d "$(DESTDIR)$(PREFIX)/bin" "$(DESTDIR)$(PREFIX)/share/man/man1" \
	  "$(DESTDIR)$(PREFIX)/share/bash-completion/completions" "$(DESTDIR)$(PREFIX)/share/zsh/site-functions" \
	  "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d"
	install -m 0755 .build/release/evault "$(DESTDIR)$(PREFIX)/bin/evault"
	install -m 0644 .build/man/evault.1 "$(DESTDIR)$(PREFIX)/share/man/man1/evault.1"
	.build/release/evault --generate-completion-script bash > "$(DESTDIR)$(PREFIX)/share/bash-completion/completions/evault"
	.build/release/evault --generate-completion-script zsh > "$(DESTDIR)$(PREFIX)/share/zsh/site-functions/_evault"
	.build/release/evault --generate-completion-script fish > "$(DESTDIR)$(PREFIX)/share/fish/vendor_completions.d/evault.fish"
	@echo "installed evault, its man page (man evault) and completions under $(DESTDIR)$(PREFIX)"

demo: release
	bash scripts/demo.sh

bench: release
	bash scripts/bench.sh

# libFuzzer targets (release + AddressSanitizer, .build-fuzz), each run for
# FUZZ_SECONDS (default 60), or for FUZZ_RUNS executions, on Fuzz/corpus/.
fuzz: deps
	FUZZ_SECONDS="$(FUZZ_SECONDS)" FUZZ_RUNS="$(FUZZ_RUNS)" nice -n 10 bash scripts/fuzz.sh

# Kills writing commands at random moments, then checks the vault (TORTURE_ITERATIONS).
torture: build
	bash scripts/torture.sh

# Two laptops sharing one vault through two real Syncthing instances on loopback
# (also run by `make test`, through SyncthingScriptTests).
sync-test: build
	bash scripts/sync-test.sh

clean:
	rm -rf .build .build-fuzz
