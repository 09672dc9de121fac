# SPDX-License-Identifier: GPL-2.0
#
# pidfdtrace: the module (built by Kbuild against KDIR) and its tools.
#
#   make                  build the module against KDIR, and the reader
#   make demo             a VM with the module loaded, a workload, live output
#   make check            install what is missing, run every test (host + VM)
#   make check KERNELS="6.12"   pick the kernels of the VM matrix

KDIR ?= /lib/modules/$(shell uname -r)/build
KERNELS ?= 6.1 6.12
DEMO_KERNEL ?= 6.12

.PHONY: all module tools clean check deps demo

all: module tools

tools:
	$(MAKE) -C tools

module:
	@test -d "$(KDIR)" || { echo "KDIR=$(KDIR) does not exist: install the kernel headers or pass KDIR=/path/to/headers" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	@if [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	$(MAKE) -C tools clean
	rm -rf tests/out

deps:
	scripts/install-deps.sh $(KERNELS)

check:
	tests/check.sh $(KERNELS)

demo:
	scripts/install-deps.sh $(DEMO_KERNEL)
	$(MAKE) -C tests
	tests/vm/run.sh --demo $(DEMO_KERNEL)
