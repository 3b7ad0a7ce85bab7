#!/usr/bin/env bash
# Benchmark: the profile editor and the public profile page of a person with 20 positions and 60
# skills (plus the demo's education, projects, languages …), under wrk with 16 connections,
# against a release build. The floor in the same run: /healthz (the same server, no page, no
# query). Also prints the server-side render time of one request at a time (curl, 50 requests:
# median and slowest), which is what a person waits for.
#
#   bench/profile.sh
#   POSITIONS=50 SKILLS=150 DURATION=30s bench/profile.sh
#
# Own database (careerhub_bench, recreated each run) and port 3400. Figures are for reading.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. bench/common.sh

POSITIONS=${POSITIONS:-20}
SKILLS=${SKILLS:-60}

start_bench_server

log "Seeding one account, then importing $POSITIONS positions and $SKILLS skills"
"$bin_dir/careerhub-admin" seed demo --users 1 --applications 20 \
  --contacts 5 --activities 2 --prefix bench --password "$PASSWORD" --json >/dev/null
cookie=$(bench_sign_in bench-1@careerhub.test)
# The demo's own positions and skills make way for exactly the numbers asked for.
psql -q -h 127.0.0.1 -U postgres -d careerhub_bench \
  -c "DELETE FROM profile_entries WHERE section = 'experience'" -c "DELETE FROM profile_skills"

resume=$(mktemp --suffix=.json)
python3 - "$POSITIONS" "$SKILLS" > "$resume" <<'PY'
import json, sys
positions, skills = int(sys.argv[1]), int(sys.argv[2])
names = []
for line in open("domain/src/skills/aliases.txt"):
    line = line.strip()
    if line and not line.startswith(("#", "[")):
        names.append(line.split(":")[0])
work = [{
    "name": f"Company {n}", "position": f"Engineer {n}", "location": "Berlin",
    "startDate": f"{1990 + n}-01", "endDate": f"{1990 + n}-12",
    "summary": "Built and ran the services of the payments team. " * 3,
    "highlights": [f"Result {n}.{h}: cut latency by {10 + h} %" for h in range(4)],
} for n in range(positions)]
print(json.dumps({"basics": {"label": "Bench"}, "work": work,
                  "skills": [{"name": name} for name in names[:skills]]}))
PY
curl -s -o /dev/null -H "Cookie: $cookie" -H "Origin: $BASE" -H 'Accept: text/html' \
  -F "file=@$resume;filename=resume.json" "$BASE/profile/import/upload"
curl -s -o /dev/null -X POST -H "Cookie: $cookie" -H "Origin: $BASE" "$BASE/api/confirm_profile_import"
curl -s -o /dev/null -X POST -H "Cookie: $cookie" -H "Origin: $BASE" \
  --data-urlencode "slug=bench-profile" --data-urlencode "visibility=public" "$BASE/api/save_profile_publishing"
counts=$(psql -tA -h 127.0.0.1 -U postgres -d careerhub_bench -c \
  "SELECT (SELECT count(*) FROM profile_entries WHERE section = 'experience') || ' positions, ' || (SELECT count(*) FROM profile_skills) || ' skills'")
log "The profile holds $counts"

# One request at a time: the server's own time for the page (no queueing behind other requests).
render_time() {
  local page=$1 cookie=$2
  local headers=()
  [ -n "$cookie" ] && headers=(-H "Cookie: $cookie")
  for _ in $(seq 1 50); do
    curl -s -o /dev/null -w '%{time_total}\n' "${headers[@]}" "$BASE$page"
  done | sort -n | awk '{ t[NR] = $1 * 1000 } END { printf "%-22s median %6.1f ms   slowest %6.1f ms\n", page, t[int((NR + 1) / 2)], t[NR] }' page="$page"
}

printf '\nRender time, one request at a time (50 each):\n'
render_time /healthz ""
render_time /profile "$cookie"
render_time /p/bench-profile ""

print_header
measure_page /healthz ""
measure_page /profile "$cookie" 'Engineer 19'
measure_page /p/bench-profile "" 'Engineer 19'
