#!/usr/bin/env bash
# Cross-builds libmbedcrypto.a for one Cortex-M core from Debian's mbedtls source package (2.28, the same
# version as the host's libmbedtls-dev). Idempotent: the unpacked source and each core's library are cached
# under bsp/build/mbedtls/; nothing of mbedTLS is committed. Needs a deb-src line (.ci/run adds one) and
# dpkg-dev for `apt-get source`.
#   usage: mbedtls-target.sh <name> <cpu flags...>     e.g. mbedtls-target.sh m7 -mcpu=cortex-m7 -mfpu=fpv5-d16 -mfloat-abi=hard
set -euo pipefail
name=$1; shift
cpu_flags="$*"
here=$(cd "$(dirname "$0")/.." && pwd)
cache=$here/build/mbedtls
src=$cache/src
out=$cache/$name

if [ ! -f "$src/.unpacked" ]; then
  rm -rf "$src" && mkdir -p "$src"
  (cd "$src" && apt-get source --download-only mbedtls >/dev/null 2>&1) || {
    echo "bsp: 'apt-get source mbedtls' failed: add a deb-src line for Debian main (see .ci/run)" >&2; exit 2; }
  dsc=$(ls "$src"/mbedtls_*.dsc | head -1)
  (cd "$src" && dpkg-source -x --skip-patches "$(basename "$dsc")" tree >/dev/null 2>&1)
  touch "$src/.unpacked"
fi

# bump when the configuration below changes
config_rev=2
stamp="$out/.built-r$config_rev-$(echo "$cpu_flags" | tr -c 'a-zA-Z0-9\n' '_')"
if [ -f "$stamp" ] && [ -f "$out/lib/libmbedcrypto.a" ]; then
  exit 0
fi
rm -rf "$out" && mkdir -p "$out/lib" "$out/include"
work=$out/tree
cp -a "$src/tree" "$work"
# Bare-metal crypto only (no TLS, no file system, no OS entropy); built-in PSA keys need a platform hook.
python3 "$work/scripts/config.py" -f "$work/include/mbedtls/config.h" crypto_baremetal
python3 "$work/scripts/config.py" -f "$work/include/mbedtls/config.h" unset MBEDTLS_PSA_CRYPTO_BUILTIN_KEYS
# mbedTLS's heap on the boards is a static pool (c.heap.mbedtls in ram-budget.properties); the QEMU runs use
# the same allocator and report its high-water mark.
python3 "$work/scripts/config.py" -f "$work/include/mbedtls/config.h" set MBEDTLS_MEMORY_BUFFER_ALLOC_C
python3 "$work/scripts/config.py" -f "$work/include/mbedtls/config.h" set MBEDTLS_MEMORY_DEBUG
# Also build the HACL* Curve25519 that mbedTLS 2.28 ships in 3rdparty/everest, so the QEMU run can report it
# next to mbedtls_ecp (the natives stay on mbedtls_ecp). Everest needs the non-legacy ECDH context.
python3 "$work/scripts/config.py" -f "$work/include/mbedtls/config.h" set MBEDTLS_ECDH_VARIANT_EVEREST_ENABLED
python3 "$work/scripts/config.py" -f "$work/include/mbedtls/config.h" unset MBEDTLS_ECDH_LEGACY_CONTEXT
make -s -C "$work/library" libmbedcrypto.a CC=arm-none-eabi-gcc AR=arm-none-eabi-ar \
  CFLAGS="$cpu_flags -mthumb -O2 -ffunction-sections -fdata-sections" >/dev/null
cp "$work/library/libmbedcrypto.a" "$out/lib/"
cp -a "$work/include/." "$out/include/"
rm -rf "$work"
touch "$stamp"
