#!/usr/bin/env bash
# Write requirements/lock.txt: every package counter-app[central,fingerprint,scanner,test,package] needs,
# pinned. By default the pins are the versions installed in .venv now (the ones the suite last
# passed with: run `make test` first); UPGRADE=1 resolves the newest versions the index offers
# instead (then run `make setup test` on them before committing the lock).
set -euo pipefail
cd "$(dirname "$0")/../.."
bin=${VENV:-.venv}/bin
lock=requirements/lock.txt
mkdir -p requirements .run
args=(--quiet --strip-extras --no-emit-index-url --no-emit-find-links --annotation-style=line
      --extra=central,fingerprint,scanner,test,package --output-file="$lock")
if [[ "${UPGRADE:-}" == 1 ]]; then
    args+=(--upgrade)
else
    # the venv as it is, the project itself left out
    "$bin/python" -m pip freeze --exclude-editable | grep -vi '^counter[-_]app' > .run/venv-freeze.txt
    args+=(--constraint=.run/venv-freeze.txt)
fi
CUSTOM_COMPILE_COMMAND="make lock" "$bin/pip-compile" "${args[@]}" pyproject.toml
# the venv snapshot is how the pins were chosen, not a reason a package is there
sed -i -e 's/ -c \.run\/venv-freeze\.txt,\?//' -e 's/# via$//' -e 's/[[:space:]]*$//' "$lock"
echo "lock: $(grep -c '==' "$lock") pins in $lock"
