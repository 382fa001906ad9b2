#!/usr/bin/env bash
# The sample decoder's benchmark: this decoder against JDK ImageIO on the same large files, single-threaded, and this
# decoder on one and two threads. Prints the RESULT lines; docs/benchmarks.md records a run.
# Usage: sample-app/bench/decoder-bench.sh [DIR] [REPEAT]   (needs `mvn -DskipTests package` first; uses cjpeg if present)
set -euo pipefail
cd "$(dirname "$0")/../.."
dir=${1:-target/decoder-bench}
repeat=${2:-5}
jar=sample-app/target/autopool-sample.jar
if [ ! -f "$dir/imageio-4000x3000.jpg" ]; then
  java sample-app/bench/GenerateImages.java "$dir" 4000 3000
  if command -v cjpeg >/dev/null; then
    cjpeg -quality 90 -outfile "$dir/cjpeg-4000x3000.jpg" "$dir/picture.ppm"
    cjpeg -quality 90 -progressive -outfile "$dir/cjpeg-progressive-4000x3000.jpg" "$dir/picture.ppm"
  fi
  rm -f "$dir/picture.ppm"
fi
run() { echo "# $*"; java -Xms2g -Xmx2g -jar "$jar" bench "$dir" --repeat "$repeat" --warmup 2 "$@" | grep '^RESULT'; }
for round in 1 2; do
  run --threads 1 --reader imageio
  run --threads 1
  run --threads 2
done
