#!/usr/bin/env bash
# Reproduces the "Pools (JMH)" section of docs/benchmarks.md: exact-shape hits on 1 and 2 threads against
# Stormpot and Commons Pool2, the same hit through the shared stripes (the virtual-thread path), and zeroed
# borrows against the JVM's own `new`, 4 KiB to 64 MiB, with -prof gc.
# Short runs on purpose (shared machine); raise -wi/-i/-w/-r for steadier numbers.
#
# FORKS=5 benchmarks/run-pool-benchmarks.sh runs only the hit path the issue's bar is about
# (PoolHitBenchmark autopool vs Stormpot, 1 and 2 threads): FORKS rounds of one fork of each, and prints per
# (shape, threads) the medians over forks, each round's ratio to Stormpot and their median, two threads per
# thread over one thread (same round), and B/op (needs jq). JAR= measures another build's benchmarks.jar. WI/I set warm-up/measurement iterations (3/3), SHAPES (e.g.
# 1024) limits the shapes, SKIP_BUILD=1 uses the jar as built.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SKIP_BUILD:-}" != 1 ]; then
  mvn -q -pl benchmarks -am package -DskipTests
fi
OUT=benchmarks/target/pool-benchmarks
mkdir -p "$OUT"
if [ -n "${FORKS:-}" ]; then
  # One fork of each benchmark per round, FORKS rounds: autopool's and Stormpot's forks of a round run back to
  # back, so a load spike from other work on the machine hits both, and the ratio of a round survives it.
  JMH=(java -Djmh.ignoreLock=true -jar "${JAR:-benchmarks/target/benchmarks.jar}" -f 1 -wi "${WI:-3}" -i "${I:-3}"
       -w 1s -r 1s -prof gc ${SHAPES:+-p shape=$SHAPES})
  rm -f "$OUT"/hit-round-*.json
  for r in $(seq 1 "$FORKS"); do
    for t in 1 2; do
      "${JMH[@]}" -t "$t" -rf json -rff "$OUT/hit-round-$r-$t.json" \
        'dev.autopool.benchmarks.pool.PoolHitBenchmark.(autopool|stormpot)$' >/dev/null
    done
  done
  for f in "$OUT"/hit-round-*.json; do
    r=$(basename "$f" .json | cut -d- -f3)
    jq --arg round "$r" '[.[] | . + {round: $round}]' "$f"
  done | jq -rs '
    def med: sort | .[length / 2 | floor];
    def r2: . * 100 | round / 100;
    [ .[][] | { name: (.benchmark | split(".") | last), shape: .params.shape, threads: .threads, round: .round,
               mean: (.primaryMetric.score),
               bop: ((.secondaryMetrics["gc.alloc.rate.norm"] // .secondaryMetrics["·gc.alloc.rate.norm"]).score // null) } ]
    as $rows
    | def fork(n; s; t; r): ($rows[] | select(.name == n and .shape == s and .threads == t and .round == r) | .mean);
    [ $rows[] | select(.name == "autopool") | . as $a
      | $a + { storm: fork("stormpot"; $a.shape; $a.threads; $a.round),
               one: fork("autopool"; $a.shape; 1; $a.round) } ] as $pairs
    | ([$pairs[] | {shape, threads}] | unique) as $keys
    | "| shape | threads | autopool ns/op | Stormpot ns/op | autopool / Stormpot (per round) | median ratio | 2 threads per thread / 1 thread | autopool B/op (max) | forks each |",
      "|---|---|---|---|---|---|---|---|---|",
      ($keys[] | . as $k | [$pairs[] | select(.shape == $k.shape and .threads == $k.threads)] as $p
       | "| \($k.shape) | \($k.threads) | \([$p[].mean] | med | r2) | \([$p[].storm] | med | r2)"
         + " | \([$p[] | .mean / .storm | r2] | map(tostring) | join("/"))"
         + " | \([$p[] | .mean / .storm] | med | r2)"
         + " | \(if $k.threads == 1 then "-" else ([$p[] | .mean / .one] | med | r2 | tostring) end)"
         + " | \([$p[].bop] | max | . * 1000 | round / 1000) | \($p | length) |")
  ' | tee "$OUT/hit-forks.md"
  exit 0
fi
JMH=(java -Djmh.ignoreLock=true -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc)
"${JMH[@]}" -t 1 -rf text -rff "$OUT/hit-1-thread.txt" 'dev.autopool.benchmarks.pool.PoolHitBenchmark'
"${JMH[@]}" -t 2 -rf text -rff "$OUT/hit-2-threads.txt" 'dev.autopool.benchmarks.pool.PoolHitBenchmark'
"${JMH[@]}" -t 1 -rf text -rff "$OUT/shared-1-thread.txt" 'dev.autopool.benchmarks.pool.SharedPathHitBenchmark'
"${JMH[@]}" -t 2 -rf text -rff "$OUT/shared-2-threads.txt" 'dev.autopool.benchmarks.pool.SharedPathHitBenchmark'
"${JMH[@]}" -t 1 -rf text -rff "$OUT/zeroing.txt" 'dev.autopool.benchmarks.pool.PoolZeroingBenchmark'
grep -hE 'ns/op|alloc.rate.norm' "$OUT"/hit-1-thread.txt "$OUT"/hit-2-threads.txt "$OUT"/shared-*.txt "$OUT"/zeroing.txt
