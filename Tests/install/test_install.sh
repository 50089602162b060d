#!/usr/bin/env bash
# Tools/install into a DESTDIR installs exactly the expected files, and --uninstall removes
# exactly them (and the folders it created), nothing else; an existing configuration is never
# overwritten, and an edited one survives --uninstall.
# Binaries: $LEARND_BIN_DIR (Tools/test sets it to the debug build), else `swift build`;
# generate-manual is built there too when missing, so man pages are covered.
# Last line: "N passed, M failed"; exit status 1 if any failed.
set -uo pipefail
repo="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$repo"
export SWIFT_BACKTRACE=enable=no
passed=0 failed=0
check() { # DESCRIPTION COMMAND...
    local what="$1"; shift
    if "$@"; then echo "PASS $what"; passed=$((passed + 1)); else echo "FAIL $what"; failed=$((failed + 1)); fi
}

bin="${LEARND_BIN_DIR:-}"
if [ -z "$bin" ]; then
    swift build --product learnd >&2 && swift build --product learnctl >&2 || { echo "FAIL swift build"; echo "0 passed, 1 failed"; exit 1; }
    bin="$(swift build --show-bin-path)"
fi
if [ ! -x "$bin/generate-manual" ]; then
    # The man page generator of swift-argument-parser, built into the same folder.
    scratch="$(dirname "$(dirname "$bin")")"   # .build/<triple>/debug -> .build
    [ -d "$scratch/checkouts" ] || scratch="$(dirname "$bin")"
    swift build --scratch-path "$scratch" --product generate-manual >&2 || true
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
install_to() { # DESTDIR [ARGS...]: install with the prebuilt binaries, output in $tmp/out
    local dest="$1"; shift
    Tools/install --bin-dir "$bin" --destdir "$dest" "$@" > "$tmp/out" 2>&1
}
quiet() { "$@" > /dev/null 2>&1; }
tree() { (cd "$1" && find . -mindepth 1 \( -type f -o -type l \) | sed 's|^\./|/|' | sort); }
dirs() { (cd "$1" && find . -mindepth 1 -type d | sed 's|^\./|/|' | sort); }

expected_usr_local="/etc/learnd/learnd.toml
/usr/local/bin/learnctl
/usr/local/bin/learnd
/usr/local/lib/systemd/catalog/learnd.catalog
/usr/local/lib/systemd/system/learnd-control.socket
/usr/local/lib/systemd/system/learnd-control@.socket
/usr/local/lib/systemd/system/learnd-metrics-http.socket
/usr/local/lib/systemd/system/learnd-metrics.service
/usr/local/lib/systemd/system/learnd-metrics.timer
/usr/local/lib/systemd/system/learnd.service
/usr/local/lib/systemd/system/learnd.socket
/usr/local/lib/systemd/system/learnd@.service
/usr/local/lib/systemd/system/learnd@.socket
/usr/local/lib/sysusers.d/learnd.conf
/usr/local/share/bash-completion/completions/learnctl
/usr/local/share/bash-completion/completions/learnd
/usr/local/share/fish/vendor_completions.d/learnctl.fish
/usr/local/share/fish/vendor_completions.d/learnd.fish
/usr/local/share/learnd/install-manifest
/usr/local/share/learnd/learnd.rules.yml
/usr/local/share/man/man1/learnctl.1
/usr/local/share/man/man1/learnd.1
/usr/local/share/zsh/site-functions/_learnctl
/usr/local/share/zsh/site-functions/_learnd"

# 1. A fresh DESTDIR, PREFIX=/usr/local: exactly the listed files.
d1="$tmp/d1"
check "install into an empty DESTDIR succeeds" install_to "$d1"
[ "$(tree "$d1")" = "$expected_usr_local" ] || { echo "  got:"; tree "$d1" | sed 's/^/    /'; diff <(echo "$expected_usr_local") <(tree "$d1") | sed 's/^/    /'; }
check "exactly the listed files are installed" [ "$(tree "$d1")" = "$expected_usr_local" ]
manifest="$d1/usr/local/share/learnd/install-manifest"
listed="$( (awk '$1 == "f" || $1 == "c" { print $2 }' "$manifest"; echo /usr/local/share/learnd/install-manifest) | sort)"
check "the manifest lists every installed file" [ "$listed" = "$expected_usr_local" ]
check "the manifest lists every folder it created" \
    [ "$(awk '$1 == "d" { print $2 }' "$manifest" | sort)" = "$(dirs "$d1")" ]
check "learnd.service: ExecStart=/usr/local/bin/learnd serve" grep -qx 'ExecStart=/usr/local/bin/learnd serve' "$d1/usr/local/lib/systemd/system/learnd.service"
check "binaries are executable (0755)" [ "$(stat -c %a "$d1/usr/local/bin/learnd" "$d1/usr/local/bin/learnctl" | sort -u)" = 755 ]
check "the installed learnd runs" quiet "$d1/usr/local/bin/learnd" --version
check "the installed learnd.toml is Units/learnd.toml" cmp -s "$d1/etc/learnd/learnd.toml" Units/learnd.toml
check "the installed learnd.toml loads" quiet "$d1/usr/local/bin/learnd" config --config "$d1/etc/learnd/learnd.toml"
check "the units are the repository's (but for ExecStart)" \
    cmp -s <(grep -v '^ExecStart=' Units/learnd.service) <(grep -v '^ExecStart=' "$d1/usr/local/lib/systemd/system/learnd.service")
check "learnd-metrics.service: ExecStart=/usr/local/bin/learnctl metrics ..." \
    grep -qx 'ExecStart=/usr/local/bin/learnctl metrics --socket /run/learnd/control.sock -o /var/lib/prometheus/node-exporter/learnd.prom' \
    "$d1/usr/local/lib/systemd/system/learnd-metrics.service"
check "the catalog, timer, HTTP socket and rules are the repository's" bash -c "cmp -s Units/learnd.catalog '$d1/usr/local/lib/systemd/catalog/learnd.catalog' \
    && cmp -s Units/learnd-metrics.timer '$d1/usr/local/lib/systemd/system/learnd-metrics.timer' \
    && cmp -s Units/learnd-metrics-http.socket '$d1/usr/local/lib/systemd/system/learnd-metrics-http.socket' \
    && cmp -s Units/learnd.rules.yml '$d1/usr/local/share/learnd/learnd.rules.yml'"
check "bash completion parses" bash -n "$d1/usr/local/share/bash-completion/completions/learnd"
check "man page learnd(1)" grep -q '^\.Dt LEARND 1' "$d1/usr/local/share/man/man1/learnd.1"
check "the output says how to enable the service" grep -q 'systemctl enable --now learnd.socket learnd-control.socket' "$tmp/out"
# Instances (learnd@NAME, issue 17): the templates, ExecStart set like learnd.service's.
check "learnd@.service: ExecStart=/usr/local/bin/learnd serve --config /etc/learnd/%i.toml" \
    grep -qx 'ExecStart=/usr/local/bin/learnd serve --config /etc/learnd/%i.toml' "$d1/usr/local/lib/systemd/system/learnd@.service"
check "the template units are the repository's (but for ExecStart)" \
    cmp -s <(grep -v '^ExecStart=' Units/learnd@.service) <(grep -v '^ExecStart=' "$d1/usr/local/lib/systemd/system/learnd@.service")
check "the output says how to enable an instance" grep -q 'systemctl enable --now learnd@NAME.socket' "$tmp/out"

# 2. Uninstall: everything goes, the DESTDIR is empty again.
Tools/install --uninstall --destdir "$d1" > "$tmp/out" 2>&1
check "--uninstall succeeds" [ $? = 0 ]
check "--uninstall leaves an empty DESTDIR" [ -z "$(find "$d1" -mindepth 1)" ]

# 3. A DESTDIR with other software and an existing configuration: install changes nothing of
#    it, and --uninstall restores exactly the tree from before.
d3="$tmp/d3"
mkdir -p "$d3/usr/local/bin" "$d3/usr/local/share/man/man1" "$d3/etc/learnd" "$d3/usr/local/lib/systemd/system"
echo "other" > "$d3/usr/local/bin/other-tool"
echo ".Dd other" > "$d3/usr/local/share/man/man1/other.1"
echo "[model]" > "$d3/etc/learnd/learnd.toml"
echo "[Unit]" > "$d3/usr/local/lib/systemd/system/other.service"
before_files="$(tree "$d3")" before_dirs="$(dirs "$d3")"
check "install next to other software succeeds" install_to "$d3"
check "an existing learnd.toml is not overwritten" [ "$(cat "$d3/etc/learnd/learnd.toml")" = "[model]" ]
check "... and not claimed by the manifest" bash -c "! grep -q ' /etc/learnd' '$d3/usr/local/share/learnd/install-manifest'"
check "... and the install says it kept it" grep -q 'keeping the existing /etc/learnd/learnd.toml' "$tmp/out"
check "other files untouched" [ "$(cat "$d3/usr/local/bin/other-tool")" = other ]
Tools/install --uninstall --destdir "$d3" > "$tmp/out" 2>&1
check "--uninstall removes exactly what was installed (files)" [ "$(tree "$d3")" = "$before_files" ]
check "--uninstall removes exactly the folders it created" [ "$(dirs "$d3")" = "$before_dirs" ]

# 4. Reinstall (upgrade) keeps one consistent manifest; an edited config survives --uninstall.
d4="$tmp/d4"
install_to "$d4" && install_to "$d4"
check "reinstall over an install succeeds" [ $? = 0 ]
check "reinstall: still exactly the listed files" [ "$(tree "$d4")" = "$expected_usr_local" ]
echo "# local change" >> "$d4/etc/learnd/learnd.toml"
install_to "$d4"
check "reinstall keeps an edited learnd.toml" grep -q '^# local change' "$d4/etc/learnd/learnd.toml"
Tools/install --uninstall --destdir "$d4" > "$tmp/out" 2>&1
check "--uninstall keeps the edited learnd.toml and says so" \
    bash -c "grep -q 'keeping /etc/learnd/learnd.toml' '$tmp/out' && [ \"\$(find '$d4' -type f)\" = '$d4/etc/learnd/learnd.toml' ]"

# 5. Another prefix: units and sysusers.d go to /etc, ExecStart follows the prefix.
d5="$tmp/d5"
install_to "$d5" --prefix /opt/learnd
check "PREFIX=/opt/learnd: units in /etc/systemd/system, ExecStart=/opt/learnd/bin/learnd serve" \
    grep -qx 'ExecStart=/opt/learnd/bin/learnd serve' "$d5/etc/systemd/system/learnd.service"
check "PREFIX=/opt/learnd: sysusers.d in /etc" [ -f "$d5/etc/sysusers.d/learnd.conf" ]
check "PREFIX=/opt/learnd: ExecStart=/opt/learnd/bin/learnctl metrics ..." \
    grep -q '^ExecStart=/opt/learnd/bin/learnctl metrics ' "$d5/etc/systemd/system/learnd-metrics.service"
check "PREFIX=/opt/learnd: the catalog where journald reads it" [ -f "$d5/usr/local/lib/systemd/catalog/learnd.catalog" ]
Tools/install --uninstall --destdir "$d5" --prefix /opt/learnd > "$tmp/out" 2>&1
check "PREFIX=/opt/learnd: --uninstall leaves nothing" [ -z "$(find "$d5" -mindepth 1)" ]

# 6. Usage errors.
Tools/install --uninstall --destdir "$tmp/nothing" > "$tmp/out" 2>&1
check "--uninstall without a manifest fails (exit 1) with a clear word" bash -c "[ $? = 1 ] && grep -q 'no manifest' '$tmp/out'"
Tools/install --frobnicate > "$tmp/out" 2>&1
check "an unknown option is a usage error (exit 64)" [ $? = 64 ]
Tools/install --prefix relative/path > "$tmp/out" 2>&1
check "a relative PREFIX is a usage error (exit 64)" [ $? = 64 ]

echo "$passed passed, $failed failed"
[ "$failed" = 0 ]
