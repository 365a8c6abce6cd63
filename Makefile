# authlens — the two commands are `make run` and `make test`; see README.md.
.PHONY: all deps build build-test run test unit bdd format format-check bench stack stack-down clean

JOBS ?= $(shell nproc)
CMAKE_GEN := -G Ninja

all: build

deps:
	@scripts/install-deps.sh build

build: deps
	@cmake -S . -B build $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Release -DAUTHLENS_TESTS=OFF >/dev/null
	@cmake --build build -j $(JOBS) --target authlens

build-test:
	@scripts/install-deps.sh test
	@cmake -S . -B build-test $(CMAKE_GEN) -DCMAKE_BUILD_TYPE=Debug -DAUTHLENS_SANITIZE=ON -DAUTHLENS_WERROR=ON >/dev/null
	@cmake --build build-test -j $(JOBS)

# make run keeps traces in the built-in viewer (admin /debug/traces) unless OTEL_TRACES_EXPORTER
# says otherwise, so it does not retry an OTLP endpoint that is not there.
run: build
	@mkdir -p var
	OTEL_TRACES_EXPORTER=$${OTEL_TRACES_EXPORTER:-none} ./build/authlens

test:
	@scripts/test.sh

unit: build-test
	@cd build-test && ctest --output-on-failure -j $(JOBS)

bdd: build-test
	@scripts/test.sh bdd

format:
	@clang-format -i $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp')

format-check:
	@clang-format --dry-run --Werror $$(git ls-files 'src/*.cpp' 'src/*.hpp' 'tests/*.cpp' 'tests/*.hpp' 'bench/*.cpp')

bench:
	@scripts/install-deps.sh bench
	@bench/run.sh

stack: build
	@deploy/stack/up.sh

stack-down:
	@deploy/stack/down.sh

clean:
	rm -rf build build-test build-bench
