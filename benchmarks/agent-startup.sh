#!/usr/bin/env bash
# Agent start-up and class-load rewriting cost on the sample app: N interleaved runs without and with the agent,
# wall and CPU seconds each, medians at the end. With LOG=,log=debug the agent also prints its own statistics
# (premain time, classes offered/ignored/scanned/parsed/rewritten, selection and transformer time).
# Run from the project root after `mvn -DskipTests package`.
set -euo pipefail
N=${N:-10}
APP=(-jar sample-app/target/autopool-sample.jar frames --frames 60 --size 128)
AGENT=-javaagent:agent/target/autopool-agent.jar=config=sample-app/autopool.conf${LOG:-}
out=$(mktemp)
for i in $(seq "$N"); do
  /usr/bin/time -f "without %e %U %S" java "${APP[@]}" 2>&1 >/dev/null | grep '^without' >>"$out"
  /usr/bin/time -f "with %e %U %S" java "$AGENT" "${APP[@]}" 2>&1 >/dev/null | grep -E '^with|AGENT-STATS' >>"$out"
done
grep AGENT-STATS "$out" || true
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%.2f", v[int((NR + 1) / 2)] }'; }
for run in without with; do
  wall=$(grep "^$run " "$out" | awk '{ print $2 }' | median)
  cpu=$(grep "^$run " "$out" | awk '{ print $3 + $4 }' | median)
  echo "$run: n=$N  wall median ${wall} s  cpu (user+sys) median ${cpu} s"
done
rm -f "$out"
