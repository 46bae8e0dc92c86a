# Switchboard — `make run` and `make test` do all set-up on a fresh machine (Node 20 + npm).
SHELL := /bin/bash
NODE_BIN := node_modules/.bin
TESTS = $(shell find tests -name '*.test.ts' | sort)
CONFIG_EXAMPLES := $(wildcard config/*.example.yml)
CONFIGS := $(CONFIG_EXAMPLES:.example.yml=.yml)

# A small V8 young generation keeps the server's memory within DESIGN §8's 150 MB under load at the same CPU
# cost (make bench measures it; the default semi-space alone reserves ~34 MB the server never gives back).
SERVER_NODE_FLAGS := --max-semi-space-size=4

.PHONY: run test typecheck unit bench deps browser clean

# npm ci only when the installed tree was not made from this package-lock.json (compared by content, not mtime).
deps:
	@cmp -s package-lock.json node_modules/.switchboard-lock 2>/dev/null || \
	  { npm ci --no-audit --no-fund && cp package-lock.json node_modules/.switchboard-lock; }

# A missing config file is copied from its example; existing ones are never overwritten.
config/%.yml: | config/%.example.yml
	cp config/$*.example.yml $@

storage:
	mkdir -p storage

run: deps $(CONFIGS) storage
	NODE_OPTIONS="$(SERVER_NODE_FLAGS) $$NODE_OPTIONS" $(NODE_BIN)/tsx server.ts

# Debian's chromium for the browser tests (DESIGN §7); installed only when missing and we are root.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get install -y --no-install-recommends chromium || (apt-get update && apt-get install -y --no-install-recommends chromium)) >/tmp/switchboard-chromium.log 2>&1 \
	      || { echo "could not install chromium (see /tmp/switchboard-chromium.log)"; exit 1; }; \
	  else echo "chromium is missing and we are not root: browser tests will be skipped"; fi; \
	fi

typecheck: deps
	$(NODE_BIN)/tsc --noEmit

unit: deps
	LOG_LEVEL=silent $(NODE_BIN)/c8 node --import tsx --test --test-concurrency=2 $(TESTS)

test: deps browser typecheck unit

bench: deps
	LOG_LEVEL=silent BENCH_NODE_FLAGS="$${BENCH_NODE_FLAGS-$(SERVER_NODE_FLAGS)}" $(NODE_BIN)/tsx bench/run.ts

clean:
	rm -rf node_modules coverage
