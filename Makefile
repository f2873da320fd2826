# Glint: set-up, build, run and test on Debian 12.
#   make run    install what is missing, build, and start glintd on the embedded store (./var)
#   make test   install what is missing, build, and run every test (Swift tests + real OpenStack clients)
#   make bench  transfer and metadata benchmarks (not tests)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := pkg-config libsqlite3-dev libvirt-dev libguestfs-dev libarchive-dev qemu-utils python3-venv curl
BIND ?= 127.0.0.1:9292
DATA_DIR ?= ./var

.PHONY: deps build release run test swift-test compat-test bench clean

deps:
	@missing=$$(for p in $(APT_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
		echo "installing:$$missing"; \
		$(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq $$missing; \
	fi

build: deps
	swift build

release: deps
	swift build -c release --product glintd
	swift build -c release --product glint

run: release
	.build/release/glintd --bind $(BIND) --data-dir $(DATA_DIR)

swift-test: build
	swift test

compat-test: build
	bash Tests/compat/run.sh

test: swift-test compat-test

bench: deps
	bash Benchmarks/transfer.sh
	bash Benchmarks/metadata.sh
	bash Benchmarks/memory.sh

clean:
	rm -rf .build .venv
