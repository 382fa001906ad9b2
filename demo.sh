#!/usr/bin/env bash
# The README's first command: build what is needed, then run the sample apps without and with the agent and
# print what changed.
set -euo pipefail
cd "$(dirname "$0")"
mvn -q -B -DskipTests package
java -cp it-tests/target/classes dev.autopool.it.Demo .
