#!/usr/bin/env bash
# Benchmark: rendering a CV on the server, against a release build. The demo profile printed by
# the Classic template is two A4 pages. Prints, side by side with two floors measured in the same
# run (/healthz: the same server, no session, no query; /api/me: the session check alone):
#   - PDF and DOCX downloads, one at a time, uncached (the headline changes before each, so each
#     is a new document) and cached (the same document again): p50 and p99 of curl's total time;
#   - the server's peak resident memory (VmHWM) while 50 different CVs render at once.
#
#   bench/cv.sh
#   RUNS=50 PARALLEL=100 bench/cv.sh
#
# Own database (careerhub_bench, recreated each run) and port 3400. Figures are for reading.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. bench/common.sh

RUNS=${RUNS:-25}
PARALLEL=${PARALLEL:-50}

start_bench_server
apt_install poppler-utils

log "Seeding two accounts (the demo profile and its General CV version)"
"$bin_dir/careerhub-admin" seed demo --users 2 --applications 3 \
  --contacts 2 --activities 1 --prefix bench --password "$PASSWORD" --json >/dev/null
sql() { psql -tAq -h 127.0.0.1 -U postgres -d careerhub_bench -c "$1"; }
version_of() {
  sql "SELECT v.id FROM cv_versions v JOIN users u ON u.id = v.user_id
       WHERE u.email = '$1' AND v.name = 'General'"
}
first=$(bench_sign_in bench-1@careerhub.test)
second=$(bench_sign_in bench-2@careerhub.test)
cv=$(version_of bench-1@careerhub.test)
sample=$(mktemp --suffix=.pdf)
curl -s -H "Cookie: $first" -o "$sample" "$BASE/export/cv/$cv.pdf"
log "The CV is $(pdfinfo "$sample" | awk '/^Pages:/ {print $2}') pages, $(stat -c %s "$sample") bytes"

# p50 and p99 (nearest rank) of the milliseconds on stdin.
percentiles() {
  sort -n | awk '{ t[NR] = $1 } END {
    p50 = t[int((NR + 1) / 2)]; i = int(NR * 0.99 + 0.999); if (i > NR) i = NR;
    printf "p50 %7.1f ms   p99 %7.1f ms   (%d runs)\n", p50, t[i], NR }'
}
fetch_ms() {
  curl -s -o /dev/null -w '%{time_total}\n' -H "Cookie: $first" "$1" | awk '{ print $1 * 1000 }'
}
# Downloads are limited per person (200 in 10 minutes): each measured series starts from zero, so
# no figure is a fast 429.
user_id=$(sql "SELECT id FROM users WHERE email = 'bench-1@careerhub.test'")
fresh_limit() { redis-cli -h 127.0.0.1 DEL "${REDIS_KEY_PREFIX}ratelimit:cv_download:$user_id" >/dev/null; }
uncached() {
  local format=$1
  fresh_limit
  for n in $(seq 1 "$RUNS"); do
    sql "UPDATE cv_versions SET headline = 'Bench run $format $n' WHERE id = '$cv'" >/dev/null
    fetch_ms "$BASE/export/cv/$cv.$format"
  done
}
cached() {
  local format=$1
  fresh_limit
  fetch_ms "$BASE/export/cv/$cv.$format" >/dev/null
  for _ in $(seq 1 "$RUNS"); do fetch_ms "$BASE/export/cv/$cv.$format"; done
}

printf '\n%-26s ' "floor: /healthz"
for _ in $(seq 1 "$RUNS"); do
  curl -s -o /dev/null -w '%{time_total}\n' "$BASE/healthz" | awk '{ print $1 * 1000 }'
done | percentiles
# The cheapest signed-in request (the session check and nothing else): what every download pays
# before it reads the CV.
printf '%-26s ' "floor: signed in (/api/me)"
for _ in $(seq 1 "$RUNS"); do
  curl -s -o /dev/null -w '%{time_total}\n' -X POST -H "Cookie: $first" -H "Origin: $BASE" "$BASE/api/me" \
    | awk '{ print $1 * 1000 }'
done | percentiles
for format in pdf docx; do
  printf '%-26s ' "$format, uncached"; uncached "$format" | percentiles
  printf '%-26s ' "$format, cached"; cached "$format" | percentiles
done

log "Making $PARALLEL versions with different headlines, then downloading them all at once"
for n in $(seq 1 "$PARALLEL"); do
  curl -s -o /dev/null -X POST -H "Cookie: $second" -H "Origin: $BASE" \
    --data-urlencode "name=Parallel $n" --data-urlencode "template=classic" "$BASE/api/create_cv_version"
done
sql "UPDATE cv_versions SET headline = 'Parallel headline ' || name WHERE name LIKE 'Parallel %'" >/dev/null
ids=$(sql "SELECT id FROM cv_versions WHERE name LIKE 'Parallel %'")
rss_before=$(awk '/^VmRSS/ {print $2}' "/proc/$server/status")
started=$(date +%s.%N)
for id in $ids; do
  curl -s -o /dev/null -w '%{http_code}\n' -H "Cookie: $second" "$BASE/export/cv/$id.pdf" &
done | sort | uniq -c | sed 's/^/  answers: /'
elapsed=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN { print b - a }')
peak=$(awk '/^VmHWM/ {print $2}' "/proc/$server/status")
printf '%-26s %s PDFs in %.1f s; server RSS before %d MB, peak %d MB\n' \
  "$PARALLEL at once" "$(echo "$ids" | wc -w)" "$elapsed" $((rss_before / 1024)) $((peak / 1024))
