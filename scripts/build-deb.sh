#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make deb: builds dist/pidfdtrace-dkms_VERSION_all.deb and
# dist/pidfdtrace_VERSION_ARCH.deb from the tracked files of this tree, and
# runs lintian on both. debian/changelog is written here from VERSION, the
# one version of the project.

set -euo pipefail

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
version=$(cat VERSION)
build=.cache/deb
src=$build/pidfdtrace-$version

rm -rf "$build"
mkdir -p "$src" dist
if git rev-parse --git-dir >/dev/null 2>&1; then
	git ls-files -z | xargs -0 cp --parents -t "$src"
else
	cp -a Kbuild Makefile VERSION dkms.conf debian include module tools \
		"$src"
fi

cat >"$src/debian/changelog" <<CHANGELOG
pidfdtrace ($version) unstable; urgency=medium

  * pidfdtrace $version.

 -- pidfdtrace developers <pidfdtrace@lists.example.org>  $(date -R)
CHANGELOG

(cd "$src" && dpkg-buildpackage -b -us -uc --no-sign) >"$build/build.log" 2>&1 || {
	tail -n 40 "$build/build.log"
	echo "build-deb: dpkg-buildpackage failed; log: $build/build.log" >&2
	exit 1
}
rm -f dist/pidfdtrace*_"$version"_*.deb
mv "$build"/pidfdtrace*_"$version"_*.deb dist/
ls dist/pidfdtrace*_"$version"_*.deb
