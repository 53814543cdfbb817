# Focus Table: everyday commands. Run `make help` for the list.

PYTHON ?= python3
ADDONS := focus_table focus_table_reports
export PYTHON

.DEFAULT_GOAL := help
.PHONY: help test demo lint screenshots load bench upgrade-check backup restore loadtest fuzz

help: ## List the targets
	@echo "Usage: make <target>"
	@echo
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "} {printf "  %-14s %s\n", $$1, $$2}'
	@echo
	@echo "PostgreSQL comes from PGHOST, PGPORT, PGUSER, PGPASSWORD; when none"
	@echo "answers, a local server is started (see tools/ensure_postgres.sh)."

test: ## Install both addons with demo data in a throw-away database and run all tests
	@bash tools/run_tests.sh $(PYTEST_ARGS)

fuzz: ## Walk the whole process with random users, STEPS= steps (default 10000), in a throw-away database
	@STEPS="$(STEPS)" STEP_COUNT="$(STEP_COUNT)" bash tools/run_fuzz.sh

demo: ## Serve a demo database (focus_demo) on http://127.0.0.1:8069, login admin/admin
	@bash tools/run_demo.sh

bench: ## Time the main operations on N= situations (default 1000000) in DB= (created and filled when missing)
	@N="$(N)" DB="$(DB)" bash tools/run_bench.sh

screenshots: ## Photograph the main screens as the demo roles into docs/screenshots/
	@bash tools/run_screenshots.sh

load: ## Fill database DB with N de-identified situations (make load N=20000 DB=focus_load)
	@N="$(N)" DB="$(DB)" bash tools/run_load.sh

loadtest: ## 50 users at once on 4 workers for 150 s, then the log and decision checks (USERS= TIME= N=20000 DB=focus_loadtest)
	@USERS="$(USERS)" TIME="$(TIME)" N="$(N)" DB="$(DB)" bash tools/run_loadtest.sh

lint: ## ruff, pylint-odoo (OCA mandatory checks), README.rst and the access matrix are current
	@bash tools/check_odoo.sh
	@rc=0; \
	echo "== ruff check"; $(PYTHON) -m ruff check --no-fix --output-format=concise . || rc=1; \
	echo "== ruff format --check"; $(PYTHON) -m ruff format --check --output-format=concise . || rc=1; \
	echo "== pylint-odoo"; $(PYTHON) -m pylint --rcfile=.pylintrc $(ADDONS) || rc=1; \
	echo "== README.rst from readme/"; $(PYTHON) tools/gen_readme.py --check || rc=1; \
	echo "== security/ACCESS_MATRIX.md"; $(PYTHON) tools/gen_access_matrix.py --check || rc=1; \
	exit $$rc

upgrade-check: ## Upgrade a database of the previous release (FROM=ref, default tools/upgrade/previous_release) and check its records
	@FROM="$(FROM)" bash tools/check_upgrade.sh

backup: ## Back up DB with its filestore into one zip (FILE=, default DB-<time>.zip; CONF= the server's odoo.conf)
	@DB="$(DB)" FILE="$(FILE)" CONF="$(CONF)" bash tools/backup.sh

restore: ## Restore FILE (from make backup) into the new database DB (COPY=1 beside the original; CONF= as for backup)
	@FILE="$(FILE)" DB="$(DB)" COPY="$(COPY)" CONF="$(CONF)" bash tools/restore.sh
