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

# Every test, then the fuzzers (libFuzzer + ASan + UBSan), under 3 minutes
# of fuzzing in all: the page parser (front matter, Markdown, shortcodes)
# and the .npy reader, built alone; then, from the clang build that `make
# sanitize` also uses, the math typesetter, every diagram's --param and a
# page through `check`'s entry point (book loader and content rules).
SANBUILDDIR ?= _build-sanitize
test: build
	meson test -C $(BUILDDIR) --print-errorlogs $(TESTARGS)
	tests/fuzz/run-fuzz.sh content 25
	tests/fuzz/run-fuzz.sh npy 15
	tests/sanitize/run-sanitized.sh $(SANBUILDDIR) --suite fuzz

# The tests again in a clang build with AddressSanitizer + UndefinedBehaviorSanitizer
# (leaks are errors), and the --param fuzzer over every diagram; CI runs it
# after `make test`. tests/sanitize/run-sanitized.sh says which tests it skips, and why.
sanitize: deps
	tests/sanitize/run-sanitized.sh $(SANBUILDDIR)

# Benchmarks print figures; they are never part of `make test`.
bench: build
	bench/run-all.sh $(BUILDDIR)

fuzz: deps
	tests/fuzz/run-fuzz.sh content $(FUZZ_SECONDS)
	tests/fuzz/run-fuzz.sh npy $(FUZZ_SECONDS)
	tests/sanitize/run-sanitized.sh $(SANBUILDDIR) --suite fuzz --test-args=-max_total_time=$(FUZZ_SECONDS)

clean:
	rm -rf $(BUILDDIR) $(SANBUILDDIR)
