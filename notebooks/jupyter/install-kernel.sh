#!/usr/bin/env bash
# Installs the Jupyter kernel "neuralop4j-java": the build's notebook runner (JShell, the engine of IJava/JJava)
# behind Jupyter's protocol, on io.github.spencerpark:jupyter-jvm-basekernel. Builds the kernel jar when missing.
# Needs: a JDK 17+, and jupyter (Debian: apt-get install jupyter-client jupyter-nbconvert python3-nbclient).
# Usage: notebooks/jupyter/install-kernel.sh [--user|--sys-prefix]   (default --user)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
repo="$(cd "$here/../.." && pwd)"
jar="$repo/notebooks/target/neuralop4j-kernel.jar"
where="${1:---user}"

if [ ! -f "$jar" ]; then
  echo "install-kernel: building $jar ..." >&2
  (cd "$repo" && ./mvnw -q -B -pl notebooks -am package -DskipTests) >&2
fi

spec="$(mktemp -d)"
trap 'rm -rf "$spec"' EXIT
java_bin="$(command -v java)"
cat > "$spec/kernel.json" <<JSON
{
 "argv": ["$java_bin", "-jar", "$jar", "{connection_file}"],
 "display_name": "Java (neuralop4j runner)",
 "language": "java",
 "interrupt_mode": "message"
}
JSON
jupyter kernelspec install "$where" --replace --name neuralop4j-java "$spec" >&2
echo "installed kernel neuralop4j-java -> $jar" >&2
