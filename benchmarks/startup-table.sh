#!/usr/bin/env bash
# The start-up table of docs/benchmarks.md: a generated package of CLASSES classes (default 120) under one
# `arrays scope.**` rule, loaded and run once. Each class has a run-time-sized local buffer handed to a helper of
# the next class (pooled, released automatically once the helper is linked: preloaded at the caller's definition, or
# by the relink), a constant 64x64 plane used locally
# (pooled), a plane it returns and an array it keeps in a field (both stay plain), and eight methods without any
# array. Variants, interleaved, N runs each: no agent; agent with `auto-release=off`; on; on with a cold verdict
# cache (a fresh `cache=` directory each run); on with a warm one (the same directory every run, filled first).
# The agent's figures are its AGENT-STATS line (log=debug): wall time inside transform(), the transforming threads'
# CPU time and allocated bytes there (ThreadMXBean, summed over calls); the cache's hit counts at the end. The wall
# time is summed over threads, so a rewrite waiting for a callee another thread preloads (and rewrites) counts both;
# runMs, the whole JVM's wall time from this script, is the one to compare for elapsed time. The app prints its main thread's allocated bytes and a checksum (same in every variant).
# Run after `mvn -o -pl agent -am package -DskipTests`; AGENT_JAR picks another agent jar. BEFORE_JAR=other.jar
# interleaves that jar's variants (named b-off, b-on, b-cold, b-warm, with a warm cache of their own) in the same
# rounds, for a before/after table from one run.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
N=${N:-5}
CLASSES=${CLASSES:-120}
AGENT=${AGENT_JAR:-$ROOT/agent/target/autopool-agent.jar}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/src/scope" "$WORK/classes"
for ((i = 0; i < CLASSES; i++)); do
  next=$(((i + 1) % CLASSES))
  cat >"$WORK/src/scope/C$i.java" <<JAVA
package scope;

public final class C$i {
    private int[] kept;
    private final String name = "c$i";

    public static double work(int n) {
        float[] buf = new float[n];
        for (int k = 0; k < buf.length; k++) buf[k] = k * 0.5f + $i;
        return sum(buf) + C$next.peek(buf);
    }

    public static double grid() {
        float[][] g = new float[64][64];
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) g[y][x] = x + y + $i;
        return sum(g[7]) + g[63][63];
    }

    static float sum(float[] a) {
        float s = 0;
        for (float v : a) s += v;
        return s;
    }

    public static float peek(float[] a) {
        return a[a.length / 2];
    }

    public float[][] plane(int h, int w) {
        return new float[h][w];
    }

    public int keep() {
        kept = new int[4096];
        return kept.length;
    }

    public String name() { return name; }
    public int hash() { return name.hashCode() * 31 + $i; }
    public long mix(long a, long b) { return (a * 6364136223846793005L + b) ^ (a >>> 17); }
    public int clamp(int v, int lo, int hi) { return v < lo ? lo : v > hi ? hi : v; }
    public double lerp(double a, double b, double t) { return a + (b - a) * t; }
    public String describe(int k) {
        StringBuilder b = new StringBuilder(name);
        for (int j = 0; j < k; j++) b.append(':').append(j);
        return b.toString();
    }
    public boolean same(Object o) { return o instanceof C$i c && c.name.equals(name); }
    @Override public String toString() { return "C$i[" + name + "]"; }
}
JAVA
done
{
  echo 'package scope;'
  echo 'public final class Main { public static void main(String[] a) { double t = 0;'
  for ((i = 0; i < CLASSES; i++)); do
    echo "  t += C$i.work(4096) + C$i.grid() + new C$i().keep() + new C$i().plane(2, 2).length + new C$i().describe(3).length();"
  done
  echo '  com.sun.management.ThreadMXBean m = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();'
  echo '  System.out.println("checksum " + t + " mainAllocKB " + m.getCurrentThreadAllocatedBytes() / 1024); } }'
} >"$WORK/src/scope/Main.java"
javac -d "$WORK/classes" "$WORK"/src/scope/*.java
printf 'arrays scope.** min-bytes=4k\n' >"$WORK/rules.conf"
CP=(-cp "$WORK/classes")
out="$WORK/out"
warm="$WORK/warm-cache"
run() { # variant, agent args or empty, agent jar (default AGENT)
  local v=$1 args=$2 jar=${3:-$AGENT} line t0 t1
  t0=$(date +%s%N)
  if [ "$args" = none ]; then
    line=$(java "${CP[@]}" scope.Main 2>&1)
  else
    line=$(java "-javaagent:$jar=config=$WORK/rules.conf,log=debug$args" "${CP[@]}" scope.Main 2>&1)
  fi
  t1=$(date +%s%N)
  local sum alloc ms kb cpu
  sum=$(grep -o 'checksum [^ ]*' <<<"$line" | cut -d' ' -f2)
  alloc=$(grep -o 'mainAllocKB [0-9]*' <<<"$line" | cut -d' ' -f2)
  ms=$(grep -o 'transformMs=[0-9.]*' <<<"$line" | cut -d= -f2 || true)
  kb=$(grep -o 'allocKB=[0-9]*' <<<"$line" | cut -d= -f2 || true)
  cpu=$(grep -o 'cpuMs=[0-9]*' <<<"$line" | cut -d= -f2 || true)
  echo "$v ${ms:-0} ${kb:-0} ${alloc:-?} ${sum:-?} ${cpu:-0} $(((t1 - t0) / 1000000))" >>"$out"
  grep -o 'autopool CACHE.*' <<<"$line" | sed "s/^/$v: /" >>"$WORK/cache-lines" || true
}
run warmup-fill ",cache=$warm"
BEFORE=${BEFORE_JAR:-}
[ -n "$BEFORE" ] && run warmup-fill-before ",cache=$warm-before" "$BEFORE"
: >"$out"
for r in $(seq "$N"); do
  run none none
  run off ",auto-release=off"
  run on ""
  rm -rf "$WORK/cold"
  run cold ",cache=$WORK/cold"
  run warm ",cache=$warm"
  if [ -n "$BEFORE" ]; then
    run b-off ",auto-release=off" "$BEFORE"
    run b-on "" "$BEFORE"
    rm -rf "$WORK/cold"
    run b-cold ",cache=$WORK/cold" "$BEFORE"
    run b-warm ",cache=$warm-before" "$BEFORE"
  fi
done
median() { sort -n | awk '{ v[NR] = $1 } END { printf "%s", v[int((NR + 1) / 2)] }'; }
echo "classes=$CLASSES N=$N java=$(java -version 2>&1 | head -1)"
printf '%-6s %8s %12s %10s %12s %14s  %s\n' variant runMs transformMs cpuMs agentAllocKB mainThreadKB checksums
for v in none off on cold warm ${BEFORE:+b-off b-on b-cold b-warm}; do
  printf '%-6s %8s %12s %10s %12s %14s  %s\n' "$v" "$(grep "^$v " "$out" | awk '{print $7}' | median)" \
    "$(grep "^$v " "$out" | awk '{print $2}' | median)" \
    "$(grep "^$v " "$out" | awk '{print $6}' | median)" \
    "$(grep "^$v " "$out" | awk '{print $3}' | median)" "$(grep "^$v " "$out" | awk '{print $4}' | median)" \
    "$(grep "^$v " "$out" | awk '{print $5}' | sort -u | tr '\n' ' ')"
done
grep -E '^(b-)?(cold|warm):' "$WORK/cache-lines" | sed 's/dir=[^ ]* //' | sort | uniq -c
