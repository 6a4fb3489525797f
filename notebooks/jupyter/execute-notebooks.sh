#!/usr/bin/env bash
# Executes every notebook in real Jupyter (jupyter nbconvert --execute) with the neuralop4j-java kernel, which
# this script installs first. Executed copies go to notebooks/target/jupyter/. Fails (non-zero exit) on the first
# notebook with a failing cell; nbconvert prints the cell and the error.
# Needs: a JDK 17+ and Debian's jupyter-nbconvert (apt-get install jupyter-client jupyter-nbconvert python3-nbclient).
# Usage: notebooks/jupyter/execute-notebooks.sh [NOTEBOOK.ipynb ...]   (default: all of notebooks/*.ipynb)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
out="$repo/notebooks/target/jupyter"

[ -f "$repo/validation/target/neuralop4j-app.jar" ] \
  || (cd "$repo" && ./mvnw -q -B -pl validation -am package -DskipTests) >&2
"$here/install-kernel.sh" --user

mkdir -p "$out"
if [ "$#" -eq 0 ]; then set -- "$repo"/notebooks/*.ipynb; fi
for nb in "$@"; do
  echo "== $(basename "$nb")" >&2
  # nbconvert starts the kernel in the notebook's directory, as Jupyter does: %jars ../validation/... resolves.
  jupyter nbconvert --to notebook --execute \
    --ExecutePreprocessor.kernel_name=neuralop4j-java --ExecutePreprocessor.timeout=600 \
    --output-dir "$out" "$nb"
done
echo "executed $# notebook(s) in Jupyter; copies in $out" >&2
