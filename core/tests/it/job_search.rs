//! Searching postings against the real PostgreSQL: relevance, every filter, keyset pages while
//! postings arrive, the capped total, any input, private postings, snippets, "did you mean".
//! Every search runs twice over: without the Redis cache of first pages and with it (a miss,
//! then a hit), and the three answers must be the same.

use std::collections::HashSet;
use std::time::Duration;

use careerhub_core::cache::Redis;
use careerhub_core::db;
use careerhub_core::jobs::Jobs;
use careerhub_core::jobs::search_cache::SearchCache;
use careerhub_core::testing::{TestDb, test_redis_url, unique_redis_prefix};

use crate::links;
use careerhub_domain::ids::UserId;
use careerhub_domain::jobs::{JobResults, JobSearch, JobSort, Total};
use diesel::prelude::*;
use diesel::sql_types::{Array, Integer, Nullable, Text, Uuid as SqlUuid};
use uuid::Uuid;

struct Setup {
    db: TestDb,
    jobs: Jobs,
    /// The same searches with first pages' feed part kept in Redis (under `redis`'s prefix).
    cached: Jobs,
    redis: Redis,
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
    let redis = Redis::connect(
        &test_redis_url(),
        &unique_redis_prefix(),
        Duration::from_secs(5),
    )
    .await
    .unwrap();
    let cache = SearchCache::new(redis.clone(), Duration::from_secs(300));
    let setup = Setup {
        jobs: Jobs::new(pool.clone(), links(), None),
        cached: Jobs::new(pool, links(), Some(cache)),
        redis,
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
        self.search_as(self.viewer, params).await
    }

    /// `viewer`'s page, the same without the cache, when it is made and when it is kept.
    async fn search_as(&self, viewer: UserId, params: &[(&str, &str)]) -> JobResults {
        let search = JobSearch::from_params(|name| {
            params
                .iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        });
        let uncached = self.jobs.search(viewer, search.clone()).await.unwrap();
        for round in ["made", "kept"] {
            let cached = self.cached.search(viewer, search.clone()).await.unwrap();
            assert_eq!(cached, uncached, "{params:?}: the cached page, {round}");
        }
        uncached
    }

    /// The first pages the cache holds.
    async fn cached_pages(&self) -> usize {
        let mut conn = self.redis.connection();
        let keys: Vec<String> = redis::cmd("KEYS")
            .arg(self.redis.key("jobs:search:*"))
            .query_async(&mut conn)
            .await
            .unwrap();
        keys.len()
    }

    fn sql(&self, statement: &str) {
        diesel::sql_query(statement)
            .execute(&mut db::connect(&self.db.url).unwrap())
            .unwrap();
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

/// One kept first page serves everyone who runs that search, each with their own postings merged
/// in; a change to feed postings is seen by the very next search (the generation in the key),
/// and a person's private posting changes nothing that is shared.
#[tokio::test(flavor = "multi_thread")]
async fn a_first_page_is_kept_once_for_everyone_and_a_feed_change_shows_at_once() {
    let setup = setup().await;
    let someone = setup.user("someone");
    // The word only in their descriptions: the two private postings, with it in the title,
    // rank first by relevance as they are newest.
    for days_ago in 1..=25 {
        setup.add(Spec {
            title: "Engineer",
            description: "Rust and PostgreSQL.",
            days_ago,
            ..Spec::default()
        });
    }
    setup.add(Spec {
        title: "Rust Mine",
        description: "Rust, Rust and Rust.",
        days_ago: 0,
        owner: Some(setup.viewer),
        ..Spec::default()
    });
    setup.add(Spec {
        title: "Rust Theirs",
        days_ago: 0,
        owner: Some(someone),
        ..Spec::default()
    });
    for params in [
        &[("q", "rust")][..],
        &[("q", "rust"), ("sort", "newest")],
        &[],
    ] {
        let mine = setup.search_as(setup.viewer, params).await;
        let theirs = setup.search_as(someone, params).await;
        let shows = |page: &JobResults, title: &str| page.rows.iter().any(|row| row.title == title);
        // Each sees their own private posting and never the other's.
        assert_eq!(
            [
                shows(&mine, "Rust Mine"),
                shows(&mine, "Rust Theirs"),
                shows(&theirs, "Rust Theirs"),
                shows(&theirs, "Rust Mine"),
            ],
            [true, false, true, false],
            "{params:?}"
        );
        assert_eq!(mine.total, Total::Exactly(26), "{params:?}");
        assert_eq!(mine.rows.len(), 20);
        assert!(mine.next.is_some());
    }
    // One page per search, whoever ran it; a later page and a fit order are not kept.
    assert_eq!(setup.cached_pages().await, 3);
    setup.search(&[("q", "rust"), ("sort", "fit")]).await;
    let first = setup.search(&[("q", "rust")]).await;
    setup
        .search(&[("q", "rust"), ("after", first.next.as_deref().unwrap())])
        .await;
    assert_eq!(setup.cached_pages().await, 3);

    // The kept page is what the search shows: a feed posting removed behind the generation's
    // back (its trigger off) is still counted by the cached search, not by the uncached one.
    setup.sql("ALTER TABLE job_postings DISABLE TRIGGER job_postings_generation_delete");
    setup.sql("DELETE FROM job_postings WHERE id = (SELECT id FROM job_postings WHERE owner_id IS NULL ORDER BY listed_at LIMIT 1)");
    setup.sql("ALTER TABLE job_postings ENABLE TRIGGER job_postings_generation_delete");
    let search = JobSearch::from_params(|name| (name == "q").then(|| "rust".to_owned()));
    let stale = setup
        .cached
        .search(setup.viewer, search.clone())
        .await
        .unwrap();
    let fresh = setup.jobs.search(setup.viewer, search).await.unwrap();
    assert_eq!(
        (stale.total, fresh.total),
        (Total::Exactly(26), Total::Exactly(25))
    );

    // A private posting leaves the shared part (and its generation) alone, yet shows at once.
    let generation = || -> i64 {
        careerhub_core::jobs::search_cache::generation(&mut db::connect(&setup.db.url).unwrap())
            .unwrap()
    };
    let before = generation();
    setup.add(Spec {
        title: "Rust Mine Too",
        days_ago: 0,
        owner: Some(setup.viewer),
        ..Spec::default()
    });
    assert_eq!(generation(), before);
    let search = JobSearch::from_params(|name| (name == "q").then(|| "rust".to_owned()));
    let page = setup.cached.search(setup.viewer, search).await.unwrap();
    assert!(page.rows.iter().any(|row| row.title == "Rust Mine Too"));
    // Still the kept count of feed postings (25), and now two of the viewer's own.
    assert_eq!(page.total, Total::Exactly(27));

    // A feed change (an import, a closing) is the next search's news, for everyone.
    setup.add(Spec {
        title: "Rust Newcomer",
        days_ago: 0,
        ..Spec::default()
    });
    assert_eq!(generation(), before + 1);
    let newest = setup
        .search_as(someone, &[("q", "rust"), ("sort", "newest")])
        .await;
    // 24 feed postings left and the newcomer, and their own one.
    assert_eq!(newest.total, Total::Exactly(26));
    assert!(newest.rows.iter().any(|row| row.title == "Rust Newcomer"));
    setup.sql("UPDATE job_postings SET closed_at = now() WHERE title = 'Rust Newcomer'");
    assert_eq!(generation(), before + 2);
    let closed = setup
        .search_as(someone, &[("q", "rust"), ("sort", "newest")])
        .await;
    assert!(!closed.rows.iter().any(|row| row.title == "Rust Newcomer"));
}
