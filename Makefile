# The two set-up commands of the README: `make demo` and `make test`.
BUILD ?= build/release
ASAN_BUILD ?= build/asan
JOBS ?= $(shell nproc)

FUZZ_BUILD ?= build/fuzz
FUZZ_RUNS ?= 5000

.PHONY: deps build demo test test-asan fuzz bench clean

deps:
	@bash scripts/install-deps.sh

build: deps
	cmake -S . -B $(BUILD) -DCMAKE_BUILD_TYPE=Release -DWINNOW_WERROR=$(if $(CI),ON,OFF) >/dev/null
	cmake --build $(BUILD) -j $(JOBS)

demo: build
	@bash examples/demo.sh $(BUILD)/winnow

test: build
	ctest --test-dir $(BUILD) --output-on-failure -j $(JOBS)

# Unit tests under AddressSanitizer and UndefinedBehaviorSanitizer (CI runs this too).
test-asan: deps
	cmake -S . -B $(ASAN_BUILD) -DCMAKE_BUILD_TYPE=Debug -DWINNOW_SANITIZE=ON -DWINNOW_WERROR=ON >/dev/null
	cmake --build $(ASAN_BUILD) -j $(JOBS)
	ctest --test-dir $(ASAN_BUILD) --output-on-failure -j $(JOBS)

# libFuzzer targets (clang, ASan + UBSan) built in $(FUZZ_BUILD), each run for FUZZ_RUNS inputs on
# its seed corpus (CI runs this too); fuzz/run.sh runs them for a given time.
fuzz: deps
	CC=clang CXX=clang++ cmake -S . -B $(FUZZ_BUILD) -DCMAKE_BUILD_TYPE=RelWithDebInfo -DWINNOW_FUZZ=ON \
	  -DWINNOW_TESTS=OFF -DWINNOW_BENCH=OFF -DWINNOW_WEB=OFF -DWINNOW_WERROR=$(if $(CI),ON,OFF) >/dev/null
	cmake --build $(FUZZ_BUILD) -j $(JOBS) --target winnow_fuzz
	bash fuzz/run.sh --runs $(FUZZ_RUNS)

bench: build
	bash bench/summarize.sh $(BUILD)/winnow

clean:
	rm -rf build
