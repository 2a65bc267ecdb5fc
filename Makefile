# evault: the two commands a newcomer needs are `make demo` and `make test`.
# Both install what they need (libsodium-dev, age, minisign; libqpdf-dev to build the
# PDF cleaner; poppler-utils, exiftool, mat2, ffmpeg to clean and check clean copies) with apt when missing.

SWIFT ?= swift
APT_PACKAGES := libsodium-dev pkg-config age minisign libqpdf-dev zlib1g-dev qpdf poppler-utils libimage-exiftool-perl mat2 ffmpeg python3 unzip
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

.PHONY: all deps build release test demo bench fuzz torture clean

# The export tests build and check clean copies with these (photos, DOCX, disclosures).
APT_PACKAGES += xxd

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

# libFuzzer targets, each run for FUZZ_SECONDS (default 60) on Fuzz/corpus/.
fuzz: deps
	bash scripts/fuzz.sh

# Kills writing commands at random moments, then checks the vault (TORTURE_ITERATIONS).
torture: build
	bash scripts/torture.sh

clean:
	rm -rf .build .build-fuzz
