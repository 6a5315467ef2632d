#!/usr/bin/env bash
# Entry point of `mvn verify` for bsp/ (bsp/pom.xml): runs `make -C bsp check` if the C tool chain is here.
# Missing tools: a failure when TAILNODE_BSP_REQUIRED=1 (CI, set by .ci/run), otherwise a skip with the list.
set -uo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
missing=()
for tool in gcc make python3 arm-none-eabi-gcc arm-none-eabi-size qemu-system-arm dpkg-source apt-get timeout; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
[ -f /usr/include/mbedtls/chachapoly.h ] || missing+=("libmbedtls-dev")
arm-none-eabi-gcc -print-file-name=rdimon.specs 2>/dev/null | grep -q / || missing+=("libnewlib-arm-none-eabi")
# mbedTLS for the targets comes from Debian's source package unless already unpacked under bsp/build
if [ ! -f "$here/build/mbedtls/src/.unpacked" ] && command -v apt-cache >/dev/null 2>&1 \
    && ! apt-cache showsrc mbedtls 2>/dev/null | grep -q '^Package: mbedtls'; then
  missing+=("deb-src line for mbedtls (apt-get source)")
fi
if [ ${#missing[@]} -gt 0 ]; then
  what="missing: ${missing[*]} (Debian: gcc-arm-none-eabi libnewlib-arm-none-eabi qemu-system-arm libmbedtls-dev dpkg-dev, and a deb-src line; .ci/run installs them)"
  if [ "${TAILNODE_BSP_REQUIRED:-0}" = "1" ]; then
    echo "bsp: FAILED (TAILNODE_BSP_REQUIRED=1), $what" >&2
    exit 1
  fi
  echo "bsp: SKIPPED, $what"
  exit 0
fi
start=$(date +%s)
make -C "$here" --no-print-directory -s check
rc=$?
echo "bsp: make check took $(( $(date +%s) - start )) s (exit $rc); report in bsp/build/report.txt"
exit $rc
