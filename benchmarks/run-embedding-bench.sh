#!/usr/bin/env bash
# The embedding workload of issue 16: N sentence embeddings of varying length (output float[1][L][384]) without
# and with the agent (built-in ONNX rule only). Usage: benchmarks/run-embedding-bench.sh [N] [BASELINE_AGENT_JAR]
# Builds what is missing; prints a markdown table; exits 1 unless the embeddings are identical and the heap
# allocated with the agent is at most 0.5x the heap allocated without it.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${1:-800}
CP=benchmarks/target/embedding.cp
if [[ ! -f agent/target/autopool-agent.jar || ! -d benchmarks/target/classes/dev/autopool/benchmarks/onnx || ! -f $CP ]]; then
  mvn -q -pl agent,benchmarks -am package -DskipTests dependency:build-classpath \
      -Dmdep.outputFile="$PWD/$CP" -Dmdep.includeScope=provided
fi
java -cp "benchmarks/target/classes:$(cat $CP)" dev.autopool.benchmarks.onnx.EmbeddingBench \
    compare agent/target/autopool-agent.jar "$N" ${2:+"$2"}
