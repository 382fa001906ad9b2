#!/usr/bin/env bash
# Reproduces the "Pools (JMH)" section of docs/benchmarks.md: exact-shape hits on 1 and 2 threads against
# Stormpot and Commons Pool2, the same hit through the shared stripes (the virtual-thread path), and zeroed
# borrows against the JVM's own `new`, 4 KiB to 64 MiB, with -prof gc.
# Short runs on purpose (shared machine); raise -wi/-i/-w/-r for steadier numbers.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -pl benchmarks -am package -DskipTests
JMH=(java -Djmh.ignoreLock=true -jar benchmarks/target/benchmarks.jar -f 1 -wi 2 -i 3 -w 1s -r 1s -prof gc)
OUT=benchmarks/target/pool-benchmarks
mkdir -p "$OUT"
"${JMH[@]}" -t 1 -rf text -rff "$OUT/hit-1-thread.txt" 'dev.autopool.benchmarks.pool.PoolHitBenchmark'
"${JMH[@]}" -t 2 -rf text -rff "$OUT/hit-2-threads.txt" 'dev.autopool.benchmarks.pool.PoolHitBenchmark'
"${JMH[@]}" -t 1 -rf text -rff "$OUT/shared-1-thread.txt" 'dev.autopool.benchmarks.pool.SharedPathHitBenchmark'
"${JMH[@]}" -t 2 -rf text -rff "$OUT/shared-2-threads.txt" 'dev.autopool.benchmarks.pool.SharedPathHitBenchmark'
"${JMH[@]}" -t 1 -rf text -rff "$OUT/zeroing.txt" 'dev.autopool.benchmarks.pool.PoolZeroingBenchmark'
grep -hE 'ns/op|alloc.rate.norm' "$OUT"/hit-1-thread.txt "$OUT"/hit-2-threads.txt "$OUT"/shared-*.txt "$OUT"/zeroing.txt
