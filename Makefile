# Thin wrapper: the README's commands. CMake does the work.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)

PREFIX ?= /usr/local

.PHONY: all build deps check unit demo install deb fuzz clean

all: build

build:
	cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
	cmake --build $(BUILD_DIR) -j $(JOBS)

deps:
	cmake/install-deps.sh

# Everything, privileged tests included (needs root and BPF).
check: deps build
	cd $(BUILD_DIR) && ctest --output-on-failure --no-tests=error

# Only the tests that need no root.
unit: build
	cd $(BUILD_DIR) && ctest --output-on-failure --no-tests=error -L unit

# The README's main-job command (needs root): the lab with one fault, recorded and diffed.
SCENARIO ?= multicast-stuck
demo: deps build
	BUILD_DIR=$(BUILD_DIR) lab/demo.sh $(SCENARIO)

# The binary, man pages, completion, docs and service unit under $(PREFIX); DESTDIR is honoured.
install: build
	DESTDIR="$(DESTDIR)" cmake --install $(BUILD_DIR) --prefix "$(PREFIX)"

# $(BUILD_DIR)/ntpscope_VERSION-RELEASE_ARCH.deb: the same files under /usr (cmake/package/).
deb: build
	cd $(BUILD_DIR) && cpack -G DEB

# Every libFuzzer target for FUZZ_SECONDS each, clang-built in $(BUILD_DIR)/fuzz (docs/fuzzing.md).
FUZZ_SECONDS ?= 60
fuzz: deps
	tests/fuzz/run-fuzzers.sh $(BUILD_DIR)/fuzz $(FUZZ_SECONDS)

clean:
	rm -rf $(BUILD_DIR)
