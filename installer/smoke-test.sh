#!/usr/bin/env bash
# Installer smoke test (Linux): builds the jpackage app-image and .deb (mvn -Pinstaller package), then runs the same
# checks on the app-image and on the .deb unpacked with dpkg-deb -x (never installed):
#   console launcher --version, `engine` (bundled libtorch, offline), a short `sweep` of the sample project compared
#   with its committed results, `serve --benchmark-overhead` (HTTP server + client), the GPU opt-in path
#   (PYTORCH_LIBRARY_PATH pointed at the CPU libtorch), and the GUI launcher under Xvfb taking a screenshot.
# Prints one line per check (PASS/FAIL/SKIP) and exits non-zero on any FAIL. Missing tools skip cleanly (exit 0).
#
# Usage: installer/smoke-test.sh [--no-build] [--image DIR] [--deb FILE] [--keep]
#   --no-build    use target/installer/image/rft-workbench and target/installer/dist/*.deb as they are
#   --image DIR   check this app-image instead of building one (implies --no-build)
#   --deb FILE    check this .deb (implies --no-build)
#   --keep        keep the work folder (screenshots, outputs, unpacked .deb) and print where it is
# Environment: MVN_FLAGS (default "-B"), RFT_SMOKE_SCREENSHOT=FILE copies the app-image screenshot there.
set -uo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)

build=1 keep=0 image="" deb=""
while [ $# -gt 0 ]; do
    case "$1" in
        --no-build) build=0 ;;
        --image) image=$(realpath "$2"); build=0; shift ;;
        --deb) deb=$(realpath "$2"); build=0; shift ;;
        --keep) keep=1 ;;
        *) echo "usage: $0 [--no-build] [--image DIR] [--deb FILE] [--keep]" >&2; exit 2 ;;
    esac
    shift
done

failures=0
pass() { echo "PASS $*"; }
fail() { echo "FAIL $*"; failures=$((failures + 1)); }
skip() { echo "SKIP $*"; }
has() { command -v "$1" >/dev/null 2>&1; }
elapsed() { echo "$(( $(date +%s) - $1 ))s"; }

if [ "$(uname -s)" != Linux ]; then
    skip "installer smoke test: Linux only (Windows/macOS: see installer/README.md)"; exit 0
fi
jpackage_bin=""
if has jpackage; then jpackage_bin=$(command -v jpackage)
elif has java; then
    candidate="$(dirname "$(readlink -f "$(command -v java)")")/jpackage"
    [ -x "$candidate" ] && jpackage_bin=$candidate
fi
if [ $build = 1 ] && [ -z "$jpackage_bin" ]; then
    skip "installer smoke test: no jpackage (needs a full JDK 17+, not a JRE)"; exit 0
fi
make_deb=1
if ! has dpkg-deb || ! has fakeroot; then
    make_deb=0
fi

work=$(mktemp -d "${TMPDIR:-/tmp}/rft-smoke.XXXXXX")
if [ $keep = 1 ]; then echo "work folder: $work"; else trap 'rm -rf "$work"' EXIT; fi
# the app's settings go to a throw-away folder; DJL's libtorch cache stays the user's (~/.cache/rft-workbench)
export XDG_CONFIG_HOME="$work/config"

if [ $build = 1 ]; then
    start=$(date +%s)
    skip_package=$([ $make_deb = 1 ] && echo false || echo true)
    # shellcheck disable=SC2086
    if mvn ${MVN_FLAGS:--B} -q -Pinstaller package -DskipTests -Dinstaller.skipPackage=$skip_package \
            >"$work/build.log" 2>&1; then
        pass "build: mvn -Pinstaller package ($(elapsed "$start"))"
    else
        tail -30 "$work/build.log"
        fail "build: mvn -Pinstaller package, see the log above"; exit 1
    fi
fi
# without --image/--deb: what the Maven profile built (or left from an earlier build with --no-build)
if [ -z "$image" ] && [ -z "$deb" ]; then
    image="$repo/target/installer/image/rft-workbench"
    [ $make_deb = 1 ] && deb=$(ls "$repo"/target/installer/dist/*.deb 2>/dev/null | head -1)
fi

project="$repo/sample-projects/fashion-clip-wiseft/project.json"
expected="$repo/sample-projects/fashion-clip-wiseft/analysis/sweep.csv"

# check_tree LABEL ROOT: every check on one installed tree (an app-image or the unpacked .deb's opt/rft-workbench)
check_tree() {
    local label=$1 root=$2 out="$work/$1" start
    mkdir -p "$out"
    local cli="$root/bin/rft-workbench-cli" gui="$root/bin/rft-workbench"
    if [ -x "$cli" ] && [ -x "$gui" ]; then pass "$label: launchers bin/rft-workbench and bin/rft-workbench-cli"
    else fail "$label: launchers missing under $root/bin"; return; fi

    local version
    version=$("$cli" --version 2>"$out/version.err")
    if [[ "$version" == "rft-workbench "* ]]; then pass "$label: rft-workbench-cli --version ($version)"
    else fail "$label: rft-workbench-cli --version printed '$version' ($(tail -1 "$out/version.err"))"; fi

    "$cli" engine >"$out/engine.txt" 2>"$out/engine.err"
    local native_dir
    native_dir=$(sed -n 's/^Native library: //p' "$out/engine.txt")
    if grep -q "^Loaded from: bundled native jar" "$out/engine.txt" && grep -q "^Offline: true" "$out/engine.txt" \
            && grep -q "^Java: .*($root/lib/runtime)" "$out/engine.txt" && [ -d "$native_dir" ]; then
        pass "$label: engine: $(sed -n 's/^Engine: //p' "$out/engine.txt"), flavour $(sed -n 's/^Flavour: //p' "$out/engine.txt"), bundled libtorch, offline, bundled runtime"
    else
        fail "$label: engine report unexpected: $(tr '\n' '|' <"$out/engine.txt") $(tail -1 "$out/engine.err")"
    fi

    # GPU opt-in path, as far as a machine without a GPU allows: the same override a CUDA libtorch would use
    if [ -d "$native_dir" ]; then
        PYTORCH_LIBRARY_PATH="$native_dir" PYTORCH_FLAVOR=cpu "$cli" engine >"$out/override.txt" 2>"$out/override.err"
        if grep -q "^Loaded from: PYTORCH_LIBRARY_PATH override" "$out/override.txt" \
                && grep -q "^Native library: $native_dir\$" "$out/override.txt"; then
            pass "$label: PYTORCH_LIBRARY_PATH=$native_dir PYTORCH_FLAVOR=cpu loads libtorch from there"
        else
            fail "$label: PYTORCH_LIBRARY_PATH override: $(tr '\n' '|' <"$out/override.txt") $(tail -1 "$out/override.err")"
        fi
    fi

    start=$(date +%s)
    if "$cli" sweep "$project" --alphas 0,0.5,1 --datasets id_clean --cache-dir "$out/cache" \
            --csv "$out/sweep.csv" -q >"$out/sweep.txt" 2>"$out/sweep.err"; then
        # top-1 is a count over 1600 images, so it must match the committed sample results exactly
        local got want
        got=$(awk -F, 'NR > 1 { printf "%s=%s ", $1, $5 }' "$out/sweep.csv")
        want=$(awk -F, '$2 == "id_clean" && ($1 == "0.0" || $1 == "0.5" || $1 == "1.0") { printf "%s=%s ", $1, $5 }' "$expected")
        if [ -n "$got" ] && [ "$got" = "$want" ]; then pass "$label: sweep id_clean alphas 0,0.5,1: top-1 $got($(elapsed "$start"))"
        else fail "$label: sweep top-1 '$got' differs from the sample's analysis/sweep.csv '$want'"; fi
    else
        fail "$label: sweep exited non-zero: $(tail -1 "$out/sweep.err")"
    fi

    if "$cli" serve --benchmark-overhead 5 >"$out/serve.txt" 2>"$out/serve.err" \
            && grep -q "^overhead" "$out/serve.txt"; then
        pass "$label: serve --benchmark-overhead 5 (HTTP server + client: $(grep '^overhead' "$out/serve.txt" | tr -s ' '))"
    else
        fail "$label: serve --benchmark-overhead: $(tail -1 "$out/serve.err")"
    fi

    if ! has xvfb-run; then
        skip "$label: GUI screenshot: xvfb-run not installed"; return
    fi
    # jpackage launchers ignore JDK_JAVA_OPTIONS; the JVM itself reads JAVA_TOOL_OPTIONS
    local shot="$out/screenshot.png" rc
    start=$(date +%s)
    JAVA_TOOL_OPTIONS="-Dprism.order=sw -Drft.project=$project -Drft.snapshot=$shot -Drft.snapshotAfterMs=20000 -Drft.exitAfterMs=23000" \
        timeout 240 xvfb-run -a -s "-screen 0 1400x900x24" "$gui" >"$out/gui.log" 2>&1
    rc=$?
    local size=0
    [ -f "$shot" ] && size=$(stat -c %s "$shot")
    if [ $rc = 0 ] && [ "$size" -gt 20000 ]; then
        pass "$label: GUI launcher under Xvfb: screenshot $shot ($((size / 1024)) KiB, $(elapsed "$start"))"
        if [ "$label" = app-image ] && [ -n "${RFT_SMOKE_SCREENSHOT:-}" ]; then cp "$shot" "$RFT_SMOKE_SCREENSHOT"; fi
    else
        fail "$label: GUI launcher exit code $rc, screenshot ${size} bytes: $(grep -v '^\[' "$out/gui.log" | tail -2 | tr '\n' ' ')"
    fi
}

if [ -n "$image" ]; then
    if [ -d "$image" ]; then
        pass "app-image: $image ($(du -sm "$image" | cut -f1) MB)"
        check_tree app-image "$image"
    else
        fail "app-image: $image does not exist"
    fi
fi

if [ $make_deb = 0 ]; then
    skip "deb: dpkg-deb and fakeroot are needed to build and unpack the .deb (apt-get install fakeroot)"
elif [ -z "$deb" ] || [ ! -f "$deb" ]; then
    if [ $build = 1 ]; then fail "deb: no .deb under target/installer/dist"; else skip "deb: none found or given (--deb FILE)"; fi
else
    depends=$(dpkg-deb -f "$deb" Depends)
    if [[ "$depends" == *libgtk-3-0* ]]; then pass "deb: $(basename "$deb") ($(du -sm "$deb" | cut -f1) MB, Installed-Size $(( $(dpkg-deb -f "$deb" Installed-Size) / 1024 )) MB), Depends has libgtk-3-0"
    else fail "deb: Depends lacks libgtk-3-0: $depends"; fi
    dpkg-deb -c "$deb" >"$work/deb-contents.txt"
    desktop=$(grep -o '[^/]*\.desktop$' "$work/deb-contents.txt" | tr '\n' ' ')
    if [ "$desktop" = "rft-workbench-rft-workbench.desktop " ]; then pass "deb: one desktop entry (${desktop% })"
    else fail "deb: expected the window's desktop entry only, found: '$desktop'"; fi
    mkdir -p "$work/debx"
    dpkg-deb -x "$deb" "$work/debx"
    root=$(dirname "$(dirname "$(find "$work/debx/opt" -path '*/bin/rft-workbench-cli' | head -1)")")
    if [ -d "$root/lib/runtime" ]; then check_tree deb "$root"
    else fail "deb: no opt/*/bin/rft-workbench-cli after dpkg-deb -x"; fi
fi

if [ $failures -gt 0 ]; then echo "installer smoke test: $failures check(s) FAILED"; exit 1; fi
echo "installer smoke test: all checks passed"
