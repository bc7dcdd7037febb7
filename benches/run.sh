#!/usr/bin/env bash
# kundreg's benchmark: a register of N customers loaded into an empty register, then an import
# of N rows (~40% unchanged, ~30% changed, ~30% new) previewed (as text, as JSON, and as the
# HTML page a person opens, rendered by headless Chromium when it is installed), imported and
# rolled back,
# beside the sqlite3 peer doing the same load and a simpler upsert (both keeping a search
# index), and the csv crate merely parsing the import; then `find` and `set` against the peer's
# FTS5 index (benches/find.py); the screen's pages on the same register (benches/screen.py).
#
#   benches/run.sh [N] [WORKDIR]        N = 1000000, WORKDIR = target/bench by default
#
# KUNDREG_BIN=path/to/kundreg measures another build (an older commit, say) on the same data.
#
# Needs python3, sqlite3 and GNU time (/usr/bin/time). Prints wall seconds, peak memory and
# file sizes, and the ratios the project's goals are stated in.
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-1000000}
work=${2:-target/bench}
mkdir -p "$work"
cargo build --release --quiet --bin kundreg --example bare_parse --example bare_workbook
kundreg=${KUNDREG_BIN:-$PWD/target/release/kundreg}
bare=$PWD/target/release/examples/bare_parse
bare_workbook=$PWD/target/release/examples/bare_workbook
reg=$work/register-$n.csv
imp=$work/import-$n.csv
[ -s "$reg" ] || python3 benches/gen_customers.py register "$n" "$reg"
[ -s "$imp" ] || python3 benches/gen_customers.py import "$n" "$imp"
# A workbook of 100,000 import rows (text cells), for the workbook figures.
wb=$work/import-100000.xlsx
if [ ! -s "$wb" ]; then
    python3 benches/gen_customers.py import 100000 "$work/import-100000.csv"
    "$bare_workbook" make "$work/import-100000.csv" "$wb"
fi

# measure NAME COMMAND…: wall seconds and peak resident memory (MiB) of one run.
measure() {
    local name=$1
    shift
    /usr/bin/time -f "%e %M" -o "$work/time" "$@" >/dev/null 2>"$work/$name.log" || {
        echo "$name failed:" >&2
        cat "$work/$name.log" >&2
        exit 1
    }
    read -r secs kib <"$work/time"
    printf -v "${name}_s" '%s' "$secs"
    printf -v "${name}_mib" '%s' "$((kib / 1024))"
}

db=$work/bench.redb
rm -f "$db"
export KUNDREG_LANG=en
measure load "$kundreg" --db "$db" import "$reg" --yes
load_bytes=$(stat -c %s "$db")
sync # the next step should not pay for writing back this one's pages
measure preview "$kundreg" --db "$db" preview "$imp"
measure json "$kundreg" --db "$db" preview --json "$imp"
"$kundreg" --db "$db" preview --html "$imp" >"$work/page.html"
measure html "$kundreg" --db "$db" preview --html "$imp"
html_bytes=$(stat -c %s "$work/page.html")
# The page a person opens, rendered by headless Chromium when it is there (its start included).
render_s=0
if command -v chromium >/dev/null; then
    /usr/bin/time -f "%e" -o "$work/time" chromium --headless --no-sandbox --disable-gpu \
        --screenshot="$work/page.png" --window-size=1280,2000 "file://$(realpath "$work/page.html")" \
        >/dev/null 2>&1 && read -r render_s <"$work/time"
fi
measure import "$kundreg" --db "$db" import "$imp" --yes
import_bytes=$(stat -c %s "$db")
sync
measure rollback "$kundreg" --db "$db" rollback 2 --yes
rollback_bytes=$(stat -c %s "$db")
sync
measure bare "$bare" "$imp"
# The workbook: read bare by calamine, previewed against the register, and the register
# exported as a workbook.
measure wb_bare "$bare_workbook" read "$wb"
measure wb_preview "$kundreg" --db "$db" preview "$wb"
rm -f "$work/export.xlsx"
measure wb_export "$kundreg" --db "$db" export --xlsx --out "$work/export.xlsx"
peer=$(benches/sqlite-peer.sh "$reg" "$imp" "$work/peer")
peer_load=$(awk '/^load_s/ {print $2}' <<<"$peer")
peer_import=$(awk '/^import_s/ {print $2}' <<<"$peer")
peer_bytes=$(awk '/^db_bytes/ {print $2}' <<<"$peer")

python3 - "$n" <<PY
import sys
n = int(sys.argv[1])
mb = lambda b: b / 1e6
print(f"kundreg benchmark, {n:,} customers + {n:,} import rows")
print(f"{'step':<10}{'kundreg s':>11}{'peak MiB':>10}{'reference s':>13}{'ratio':>8}  goal")
rows = [
    ("load", $load_s, $load_mib, $peer_load, "≤ 1.0 × sqlite peer load"),
    ("preview", $preview_s, $preview_mib, $bare_s, "≤ 10 × bare csv parse"),
    ("json", $json_s, $json_mib, $preview_s, "≤ 1.3 × kundreg's text preview"),
    ("html", $html_s, $html_mib, $preview_s, "≤ 1.0 × kundreg's text preview"),
    ("import", $import_s, $import_mib, $peer_import, "≤ 0.4 × sqlite peer import"),
]
for name, secs, mib, ref, goal in rows:
    print(f"{name:<10}{secs:>11.2f}{mib:>10}{ref:>13.2f}{secs / ref:>8.2f}  {goal}")
print(f"register file: {mb($load_bytes):.1f} MB after load, {mb($import_bytes):.1f} MB after import; "
      f"sqlite peer {mb($peer_bytes):.1f} MB; ratio {$import_bytes / $peer_bytes:.2f} (goal ≤ 1.5)")
print(f"{'rollback':<10}{$rollback_s:>11.2f}{$rollback_mib:>10}{$import_s:>13.2f}{$rollback_s / $import_s:>8.2f}  "
      f"≤ 1.0 × kundreg's import (file after: {mb($rollback_bytes):.1f} MB)")
print(f"bare csv parse of the import: {$bare_s:.2f} s, {$bare_mib} MiB")
render = f"rendered by headless Chromium in {$render_s:.2f} s (goal < 2)" if $render_s else "Chromium not installed: not rendered"
print(f"html page: {mb($html_bytes):.2f} MB; {render}")
print(f"workbook of 100,000 rows: preview {$wb_preview_s:.2f} s, {$wb_preview_mib} MiB; calamine's own read "
      f"{$wb_bare_s:.2f} s; ratio {$wb_preview_s / $wb_bare_s:.2f} (goal ≤ 2, peak ≤ 150 MiB)")
print(f"export --xlsx of {n:,} customers: {$wb_export_s:.2f} s, peak {$wb_export_mib} MiB (goal ≤ 200)")
peak = max($load_mib, $preview_mib, $json_mib, $html_mib, $import_mib, $rollback_mib)
print(f"largest peak of any step: {peak} MiB (goal ≤ 200)")
PY

# find against the peer's FTS5 index, and set, on the register as the steps above left it.
python3 benches/find.py "$kundreg" "$db" "$reg" "$work/peer/peer.db" 100

# The shop's screen on the same register: a page of it, a search, a card.
python3 benches/screen.py "$kundreg" "$db" "$reg" "$work" 50

# The several-computers figures (joining, log size, replica lag) on the same data.
cargo bench --quiet --bench shared_folder -- "$n"
