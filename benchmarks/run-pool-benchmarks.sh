#!/usr/bin/env bash
# Reproduces the "Pools (JMH)" section of docs/benchmarks.md: exact-shape hits on 1 and 2 threads against
# Stormpot and Commons Pool2, the same hit through the shared stripes (the virtual-thread path), and zeroed
# borrows against the JVM's own `new`, 4 KiB to 64 MiB, with -prof gc.
# Short runs on purpose (shared machine); raise -wi/-i/-w/-r for steadier numbers.
#
# FORKS=5 benchmarks/run-pool-benchmarks.sh runs only the hit path the issue's bar is about
# (PoolHitBenchmark autopool vs Stormpot, 1 and 2 threads), FORKS forks each in one JMH run per thread count,
# and prints per (shape, threads) the median over forks of each fork's mean, the ratio to Stormpot, two threads
# per thread over one thread, and B/op (needs jq). WI/I set warm-up/measurement iterations (3/3), SHAPES (e.g.
# 1024) limits the shapes, SKIP_BUILD=1 uses the jar as built.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${SKIP_BUILD:-}" != 1 ]; then
  mvn -q -pl benchmarks -am package -DskipTests
fi
OUT=benchmarks/target/pool-benchmarks
mkdir -p "$OUT"
if [ -n "${FORKS:-}" ]; then
  JMH=(java -Djmh.ignoreLock=true -jar benchmarks/target/benchmarks.jar -f "$FORKS" -wi "${WI:-3}" -i "${I:-3}"
       -w 1s -r 1s -prof gc ${SHAPES:+-p shape=$SHAPES})
  for t in 1 2; do
    "${JMH[@]}" -t "$t" -rf json -rff "$OUT/hit-forks-$t.json" 'dev.autopool.benchmarks.pool.PoolHitBenchmark.(autopool|stormpot)$' >/dev/null
  done
  jq -rs '
    [ .[][] | { name: (.benchmark | split(".") | last), shape: .params.shape, threads: .threads,
               median: ([.primaryMetric.rawData[] | add / length] | sort | .[length / 2 | floor]),
               forks: (.primaryMetric.rawData | length),
               bop: ((.secondaryMetrics["gc.alloc.rate.norm"] // .secondaryMetrics["·gc.alloc.rate.norm"]).score // null) } ] as $rows
    | def m(n; s; t): ($rows[] | select(.name == n and .shape == s and .threads == t) | .median);
    "| shape | threads | autopool ns/op | Stormpot ns/op | autopool / Stormpot | per thread vs 1 thread | autopool B/op | forks |",
    "|---|---|---|---|---|---|---|---|",
    ($rows[] | select(.name == "autopool") | . as $r
     | "| \($r.shape) | \($r.threads) | \($r.median * 100 | round / 100) | \(m("stormpot"; $r.shape; $r.threads) * 100 | round / 100)"
       + " | \($r.median / m("stormpot"; $r.shape; $r.threads) * 100 | round / 100)"
       + " | \($r.median / m("autopool"; $r.shape; 1) * 100 | round / 100)"
       + " | \(if $r.bop == null then "n/a" else ($r.bop * 1000 | round / 1000) end) | \($r.forks) |")
  ' "$OUT"/hit-forks-1.json "$OUT"/hit-forks-2.json | tee "$OUT/hit-forks.md"
  exit 0
fi
JMH=(java -Djmh.ignoreLock=true -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc)
"${JMH[@]}" -t 1 -rf text -rff "$OUT/hit-1-thread.txt" 'dev.autopool.benchmarks.pool.PoolHitBenchmark'
"${JMH[@]}" -t 2 -rf text -rff "$OUT/hit-2-threads.txt" 'dev.autopool.benchmarks.pool.PoolHitBenchmark'
"${JMH[@]}" -t 1 -rf text -rff "$OUT/shared-1-thread.txt" 'dev.autopool.benchmarks.pool.SharedPathHitBenchmark'
"${JMH[@]}" -t 2 -rf text -rff "$OUT/shared-2-threads.txt" 'dev.autopool.benchmarks.pool.SharedPathHitBenchmark'
"${JMH[@]}" -t 1 -rf text -rff "$OUT/zeroing.txt" 'dev.autopool.benchmarks.pool.PoolZeroingBenchmark'
grep -hE 'ns/op|alloc.rate.norm' "$OUT"/hit-1-thread.txt "$OUT"/hit-2-threads.txt "$OUT"/shared-*.txt "$OUT"/zeroing.txt
