# Shared by scripts/demo and scripts/test: a project virtualenv in .venv.
ensure_venv() {
  local python="${ERVIZ_PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
  fi
  .venv/bin/python -m pip install --quiet --editable "$1"
}
