#!/usr/bin/env bash
# Mutation testing of one part of mlp-spec with mutmut 3.8.1, in a throwaway copy of the repository, so
# that neither its configuration nor its mutants/ folder enters the tree.
#
#   benchmarks/mutation.sh [--slow] SOURCE_PATH MUTATE_GLOB TEST [TEST …]
#   benchmarks/mutation.sh mlp_spec 'mlp_spec/truth/compare.py' tests/test_compare.py
#   benchmarks/mutation.sh mlp_ref 'mlp_ref/*' tests/test_reference.py tests/test_validation.py
#
# --slow runs the tests marked slow too (real ports, under time limits), one mutant at a time: a test that
# waits for a port must not fail because another mutant's run took the processor.
#
# Needs `pip install mutmut==3.8.1` in the active environment. Prints the count of each outcome and the
# names of the mutants that survived (`mutmut show NAME`, run in the copy, prints one).
set -euo pipefail
markers='"-m", "not browser and not slow"' children=()
if [ "${1:-}" = --slow ]; then markers='"-m", "not browser"' children=(--max-children 1); shift; fi
[ $# -ge 3 ] || { sed -n 5,10p "$0"; exit 2; }
source_path=$1 mutate=$2; shift 2
tests=$(printf '"%s", ' "$@")
here="$(cd "$(dirname "$0")/.." && pwd)"
copy="$(mktemp -d)/mlp-spec"
cp -r "$here" "$copy" && rm -rf "$copy/.git" "$copy/mutants"
cat >> "$copy/pyproject.toml" <<TOML

[tool.mutmut]
source_paths = ["$source_path"]
only_mutate = ["$mutate"]
pytest_add_cli_args_test_selection = [${tests%, }]
# One process: mutmut learns which tests reach which code by watching them, which it cannot across workers.
pytest_add_cli_args = ["-n", "0", $markers]
# What the tests read besides the part mutated: the features and vectors, the steps, the reference.
also_copy = ["features", "steps", "vectors", "mlp_ref", "conftest.py"]
TOML
cd "$copy"
nice -n 10 mutmut run "${children[@]}" > mutmut.log 2>&1 || true
mutmut results --all true 2>/dev/null | awk -F': ' '{print $2}' | sort | uniq -c
mutmut results 2>/dev/null || true
echo "(the copy, with mutmut.log: $copy)"
