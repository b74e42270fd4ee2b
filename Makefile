# Lore — the two commands that matter:
#   make run    install Debian deps if missing, build Release, build a demo knowledge base and search it
#   make test   build and run every test (unit + end-to-end)
# Also: make bench (writes BENCHMARKS.md), make test-sanitize (ASan+UBSan), make fuzz (libFuzzer,
# FUZZ_SECONDS per target), make format, make clean.

BUILD_DIR    ?= build
SAN_DIR      ?= build-sanitize
FUZZ_DIR     ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_TARGETS ?= txt md html csv json jsonl pdf docx xlsx pptx eml encoding
JOBS         ?= $(shell nproc)
CMAKE_FLAGS  ?=
LORE         := $(BUILD_DIR)/lore

.PHONY: all deps build run test test-sanitize fuzz bench format clean

all: build

deps:
	@bash scripts/install-deps.sh

build: deps
	@cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS) >/dev/null
	@cmake --build $(BUILD_DIR) -j$(JOBS)

run: build
	@bash scripts/demo.sh $(LORE)

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j$(JOBS) --timeout 600

# Unit and end-to-end tests under AddressSanitizer + UndefinedBehaviorSanitizer.
test-sanitize: deps
	@cmake -S . -B $(SAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DLORE_SANITIZE=ON -DLORE_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(SAN_DIR) -j$(JOBS)
	@cd $(SAN_DIR) && ASAN_OPTIONS=detect_leaks=1 LSAN_OPTIONS=suppressions=$(CURDIR)/tests/lsan.supp \
	  UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --output-on-failure -j$(JOBS) --timeout 900

# libFuzzer targets (clang), one after another, FUZZ_SECONDS each; fails on
# any crash, leak, timeout or contract violation (docs/testing.md).
fuzz: deps
	@CC=clang CXX=clang++ cmake -S . -B $(FUZZ_DIR) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DLORE_FUZZ=ON \
	  -DLORE_BUILD_TESTS=OFF -DLORE_BUILD_BENCH=OFF >/dev/null
	@cmake --build $(FUZZ_DIR) -j$(JOBS) --target fuzz_all
	@bash tests/fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS) $(FUZZ_TARGETS)

bench: build
	@bash bench/run.sh $(BUILD_DIR)

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'bench/*.h')

clean:
	rm -rf $(BUILD_DIR) $(SAN_DIR) $(FUZZ_DIR)
