#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Test: builds the .deb with cpack from the build directory and checks what it installs and what it
# depends on. Usage: check-deb.sh BUILD_DIR
set -euo pipefail
build=$1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
cpack -G DEB -B "$out" --config "$build/CPackConfig.cmake" > "$out/cpack.log" 2>&1 || { cat "$out/cpack.log"; exit 1; }
deb=$(ls "$out"/*.deb)
contents=$(dpkg-deb -c "$deb")
for path in ./usr/bin/stackatlas ./usr/share/stackatlas/default-data.sqlite \
    ./usr/share/applications/io.github.stackatlas.StackAtlas.desktop \
    ./usr/share/metainfo/io.github.stackatlas.StackAtlas.metainfo.xml \
    ./usr/share/icons/hicolor/scalable/apps/io.github.stackatlas.StackAtlas.svg \
    ./usr/share/icons/hicolor/256x256/apps/io.github.stackatlas.StackAtlas.png \
    ./usr/lib/systemd/user/stackatlas-collect.service ./usr/lib/systemd/user/stackatlas-collect.timer; do
    grep -q " $path\$" <<<"$contents" || { echo "missing from the .deb: $path"; echo "$contents"; exit 1; }
done
depends=$(dpkg-deb -f "$deb" Depends)
for dep in libqt6charts6 libqt6widgets6 libcurl4 libigraph3 libsqlite3-0 libqt6keychain1 qt6-qpa-plugins; do
    grep -q "$dep" <<<"$depends" || { echo "Depends lacks $dep: $depends"; exit 1; }
done
# Nothing from the build tree leaks into the package (tests, benchmarks, build tools).
if grep -E "tst_|bench_|rendericon" <<<"$contents"; then echo "build artefacts in the .deb"; exit 1; fi
# The units start the binary the package installs, and the package enables nothing by itself.
grep -q '^ExecStart=/usr/bin/stackatlas alerts check --notify$' < <(dpkg-deb --fsys-tarfile "$deb" |
    tar -xO ./usr/lib/systemd/user/stackatlas-collect.service) || { echo "the service does not run /usr/bin/stackatlas"; exit 1; }
if dpkg-deb -e "$deb" "$out/control" && ls "$out/control" | grep -qE '^(postinst|preinst)$'; then
    echo "the .deb has maintainer scripts: nothing may be enabled at install"; exit 1
fi
# The installed layout works on its own: unpacked into a private root, the binary finds its
# default data under ../share/stackatlas and writes a report headless.
root="$out/root"
dpkg-deb -x "$deb" "$root"
version=$(QT_QPA_PLATFORM=offscreen "$root/usr/bin/stackatlas" --version)
grep -q "0.1.0" <<<"$version" || { echo "unexpected --version: $version"; exit 1; }
env -u STACKATLAS_DEFAULT_DATA HOME="$out/home" XDG_DATA_HOME="$out/home/share" STACKATLAS_CACHE="$out/cache.sqlite" \
    QT_QPA_PLATFORM=offscreen "$root/usr/bin/stackatlas" report --out "$out/report.pdf" > "$out/report.log" 2>&1 ||
    { cat "$out/report.log"; exit 1; }
grep -q "aws-price-list" <(pdftotext "$out/report.pdf" - 2>/dev/null) ||
    { echo "the installed copy did not find its default data"; exit 1; }
echo "ok: $(basename "$deb"), $(wc -l <<<"$contents") entries; Depends: $depends"
