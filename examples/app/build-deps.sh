#!/bin/sh
# Builds every dependency listed in $1 into directory $2: the stand-in for `npm ci` / `pip install`.
# The work is real (a deterministic source stream per dependency, compressed with bzip2 -9 and hashed),
# so the step takes seconds on a cold build and is what the registry cache saves.
set -eu
manifest=$1
out=$2
mkdir -p "$out"
grep -v '^#' "$manifest" | while read -r name version; do
  [ -n "$name" ] || continue
  started=$(date +%s)
  yes "$name@$version" | head -c 20000000 | bzip2 -9 > "$out/$name-$version.bz2"
  (cd "$out" && sha256sum "$name-$version.bz2" >> SHA256SUMS)
  echo "built $name $version in $(( $(date +%s) - started ))s"
done
