#!/usr/bin/env bash
# Regenerates the java/javax API stubs from platform-config/api/microej-api.txt (run after editing the allowlist).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
mvn -q -o -pl platform-config/api-gate -am compile 2>/dev/null || mvn -q -pl platform-config/api-gate -am compile
src=platform-config/api-stubs/src/main/java
rm -rf "$src/java" "$src/javax"
java -cp platform-config/api-gate/target/classes:"$(ls ~/.m2/repository/org/ow2/asm/asm/*/asm-*.jar | head -1)" \
  io.tailnode.gate.StubGenerator platform-config/api/microej-api.txt "$src"
