#!/usr/bin/env bash
# Agent start-up and class-load rewriting cost on the sample app: N interleaved runs without and with the agent,
# wall and CPU seconds each, medians at the end. With LOG=,log=debug the agent also prints its own statistics
# (premain time, classes offered/ignored/scanned/parsed/rewritten, selection and transformer time).
# AGENT_JAR picks the agent jar (default: the built one); BASELINE_JAR=other.jar adds a third, interleaved variant
# ("baseline") with that jar, for before/after comparisons in one session. WORKLOAD replaces the sample app's
# arguments, e.g. WORKLOAD="predict-bench --swipes 1 --threads 1" (the predictor's first prediction).
# Runs from any directory (paths in AGENT_JAR/BASELINE_JAR are taken as given) after `mvn -DskipTests package`.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-10}
# shellcheck disable=SC2206 # WORKLOAD is split into words on purpose
APP=(-jar "$ROOT/sample-app/target/autopool-sample.jar" ${WORKLOAD:-frames --frames 60 --size 128})
ARGS=config=$ROOT/sample-app/autopool.conf${LOG:-}
out=$(mktemp)
variants=(without with)
[ -n "${BASELINE_JAR:-}" ] && variants=(without baseline with)
for i in $(seq "$N"); do
  /usr/bin/time -f "without %e %U %S" java "${APP[@]}" 2>&1 >/dev/null | grep '^without' >>"$out"
  if [ -n "${BASELINE_JAR:-}" ]; then
    /usr/bin/time -f "baseline %e %U %S" java "-javaagent:$BASELINE_JAR=$ARGS" "${APP[@]}" 2>&1 >/dev/null \
      | grep -E '^baseline|AGENT-STATS' >>"$out"
  fi
  /usr/bin/time -f "with %e %U %S" java "-javaagent:${AGENT_JAR:-$ROOT/agent/target/autopool-agent.jar}=$ARGS" "${APP[@]}" \
    2>&1 >/dev/null | grep -E '^with|AGENT-STATS' >>"$out"
done
grep AGENT-STATS "$out" || true
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'; }
for run in "${variants[@]}"; do
  wall=$(grep "^$run " "$out" | awk '{ print $2 }' | median)
  cpu=$(grep "^$run " "$out" | awk '{ print $3 + $4 }' | median)
  echo "$run: n=$N  wall median ${wall} s  cpu (user+sys) median ${cpu} s"
done
rm -f "$out"
