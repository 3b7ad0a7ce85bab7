#!/usr/bin/env bash
# Memory under a steady load: the release server serves the dashboard, the board (200
# applications) and the sign-in page at a constant rate for MINUTES (default 10) while its
# resident memory is sampled every SAMPLE seconds. Prints the requests, the errors and their
# share, and RSS after the first minute, at its peak and at the end (flat memory: end ≈ first
# minute). RATE is the total requests per second (default 300, a third per page), well under
# what the server can do, so the run measures memory, not saturation. Uses oha (crates.io) as the
# constant-rate load generator, installed on first use.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. bench/common.sh

MINUTES=${MINUTES:-10}
RATE=${RATE:-300}
SAMPLE=${SAMPLE:-10}
APPLICATIONS=${APPLICATIONS:-200}

if ! command -v oha >/dev/null; then
  log "Installing oha, a constant-rate HTTP load generator"
  apt_install cmake
  cargo install oha --locked
fi

start_bench_server
log "Seeding one account with $APPLICATIONS applications"
"$bin_dir/careerhub-admin" seed demo --users 1 --applications "$APPLICATIONS" \
  --contacts 30 --activities 5 --prefix bench --password "$PASSWORD" --json >/dev/null
cookie=$(bench_sign_in bench-1@careerhub.test)

rss_kib() { awk '/^VmRSS/ { print $2 }' "/proc/$server/status"; }
samples=$(mktemp)
(
  while kill -0 "$server" 2>/dev/null; do
    echo "$(date +%s) $(rss_kib)" >>"$samples"
    sleep "$SAMPLE"
  done
) &
sampler=$!
trap 'kill $server $sampler 2>/dev/null || true' EXIT

log "$RATE requests a second for $MINUTES minutes (RSS every $SAMPLE s)"
per_page=$((RATE / 3))
outputs=()
loads=()
for page in /dashboard /applications /signin; do
  out=$(mktemp)
  outputs+=("$out")
  headers=()
  [ "$page" = /signin ] || headers=(-H "Cookie: $cookie")
  oha --no-tui -z "${MINUTES}m" -q "$per_page" -c 8 "${headers[@]}" "$BASE$page" >"$out" 2>&1 &
  loads+=($!)
done
wait "${loads[@]}"
kill "$sampler" 2>/dev/null || true

# oha's text report: "[200] 1234 responses" per status; "[3] <error>" per connection error (those
# "aborted due to deadline" were still in flight when the run ended, not failures).
printf '\n%-14s %10s %10s %10s %10s %10s\n' page requests non-2xx errors p50 p99
for i in 0 1 2; do
  page=$(echo /dashboard /applications /signin | cut -d' ' -f$((i + 1)))
  out=${outputs[$i]}
  total=$(awk '/\[[0-9]+\] [0-9]+ responses/ { n += $2 } END { print n + 0 }' "$out")
  good=$(awk '/\[2[0-9][0-9]\] [0-9]+ responses/ { n += $2 } END { print n + 0 }' "$out")
  errors=$(awk '/^Error distribution/ { on = 1; next } on && /\[[0-9]+\]/ && !/aborted due to deadline/ {
    gsub(/[\[\]]/, "", $1); n += $1 } END { print n + 0 }' "$out")
  p50=$(awk '/50.00% in/ { print $3 $4; exit }' "$out")
  p99=$(awk '/99.00% in/ { print $3 $4; exit }' "$out")
  printf '%-14s %10s %10s %10s %10s %10s\n' "$page" "$total" "$((total - good))" "$errors" "$p50" "$p99"
done
first=$(awk 'NR == 1 { start = $1; rss = $2 } $1 - start >= 60 { rss = $2; exit } END { print rss }' "$samples")
peak=$(awk '$2 > max { max = $2 } END { print max }' "$samples")
last=$(tail -1 "$samples" | awk '{ print $2 }')
printf '\nRSS: %s MiB after the first minute, %s MiB at the peak, %s MiB at the end (%s samples)\n' \
  "$((first / 1024))" "$((peak / 1024))" "$((last / 1024))" "$(wc -l <"$samples")"
