#!/usr/bin/env bash
# The Windows smoke suite: builds kundreg.exe and the test's helper with Debian's packages,
# prepares a Wine prefix whose C:\kundreg holds them, and runs tests/wine.rs against the .exe.
# Run from anywhere; as root it installs what is missing, otherwise it says what to install.
set -euo pipefail
cd "$(dirname "$0")/../.."
packages=(wine64 rustc-web cargo-web rust-web-src binutils-mingw-w64-x86-64 gcc-mingw-w64-x86-64)
missing=()
for package in "${packages[@]}"; do
    dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
if ((${#missing[@]})); then
    if [[ $(id -u) != 0 ]]; then
        echo "The Wine suite needs: apt-get install ${missing[*]}" >&2
        exit 1
    fi
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# Debian's Rust builds the standard library for Windows from its source (rust-web-src).
windows_cargo() {
    PATH=/usr/bin:$PATH RUSTC=/usr/bin/rustc RUSTC_BOOTSTRAP=1 /usr/bin/cargo build \
        -Zbuild-std=std,panic_abort --target x86_64-pc-windows-gnu --target-dir target/windows "$@"
}
windows_cargo --bin kundreg
windows_cargo --manifest-path tests/wine/hold_open/Cargo.toml

# One prefix, kept between runs under target/; no Mono or Gecko, no debug chatter.
export WINEPREFIX=$PWD/target/wine WINEARCH=win64 WINEDEBUG=-all
# Wine 8 lacks ProcessPrng, which Rust's standard library calls: the test-only DLL beside the
# .exe stands in for the system's.
export WINEDLLOVERRIDES="mscoree,mshtml=;bcryptprimitives=n,b"
[[ -d $WINEPREFIX/drive_c ]] || wine wineboot --init >/dev/null 2>&1
trap 'wineserver -k >/dev/null 2>&1 || true' EXIT
programs=$WINEPREFIX/drive_c/kundreg
mkdir -p "$programs"
cp target/windows/x86_64-pc-windows-gnu/debug/{kundreg,hold_open}.exe "$programs/"
x86_64-w64-mingw32-gcc -shared -O2 -o "$programs/bcryptprimitives.dll" \
    tests/wine/process_prng.c -ladvapi32

cargo test --test wine -- --ignored
