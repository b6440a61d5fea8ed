#!/bin/sh
# SPDX-License-Identifier: GPL-3.0-or-later
# Runs a test inside a D-Bus session of its own with a fresh, unlocked GNOME keyring, as on a
# desktop, so the key store's keyring path is tested for real and never touches the user's keyring.
# Missing tools fail the test rather than skip it: test.sh installs them (debian-packages.txt).
set -eu
for tool in dbus-run-session gnome-keyring-daemon; do
    command -v "$tool" >/dev/null || {
        echo "with-keyring: $tool is missing (packages dbus-daemon, gnome-keyring)" >&2
        exit 1
    }
done
home=$(mktemp -d)
trap 'rm -rf "$home"' EXIT
export HOME="$home" XDG_DATA_HOME="$home/share" XDG_CACHE_HOME="$home/cache" XDG_CONFIG_HOME="$home/config"
export XDG_RUNTIME_DIR="$home/run"
mkdir -p "$XDG_RUNTIME_DIR" && chmod 700 "$XDG_RUNTIME_DIR"
# A password on stdin creates and unlocks the login keyring the Secret Service writes to.
dbus-run-session -- sh -c 'printf test-only | gnome-keyring-daemon --unlock --components=secrets >/dev/null && "$@"' \
    sh "$@"
