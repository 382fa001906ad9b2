#!/usr/bin/env bash
# The README's first command: builds whatever is missing or out of date, then runs both sample apps without and
# with the agent on generated inputs, prints a side-by-side table and a leak report, and writes
# target/demo/report.html (allocation over time, with and without the agent).
# Usage: ./demo.sh [decoder] [predictor] [frames]   (default: decoder predictor)
set -euo pipefail
cd "$(dirname "$0")"

command -v java >/dev/null || { echo "demo.sh: needs Java 17+ on the PATH" >&2; exit 2; }
command -v mvn >/dev/null || { echo "demo.sh: needs Maven 3.8+ on the PATH" >&2; exit 2; }

# Each artifact, and the sources it is built from.
needs_build() {
  stale agent/target/autopool-agent.jar agent/src/main runtime/src/main ||
  stale sample-app/target/autopool-sample.jar sample-app/src/main ||
  stale it-tests/target/classes/dev/autopool/it/Demo.class it-tests/src/main
}

# stale ARTIFACT SOURCE...: the artifact is missing or a file under SOURCE is newer than it.
stale() {
  local artifact=$1; shift
  [ ! -e "$artifact" ] ||
    [ -n "$(find "$@" -path '*/target' -prune -o -type f -newer "$artifact" -print -quit)" ]
}

if needs_build; then
  echo "Building the agent, the runtime and the sample apps (mvn -q -DskipTests package) ..."
  mvn -q -B -DskipTests package
fi

exec java -cp it-tests/target/classes dev.autopool.it.Demo . "$@"
