#!/usr/bin/env bash
# Reproduces the "Threading models" section of docs/benchmarks.md: ThreadChurnApp without and with the agent
# (100,000 short-lived virtual threads on JDK 25, 40,000 platform-thread tasks on JDK 17, long-lived virtual
# threads, 100,000 virtual threads alive at once, 40 waves of 10,000 virtual threads), alternating, medians of
# --runs runs (default 3); prints the Markdown table. --only MODE,... runs some of them.
# Usage: benchmarks/run-thread-churn.sh [--runs N] [--quick] [--only MODES] [--jdk25 DIR] [--agent JAR]
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -e agent/target/autopool-agent.jar ] ||
   [ ! -e benchmarks/target/classes/dev/autopool/benchmarks/threads/ThreadChurnBenchmark.class ]; then
  mvn -q -B -DskipTests -pl agent,benchmarks -am package
fi
exec java -cp benchmarks/target/classes dev.autopool.benchmarks.threads.ThreadChurnBenchmark "$@"
