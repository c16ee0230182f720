#!/usr/bin/env bash
# ctest package_deb: runs `cpack -G DEB` on a build tree into a temporary directory and checks
# the package's file list, conffiles and control fields with dpkg-deb.
# Usage: package_test.sh BUILD_DIR CPACK HAVE_MCASTD(0|1)
set -euo pipefail
build="$1" cpack="$2" have_mcastd="${3:-1}"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

if ! "$cpack" --config "$build/CPackConfig.cmake" -G DEB -B "$tmp" >"$tmp/cpack.log" 2>&1; then
  echo "package_test: cpack failed:" >&2
  cat "$tmp/cpack.log" >&2
  exit 1
fi
debs=("$tmp"/*.deb)
[[ ${#debs[@]} -eq 1 && -f "${debs[0]}" ]] || { echo "package_test: expected one .deb in $tmp" >&2; ls -l "$tmp" >&2; exit 1; }
deb="${debs[0]}"

dpkg-deb -c "$deb" | awk '{print $NF}' >"$tmp/files"
want=(./usr/sbin/mcastctl ./usr/share/man/man8/mcastd.8 ./usr/share/man/man8/mcastctl.8
      ./lib/systemd/system/mcastd.service ./etc/mcastd/mcastd.conf)
[[ "$have_mcastd" == 1 ]] && want+=(./usr/sbin/mcastd)
fail=0
for f in "${want[@]}"; do
  if ! grep -qxF "$f" "$tmp/files"; then
    echo "package_test: $f missing from $(basename "$deb")" >&2
    fail=1
  fi
done
# Nothing else that is a file: the lab tool and test binaries stay out of the daemon package.
extra="$(grep -v '/$' "$tmp/files" | grep -vxF -f <(printf '%s\n' "${want[@]}" ./usr/sbin/mcastd) || true)"
if [[ -n "$extra" ]]; then
  echo "package_test: unexpected files in the package:" >&2
  echo "$extra" >&2
  fail=1
fi

[[ "$(dpkg-deb -f "$deb" Package)" == mcastd ]] || { echo "package_test: Package is not mcastd" >&2; fail=1; }
mkdir "$tmp/ctrl"
dpkg-deb -e "$deb" "$tmp/ctrl"
if ! grep -qxF /etc/mcastd/mcastd.conf "$tmp/ctrl/conffiles" 2>/dev/null; then
  echo "package_test: /etc/mcastd/mcastd.conf is not a conffile" >&2
  fail=1
fi
# The packaged binaries run (they link only what Depends: names).
mkdir "$tmp/root"
dpkg-deb -x "$deb" "$tmp/root"
if ! "$tmp/root/usr/sbin/mcastctl" --version | grep -q '^mcastctl '; then
  echo "package_test: packaged mcastctl does not run" >&2
  fail=1
fi
[[ $fail -eq 0 ]] && echo "package_test: $(basename "$deb") ok ($(grep -vc '/$' "$tmp/files") files)"
exit "$fail"
