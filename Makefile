# The only commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# Tests run with DEBUG off, as production does; this key exists only for them.
TEST_ENV := SECRET_KEY=test-only-key-not-secret-0123456789abcdefghijklmnopqrstuvwxyz HTTPS=0 STAFF_2FA_REQUIRED=0
# A local demo: no HTTPS and no second factor for the demo account (check --deploy flags both).
RUN_ENV := DEBUG=1 STAFF_2FA_REQUIRED=0

.PHONY: install run serve test lint format migrations-check frontend clean bench bench-import bench-uploads bench-survey bench-data-size bench-wards bench-leaflets bench-editions faults

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@# WeasyPrint (PDF leaflets) needs Pango from the operating system.
	@$(BIN)/python -c "import weasyprint" 2>/dev/null || { \
		echo "Installing Pango for PDF leaflets"; \
		apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 >/dev/null 2>&1 || \
		echo "PDF leaflets need Pango: sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0"; }
	@# Leaflets are laid out for Arial's metrics: Liberation Sans has them (without it a
	@# wider fallback font can push a leaflet onto a near-empty extra page).
	@fc-list 2>/dev/null | grep -q "Liberation Sans" || { \
		echo "Installing Liberation Sans for PDF leaflets"; \
		apt-get install -y -qq fonts-liberation >/dev/null 2>&1 || \
		echo "PDF leaflets are laid out for Arial or Liberation Sans: sudo apt-get install fonts-liberation"; }
	touch $(STAMP)

# Background jobs (imports, PDF leaflets) run in a worker beside the server, on the same
# database: no other service is needed, and the worker stops with the server.
run: install
	$(RUN_ENV) $(BIN)/python manage.py migrate --noinput
	$(RUN_ENV) $(BIN)/python manage.py load_demo --if-empty
	$(RUN_ENV) $(BIN)/python manage.py demo_admin
	$(RUN_ENV) $(BIN)/python manage.py db_worker --no-reload --verbosity 0 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(RUN_ENV) $(BIN)/python manage.py runserver 127.0.0.1:8000

# The production stack locally: gunicorn and whitenoise against PostgreSQL (DATABASE_URL's
# server, database "policing" by default), Redis as the shared cache, and one job worker.
SERVE_ENV := DATABASE_URL=$${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/policing} \
	REDIS_URL=$${REDIS_URL:-redis://127.0.0.1:6379/0} \
	SECRET_KEY=$${SECRET_KEY:-local-serve-only-not-secret-0123456789abcdefghijklmnopqrstuvw} \
	ALLOWED_HOSTS=$${ALLOWED_HOSTS:-127.0.0.1,localhost} HTTPS=$${HTTPS:-0} LOG_FORMAT=json
serve: install
	createdb -h 127.0.0.1 -U postgres policing 2>/dev/null || true
	$(SERVE_ENV) $(BIN)/python manage.py migrate --noinput
	$(SERVE_ENV) $(BIN)/python manage.py collectstatic --noinput -v0
	$(SERVE_ENV) $(BIN)/python manage.py load_demo --if-empty
	$(SERVE_ENV) $(BIN)/python manage.py db_worker --no-reload & worker=$$!; \
	fetcher=; if [ -n "$$FETCH_RECORDED_CRIME" ]; then \
		( while true; do $(SERVE_ENV) $(BIN)/python manage.py fetch_recorded_crime; sleep 86400; done ) & fetcher=$$!; fi; \
	trap 'kill $$worker $$fetcher 2>/dev/null' EXIT INT TERM; \
	$(SERVE_ENV) $(BIN)/gunicorn -c gunicorn.conf.py policing.wsgi

# Two runs: most tests on two workers, then the few that empty the database afterwards
# (browser tests against a live server, concurrent submissions) on their own.
test: install lint migrations-check
	$(TEST_ENV) $(BIN)/pytest -n 2 -m "not serial" --durations=25
	$(TEST_ENV) $(BIN)/pytest -m serial --durations=25

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports --no-logo

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrations-check: install
	$(TEST_ENV) $(BIN)/python manage.py makemigrations --check --dry-run

# Every public page kind cached and uncached beside a bare Django view, on gunicorn,
# PostgreSQL and Redis, driven by wrk (from Debian's packages). Fails when a goal is missed.
bench: install
	@command -v wrk >/dev/null || apt-get install -y -qq wrk >/dev/null || \
		{ echo "make bench needs wrk: sudo apt-get install wrk"; exit 1; }
	$(BIN)/python bench/pages.py

# Stops a PostgreSQL and a Redis of its own under gunicorn and checks the site degrades
# gracefully and recovers (the tests simulate the same outages statement by statement).
faults: install
	$(BIN)/python bench/faults.py

# Imports every recorded crime edition in performance/data/, in order, into PostgreSQL
# (database policing_bench_editions): time and peak memory of each (issue 26).
bench-editions: install
	$(BIN)/python bench/recorded_crime_editions.py

# Imports 100,000 figures into PostgreSQL (DATABASE_URL's server, database policing_bench).
bench-import: install
	$(BIN)/python bench/import_figures.py

# Hostile and legal figures files through the command and the admin's background job:
# time and peak memory of each process (PostgreSQL, database policing_bench_uploads).
bench-uploads: install
	$(BIN)/python bench/uploads.py

# Every public page kind timed uncached (read stored) and at its first build, with the
# 2008-2016 demo and then the whole record; each further edition's publishing timed
# (PostgreSQL, database policing_bench_size).
bench-data-size: install
	$(BIN)/python bench/data_size.py

# The borough page timed and its queries counted with all 679 wards loaded and without any;
# the ward pages, the ward API and London's map timed beside it (PostgreSQL).
bench-wards: install
	$(BIN)/python bench/ward_pages.py

# Every borough's PDF leaflet for 2009/10, drawn by build_leaflets, timed (PostgreSQL,
# database policing_bench_leaflets); fails unless there are 32.
bench-leaflets: install
	$(BIN)/python bench/leaflets.py

# Posts survey responses to gunicorn on PostgreSQL for 30 seconds.
bench-survey: install
	$(BIN)/python bench/survey_submit.py

# Rebuilds static/govuk from GOV.UK Frontend; the output is committed, so only needed after an upgrade.
frontend:
	cd frontend && npm ci --no-audit --no-fund && npm run build

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
