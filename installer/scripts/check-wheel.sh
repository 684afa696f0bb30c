#!/usr/bin/env bash
# Build the wheel and prove it carries its data: install it into a fresh venv (no network: the
# dependencies come from the project venv's site-packages through a .pth line, never the checkout)
# and run `counter-app services --json` and `counter-app --version` from there, outside the tree.
# Usage: installer/scripts/check-wheel.sh [PROJECT_PYTHON]   (default .venv/bin/python)
set -euo pipefail
unset PYTHONPATH COUNTER_APP_RESOURCES
cd "$(dirname "$0")/../.."
py="${1:-.venv/bin/python}"
work="$(mktemp -d -t counter-wheel.XXXXXX)"
trap 'rm -rf "$work"' EXIT
# Build from a copy of the tree (tracked and new files, not ignored ones): setuptools' ./build
# folder is where make package keeps its bundles, so it is never touched here.
mkdir -p "$work/src"
git ls-files -z --cached --others --exclude-standard | tar --null -T - -cf - | tar -xf - -C "$work/src"
# ... plus the English translation, which is built (make setup: lrelease) and git-ignored, so the
# copy above leaves it out: without it the wheel's window would show no English at all.
for qm in resources/i18n/counter_app_en.qm resources/i18n/catalog_en.qm; do
    test -f "$qm" || { echo "check-wheel: 缺少 $qm，请先 make setup（生成英文翻译）" >&2; exit 2; }
    cp "$qm" "$work/src/$qm"
done
# ... and the build identifier (the copy has no .git to read it from): the wheel must carry it
build=$("$py" -c 'from pathlib import Path; from counter_protocol.build import write_build_file; import sys; print(write_build_file(Path(sys.argv[1]), Path.cwd()))' "$work/src/counter_protocol")
"$py" -m pip wheel -q --no-deps --no-build-isolation -w "$work/dist" "$work/src" >/dev/null
wheel=$(ls "$work"/dist/counter_app-*.whl)
"$py" -m venv "$work/venv"
site_shared=$("$py" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
site_new=$("$work/venv/bin/python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
# Dependencies only: the shared site-packages goes on sys.path through a plain path line, so its
# own .pth files (the editable install pointing at some checkout) are NOT processed.
echo "$site_shared" > "$site_new/zz-shared-deps.pth"
"$work/venv/bin/python" -m pip install -q --no-deps --no-index --force-reinstall "$wheel"
cd "$work"   # nowhere near the checkout
export COUNTER_APP_HOME="$work/home"
where=$("$work/venv/bin/python" -c 'import counter_app.resources as r; print(r.resources_root())')
case "$where" in "$site_new"/*) ;; *) echo "check-wheel: resources found outside the wheel: $where" >&2; exit 1;; esac
test -s "$where/i18n/counter_app_en.qm" || { echo "check-wheel: the wheel carries no i18n/counter_app_en.qm" >&2; exit 1; }
test -s "$where/i18n/catalog_en.qm" || { echo "check-wheel: the wheel carries no i18n/catalog_en.qm" >&2; exit 1; }
shown=$("$work/venv/bin/counter-app" --version)
case "$shown" in *"+$build"*) echo "$shown" ;; *) echo "check-wheel: --version says '$shown', not the build $build" >&2; exit 1;; esac
n=$("$work/venv/bin/counter-app" services --json | "$work/venv/bin/python" -c 'import json,sys; d=json.load(sys.stdin); print(len(d["services"]) if isinstance(d, dict) and "services" in d else len(d))')
test -x "$work/venv/bin/counter-app-gui"
# The centre from the same wheel finds the same data without importing the client: its seed
# publishes the shipped catalog, authorisation table and parameters as reference version 1.
central_where=$("$work/venv/bin/python" -c 'import counter_central.resources as r; print(r.resources_root())')
case "$central_where" in "$site_new"/*) ;; *) echo "check-wheel: the centre looks for its data outside the wheel: $central_where" >&2; exit 1;; esac
"$work/venv/bin/counter-central" seed --db "sqlite:///$work/central.db" --json >/dev/null
published=$("$work/venv/bin/counter-central" reference list --db "sqlite:///$work/central.db" --json \
    | "$work/venv/bin/python" -c 'import json,sys; print(",".join(sorted({d["name"] for d in json.load(sys.stdin)})))')
case ",$published," in *,authorisation,*catalog,*policy_params,*) ;;
    *) echo "check-wheel: the centre's seed published [$published], not the shipped reference data" >&2; exit 1;; esac
echo "check-wheel: OK $(basename "$wheel") ($(du -k "$wheel" | cut -f1) KiB), resources at $where (with i18n/counter_app_en.qm, i18n/catalog_en.qm), $n services; the centre's seed published $published"
