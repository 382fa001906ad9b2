#!/usr/bin/env bash
# End-to-end benchmark: both sample apps without the agent and with it at leak levels off, sampled and paranoid,
# on the same generated inputs, in one run; prints Markdown tables of ratios to no agent and writes them to
# target/benchmarks/end-to-end.md (the source of the "End to end" section of docs/benchmarks.md).
# Usage: benchmarks/run-end-to-end.sh [--quick]   (--quick: small inputs, to try the harness)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -e agent/target/autopool-agent.jar ] || [ ! -e sample-app/target/autopool-sample.jar ] ||
   [ ! -e it-tests/target/classes/dev/autopool/it/EndToEndBenchmark.class ]; then
  mvn -q -B -DskipTests package
fi
exec java -cp it-tests/target/classes dev.autopool.it.EndToEndBenchmark . "$@"
