# Lore — the two commands that matter:
#   make run    install Debian deps if missing, build Release, build a demo knowledge base and search it
#   make test   build and run every test (unit + end-to-end)
# Also: make bench (writes BENCHMARKS.md), make test-sanitize (ASan+UBSan), make format, make clean.

BUILD_DIR    ?= build
SAN_DIR      ?= build-sanitize
JOBS         ?= $(shell nproc)
CMAKE_FLAGS  ?=
LORE         := $(BUILD_DIR)/lore

.PHONY: all deps build run test test-sanitize bench format clean

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

bench: build
	@bash bench/run.sh $(BUILD_DIR)

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.h' 'tests/*.cpp' 'tests/*.h' 'bench/*.cpp' 'bench/*.h')

clean:
	rm -rf $(BUILD_DIR) $(SAN_DIR)
