#!/usr/bin/env bash
# Where the hydrate wasm's bytes go: builds the front end with the shipped profile (wasm-release,
# function names kept), and prints with twiggy the code size by crate (the first crate a function's
# name mentions: `<T as tachys::…>::hydrate` counts for tachys), by kind of function (hydrate,
# hydrate_async, serde, …; a function can be in two kinds), and the largest functions. Sizes are
# before wasm-opt, so read them as shares; `cargo xtask dist` prints the shipped sizes. "core" and
# "alloc" are Rust's own (drop glue, iterators, formatting).
#
#   bench/wasm.sh
#   TOP=60 bench/wasm.sh
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh

TOP=${TOP:-25}
ensure_build_tools
target_dir=$(cargo metadata --format-version 1 --no-deps | python3 -c 'import json,sys; print(json.load(sys.stdin)["target_directory"])')
twiggy="$target_dir/tools/bin/twiggy"
if [ ! -x "$twiggy" ]; then
  log "Installing twiggy into $target_dir/tools"
  cargo install -q twiggy --version 0.8.0 --locked --root "$target_dir/tools"
fi
log "Building the front end (wasm-release)"
cargo build -q --package careerhub-frontend --lib --target wasm32-unknown-unknown --profile wasm-release
wasm="$target_dir/wasm32-unknown-unknown/wasm-release/careerhub_frontend.wasm"
csv=$(mktemp --suffix=.csv)
trap 'rm -f "$csv"' EXIT
"$twiggy" top -f csv "$wasm" >"$csv"
python3 - "$csv" "$TOP" <<'PY'
import collections, csv, re, sys

rows = list(csv.DictReader(open(sys.argv[1])))
top = int(sys.argv[2])
functions = [(r["Name"], int(r["ShallowSize"])) for r in rows
             if not re.search(r"section|^elem\[|^data segment", r["Name"])]
code = sum(size for _, size in functions)
print(f"\ncode and data: {code / 1024:,.0f} KiB in {len(functions):,} items (before wasm-opt)")

crates = collections.Counter()
for name, size in functions:
    found = re.search(r"([a-z_][a-z0-9_]*)::", name)
    crates[found.group(1) if found else "(unnamed)"] += size
print("\nby crate")
for crate, size in crates.most_common(15):
    print(f"  {crate:28} {size / 1024:9,.0f} KiB {size * 100 / code:5.1f}%")

kinds = {
    "hydrate_async (lazy routes only)": "hydrate_async",
    "hydrate": r"::hydrate(::|$)|hydrate_from_server",
    "build / rebuild (client render)": r"::(re)?build(::|$)",
    # "Deserialize" contains "serialize": look behind so that reads are not counted as writes.
    "serde serialize": r"(?<![Dd]e)[Ss]erializ",
    "serde deserialize": r"[Dd]eserializ",
    "into_any (type erasure)": "into_any",
    "drop_in_place": "drop_in_place",
}
print("\nby kind")
for label, pattern in kinds.items():
    size = sum(s for name, s in functions if re.search(pattern, name))
    print(f"  {label:34} {size / 1024:9,.0f} KiB {size * 100 / code:5.1f}%")

print(f"\nlargest {top}")
for name, size in sorted(functions, key=lambda f: -f[1])[:top]:
    print(f"  {size:8,}  {name[:140]}")
PY
