# Deep Learning Notebooks: the learner's and the maintainer's commands.
#   make lab        set up the environment, create workspace/ copies, open JupyterLab on them
#   make test       set up the environment, run every test and every notebook (what CI runs)
#   make test-fast  unit tests only (graders, workbook, data, notebook lint): no notebook runs
#   make lint       ruff over the code and the notebooks
#   make teacher-setup  nbgrader in .venv-teacher, for the nbgrader export (`make test` needs it)
# Every path below is relative and quoted, so the checkout may live in a folder with spaces.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed
PYTEST_ARGS ?=
# JupyterLab settings for this environment only (not the learner's home): no news or update
# checks, which would ask to reach the internet on first start.
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings
LAB_OVERRIDES := {"@jupyterlab/apputils-extension:notification": {"fetchNews": "false", "checkForUpdates": false}}
# JupyterLab refuses to run as root (containers, some cloud machines) unless told it may.
LAB_ARGS ?= $(if $(filter 0,$(shell id -u)),--allow-root)
# The teacher's tools (nbgrader) live apart from the learner's install; their Jupyter kernel
# runs notebooks in the learner's $(VENV). See requirements-teacher.txt.
TEACHER_VENV  ?= .venv-teacher
TEACHER_STAMP := $(TEACHER_VENV)/.installed
TEACHER_KERNEL := deep-learning-notebooks
# The round trip through nbgrader runs notebooks: not a unit test.
NBGRADER_TEST := tests/test_nbgrader_export.py

.PHONY: setup teacher-setup lab start test test-fast test-notebooks lint data-check clean-venv

setup: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@"$(PYTHON)" -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed; found " + sys.version.split()[0]' \
		|| { echo "Set PYTHON=/path/to/python3.11 and run make again."; exit 1; }
	test -x "$(PY)" || "$(PYTHON)" -m venv "$(VENV)"
	"$(PY)" -m pip install --quiet --upgrade pip setuptools
	"$(PY)" -m pip install --quiet -r requirements.txt
	PYTHONWARNINGS=ignore "$(PY)" -m pip install --quiet --no-deps --no-build-isolation -e .
	"$(PY)" -m ipykernel install --sys-prefix --name python3 --display-name "Python 3 (Deep Learning Notebooks)" >/dev/null
	mkdir -p "$(LAB_SETTINGS)"
	printf '%s\n' '$(LAB_OVERRIDES)' > "$(LAB_SETTINGS)/overrides.json"
	touch "$(STAMP)"

teacher-setup: $(TEACHER_STAMP)

# nbgrader in its own environment, and a Jupyter kernel there that runs the learner's $(VENV)
# (installed by the learner's ipykernel; JUPYTER_PATH names the target so it does not warn).
$(TEACHER_STAMP): requirements-teacher.txt $(STAMP)
	test -x "$(TEACHER_VENV)/bin/python" || "$(PYTHON)" -m venv "$(TEACHER_VENV)"
	printf '*\n' > "$(TEACHER_VENV)/.gitignore"
	"$(TEACHER_VENV)/bin/python" -m pip install --quiet --upgrade pip setuptools
	"$(TEACHER_VENV)/bin/python" -m pip install --quiet -r requirements-teacher.txt
	JUPYTER_PATH="$$(cd "$(TEACHER_VENV)" && pwd)/share/jupyter" "$(PY)" -m ipykernel install \
		--prefix "$(TEACHER_VENV)" --name $(TEACHER_KERNEL) --display-name "Python 3 (Deep Learning Notebooks, learner's .venv)" >/dev/null
	touch "$(TEACHER_STAMP)"

start: setup
	"$(PY)" -m utils.workbook start

lab: start
	"$(VENV)/bin/jupyter" lab --notebook-dir=workspace $(LAB_ARGS)

test: setup teacher-setup
	TEACHER_VENV="$(TEACHER_VENV)" "$(PY)" -m pytest --nbval-lax --nbval-cell-timeout=300 $(PYTEST_ARGS)

test-fast: setup
	"$(PY)" -m pytest tests --ignore=$(NBGRADER_TEST) $(PYTEST_ARGS)

test-notebooks: setup
	"$(PY)" -m pytest --nbval-lax --nbval-cell-timeout=300 course1_nn_basics course2_improving_dnn course3_structuring_ml course4_cnn course5_sequence_models $(PYTEST_ARGS)

lint: setup
	"$(VENV)/bin/ruff" check .

data-check: setup
	"$(PY)" -m utils.datagen build --check

clean-venv:
	rm -rf "$(VENV)" "$(TEACHER_VENV)"
