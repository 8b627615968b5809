# Shared by scripts/demo and scripts/test: a project virtualenv in .venv.
ensure_venv() {
  local python="${ERVIZ_PYTHON:-python3}"
  if [ ! -x .venv/bin/python ]; then
    "$python" -m venv .venv
    .venv/bin/python -m pip install --quiet --upgrade pip
  fi
  # The install is skipped when these extras were installed from this very
  # pyproject.toml already (the package itself is editable: code changes
  # need no install).
  local stamp want
  stamp=".venv/.installed-$(printf '%s' "$1" | tr -c 'a-zA-Z0-9' '_')"
  want="$(sha256sum pyproject.toml | cut -d' ' -f1)"
  if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
    return 0
  fi
  .venv/bin/python -m pip install --quiet --editable "$1"
  echo "$want" >"$stamp"
}
