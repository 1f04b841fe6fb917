# Thin wrapper: the README's commands. CMake does the work.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)

.PHONY: all build deps check unit demo clean

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

clean:
	rm -rf $(BUILD_DIR)
