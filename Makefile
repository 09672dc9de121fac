# SPDX-License-Identifier: GPL-2.0
#
# pidfdtrace: the module (built by Kbuild against KDIR) and its tools.
#
#   make                  build the module against KDIR
#   make check            install what is missing, run every test (host + VM)
#   make check KERNELS="6.12"   pick the kernels of the VM matrix

KDIR ?= /lib/modules/$(shell uname -r)/build
KERNELS ?= 6.1 6.12

.PHONY: all module clean check deps

all: module

module:
	@test -d "$(KDIR)" || { echo "KDIR=$(KDIR) does not exist: install the kernel headers or pass KDIR=/path/to/headers" >&2; exit 1; }
	$(MAKE) -C $(KDIR) M=$(CURDIR) modules

clean:
	@if [ -d "$(KDIR)" ]; then $(MAKE) -C $(KDIR) M=$(CURDIR) clean; fi
	rm -rf tests/out

deps:
	scripts/install-deps.sh $(KERNELS)

check:
	tests/check.sh $(KERNELS)
