# The two commands of the README: `make run` and `make test`.
# Both install missing Debian packages first (build-aux/install-deps.sh).

BUILDDIR ?= _build
APP := $(BUILDDIR)/src/attention-book

.PHONY: all deps build run test bench fuzz clean

FUZZ_SECONDS ?= 60

all: build

deps:
	@build-aux/install-deps.sh

$(BUILDDIR)/build.ninja: | deps
	meson setup $(BUILDDIR)

build: deps $(BUILDDIR)/build.ninja
	meson compile -C $(BUILDDIR)

# Runs uninstalled: the GSettings schema is compiled into the build folder.
run: build
	GSETTINGS_SCHEMA_DIR=$(BUILDDIR)/data $(APP) $(ARGS)

# Every test, then 60 s of the math fuzzer (libFuzzer + ASan + UBSan).
test: build
	meson test -C $(BUILDDIR) --print-errorlogs $(TESTARGS)
	tests/math/run-fuzz.sh 60

# Benchmarks print figures; they are never part of `make test`.
bench: build
	bench/run-all.sh $(BUILDDIR)

fuzz: deps
	tests/math/run-fuzz.sh $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILDDIR)
