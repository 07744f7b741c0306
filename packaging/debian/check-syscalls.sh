#!/usr/bin/env bash
# Checks the unit's system call filter against what vigie calls: runs a first `serve --demo` (an
# initialisation, the demonstration's accounts, reports with files, editions, the KDF pools) and a few
# requests under `strace -f`, then lists every call the unit's SystemCallFilter= would refuse.
#
#     packaging/debian/check-syscalls.sh [path/to/vigie]      (needs strace, curl, systemd-analyze)
#
# Not run by CI (strace is not on a fresh machine); run it after changing the filter or upgrading the
# dependencies. Exit 1 when a call vigie made is refused.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")"
vigie="${1:-/usr/bin/vigie}"
unit="vigie.service"

# expand NAME: the system calls of a group (recursively), or the name itself.
expand() {
    if [[ "$1" == @* ]]; then
        systemd-analyze syscall-filter --no-pager "$1" | sed -e 's/#.*//' -e 's/^ *//' | tail -n +2 |
            while read -r item; do
                [ -n "$item" ] && expand "$item"
            done
    else
        echo "$1"
    fi
}

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
allowed="$work/allowed"
: >"$allowed"
denied="$work/denied"
: >"$denied"
while IFS='=' read -r key value; do
    [ "$key" = "SystemCallFilter" ] || continue
    if [[ "$value" == "~"* ]]; then
        for item in ${value#\~}; do expand "$item"; done >>"$denied"
    else
        for item in $value; do expand "$item"; done >>"$allowed"
    fi
done <"$unit"
sort -u "$allowed" -o "$allowed"
sort -u "$denied" -o "$denied"
comm -23 "$allowed" "$denied" >"$work/filter"

cat >"$work/vigie.toml" <<TOML
data_dir = "$work/data"
listen = "127.0.0.1:0"
TOML
# As root, vigie runs as another user, as under the unit: root would make SQLite chown its files.
as_user=()
if [ "$(id -u)" -eq 0 ]; then
    user="${VIGIE_CHECK_USER:-nobody}"
    as_user=(-u "$user")
    chmod 0755 "$work"
    install -d -m 0700 -o "$user" "$work/data"
fi
: >"$work/serve.log"
(
    umask 0077
    exec strace -f -qq "${as_user[@]}" -o "$work/trace" -- env -i NO_COLOR=1 \
        "$vigie" --config "$work/vigie.toml" serve --demo
) >"$work/serve.log" 2>&1 &
strace_pid=$!
addr=""
for _ in $(seq 600); do
    addr="$(sed -n 's|.*listening on http://||p' "$work/serve.log")"
    [ -n "$addr" ] && break
    kill -0 "$strace_pid" 2>/dev/null || break
    sleep 1
done
if [ -z "$addr" ]; then
    cat "$work/serve.log" >&2
    echo "vigie serve --demo did not start" >&2
    exit 1
fi
for path in /healthz /readyz / /signaler /suivi /aide /observatoire /en/observatoire /api/openapi.json \
    /espace/connexion; do
    curl -fsS -o /dev/null "http://${addr}${path}" || echo "GET ${path} failed" >&2
done
# strace -o blocks fatal signals: stop vigie itself (env has exec'd it), as systemctl stop would.
kill -TERM "$(pgrep -P "$strace_pid")"
wait "$strace_pid" || true

sed -n 's/^[0-9]\+ \+\([a-z_0-9]\+\)(.*/\1/p' "$work/trace" | sort -u >"$work/used"
echo "system calls used: $(wc -l <"$work/used")"
refused="$(comm -23 "$work/used" "$work/filter")"
if [ -n "$refused" ]; then
    echo "refused by ${unit}'s SystemCallFilter=:"
    echo "$refused"
    exit 1
fi
echo "every one is allowed by ${unit}'s SystemCallFilter="
