# SPDX-License-Identifier: GPL-2.0
#
# pidfdtrace: the module (built by Kbuild against KDIR) and its tools.
#
#   make                  build the module against KDIR, and the reader
#   make demo             a VM with the module loaded, a workload, live output
#   make check            install what is missing, run every test (host + VM)
#   make check KERNELS="6.12"   pick the kernels of the VM matrix
#   make check-debug      the VM suite on a lockdep+KASAN+kmemleak 6.12 built
#                         from Debian's source (cached in ~/.cache/pidfdtrace)
#   make stress           the reliability tests, long: 4M calls, 500 unload
#                         cycles, 60 s of each race and fuzzer, per kernel
#   make reliability      tests/RELIABILITY.md from the last runs' figures
#   make bench            guest instructions per call vs ftrace and bpftrace,
#                         written to bench/RESULTS.md
#
#   make install          module (modules_install + depmod), reader, man page,
#                         uapi header, systemd unit; DESTDIR and PREFIX honoured
#   make uninstall
#   make dkms-install     source to /usr/src, dkms add, build, install for
#                         DKMS_KERNELS (default: the running kernel)
#   make dkms-uninstall   dkms remove --all, source removed
#   make deb              dist/pidfdtrace-dkms_VERSION_all.deb and
#                         dist/pidfdtrace_VERSION_ARCH.deb

KDIR ?= /lib/modules/$(shell uname -r)/build
KERNELS ?=
DEMO_KERNEL ?= 6.12

VERSION := $(shell cat VERSION)
PREFIX ?= /usr/local
SBINDIR ?= $(PREFIX)/sbin
MANDIR ?= $(PREFIX)/share/man
DATADIR ?= $(PREFIX)/share
INCLUDEDIR ?= $(PREFIX)/include
SYSTEMDUNITDIR ?= /lib/systemd/system
DKMS_KERNELS ?= $(shell uname -r)
# The release of the kernel KDIR holds headers of, when a target needs it.
KVER = $(shell $(MAKE) -s -C $(KDIR) kernelrelease)

# What DKMS and the -dkms package need to build the module anywhere.
DKMS_SOURCES := dkms.conf VERSION Kbuild Makefile module/Kbuild \
	$(filter-out %.mod.c,$(wildcard module/*.c module/*.h)) \
	include/uapi/linux/pidfdtrace.h
DKMS_SRC := /usr/src/pidfdtrace-$(VERSION)

.PHONY: all module tools clean check check-debug stress reliability deps demo \
	bench install install-module \
	install-tools install-headers uninstall dkms-source dkms-install \
	dkms-uninstall deb

all: module tools

tools:
	$(MAKE) -C tools

module:
	@test -d "$(KDIR)" || { echo "KDIR=$(KDIR) does not exist: install the kernel headers or pass KDIR=/path/to/headers" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	@if [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	$(MAKE) -C tools clean
	rm -rf tests/out dist

deps:
	scripts/install-deps.sh $(KERNELS)

check:
	tests/check.sh $(KERNELS)

check-debug:
	tests/check.sh --vm-only debug

# The same tests as make check, scaled up; TAP in .cache/stress.
STRESS_TESTS := stress_test,unload_test,race_test,fuzz_syscall_test,fuzz_device_test
STRESS_ENV := PIDFDTRACE_STRESS_CALLS=1000000 PIDFDTRACE_UNLOAD_CYCLES=170 \
	PIDFDTRACE_TEST_SECONDS=60
stress:
	PIDFDTRACE_TESTS=$(STRESS_TESTS) PIDFDTRACE_GUEST_ENV="$(STRESS_ENV)" \
	PIDFDTRACE_RESULTS=.cache/stress PIDFDTRACE_VM_TIMEOUT=5400 \
		tests/check.sh --vm-only $(KERNELS)

reliability:
	tests/reliability-report.sh >tests/RELIABILITY.md
	@cat tests/RELIABILITY.md

demo:
	scripts/install-deps.sh $(DEMO_KERNEL)
	$(MAKE) -C tests vm
	tests/demo/run.sh $(DEMO_KERNEL)

bench:
	scripts/install-deps.sh $(KERNELS)
	$(MAKE) -C tests vm
	bench/run.sh $(KERNELS)

install: install-module install-tools install-headers

# Into /lib/modules/KERNEL/updates/module/. Kbuild's own depmod needs a
# System.map that headers packages lack, so depmod runs here; not into a
# DESTDIR, whose packaging runs it on the target.
install-module: module
	$(MAKE) -C $(KDIR) M=$(CURDIR) INSTALL_MOD_PATH=$(DESTDIR) \
		INSTALL_MOD_DIR=updates modules_install
	if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

install-tools: tools
	install -D -m 0755 tools/pidfdtrace $(DESTDIR)$(SBINDIR)/pidfdtrace
	install -D -m 0644 tools/pidfdtrace.8 $(DESTDIR)$(MANDIR)/man8/pidfdtrace.8
	install -D -m 0644 tools/pidfdtrace.schema.json \
		$(DESTDIR)$(DATADIR)/pidfdtrace/pidfdtrace.schema.json
	sed 's|@SBINDIR@|$(SBINDIR)|' tools/pidfdtrace.service.in | \
		install -D -m 0644 /dev/stdin \
		$(DESTDIR)$(SYSTEMDUNITDIR)/pidfdtrace.service

install-headers:
	install -D -m 0644 include/uapi/linux/pidfdtrace.h \
		$(DESTDIR)$(INCLUDEDIR)/linux/pidfdtrace.h

uninstall:
	rm -f $(DESTDIR)$(SBINDIR)/pidfdtrace \
		$(DESTDIR)$(MANDIR)/man8/pidfdtrace.8 \
		$(DESTDIR)$(DATADIR)/pidfdtrace/pidfdtrace.schema.json \
		$(DESTDIR)$(SYSTEMDUNITDIR)/pidfdtrace.service \
		$(DESTDIR)$(INCLUDEDIR)/linux/pidfdtrace.h
	rmdir $(DESTDIR)$(DATADIR)/pidfdtrace 2>/dev/null || true
	rm -f $(DESTDIR)/lib/modules/$(KVER)/updates/module/pidfdtrace.ko*
	if [ -z "$(DESTDIR)" ]; then depmod -a $(KVER); fi

dkms-source:
	for f in $(DKMS_SOURCES); do \
		install -D -m 0644 $$f $(DESTDIR)$(DKMS_SRC)/$$f || exit 1; \
	done

dkms-install: dkms-source
	dkms add -m pidfdtrace -v $(VERSION)
	for k in $(DKMS_KERNELS); do \
		dkms build -m pidfdtrace -v $(VERSION) -k $$k && \
		dkms install -m pidfdtrace -v $(VERSION) -k $$k || exit 1; \
	done

dkms-uninstall:
	dkms remove -m pidfdtrace -v $(VERSION) --all
	rm -rf $(DESTDIR)$(DKMS_SRC)

deb:
	scripts/build-deb.sh
