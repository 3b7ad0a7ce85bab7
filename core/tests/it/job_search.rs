//! Searching postings against the real PostgreSQL: relevance, every filter, keyset pages while
//! postings arrive, the capped total, any input, private postings, snippets, "did you mean".

use std::collections::HashSet;
use std::time::Duration;

use careerhub_core::db;
use careerhub_core::jobs::Jobs;
use careerhub_core::testing::TestDb;

use crate::links;
use careerhub_domain::ids::UserId;
use careerhub_domain::jobs::{JobResults, JobSearch, JobSort, Total};
use diesel::prelude::*;
use diesel::sql_types::{Array, Integer, Nullable, Text, Uuid as SqlUuid};
use uuid::Uuid;

struct Setup {
    db: TestDb,
    jobs: Jobs,
    viewer: UserId,
}

/// A posting to insert; `..Spec::default()` for the rest.
struct Spec {
    title: &'static str,
    company: &'static str,
    description: &'static str,
    locations: &'static [&'static str],
    workplace: Option<&'static str>,
    employment_type: Option<&'static str>,
    salary: Option<(i32, &'static str, &'static str)>,
    days_ago: i32,
    source: Option<&'static str>,
    owner: Option<UserId>,
}

impl Default for Spec {
    fn default() -> Self {
        Self {
            title: "Engineer",
            company: "Acme",
            description: "",
            locations: &[],
            workplace: None,
            employment_type: None,
            salary: None,
            days_ago: 1,
            source: None,
            owner: None,
        }
    }
}

async fn setup() -> Setup {
    let db = TestDb::create().await;
    let pool = db::pool(&db.url, 4, Duration::from_secs(5)).unwrap();
    let setup = Setup {
        jobs: Jobs::new(pool, links()),
        viewer: UserId(Uuid::nil()),
        db,
    };
    let viewer = setup.user("viewer");
    Setup { viewer, ..setup }
}

impl Setup {
    fn user(&self, name: &str) -> UserId {
        let id = UserId(Uuid::now_v7());
        diesel::sql_query(
            "INSERT INTO users (id, email, password_hash, display_name) VALUES ($1, $2 || '@example.org', 'x', $2)",
        )
        .bind::<SqlUuid, _>(id)
        .bind::<Text, _>(name)
        .execute(&mut db::connect(&self.db.url).unwrap())
        .unwrap();
        id
    }

    fn add(&self, spec: Spec) {
        let mut conn = db::connect(&self.db.url).unwrap();
        if let Some(kind) = spec.source {
            diesel::sql_query(
                "INSERT INTO job_sources (id, kind, locator) VALUES (gen_random_uuid(), $1, $1 || '-board') \
                 ON CONFLICT (kind, locator) DO NOTHING",
            )
            .bind::<Text, _>(kind)
            .execute(&mut conn)
            .unwrap();
        }
        diesel::sql_query(
            "INSERT INTO companies (id, name, name_key) VALUES (gen_random_uuid(), $1, lower($1)) \
             ON CONFLICT (name_key) DO NOTHING",
        )
        .bind::<Text, _>(spec.company)
        .execute(&mut conn)
        .unwrap();
        diesel::sql_query(
            "INSERT INTO job_postings (id, company_id, company_name, title, description_text, locations,
                workplace, employment_type, salary_min, salary_currency, salary_interval, posted_at,
                first_seen_at, source_id, external_id, owner_id, content_hash)
             SELECT gen_random_uuid(), c.id, c.name, $2, $3, $4, $5, $6, $7, $8, $9,
                    now() - make_interval(days => $10), now() - make_interval(days => $10),
                    (SELECT id FROM job_sources WHERE kind = $11), CASE WHEN $11 IS NULL THEN NULL ELSE gen_random_uuid()::text END,
                    $12, '\\x00'
               FROM companies c WHERE c.name_key = lower($1)",
        )
        .bind::<Text, _>(spec.company)
        .bind::<Text, _>(spec.title)
        .bind::<Text, _>(spec.description)
        .bind::<Array<Text>, _>(spec.locations.iter().map(|l| l.to_string()).collect::<Vec<_>>())
        .bind::<Nullable<Text>, _>(spec.workplace)
        .bind::<Nullable<Text>, _>(spec.employment_type)
        .bind::<Nullable<Integer>, _>(spec.salary.map(|s| s.0))
        .bind::<Nullable<Text>, _>(spec.salary.map(|s| s.1))
        .bind::<Nullable<Text>, _>(spec.salary.map(|s| s.2))
        .bind::<Integer, _>(spec.days_ago)
        .bind::<Nullable<Text>, _>(spec.source)
        .bind::<Nullable<SqlUuid>, _>(spec.owner)
        .execute(&mut conn)
        .unwrap();
    }

    async fn search(&self, params: &[(&str, &str)]) -> JobResults {
        let search = JobSearch::from_params(|name| {
            params
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        });
        self.jobs.search(self.viewer, search).await.unwrap()
    }

    async fn titles(&self, params: &[(&str, &str)]) -> Vec<String> {
        self.search(params)
            .await
            .rows
            .into_iter()
            .map(|row| row.title)
            .collect()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn words_in_the_title_rank_above_words_in_the_description() {
    let setup = setup().await;
    setup.add(Spec {
        title: "Backend Engineer",
        description: "We use Rust and Go.",
        days_ago: 1,
        ..Spec::default()
    });
    setup.add(Spec {
        title: "Rust Engineer",
        description: "Services.",
        days_ago: 5,
        ..Spec::default()
    });
    setup.add(Spec {
        title: "Designer",
        description: "Figma.",
        ..Spec::default()
    });
    setup.add(Spec {
        title: "Payments",
        company: "Rust Belt Bank",
        description: "Cobol.",
        days_ago: 3,
        ..Spec::default()
    });
    assert_eq!(
        setup.titles(&[("q", "rust")]).await,
        ["Rust Engineer", "Payments", "Backend Engineer"]
    );
    // Newest first when asked.
    assert_eq!(
        setup.titles(&[("q", "rust"), ("sort", "newest")]).await,
        ["Backend Engineer", "Payments", "Rust Engineer"]
    );
    // Web-search syntax: a phrase and an exclusion.
    assert_eq!(
        setup.titles(&[("q", "rust -cobol")]).await,
        ["Rust Engineer", "Backend Engineer"]
    );
    assert_eq!(
        setup.titles(&[("q", "\"rust engineer\"")]).await,
        ["Rust Engineer"]
    );
    // Snippets mark the matched words, and are text.
    let results = setup.search(&[("q", "go")]).await;
    let snippet = &results.rows[0].snippet;
    assert!(
        snippet.iter().any(|part| part.matched && part.text == "Go"),
        "{snippet:?}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn every_filter_narrows_the_results() {
    let setup = setup().await;
    setup.add(Spec {
        title: "Berlin Remote Full",
        locations: &["Berlin, Germany"],
        workplace: Some("remote"),
        employment_type: Some("full_time"),
        salary: Some((90_000, "EUR", "year")),
        days_ago: 2,
        company: "Vault-Tec",
        source: Some("greenhouse"),
        ..Spec::default()
    });
    setup.add(Spec {
        title: "Oslo Hybrid Contract",
        locations: &["Oslo"],
        workplace: Some("hybrid"),
        employment_type: Some("contract"),
        salary: Some((600, "NOK", "day")),
        days_ago: 20,
        company: "Soylent",
        source: Some("lever"),
        ..Spec::default()
    });
    setup.add(Spec {
        title: "Old Onsite",
        locations: &["Berlin-Mitte"],
        workplace: Some("on_site"),
        days_ago: 90,
        ..Spec::default()
    });
    assert_eq!(
        setup.titles(&[]).await,
        ["Berlin Remote Full", "Oslo Hybrid Contract", "Old Onsite"]
    );
    assert_eq!(
        setup.titles(&[("location", "berlin")]).await,
        ["Berlin Remote Full", "Old Onsite"]
    );
    assert_eq!(
        setup.titles(&[("workplace", "hybrid")]).await,
        ["Oslo Hybrid Contract"]
    );
    assert_eq!(
        setup.titles(&[("type", "full_time")]).await,
        ["Berlin Remote Full"]
    );
    // 600 a day is 156,000 a year of work days; postings without a salary are left out.
    assert_eq!(
        setup.titles(&[("min_salary", "100k")]).await,
        ["Oslo Hybrid Contract"]
    );
    assert_eq!(
        setup.titles(&[("min_salary", "80000")]).await,
        ["Berlin Remote Full", "Oslo Hybrid Contract"]
    );
    assert_eq!(
        setup.titles(&[("posted", "7")]).await,
        ["Berlin Remote Full"]
    );
    assert_eq!(
        setup.titles(&[("posted", "30")]).await,
        ["Berlin Remote Full", "Oslo Hybrid Contract"]
    );
    assert_eq!(
        setup.titles(&[("company", "vault")]).await,
        ["Berlin Remote Full"]
    );
    assert_eq!(
        setup.titles(&[("source", "lever")]).await,
        ["Oslo Hybrid Contract"]
    );
    // LIKE wildcards in a filter are literal.
    assert!(setup.titles(&[("company", "%")]).await.is_empty());
    assert!(setup.titles(&[("location", "_")]).await.is_empty());
    // Filters combine.
    assert!(
        setup
            .titles(&[("location", "Berlin"), ("workplace", "hybrid")])
            .await
            .is_empty()
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn keyset_pages_have_no_duplicates_or_gaps_while_postings_arrive() {
    let setup = setup().await;
    for _ in 0..45 {
        setup.add(Spec {
            title: "Rust Engineer",
            description: "Rust all day.",
            days_ago: 3,
            ..Spec::default()
        });
    }
    for (params, sort) in [
        (vec![], JobSort::Newest),
        (vec![("q", "rust")], JobSort::Relevance),
    ] {
        let mut seen = HashSet::new();
        let mut after: Option<String> = None;
        let mut pages = 0;
        loop {
            let mut params = params.clone();
            if let Some(after) = &after {
                params.push(("after", after.as_str()));
            }
            let page = setup.search(&params).await;
            pages += 1;
            for row in &page.rows {
                assert!(seen.insert(row.id), "{sort:?}: {} twice", row.id);
            }
            if pages == 1 {
                // Newer postings arrive between pages: they belong before the first page, so
                // the pages that follow neither repeat nor skip a row.
                for _ in 0..5 {
                    setup.add(Spec {
                        title: "Rust Engineer",
                        description: "Rust all day.",
                        days_ago: 0,
                        ..Spec::default()
                    });
                }
            }
            match page.next {
                Some(next) => after = Some(next),
                None => break,
            }
        }
        assert_eq!(pages, 3, "{sort:?}");
        assert!(seen.len() >= 45, "{sort:?}: {} rows", seen.len());
    }
    // A cursor from somewhere else is the first page, not an error.
    let page = setup.search(&[("after", "n.garbage.x")]).await;
    assert_eq!(page.rows.len(), 20);
}

#[tokio::test(flavor = "multi_thread")]
async fn totals_are_counted_up_to_a_cap() {
    let setup = setup().await;
    let mut conn = db::connect(&setup.db.url).unwrap();
    diesel::sql_query(
        "INSERT INTO companies (id, name, name_key) VALUES (gen_random_uuid(), 'Bulk', 'bulk');
         ",
    )
    .execute(&mut conn)
    .unwrap();
    diesel::sql_query(
        "INSERT INTO job_postings (id, company_id, company_name, title, description_text, content_hash)
         SELECT gen_random_uuid(), c.id, c.name,
                CASE WHEN n % 100 = 0 THEN 'Rare title' ELSE 'Common title' END, 'text', '\\x00'
           FROM companies c, generate_series(1, 1005) n",
    )
    .execute(&mut conn)
    .unwrap();
    let all = setup.search(&[]).await;
    assert_eq!(all.total, Total::AtLeast(1000));
    assert_eq!(all.total.to_string(), "1,000+ postings");
    assert_eq!(
        setup.search(&[("q", "rare")]).await.total,
        Total::Exactly(10)
    );
}

/// Sorting by fit scores at most the newest `FIT_RANKED` matches: a broad search pages through
/// exactly those (the older ones never appear), a narrower one ranks all of its matches.
#[tokio::test(flavor = "multi_thread")]
async fn sorting_by_fit_ranks_only_the_newest_matches_of_a_broad_search() {
    let setup = setup().await;
    let mut conn = db::connect(&setup.db.url).unwrap();
    diesel::sql_query(
        "INSERT INTO companies (id, name, name_key) VALUES (gen_random_uuid(), 'Bulk', 'bulk')",
    )
    .execute(&mut conn)
    .unwrap();
    // Posting n was first seen n minutes ago: "Posting 1" is the newest.
    diesel::sql_query(
        "INSERT INTO job_postings (id, company_id, company_name, title, description_text,
             first_seen_at, content_hash)
         SELECT gen_random_uuid(), c.id, c.name,
                'Posting ' || n || CASE WHEN n % 100 = 0 THEN ' rare' ELSE '' END, 'text',
                now() - make_interval(mins => n), '\\x00'
           FROM companies c, generate_series(1, 1005) n",
    )
    .execute(&mut conn)
    .unwrap();
    let setup = &setup;
    let ranked = |q: &'static str| async move {
        let mut seen = Vec::new();
        let mut after = None;
        loop {
            let page = setup
                .search(
                    &[
                        ("sort", "fit"),
                        ("q", q),
                        ("after", after.as_deref().unwrap_or("")),
                    ]
                    .into_iter()
                    .filter(|(_, value)| !value.is_empty())
                    .collect::<Vec<_>>(),
                )
                .await;
            seen.extend(page.rows.into_iter().map(|card| card.title));
            after = page.next;
            if after.is_none() {
                break seen;
            }
        }
    };
    let broad = ranked("").await;
    assert_eq!(broad.len() as i64, JobSearch::FIT_RANKED);
    let distinct: HashSet<&String> = broad.iter().collect();
    assert_eq!(distinct.len(), broad.len(), "no posting twice");
    for oldest in 1001..=1005 {
        let title = format!("Posting {oldest}");
        assert!(
            !broad
                .iter()
                .any(|seen| seen.starts_with(&format!("{title} ")) || *seen == title),
            "{title} is older than the newest {} and was ranked",
            JobSearch::FIT_RANKED
        );
    }
    let narrow = ranked("rare").await;
    assert_eq!(narrow.len(), 10, "{narrow:?}");
    assert!(narrow.contains(&"Posting 1000 rare".to_owned()));
}

#[tokio::test(flavor = "multi_thread")]
async fn any_input_is_a_valid_query() {
    let setup = setup().await;
    setup.add(Spec {
        title: "C++ Engineer",
        description: "Systems & games.",
        ..Spec::default()
    });
    let long = "rust ".repeat(300);
    for q in [
        "\"unclosed phrase",
        "rust -",
        "& | ! ( ) : * <->",
        "'; DROP TABLE job_postings; --",
        "Zażółć gęślą jaźń 日本語",
        "the",
        "or",
        long.as_str(),
        "\u{0}",
    ] {
        let results = setup.search(&[("q", q)]).await;
        assert!(results.rows.len() <= 1, "{q}");
    }
    assert_eq!(setup.titles(&[("q", "c++")]).await, ["C++ Engineer"]);
}

#[tokio::test(flavor = "multi_thread")]
async fn own_postings_are_private_and_closed_ones_are_not_searched() {
    let setup = setup().await;
    let someone = setup.user("someone");
    setup.add(Spec {
        title: "Mine",
        owner: Some(setup.viewer),
        ..Spec::default()
    });
    setup.add(Spec {
        title: "Theirs",
        owner: Some(someone),
        ..Spec::default()
    });
    setup.add(Spec {
        title: "Closed",
        ..Spec::default()
    });
    diesel::sql_query("UPDATE job_postings SET closed_at = now() WHERE title = 'Closed'")
        .execute(&mut db::connect(&setup.db.url).unwrap())
        .unwrap();
    let results = setup.search(&[]).await;
    let titles: Vec<&str> = results.rows.iter().map(|row| row.title.as_str()).collect();
    assert_eq!(titles, ["Mine"]);
    assert!(results.rows[0].own);
    // Another person's posting is not found by id either; a closed one is (applications link it).
    let theirs: Uuid = diesel::select(diesel::dsl::sql::<SqlUuid>(
        "(SELECT id FROM job_postings WHERE title = 'Theirs')",
    ))
    .get_result(&mut db::connect(&setup.db.url).unwrap())
    .unwrap();
    assert!(
        setup
            .jobs
            .posting(setup.viewer, careerhub_domain::ids::JobPostingId(theirs))
            .await
            .is_err()
    );
    let closed: Uuid = diesel::select(diesel::dsl::sql::<SqlUuid>(
        "(SELECT id FROM job_postings WHERE title = 'Closed')",
    ))
    .get_result(&mut db::connect(&setup.db.url).unwrap())
    .unwrap();
    let detail = setup
        .jobs
        .posting(setup.viewer, careerhub_domain::ids::JobPostingId(closed))
        .await
        .unwrap();
    assert!(detail.closed);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_near_miss_suggests_what_was_meant() {
    let setup = setup().await;
    setup.add(Spec {
        title: "Site Reliability Engineer",
        company: "Vault-Tec",
        ..Spec::default()
    });
    let results = setup.search(&[("q", "Vaultec")]).await;
    assert!(results.rows.is_empty());
    assert_eq!(results.suggestions, ["Vault-Tec"]);
    let results = setup.search(&[("q", "Reliabilty")]).await;
    assert!(
        results
            .suggestions
            .contains(&"Site Reliability Engineer".to_owned()),
        "{:?}",
        results.suggestions
    );
}
