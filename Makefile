# Switchboard — `make run` and `make test` do all set-up on a fresh machine (Node 20 + npm).
SHELL := /bin/bash
NODE_BIN := node_modules/.bin
TESTS = $(shell find tests -name '*.test.ts' | sort)
CONFIG_EXAMPLES := $(wildcard config/*.example.yml)
CONFIGS := $(CONFIG_EXAMPLES:.example.yml=.yml)

# A small V8 young generation keeps the server's memory within DESIGN §8's 150 MB under load at the same CPU
# cost (make bench measures it; the default semi-space alone reserves ~34 MB the server never gives back).
SERVER_NODE_FLAGS := --max-semi-space-size=4

.PHONY: run config test typecheck unit bench soak profile deps test-tools bench-tools test-isolated fuzz clean

# npm ci only when the installed tree was not made from this package-lock.json (compared by content, not mtime).
deps:
	@cmp -s package-lock.json node_modules/.switchboard-lock 2>/dev/null || \
	  { npm ci --no-audit --no-fund && cp package-lock.json node_modules/.switchboard-lock; }

# A missing config file is copied from its example; existing ones are never overwritten.
config/%.yml: | config/%.example.yml
	cp config/$*.example.yml $@

# Only the config files (e.g. before `docker compose -f deploy/compose.yml up`, which mounts config/).
config: $(CONFIGS)

storage:
	mkdir -p storage

# The server is make's own child, started as deploy/switchboard@.service and make bench start it: the tsx CLI would
# put a second node process in between (~0.3 s more start-up, its own memory, signals relayed).
run: deps $(CONFIGS) storage
	exec node $(SERVER_NODE_FLAGS) --import tsx server.ts

# Debian packages the tests use as real clients and consumers (DESIGN §7): chromium for the browser tests,
# xmllint (libxml2-utils) to check every XML we emit, linphonec (linphone-cli) to load our Linphone provisioning,
# linphone-daemon (linphone-cli) to take our SIP messages, tftp (tftp-hpa) to fetch profiles over TFTP, vdirsyncer
# to sync our CardDAV address books. Installed only when missing and we are root.
TEST_TOOLS := chromium:chromium xmllint:libxml2-utils linphonec:linphone-cli linphone-daemon:linphone-cli tftp:tftp-hpa vdirsyncer:vdirsyncer
BENCH_TOOLS := wrk:wrk
define install-missing
	@missing=""; for pair in $(1); do cmd=$${pair%%:*}; pkg=$${pair#*:}; command -v $$cmd >/dev/null 2>&1 || missing="$$missing $$pkg"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    (apt-get install -y --no-install-recommends $$missing || (apt-get update && apt-get install -y --no-install-recommends $$missing)) >/tmp/switchboard-apt.log 2>&1 \
	      || { echo "could not install$$missing (see /tmp/switchboard-apt.log)"; exit 1; }; \
	  else echo "missing Debian packages:$$missing (not root: the tests that need them are skipped)"; fi; \
	fi
endef

test-tools:
	$(call install-missing,$(TEST_TOOLS))

bench-tools:
	$(call install-missing,$(BENCH_TOOLS))

typecheck: deps
	$(NODE_BIN)/tsc --noEmit

# Every log line of the run, at every level, goes to storage/test-run.log as well; afterwards it is searched for the
# tests' secrets and anything shaped like a credential (tests/secrets-in-run-log.ts; DESIGN §6).
RUN_LOG := storage/test-run.log
unit: deps storage
	: > $(RUN_LOG)
	LOG_LEVEL=silent LOG_FILE=$(CURDIR)/$(RUN_LOG) $(NODE_BIN)/c8 node --import tsx --test --test-concurrency=2 $(TESTS)
	$(NODE_BIN)/tsx tests/secrets-in-run-log.ts $(RUN_LOG)

test: deps test-tools typecheck unit

# Each test alone, in its own process: proves no test depends on what an earlier one left behind (slow).
test-isolated: deps test-tools
	LOG_LEVEL=silent $(NODE_BIN)/tsx tests/run-isolated.ts $(TESTS)

# The seeded fuzzers (tests/helpers/fuzz.ts) with a long budget per parser; the seed is printed so a failure replays
# with FUZZ_SEED=<seed> make fuzz. make test runs the same files with a second per parser.
FUZZ_TESTS := tests/security/fuzz-parsers.test.ts tests/security/fuzz-http.test.ts
fuzz: deps
	@seed=$${FUZZ_SEED:-$$(( (RANDOM << 16) | RANDOM ))}; echo "make fuzz: FUZZ_SEED=$$seed FUZZ_MS=$${FUZZ_MS:-60000}"; \
	  LOG_LEVEL=silent FUZZ_SEED=$$seed FUZZ_MS=$${FUZZ_MS:-60000} node --import tsx --test --test-concurrency=1 $(FUZZ_TESTS)

bench: deps bench-tools
	LOG_LEVEL=silent BENCH_NODE_FLAGS="$${BENCH_NODE_FLAGS-$(SERVER_NODE_FLAGS)}" $(NODE_BIN)/tsx bench/run.ts

# Everything at once for SOAK_SECONDS (180): the phone fleet, config requests, directory searches and sync uploads,
# with the server's memory sampled (bench/soak.ts). Minutes long: not part of test or bench.
soak: deps bench-tools
	LOG_LEVEL=silent BENCH_NODE_FLAGS="$${BENCH_NODE_FLAGS-$(SERVER_NODE_FLAGS)}" $(NODE_BIN)/tsx bench/soak.ts

# A CPU profile of the server under the config-request load (bench/profile.ts): where each request's time goes.
profile: deps bench-tools
	LOG_LEVEL=silent BENCH_NODE_FLAGS="$${BENCH_NODE_FLAGS-$(SERVER_NODE_FLAGS)}" $(NODE_BIN)/tsx bench/profile.ts

clean:
	rm -rf node_modules coverage
