#!/usr/bin/env bash
# End-to-end benchmark: both sample apps without the agent and with it at leak levels off, sampled and paranoid,
# on the same generated inputs, in one run; prints Markdown tables of ratios to no agent and writes them to
# target/benchmarks/end-to-end.md (the source of the "End to end" section of docs/benchmarks.md).
# Usage: benchmarks/run-end-to-end.sh [--quick]   (--quick: small inputs, to try the harness)
set -euo pipefail
cd "$(dirname "$0")/.."
# Each thing the benchmark runs, and what it is built from.
declare -A FROM=(
  [agent/target/autopool-agent.jar]="pom.xml runtime/pom.xml runtime/src/main agent/pom.xml agent/src/main"
  [sample-app/target/autopool-sample.jar]="pom.xml sample-app/pom.xml sample-app/src/main"
  [it-tests/target/classes/dev/autopool/it/EndToEndBenchmark.class]="pom.xml it-tests/pom.xml it-tests/src/main"
)
# Stale: missing, or older than a file it is built from (measuring an old agent against new code is the mistake
# this guards against; the build recompiles only what changed).
stale() {
  local built
  for built in "${!FROM[@]}"; do
    [ -e "$built" ] || return 0
    # shellcheck disable=SC2086 # FROM's values are lists of paths on purpose
    if [ -n "$(find ${FROM[$built]} -type f -newer "$built" -print -quit)" ]; then
      return 0
    fi
  done
  return 1
}
if stale; then
  echo "run-end-to-end: building the jars (missing or older than their sources)" >&2
  mvn -q -B -DskipTests package
  touch "${!FROM[@]}" # up to date now, also where the build had nothing to rewrite (e.g. a pom touched, not changed)
fi
exec java -cp it-tests/target/classes dev.autopool.it.EndToEndBenchmark . "$@"
