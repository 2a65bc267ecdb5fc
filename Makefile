# evault: the two commands a newcomer needs are `make demo` and `make test`.
# Both install what they need (libsodium-dev, age, minisign) with apt when missing.

SWIFT ?= swift
APT_PACKAGES := libsodium-dev pkg-config age minisign openssl python3 python3-cryptography
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build release test demo bench clean

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
test: deps
	$(SWIFT) build
	$(SWIFT) test

demo: release
	bash scripts/demo.sh

bench: release
	bash scripts/bench.sh

clean:
	rm -rf .build
