# Rongtong: `make run` builds and runs the sample nightly pipeline; `make test` runs the tests.
SHELL := /bin/bash
SYSTEM_PACKAGES := libcsv-dev libxml2-dev libyajl-dev libsqlite3-dev pkg-config sqlite3 time
# The report test renders HTML in headless Chromium; a CJK font makes the screenshot readable.
TEST_PACKAGES := chromium fonts-wqy-microhei
SWIFT ?= swift
PIPELINE ?= pipelines/sample-nightly.yaml
WAREHOUSE ?= warehouse/guizhou.sqlite
RONGTONG := .build/release/rongtong

.PHONY: deps test-deps install-packages build release run test bench bench-scale bench-addresses bench-linkage clean formats-doc schema-doc browse fuzz crash-test

# Installs only the Debian packages that are missing, so it is instant when all are present.
deps:
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(SYSTEM_PACKAGES)"

test-deps: deps
	@$(MAKE) --no-print-directory install-packages PACKAGES="$(TEST_PACKAGES)"

install-packages:
	@missing=""; for p in $(PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing:$$missing"; \
	  SUDO=""; [ "$$(id -u)" -ne 0 ] && SUDO=sudo; \
	  export DEBIAN_FRONTEND=noninteractive; \
	  $$SUDO apt-get install -y -q $$missing || { $$SUDO apt-get update -q && $$SUDO apt-get install -y -q $$missing; }; \
	fi

build: deps
	$(SWIFT) build

release: deps
	$(SWIFT) build -c release --product rongtong
	$(SWIFT) build -c release --product rongtong-bench

# Runs the sample nightly pipeline into $(WAREHOUSE), then shows what was loaded and rejected.
run: release
	@mkdir -p $(dir $(WAREHOUSE))
	$(RONGTONG) run $(PIPELINE); status=$$?; \
	echo; echo "== $(WAREHOUSE)"; \
	sqlite3 -header -column $(WAREHOUSE) \
	  "SELECT source_id, SUM(rows_read) AS read, SUM(rows_loaded) AS loaded, SUM(rows_rejected) AS rejected, GROUP_CONCAT(DISTINCT status) AS status FROM etl_batch GROUP BY source_id;" \
	  "SELECT COUNT(*) AS households FROM dwd_household;" \
	  "SELECT rule, severity, COUNT(*) AS rejects FROM etl_reject GROUP BY 1, 2 ORDER BY 3 DESC;"; \
	$(RONGTONG) report $(WAREHOUSE) --html $(dir $(WAREHOUSE))report.html && echo "report: $(dir $(WAREHOUSE))report.html"; \
	exit $$status

# prometheus_client parses the metrics file in a test, with the parser Prometheus users rely on.
.build/pyenv/bin/python:
	python3 -m venv .build/pyenv && .build/pyenv/bin/pip install --quiet prometheus_client || rm -rf .build/pyenv

# Most tests run the real binary on real files into SQLite, one process each: two workers keep both cores busy
# (TEST_WORKERS=1 runs them one at a time).
TEST_WORKERS ?= 2

test: test-deps .build/pyenv/bin/python
	$(SWIFT) build --build-tests
	$(SWIFT) test --skip-build --parallel --num-workers $(TEST_WORKERS)

BENCH_HOUSEHOLDS ?= 1000000

# Generates $(BENCH_HOUSEHOLDS) synthetic households into bench/data/ and measures every stage against sqlite3's
# .import; prints a table and writes bench/results.json.
bench: release
	BENCH_HOUSEHOLDS=$(BENCH_HOUSEHOLDS) SWIFT=$(SWIFT) bench/run.sh --no-build

# The same at 4 × BENCH_HOUSEHOLDS, with time and peak-RSS growth against bench/results.json.
bench-scale: release
	BENCH_HOUSEHOLDS=$$((4 * $(BENCH_HOUSEHOLDS))) SWIFT=$(SWIFT) bench/run.sh --no-build --results bench/results-scale.json --baseline bench/results.json

BENCH_VENV := .build/bench-venv

# cpca (with pandas and pyahocorasick) for the address benchmark; removed again if the install fails.
$(BENCH_VENV)/bin/python:
	python3 -m venv $(BENCH_VENV) && $(BENCH_VENV)/bin/pip install --quiet cpca || { rm -rf $(BENCH_VENV); exit 1; }

# Accuracy per level of Rongtong's address parser next to cpca on the labelled file; writes bench/addresses/results.json.
bench-addresses: release $(BENCH_VENV)/bin/python
	$(BENCH_VENV)/bin/python bench/addresses/compare.py $(RONGTONG) samples/addresses/labelled.csv

DATASETTE_VENV := .build/datasette-venv
WAREHOUSE_METADATA := $(dir $(WAREHOUSE))metadata.json
BROWSE_PORT ?= 8001

# Regenerates docs/warehouse.md and $(WAREHOUSE_METADATA) (Datasette) from the warehouse catalog,
# Sources/Load/Warehouse/WarehouseCatalog.swift.
schema-doc: deps
	$(SWIFT) build --product rongtong
	.build/debug/rongtong schema > docs/warehouse.md.tmp && mv docs/warehouse.md.tmp docs/warehouse.md
	@mkdir -p $(dir $(WAREHOUSE_METADATA))
	.build/debug/rongtong schema --format datasette --database $(basename $(notdir $(WAREHOUSE))) > $(WAREHOUSE_METADATA)

# Datasette in a virtualenv under the build folder; removed again if the install fails.
$(DATASETTE_VENV)/bin/datasette:
	python3 -m venv $(DATASETTE_VENV) && $(DATASETTE_VENV)/bin/pip install --quiet datasette || { rm -rf $(DATASETTE_VENV); exit 1; }

# Shows $(WAREHOUSE) with the catalog's descriptions on http://127.0.0.1:$(BROWSE_PORT) only: it holds head names and addresses.
browse: schema-doc $(DATASETTE_VENV)/bin/datasette
	@test -f $(WAREHOUSE) || { echo "make browse: no $(WAREHOUSE) yet, run make run first"; exit 1; }
	$(DATASETTE_VENV)/bin/datasette serve $(WAREHOUSE) --host 127.0.0.1 --port $(BROWSE_PORT) --metadata $(WAREHOUSE_METADATA)

FUZZ_SECONDS ?= 60

# libFuzzer targets (Sources/Fuzz, declared only when RONGTONG_FUZZ=1): seeds .build-fuzz/corpus, builds, runs each
# for FUZZ_SECONDS and prints executions and findings per target (exit 1 on a finding). FUZZ_TARGETS=xml limits it.
fuzz: deps
	FUZZ_SECONDS=$(FUZZ_SECONDS) fuzz/run.sh $(FUZZ_TARGETS)

# SIGKILLs `rongtong run --force` 30 times on the sample pipeline; integrity and digest checks after each kill.
crash-test: deps
	python3 tools/crash-test.py

SPLINK_VENV := .build/splink-venv
LINKAGE_HOUSEHOLDS ?= 100000

$(SPLINK_VENV)/bin/python:
	python3 -m venv $(SPLINK_VENV) && $(SPLINK_VENV)/bin/pip install --quiet splink duckdb pandas || { rm -rf $(SPLINK_VENV); exit 1; }

# Rongtong's household linking next to Splink (DuckDB) on LINKAGE_HOUSEHOLDS generated households: time and pairwise
# precision, recall and F1 against the generator's truth; writes bench/linkage/results.json.
bench-linkage: release $(SPLINK_VENV)/bin/python
	$(SPLINK_VENV)/bin/python bench/linkage/compare.py --rongtong $(RONGTONG) --households $(LINKAGE_HOUSEHOLDS)

# Regenerates docs/formats.md from the extractors' declarations.
formats-doc: deps
	$(SWIFT) build --product rongtong
	.build/debug/rongtong formats > docs/formats.md

clean:
	rm -rf .build warehouse
