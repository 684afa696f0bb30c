#!/usr/bin/env bash
# find-python.sh: print the path of a Python 3.12 or newer, found on PATH or under pyenv; the oldest
# such version first (the one most packages have wheels for). Exit 1 when there is none.
set -uo pipefail
for v in 3.12 3.13 3.14; do
    # (a pyenv shim answers `command -v` but may not run: ask the interpreter itself)
    if py=$(command -v "python$v" 2>/dev/null) && "$py" -c 'import sys' >/dev/null 2>&1; then
        echo "$py"
        exit 0
    fi
    for py in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/"$v".*/bin/python"$v"; do
        if [[ -x "$py" ]]; then
            echo "$py"
            exit 0
        fi
    done
done
exit 1
