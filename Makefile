# The two commands of the README: `make run` and `make test`.
# Both install missing Debian packages first (build-aux/install-deps.sh).

BUILDDIR ?= _build
APP := $(BUILDDIR)/src/attention-book

.PHONY: all deps build run test sanitize bench fuzz clean

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

# Every test, then the fuzzers (libFuzzer + ASan + UBSan), 2 minutes in all:
# the math typesetter, the page parser (front matter, Markdown, shortcodes)
# and the .npy reader.
test: build
	meson test -C $(BUILDDIR) --print-errorlogs $(TESTARGS)
	tests/math/run-fuzz.sh 60
	tests/fuzz/run-fuzz.sh content 40
	tests/fuzz/run-fuzz.sh npy 20

# The tests again in a clang build with AddressSanitizer + UndefinedBehaviorSanitizer
# (leaks are errors), and the --param fuzzer over every diagram; CI runs it
# after `make test`. tests/sanitize/run-sanitized.sh says which tests it skips, and why.
SANBUILDDIR ?= _build-sanitize
sanitize: deps
	tests/sanitize/run-sanitized.sh $(SANBUILDDIR)

# Benchmarks print figures; they are never part of `make test`.
bench: build
	bench/run-all.sh $(BUILDDIR)

fuzz: deps
	tests/math/run-fuzz.sh $(FUZZ_SECONDS)
	tests/fuzz/run-fuzz.sh content $(FUZZ_SECONDS)
	tests/fuzz/run-fuzz.sh npy $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILDDIR) $(SANBUILDDIR)
