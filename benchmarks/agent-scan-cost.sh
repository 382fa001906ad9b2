#!/usr/bin/env bash
# What a class no rule touches pays: the agent's selection over every class of a jar (default: the agent jar itself),
# thread CPU ns per class, 10 rounds (dev.autopool.agent.bench.AgentScanCost in the agent's test sources).
# Usage: benchmarks/agent-scan-cost.sh [JAR]   (from any directory; compiles the agent and its test classes first)
set -euo pipefail
cd "$(dirname "$0")/.."
JAR=${1:-agent/target/autopool-agent.jar}
[ -e "$JAR" ] || mvn -q -B -DskipTests package -pl agent -am
cp=$(mktemp)
# One reactor run: the agent's class path names the runtime's classes of this build (no installed artifact needed).
mvn -q -B -o test-compile dependency:build-classpath -pl agent -am -Dmdep.outputFile="$cp"
exec java -cp "agent/target/test-classes:agent/target/classes:$(cat "$cp")" \
  dev.autopool.agent.bench.AgentScanCost "$JAR"
