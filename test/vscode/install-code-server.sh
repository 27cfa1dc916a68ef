#!/usr/bin/env bash
# Installs code-server (VS Code 1.100.3 in a browser) from the npm registry into a cache folder, with Debian's ripgrep instead of a downloaded one.
# Usage: install-code-server.sh CACHE_DIR. Needs Debian's libkrb5-dev and ripgrep (.ci/run installs them); re-runs are instant.
set -euo pipefail

version=4.100.3
cache="${1:?usage: install-code-server.sh CACHE_DIR}"
mkdir -p "$cache"
dir="$(cd "$cache" && pwd)/code-server-$version"
if [ -f "$dir/.installed" ]; then
  echo "code-server $version is installed in $dir"
  exit 0
fi
for needed in /usr/bin/rg /usr/bin/krb5-config; do
  if [ ! -x "$needed" ]; then
    echo "install-code-server: $needed is missing: apt-get install -y --no-install-recommends libkrb5-dev ripgrep" >&2
    exit 1
  fi
done

rm -rf "$dir"
mkdir -p "$dir"
cd "$dir"
npm_quiet=(--omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error)

echo "code-server $version: unpacking the npm package"
npm pack "code-server@$version" --silent >/dev/null
tar -xzf "code-server-$version.tgz"
rm "code-server-$version.tgz"

echo "code-server $version: installing VS Code's modules"
cd package/lib/vscode
npm install "${npm_quiet[@]}"
# @vscode/ripgrep's install script would download a binary: Debian's does the same job.
mkdir -p node_modules/@vscode/ripgrep/bin
ln -sf /usr/bin/rg node_modules/@vscode/ripgrep/bin/rg
# Builds the native modules against the machine's Node headers. npm exits 1 after building them (node-pty's
# post-install step wants to download node-gyp), so success is judged by the files below. @parcel/watcher ships
# its binary in an npm package and needs no build.
npm rebuild node-pty @parcel/watcher @vscode/spdlog native-watchdog kerberos @vscode/deviceid >rebuild.log 2>&1 || true
for binary in node-pty/build/Release/pty.node @vscode/spdlog/build/Release/spdlog.node native-watchdog/build/Release/watchdog.node \
  kerberos/build/Release/kerberos.node @parcel/watcher-linux-x64-glibc/watcher.node; do
  if [ ! -f "node_modules/$binary" ]; then
    cat rebuild.log >&2
    echo "install-code-server: the native module node_modules/$binary is missing" >&2
    exit 1
  fi
done
ln -sfn node_modules node_modules.asar

echo "code-server $version: installing the built-in extensions' modules"
cd extensions
npm install "${npm_quiet[@]}"
node ./postinstall.mjs >/dev/null

echo "code-server $version: installing the server's modules"
cd ../../..
npm install "${npm_quiet[@]}"
npm rebuild argon2 >/dev/null

touch "$dir/.installed"
echo "code-server $version is installed in $dir"
