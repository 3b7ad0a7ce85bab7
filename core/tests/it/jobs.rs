//! Importing job feeds from a local HTTP server that serves fixtures written from each format's
//! public documentation, and misbehaves on purpose (304, slow, 500, huge, invalid). No test
//! reaches the internet.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::extract::{Path, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use careerhub_core::config::JobFeeds;
use careerhub_core::db::{self, Pool};
use careerhub_core::jobs::import::{Report, run_sources};
use careerhub_core::jobs::sources;
use careerhub_core::service::run;
use careerhub_core::testing::TestDb;
use careerhub_domain::jobs::{ImportStatus, SourceSpec};
use diesel::prelude::*;
use diesel::sql_types::{Array, Bool, Integer, Nullable, Text};

const DATA: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/jobs");

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{DATA}/{name}")).unwrap()
}

/// What the fixture server serves at a path, changeable mid-test.
#[derive(Clone, Default)]
struct Served(Arc<Mutex<HashMap<String, Vec<u8>>>>);

impl Served {
    fn set(&self, path: &str, body: Vec<u8>) {
        self.0.lock().unwrap().insert(path.to_owned(), body);
    }
}

/// Greenhouse, Lever and Ashby at their API paths; files under /files. Bodies carry an ETag
/// (their length and a hash) and a Last-Modified, and a request that sends either back gets 304
/// while the body is the same. Boards named `broken`, `slow`, `huge` and `invalid` misbehave.
async fn serve(
    Path(path): Path<String>,
    State(served): State<Served>,
    request: HeaderMap,
) -> Response {
    let board = path.split('/').nth(2).unwrap_or_default().to_owned();
    match board.as_str() {
        "broken" => {
            return (StatusCode::INTERNAL_SERVER_ERROR, "upstream exploded").into_response();
        }
        "slow" => tokio::time::sleep(Duration::from_secs(5)).await,
        "huge" => return (StatusCode::OK, vec![b' '; 20 * 1024 * 1024]).into_response(),
        "invalid" => return (StatusCode::OK, "{\"jobs\": [ this is not json").into_response(),
        _ => {}
    }
    let Some(body) = served.0.lock().unwrap().get(&path).cloned() else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let etag = format!(
        "\"{}-{:x}\"",
        body.len(),
        body.iter().map(|&b| b as u64).sum::<u64>()
    );
    let modified = "Mon, 30 Nov 2026 09:00:00 GMT";
    let sent_back = request
        .get(header::IF_NONE_MATCH)
        .is_some_and(|tag| tag == etag.as_str())
        || (path.starts_with("v0/")
            && request
                .get(header::IF_MODIFIED_SINCE)
                .is_some_and(|at| at == modified));
    let mut headers = HeaderMap::new();
    // Lever-like paths answer with Last-Modified only, the others with an ETag.
    if path.starts_with("v0/") {
        headers.insert(header::LAST_MODIFIED, HeaderValue::from_static(modified));
    } else {
        headers.insert(header::ETAG, HeaderValue::from_str(&etag).unwrap());
    }
    if sent_back {
        return (StatusCode::NOT_MODIFIED, headers).into_response();
    }
    (StatusCode::OK, headers, body).into_response()
}

struct Setup {
    db: TestDb,
    pool: Pool,
    served: Served,
    feeds: JobFeeds,
    base: String,
}

async fn setup() -> Setup {
    let db = TestDb::create().await;
    let pool = db::pool(&db.url, 4, Duration::from_secs(5)).unwrap();
    let served = Served::default();
    served.set("v1/boards/vaulttec/jobs", fixture("greenhouse.json"));
    served.set("v0/postings/leverdemo", fixture("lever.json"));
    served.set("posting-api/job-board/Ashby", fixture("ashby.json"));
    for file in [
        "jsonld.html",
        "feed.rss",
        "feed.atom",
        "jobs.csv",
        "jobs.json",
    ] {
        served.set(&format!("files/{file}"), fixture(file));
    }
    let app = axum::Router::new()
        .route("/{*path}", get(serve))
        .with_state(served.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let api = base.parse().unwrap();
    Setup {
        feeds: JobFeeds {
            greenhouse_api: api,
            lever_api: base.parse().unwrap(),
            ashby_api: base.parse().unwrap(),
            timeout: Duration::from_secs(2),
            max_bytes: 1024 * 1024,
            // The fixture server's address, as an operator allows an intranet board; nothing
            // else on this machine.
            link_private_networks: vec!["127.0.0.1".parse().unwrap()],
        },
        db,
        pool,
        served,
        base,
    }
}

impl Setup {
    async fn add(&self, spec: &str, company: Option<&str>) {
        let spec = SourceSpec::parse(&spec.replace("BASE", &self.base)).unwrap();
        let company = company.map(str::to_owned);
        run(&self.pool, move |conn| {
            sources::add(conn, &spec, company.as_deref())
        })
        .await
        .unwrap();
    }

    async fn import(&self, which: Option<&str>) -> Vec<Report> {
        let which = which.map(|which| which.replace("BASE", &self.base));
        run_sources(&self.pool, &self.feeds, which, |_| {})
            .await
            .unwrap()
    }

    fn postings(&self) -> Vec<Posting> {
        let mut conn = db::connect(&self.db.url).unwrap();
        diesel::sql_query(
            "SELECT p.title, p.company_name, c.domain, p.locations, p.workplace, p.employment_type,
                    p.salary_min, p.salary_max, p.salary_currency, p.salary_interval,
                    p.description_html, p.description_text, p.required_skills, p.preferred_skills,
                    p.url, to_char(p.posted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI') AS posted,
                    p.closed_at IS NOT NULL AS closed
               FROM job_postings p JOIN companies c ON c.id = p.company_id ORDER BY p.title",
        )
        .load(&mut conn)
        .unwrap()
    }

    fn posting(&self, title: &str) -> Posting {
        self.postings()
            .into_iter()
            .find(|posting| posting.title == title)
            .unwrap_or_else(|| panic!("no posting {title:?}"))
    }
}

#[derive(QueryableByName, Debug)]
struct Posting {
    #[diesel(sql_type = Text)]
    title: String,
    #[diesel(sql_type = Text)]
    company_name: String,
    #[diesel(sql_type = Nullable<Text>)]
    domain: Option<String>,
    #[diesel(sql_type = Array<Text>)]
    locations: Vec<String>,
    #[diesel(sql_type = Nullable<Text>)]
    workplace: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    employment_type: Option<String>,
    #[diesel(sql_type = Nullable<Integer>)]
    salary_min: Option<i32>,
    #[diesel(sql_type = Nullable<Integer>)]
    salary_max: Option<i32>,
    #[diesel(sql_type = Nullable<Text>)]
    salary_currency: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    salary_interval: Option<String>,
    #[diesel(sql_type = Text)]
    description_html: String,
    #[diesel(sql_type = Text)]
    description_text: String,
    #[diesel(sql_type = Array<Text>)]
    required_skills: Vec<String>,
    #[diesel(sql_type = Array<Text>)]
    preferred_skills: Vec<String>,
    #[diesel(sql_type = Nullable<Text>)]
    url: Option<String>,
    #[diesel(sql_type = Nullable<Text>)]
    posted: Option<String>,
    #[diesel(sql_type = Bool)]
    closed: bool,
}

fn strings(items: &[&str]) -> Vec<String> {
    items.iter().map(|item| (*item).to_owned()).collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn every_reader_maps_its_sources_fields() {
    let setup = setup().await;
    setup.add("greenhouse:vaulttec", None).await;
    setup.add("lever:leverdemo", Some("Lever Demo")).await;
    setup.add("ashby:Ashby", Some("Ashby")).await;
    setup.add("jsonld:BASE/files/jsonld.html", None).await;
    setup.add("rss:BASE/files/feed.rss", None).await;
    setup
        .add("atom:BASE/files/feed.atom", Some("Umbrella Corporation"))
        .await;
    setup.add("csv:BASE/files/jobs.csv", None).await;
    setup.add("json:BASE/files/jobs.json", None).await;
    let reports = setup.import(None).await;
    assert_eq!(reports.len(), 8);
    for report in &reports {
        assert_eq!(
            report.status,
            ImportStatus::Imported,
            "{}",
            report.summary()
        );
    }
    // 2 Greenhouse, 1 Lever, 1 Ashby (one unlisted), 1 JSON-LD, 2 RSS, 1 Atom, 2 CSV (a row
    // without a title is skipped), 1 JSON.
    assert_eq!(setup.postings().len(), 11);

    let rust = setup.posting("Senior Rust Engineer");
    assert_eq!(rust.company_name, "Vault-Tec, Inc.");
    assert_eq!(rust.locations, strings(&["Berlin, Germany"]));
    assert_eq!(
        rust.url.as_deref(),
        Some("https://boards.greenhouse.io/vaulttec/jobs/127817")
    );
    assert_eq!(rust.posted.as_deref(), Some("2026-11-18T14:00"));
    // Greenhouse's escaped HTML is unescaped, then sanitised: the markup stays, the script goes.
    assert!(
        rust.description_html.contains("<strong>payments</strong>"),
        "{}",
        rust.description_html
    );
    assert!(!rust.description_html.contains("script") && !rust.description_html.contains("alert"));
    assert_eq!(
        rust.description_text,
        "What you will do\nBuild our payments platform in Rust & PostgreSQL.\nNice to have\n- Kubernetes"
    );
    assert_eq!(rust.required_skills, strings(&["postgresql", "rust"]));
    assert_eq!(rust.preferred_skills, strings(&["kubernetes"]));
    assert_eq!(
        setup.posting("Product Designer").workplace.as_deref(),
        Some("remote")
    );

    let go = setup.posting("Backend Engineer (Go)");
    assert_eq!(go.company_name, "Lever Demo");
    assert_eq!(go.locations, strings(&["San Francisco", "New York"]));
    assert_eq!(go.workplace.as_deref(), Some("hybrid"));
    assert_eq!(go.employment_type.as_deref(), Some("full_time"));
    assert_eq!(
        (go.salary_min, go.salary_max),
        (Some(150_000), Some(190_000))
    );
    assert_eq!(go.salary_currency.as_deref(), Some("USD"));
    assert_eq!(go.salary_interval.as_deref(), Some("year"));
    assert!(!go.description_html.contains("javascript"));
    assert!(
        go.description_text
            .contains("Bonus points\n- Terraform\nWe sponsor visas.")
    );
    assert_eq!(
        go.required_skills,
        strings(&["backenddevelopment", "go", "postgresql"])
    );
    assert_eq!(go.preferred_skills, strings(&["terraform"]));
    assert_eq!(go.posted.as_deref(), Some("2025-11-24T16:00"));

    let data = setup.posting("Data Engineer");
    assert_eq!(data.locations, strings(&["London", "Manchester"]));
    assert_eq!(data.workplace.as_deref(), Some("on_site"));
    assert_eq!(
        (data.salary_min, data.salary_currency.as_deref()),
        (Some(70_000), Some("GBP"))
    );
    assert!(!data.description_html.contains("iframe"));
    assert!(
        setup
            .postings()
            .iter()
            .all(|posting| posting.title != "Secret Project Lead")
    );

    let sre = setup.posting("Site Reliability Engineer");
    assert_eq!(sre.company_name, "Initech GmbH");
    assert_eq!(sre.domain.as_deref(), Some("initech.example"));
    assert_eq!(sre.locations, strings(&["Munich, DE"]));
    assert_eq!(sre.workplace.as_deref(), Some("remote"));
    assert_eq!(sre.employment_type.as_deref(), Some("contract"));
    assert_eq!((sre.salary_min, sre.salary_max), (Some(600), Some(800)));
    assert_eq!(sre.salary_interval.as_deref(), Some("day"));
    assert!(!sre.description_html.contains("onerror"));
    assert_eq!(
        sre.required_skills,
        strings(&["kubernetes", "linux", "prometheus", "terraform"])
    );

    let frontend = setup.posting("Frontend Developer");
    assert_eq!(frontend.company_name, "Globex");
    assert_eq!(
        frontend.url.as_deref(),
        Some("https://jobs.example/globex-frontend")
    );
    assert_eq!(frontend.posted.as_deref(), Some("2026-11-30T09:00"));
    assert!(!frontend.description_html.contains("steal"));
    assert_eq!(setup.posting("QA Engineer").company_name, "Hooli");
    assert_eq!(
        setup.posting("Machine Learning Engineer").company_name,
        "Umbrella Corporation"
    );

    let platform = setup.posting("Platform Engineer");
    assert_eq!(platform.locations, strings(&["Oslo", "Bergen"]));
    assert_eq!(
        (platform.salary_min, platform.salary_max),
        (Some(700_000), Some(900_000))
    );
    assert_eq!(platform.salary_currency.as_deref(), Some("NOK"));
    assert_eq!(platform.domain.as_deref(), Some("soylent.example"));
    assert_eq!(
        platform.required_skills,
        strings(&["amazonwebservices", "go", "kubernetes", "terraform"])
    );
    let support = setup.posting("Support Engineer, Nights");
    assert_eq!(support.employment_type.as_deref(), Some("part_time"));
    assert_eq!(support.workplace.as_deref(), Some("on_site"));

    let staff = setup.posting("Staff Engineer");
    assert_eq!(staff.company_name, "ACME");
    assert_eq!(staff.workplace.as_deref(), Some("remote"));
    assert_eq!(
        (staff.salary_min, staff.salary_max),
        (Some(180_000), Some(220_000))
    );
    assert_eq!(staff.locations, strings(&["San Francisco, California, US"]));
    assert!(staff.description_html.contains("&lt;platform&gt;"));
    assert!(
        staff
            .description_text
            .contains("Qualifications\n- 10 years of Java")
    );
    assert_eq!(
        staff.required_skills,
        strings(&["distributedsystems", "java", "kafka"])
    );
    assert!(!staff.closed);
}

#[tokio::test(flavor = "multi_thread")]
async fn reimporting_is_idempotent_and_postings_gone_from_a_feed_close() {
    let setup = setup().await;
    setup.add("greenhouse:vaulttec", None).await;
    setup.add("lever:leverdemo", Some("Lever Demo")).await;
    let first = setup.import(None).await;
    assert_eq!((first[0].added, first[1].added), (2, 1));
    // The same answers again: 304 on the validators each source sent.
    for report in setup.import(None).await {
        assert_eq!(
            report.status,
            ImportStatus::Unchanged,
            "{}",
            report.summary()
        );
    }
    assert_eq!(setup.postings().len(), 3);

    // One posting leaves the board, the other changes its title.
    let mut board: serde_json::Value = serde_json::from_slice(&fixture("greenhouse.json")).unwrap();
    board["jobs"].as_array_mut().unwrap().remove(1);
    board["jobs"][0]["title"] = "Principal Rust Engineer".into();
    setup.served.set(
        "v1/boards/vaulttec/jobs",
        serde_json::to_vec(&board).unwrap(),
    );
    let report = &setup.import(Some("greenhouse:vaulttec")).await[0];
    assert_eq!(
        (report.added, report.updated, report.closed),
        (0, 1, 1),
        "{}",
        report.summary()
    );
    assert!(setup.posting("Product Designer").closed);
    assert!(!setup.posting("Principal Rust Engineer").closed);
    assert_eq!(setup.postings().len(), 3, "a closed posting is kept");

    // Back on the board: reopened, not duplicated.
    setup
        .served
        .set("v1/boards/vaulttec/jobs", fixture("greenhouse.json"));
    let report = &setup.import(Some("greenhouse:vaulttec")).await[0];
    assert_eq!(
        (report.added, report.updated, report.closed),
        (0, 2, 0),
        "{}",
        report.summary()
    );
    assert!(!setup.posting("Product Designer").closed);
    assert_eq!(setup.postings().len(), 3);

    // Removing the source closes its postings and keeps them.
    let closed = run(&setup.pool, |conn| sources::remove(conn, "lever:leverdemo"))
        .await
        .unwrap();
    assert_eq!(closed, 1);
    assert!(setup.posting("Backend Engineer (Go)").closed);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_bad_feed_is_recorded_on_its_source_and_never_breaks_the_others() {
    let setup = setup().await;
    setup.add("greenhouse:vaulttec", None).await;
    for board in ["broken", "slow", "huge", "invalid"] {
        setup.add(&format!("greenhouse:{board}"), None).await;
    }
    setup.add("lever:nosuchsite", None).await;
    setup.add("jsonld:BASE/files/feed.rss", None).await;
    let started = std::time::Instant::now();
    let reports = setup.import(None).await;
    assert!(
        started.elapsed() < Duration::from_secs(15),
        "the slow source was not cut off"
    );
    let by_source: HashMap<&str, &Report> = reports
        .iter()
        .map(|report| (report.source.as_str(), report))
        .collect();
    assert_eq!(
        by_source["greenhouse:vaulttec"].status,
        ImportStatus::Imported
    );
    let error = |source: &str| {
        let report = by_source[source];
        assert_eq!(report.status, ImportStatus::Failed, "{source}");
        report.error.clone().unwrap()
    };
    assert_eq!(
        error("greenhouse:broken"),
        "the source answered 500 Internal Server Error"
    );
    assert_eq!(
        error("greenhouse:slow"),
        "the source did not answer in time"
    );
    assert_eq!(error("greenhouse:huge"), "the answer is larger than 1 MB");
    assert!(error("greenhouse:invalid").starts_with("the answer is not the expected JSON"));
    assert_eq!(
        error("lever:nosuchsite"),
        "the source answered 404 Not Found"
    );
    assert_eq!(
        error(&format!("jsonld:{}/files/feed.rss", setup.base)),
        "the page has no schema.org JobPosting"
    );
    assert_eq!(setup.postings().len(), 2);

    // The status is kept on each source for operators.
    let listed = run(&setup.pool, sources::list).await.unwrap();
    let broken = listed
        .iter()
        .find(|source| source.locator == "broken")
        .unwrap();
    assert_eq!(broken.last_status, Some(ImportStatus::Failed));
    assert!(broken.last_run_at.is_some());
    assert_eq!(
        broken.last_error.as_deref(),
        Some("the source answered 500 Internal Server Error")
    );
    let good = listed
        .iter()
        .find(|source| source.locator == "vaulttec")
        .unwrap();
    assert_eq!(
        (good.last_status, good.added_count),
        (Some(ImportStatus::Imported), 2)
    );

    // A feed that fails after it worked closes nothing.
    setup
        .served
        .set("v1/boards/vaulttec/jobs", b"{\"jobs\": 42}".to_vec());
    let report = &setup.import(Some("greenhouse:vaulttec")).await[0];
    assert_eq!(report.status, ImportStatus::Failed);
    assert!(setup.postings().iter().all(|posting| !posting.closed));
}

/// A server on another loopback address (127.0.0.2, outside the allowed block) that serves the
/// same posting page: if the guard failed, reading from it would succeed.
async fn internal_server() -> String {
    let page = fixture("jsonld.html");
    let app = axum::Router::new().route(
        "/{*path}",
        get(move || {
            let page = page.clone();
            async move { page }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.2:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

/// A server that redirects `/to?url=…` to that address.
async fn redirecting_server() -> String {
    let app = axum::Router::new().route(
        "/to",
        get(
            |axum::extract::Query(target): axum::extract::Query<HashMap<String, String>>| async move {
                axum::response::Redirect::temporary(&target["url"])
            },
        ),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

#[tokio::test(flavor = "multi_thread")]
async fn a_linked_posting_is_read_only_from_addresses_careerhub_may_reach() {
    use careerhub_core::jobs::Jobs;
    use careerhub_core::jobs::links::Links;
    use careerhub_core::ratelimit::RateLimiter;
    use careerhub_core::service::Error;

    let setup = setup().await;
    let internal = internal_server().await;
    let redirecting = redirecting_server().await;
    let mut conn = db::connect(&setup.db.url).unwrap();
    diesel::sql_query(
        "INSERT INTO users (id, email, password_hash, display_name) \
         VALUES ('0193a1b2-0000-7000-8000-000000000001', 'ada@example.org', 'x', 'Ada')",
    )
    .execute(&mut conn)
    .unwrap();
    let owner =
        careerhub_domain::ids::UserId("0193a1b2-0000-7000-8000-000000000001".parse().unwrap());
    let with = |feeds: JobFeeds| {
        Jobs::new(
            setup.pool.clone(),
            Links::new(feeds, RateLimiter::new(None)),
            None,
        )
    };
    let jobs = with(setup.feeds.clone());
    let public_only = with(JobFeeds {
        link_private_networks: Vec::new(),
        ..setup.feeds.clone()
    });
    let link = |text: &str| url::Url::parse(text).unwrap();
    let refusal = |result: Result<_, Error>| match result {
        Err(Error::Form(error)) => error.field_error("url").unwrap_or_default().to_owned(),
        other => panic!("expected a message on the link, got {other:?}"),
    };

    // A careers page on an allowed address is read, straight or through a redirect.
    let page = format!("{}/files/jsonld.html", setup.base);
    let id = jobs.add_from_link(owner, link(&page)).await.unwrap();
    let detail = jobs.posting(owner, id).await.unwrap();
    assert_eq!(detail.card.title, "Site Reliability Engineer");
    assert!(detail.card.own);
    let redirected = format!("{redirecting}/to?url={page}");
    jobs.add_from_link(owner, link(&redirected)).await.unwrap();

    // Addresses it may not reach: refused before a request, by what a name resolves to, and
    // where a redirect leads.
    let not_public = "Careerhub cannot read that address: it is not on the public internet.";
    for address in [
        format!("{internal}/files/jsonld.html"),
        "http://169.254.169.254/latest/meta-data/".to_owned(),
        "http://[::1]/".to_owned(),
        "http://[::ffff:127.0.0.2]/".to_owned(),
        "http://0x7f.2/".to_owned(),
    ] {
        assert_eq!(
            refusal(jobs.add_from_link(owner, link(&address)).await),
            not_public,
            "{address}"
        );
    }
    let loopback_name = format!(
        "{}/files/jsonld.html",
        setup.base.replace("127.0.0.1", "localhost")
    );
    assert_eq!(
        refusal(public_only.add_from_link(owner, link(&loopback_name)).await),
        "Could not read that page: cannot connect to the source: it is not on the public internet."
    );
    let to_internal = format!("{redirecting}/to?url={internal}/files/jsonld.html");
    let message = refusal(jobs.add_from_link(owner, link(&to_internal)).await);
    assert!(
        message.contains("it is not on the public internet"),
        "{message}"
    );

    // Pages that answer but hold no posting.
    setup.served.set(
        "files/plain.html",
        b"<html><body>We are hiring!</body></html>".to_vec(),
    );
    assert_eq!(
        refusal(
            jobs.add_from_link(owner, link(&format!("{}/files/plain.html", setup.base)))
                .await
        ),
        "That page has no job posting Careerhub can read (schema.org JobPosting data). Type it in below instead."
    );
    assert_eq!(
        refusal(
            jobs.add_from_link(owner, link(&format!("{}/files/gone.html", setup.base)))
                .await
        ),
        "Could not read that page: the source answered 404 Not Found."
    );
    // Only the two that were read were stored.
    let own: i64 = diesel::dsl::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(
        "(SELECT count(*) FROM job_postings WHERE owner_id IS NOT NULL)",
    ))
    .get_result(&mut conn)
    .unwrap();
    assert_eq!(own, 2);
}
