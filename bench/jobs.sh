#!/usr/bin/env bash
# Benchmark: searching a million job postings, against a release build. Generates POSTINGS
# realistic postings (5,000 companies; titles of seniority + technology + role; descriptions of
# ~80 words with four technologies; cities, workplaces, salaries, dates over 120 days) with one
# INSERT … SELECT in PostgreSQL, then prints, in one run, side by side:
#   - the floor: the same statements Careerhub runs for a search page (the page of rows, the
#     capped count, the snippets), run straight in PostgreSQL by pgbench, one client;
#   - the same search through Careerhub's search function (POST /api/search_jobs), one client;
#   - the search page end to end (GET /jobs?q=…), one client;
# for a selective two-term search (relevance order) and a broad one-term search (newest first),
# p50 and p99 each, and the machine's load. Careerhub's page also reads the person's profile (two
# small statements) and scores the shown rows' fit, which the floor leaves out. Then both searches
# sorted by fit for the person (every match scored in SQL), through Careerhub only.
#
# What the Redis cache of first pages buys (JOBS_SEARCH_CACHE_SECS): a second server on PORT+1
# runs with it off, so each first-page search is measured without the cache (every request
# searches in full) and with it (after the first request, only the person's own postings and
# the shown cards are read).
#
#   bench/jobs.sh
#   POSTINGS=200000 DURATION=5s bench/jobs.sh
#
# Own database (careerhub_bench, recreated each run) and port 3400. Figures are for reading.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/common.sh
. bench/common.sh

POSTINGS=${POSTINGS:-1000000}
DURATION=${DURATION:-10s}
SELECTIVE=${SELECTIVE:-"rust postgresql"}
BROAD=${BROAD:-"engineer"}

start_bench_server
UNCACHED="http://127.0.0.1:$((PORT + 1))"
BIND_ADDR="127.0.0.1:$((PORT + 1))" PUBLIC_URL="$UNCACHED" JOBS_SEARCH_CACHE_SECS=0 METRICS_ADDR=off \
  "$bin_dir/careerhub" >/tmp/careerhub-bench-uncached.log 2>&1 &
uncached_server=$!
trap 'kill $server $uncached_server 2>/dev/null || true' EXIT
for _ in $(seq 1 60); do curl -fs "$UNCACHED/readyz" >/dev/null && break; sleep 0.5; done
sql() { psql -v ON_ERROR_STOP=1 -tAq -h 127.0.0.1 -U postgres -d careerhub_bench -c "$1"; }

log "Seeding one account to search as"
"$bin_dir/careerhub-admin" seed demo --users 1 --applications 1 --contacts 0 \
  --activities 0 --prefix bench --password "$PASSWORD" --json >/dev/null
cookie=$(bench_sign_in bench-1@careerhub.test)
viewer=$(sql "SELECT id FROM users WHERE email = 'bench-1@careerhub.test'")

log "Generating $POSTINGS postings"
started=$(date +%s)
# The cache's generation trigger would hold every new row in a transition table: bumped once
# by hand instead.
psql -v ON_ERROR_STOP=1 -q -h 127.0.0.1 -U postgres -d careerhub_bench <<SQL
ALTER TABLE job_postings DISABLE TRIGGER job_postings_generation_insert;
INSERT INTO companies (id, name, name_key)
SELECT gen_random_uuid(), name, lower(name)
  FROM (SELECT (ARRAY['Northwind','Globex','Initech','Umbrella','Soylent','Hooli','Vandelay','Acme',
                      'Stark','Wayne','Tyrell','Cyberdyne','Aperture','Massive','Oscorp','Wonka'])[1 + n % 16]
               || ' ' || (ARRAY['Labs','Systems','Payments','Analytics','Cloud','Health','Bank',
                               'Logistics','Games','Energy'])[1 + (n / 16) % 10] || ' ' || n AS name
          FROM generate_series(1, 5000) n) named;

CREATE TEMP TABLE vocabulary AS
SELECT ARRAY['we','are','looking','for','a','team','that','builds','product','customers','across',
  'europe','and','the','world','you','will','work','with','our','platform','services','data','design',
  'ship','features','every','week','own','quality','code','review','mentor','people','remote','office',
  'flexible','hours','learning','budget','health','insurance','equity','growth','stage','company',
  'mission','impact','users','millions','scale','reliable','fast','secure','systems','infrastructure',
  'experience','years','strong','communication','skills','collaborate','closely','engineers','designers',
  'managers','roadmap','decisions','ownership','autonomy','culture','inclusive','diverse','benefits',
  'parental','leave','pension','bonus','relocation','visa','sponsorship','hybrid','onsite','travel',
  'occasionally','customers','support','operations','monitoring','incidents','on-call','rotation',
  'testing','automation','deployment','pipelines','cloud','cost','performance','architecture'] AS filler,
ARRAY['rust','go','python','java','kotlin','scala','elixir','erlang','haskell','ocaml','clojure','ruby',
  'php','perl','swift','objective-c','typescript','javascript','react','vue','angular','svelte','nextjs',
  'node','deno','django','flask','fastapi','rails','laravel','spring','quarkus','micronaut','phoenix',
  'postgresql','mysql','sqlite','mongodb','cassandra','redis','kafka','rabbitmq','nats','pulsar',
  'elasticsearch','opensearch','clickhouse','snowflake','bigquery','redshift','spark','flink','beam',
  'airflow','dagster','dbt','pandas','numpy','pytorch','tensorflow','jax','kubernetes','docker','helm',
  'terraform','pulumi','ansible','nomad','consul','vault','aws','gcp','azure','linux','nginx','envoy',
  'istio','grpc','graphql','rest','websockets','webassembly','c','c++','c#','dotnet','unity','unreal',
  'godot','android','ios','flutter','dart','r','julia','matlab','fortran','cobol','sap','salesforce',
  'figma','sketch','tableau','looker','prometheus','grafana','datadog','sentry','opentelemetry','jenkins',
  'gitlab','github','circleci','bazel','gradle','maven','webpack','vite','tailwind','sass','html','css',
  'solidity','ethereum','bitcoin','lambda','fargate','ecs','eks','gke','aks','openshift','ceph','zfs',
  'kvm','xen','ebpf','dpdk','fpga','verilog','vhdl','embedded','rtos','zephyr','yocto','bluetooth',
  'lorawan','5g','sdr','robotics','ros','opencv','cuda','triton','onnx','llm','rag','langchain',
  'llamaindex','huggingface','mlflow','kubeflow','sagemaker','vertex','databricks','delta','iceberg',
  'hudi','trino','presto','duckdb','polars','arrow','parquet','avro','protobuf','thrift','capnproto',
  'zig','nim','crystal','lua','tcl','bash','powershell','vim','emacs','neovim'] AS tech,
ARRAY['Berlin','Munich','Hamburg','London','Manchester','Dublin','Paris','Lyon','Amsterdam','Rotterdam',
  'Madrid','Barcelona','Lisbon','Porto','Milan','Rome','Vienna','Zurich','Geneva','Copenhagen',
  'Stockholm','Oslo','Helsinki','Warsaw','Krakow','Prague','Budapest','Bucharest','Athens','Tallinn',
  'New York','San Francisco','Seattle','Austin','Boston','Chicago','Toronto','Vancouver','Montreal',
  'Sydney','Melbourne','Singapore','Tokyo','Seoul','Bangalore','Remote'] AS city;

INSERT INTO job_postings (id, company_id, company_name, title, locations, workplace, employment_type,
    salary_min, salary_max, salary_currency, salary_interval, description_text, description_html,
    required_skills, posted_at, first_seen_at, content_hash)
SELECT gen_random_uuid(), c.id, c.name,
       (ARRAY['Junior','','Senior','Staff','Principal','Lead'])[1 + (g.n * 7) % 6] || ' '
         || initcap(t1) || ' '
         || (ARRAY['Engineer','Engineer','Developer','Engineer','Architect','Data Engineer',
                   'Site Reliability Engineer','Engineering Manager','Consultant','Analyst'])[1 + (g.n * 13) % 10],
       ARRAY[v.city[1 + (g.n * 31) % array_length(v.city, 1)]],
       (ARRAY['remote','hybrid','on_site'])[1 + (g.n * 17) % 3],
       (ARRAY['full_time','full_time','full_time','contract','part_time'])[1 + (g.n * 19) % 5],
       40000 + (g.n * 37) % 90000, 60000 + (g.n * 37) % 90000 + 10000,
       (ARRAY['EUR','USD','GBP'])[1 + (g.n * 23) % 3], 'year',
       body, '<p>' || body || '</p>', ARRAY[t1, t2, t3, t4],
       now() - make_interval(secs => (g.n * 7919) % (120 * 86400)),
       now() - make_interval(secs => (g.n * 7919) % (120 * 86400)), '\x00'
  FROM generate_series(1::bigint, $POSTINGS::bigint) AS g(n)
  CROSS JOIN vocabulary v
  JOIN companies c ON c.name_key = lower((ARRAY['Northwind','Globex','Initech','Umbrella','Soylent','Hooli',
        'Vandelay','Acme','Stark','Wayne','Tyrell','Cyberdyne','Aperture','Massive','Oscorp','Wonka'])[1 + (1 + g.n % 5000) % 16]
        || ' ' || (ARRAY['Labs','Systems','Payments','Analytics','Cloud','Health','Bank','Logistics','Games',
        'Energy'])[1 + ((1 + g.n % 5000) / 16) % 10] || ' ' || (1 + g.n % 5000))
  CROSS JOIN LATERAL (SELECT v.tech[1 + (g.n * 101) % array_length(v.tech, 1)] AS t1,
                             v.tech[1 + (g.n * 211 + 7) % array_length(v.tech, 1)] AS t2,
                             v.tech[1 + (g.n * 307 + 13) % array_length(v.tech, 1)] AS t3,
                             v.tech[1 + (g.n * 401 + 29) % array_length(v.tech, 1)] AS t4) picked
  CROSS JOIN LATERAL (
    SELECT array_to_string(ARRAY(
             SELECT v.filler[1 + ((g.n * 97 + w * 131) % array_length(v.filler, 1))]
               FROM generate_series(1, 72) w), ' ')
           || ' You know ' || t1 || ', ' || t2 || ' and ' || t3 || '; ' || t4 || ' is a plus.' AS body
  ) described;
ALTER TABLE job_postings ENABLE TRIGGER job_postings_generation_insert;
INSERT INTO job_postings_generation VALUES (pg_backend_pid(), 1)
  ON CONFLICT (backend_pid) DO UPDATE SET changes = job_postings_generation.changes + 1;
ANALYZE job_postings;
ANALYZE companies;
SQL
log "$(sql "SELECT count(*) FROM job_postings") postings in $(( $(date +%s) - started )) s; table and indexes $(sql "SELECT pg_size_pretty(pg_total_relation_size('job_postings'))")"

# The statements of one search page, as careerhub-core's search runs them.
floor_script() {
  local q=$1 order=$2
  local match="search @@ websearch_to_tsquery('english', '$q')"
  local visible="closed_at IS NULL AND (owner_id IS NULL OR owner_id = '$viewer')"
  local order_by rank
  if [ "$order" = relevance ]; then
    rank="ts_rank_cd(search, websearch_to_tsquery('english', '$q'))"
    order_by="$rank DESC, id DESC"
  else
    rank="0::real"
    order_by="listed_at DESC, id DESC"
  fi
  cat <<EOF
SELECT id, title, company_name, locations, workplace, employment_type, salary_min, salary_max,
       salary_currency, salary_interval, listed_at, owner_id IS NOT NULL, $rank
  FROM job_postings WHERE $visible AND $match ORDER BY $order_by LIMIT 21;
SELECT id FROM job_postings WHERE $visible AND $match LIMIT 1001;
SELECT id, ts_headline('english', left(description_text, 10000), websearch_to_tsquery('english', '$q'),
       'MaxWords=30, MinWords=12, MaxFragments=2')
  FROM job_postings WHERE id IN (SELECT id FROM job_postings WHERE $visible AND $match
                                 ORDER BY $order_by LIMIT 20);
EOF
}

# p50 and p99 in ms from pgbench's per-transaction log (third column: microseconds).
pgbench_percentiles() {
  local script=$1 dir
  dir=$(mktemp -d)
  (cd "$dir" && pgbench -n -h 127.0.0.1 -U postgres -c 1 -T "${DURATION%s}" -f "$script" -l careerhub_bench >/dev/null 2>&1)
  cat "$dir"/pgbench_log.* | awk '{ print $3 / 1000 }' | sort -n | awk '{ t[NR] = $1 } END {
    i = int(NR * 0.99 + 0.999); if (i > NR) i = NR;
    printf "p50 %7.2f ms   p99 %7.2f ms   (%d runs)\n", t[int((NR + 1) / 2)], t[i], NR }'
  rm -rf "$dir"
}

# p50 and p99 from wrk with one connection (latency, not throughput).
wrk_percentiles() {
  local out
  out=$(wrk -t1 -c1 -d"$DURATION" --latency "$@")
  echo "$out" | grep -q "Non-2xx" && { echo "errors: $(echo "$out" | grep Non-2xx)"; return; }
  printf 'p50 %10s   p99 %10s   (%s req/s)\n' \
    "$(echo "$out" | awk '$1=="50%" {print $2}')" "$(echo "$out" | awk '$1=="99%" {print $2}')" \
    "$(echo "$out" | awk '/Requests\/sec/ {print $2}')"
}

# The server function's body as the hydrated page posts it to server $3: the sort by its serde
# name ("Newest"), not the address's "newest" (a 400 otherwise, which wrk counts as errors).
api_script() {
  local q=$1 sort=$2 base=$3 lua
  lua=$(mktemp --suffix=.lua)
  cat >"$lua" <<EOF
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Origin"] = "$base"
wrk.headers["Cookie"] = "$cookie"
wrk.body = "search[q]=$(printf '%s' "$q" | sed 's/ /+/g')&search[sort]=${sort^}"
EOF
  echo "$lua"
}

printf '\nload average: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
for case in "selective:$SELECTIVE:relevance" "broad:$BROAD:newest" "selective:$SELECTIVE:fit" \
  "broad:$BROAD:fit"; do
  IFS=: read -r name q order <<<"$case"
  matches=$(sql "SELECT count(*) FROM job_postings WHERE search @@ websearch_to_tsquery('english', '$q')")
  printf '\n%s search "%s", %s first (%s matches)\n' "$name" "$q" "$order" "$matches"
  script=$(mktemp --suffix=.sql)
  floor_script "$q" "$order" >"$script"
  if [ "$order" != fit ]; then
    printf '  %-34s ' "floor: the same SQL in PostgreSQL"; pgbench_percentiles "$script"
  fi
  page="/jobs?q=$(printf '%s' "$q" | sed 's/ /+/g')&sort=$order"
  if [ "$order" != fit ]; then
    lua=$(api_script "$q" "$order" "$UNCACHED")
    printf '  %-34s ' "no cache: /api/search_jobs"; wrk_percentiles -s "$lua" "$UNCACHED/api/search_jobs"
    printf '  %-34s ' "no cache: the page /jobs?q=…"; wrk_percentiles -H "Cookie: $cookie" "$UNCACHED$page"
    rm -f "$lua"
    label="cached"
  else
    label="Careerhub (per person, not cached)"
  fi
  lua=$(api_script "$q" "$order" "$BASE")
  printf '  %-34s ' "$label: /api/search_jobs"; wrk_percentiles -s "$lua" "$BASE/api/search_jobs"
  printf '  %-34s ' "$label: the page"; wrk_percentiles -H "Cookie: $cookie" "$BASE$page"
  rm -f "$script" "$lua"
done
printf '\nload average: %s\n' "$(cut -d' ' -f1-3 /proc/loadavg)"
