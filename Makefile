# Glint: set-up, build, run and test on Debian 12.
#   make run    install what is missing, build, and start glintd on the embedded store (./var)
#   make test   install what is missing, build, and run every test: Swift tests, config drives read by the real
#               cloud-init, and the real OpenStack clients against a running glintd
#   make bench  transfer, metadata, memory, config-drive and guest-customization benchmarks (not tests)
#   make images build the Images/ recipes (tiny, rescue, distro fixtures) into the cache (tests do it on demand)

SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_PACKAGES := pkg-config libsqlite3-dev libvirt-dev libguestfs-dev libarchive-dev libcrypt-dev qemu-utils python3-venv \
	curl dosfstools mtools util-linux qemu-system-x86 linux-image-amd64
# Only for tests and benchmarks: readers of the drives Glint writes, the real cloud-init, Nova's ISO tool, what the
# Images/ recipes are built from (Images/apt-packages.txt), virt-customize for the guest benchmark, and the
# validators of rendered guest network files (netplan generate, nmcli --offline, ifup --no-act).
TEST_APT_PACKAGES := genisoimage xorriso cloud-init python3-pytest libguestfs-tools netplan.io network-manager ifupdown \
	$(shell cat Images/apt-packages.txt)
BIND ?= 127.0.0.1:9292
DATA_DIR ?= ./var

.PHONY: deps test-deps apt build release run test swift-test compat-test cloudinit-test bench images libvirtd clean

deps:
	@$(MAKE) --no-print-directory apt PACKAGES="$(APT_PACKAGES)"

test-deps: deps
	@$(MAKE) --no-print-directory apt PACKAGES="$(TEST_APT_PACKAGES)"

apt:
	@missing=$$(for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
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

images: test-deps
	bash Images/build.sh all

# The lifecycle test boots a guest on qemu:///system (it is skipped without libvirtd). These hosts have no systemd
# and apt-get starts no daemons, so start them by hand.
libvirtd: test-deps
	@pgrep -x virtlogd >/dev/null || $(SUDO) virtlogd -d
	@pgrep -x libvirtd >/dev/null || $(SUDO) libvirtd -d

swift-test: build images libvirtd
	swift test

compat-test: build images
	bash Tests/compat/run.sh

cloudinit-test: build test-deps
	bash Tests/cloudinit/run.sh

test: swift-test cloudinit-test compat-test

bench: test-deps libvirtd
	bash Benchmarks/transfer.sh
	bash Benchmarks/metadata.sh
	bash Benchmarks/memory.sh
	bash Benchmarks/configdrive.sh
	bash Benchmarks/guest-customize.sh
	bash Benchmarks/launcher.sh

clean:
	rm -rf .build .venv
