//! What a person does with a posting, against the real PostgreSQL: save it with a note, track it
//! as an application (once, even when asked twice at the same moment), put a missing skill on
//! the learning plan, and the posting's fit with their profile.

use std::time::Duration;

use careerhub_core::db;
use careerhub_core::jobs::{Jobs, import};
use careerhub_core::profile::Profiles;
use careerhub_core::service::Error;
use careerhub_core::testing::TestDb;

use crate::links;
use careerhub_domain::ids::{JobPostingId, UserId};
use careerhub_domain::jobs::matching::Verdict;
use careerhub_domain::jobs::{
    CompanyInfo, FeedPosting, Salary, SalaryInterval, SaveJobForm, Workplace,
};
use careerhub_domain::profile::{BasicsForm, SkillForm};
use diesel::prelude::*;
use diesel::sql_types::{Array, Integer, Nullable, SmallInt, Text, Uuid as SqlUuid};
use uuid::Uuid;

struct Setup {
    db: TestDb,
    jobs: Jobs,
    profiles: Profiles,
}

async fn setup() -> Setup {
    let db = TestDb::create().await;
    let pool = db::pool(&db.url, 4, Duration::from_secs(5)).unwrap();
    Setup {
        jobs: Jobs::new(pool.clone(), links(), None),
        profiles: Profiles::new(pool, &"https://careerhub.example".parse().unwrap()),
        db,
    }
}

fn posting(title: &str, description: &str) -> FeedPosting {
    FeedPosting {
        external_id: Uuid::now_v7().to_string(),
        title: title.into(),
        company: CompanyInfo {
            name: "Globex".into(),
            website: Some("https://globex.example".into()),
        },
        locations: vec!["Berlin, Germany".into()],
        workplace: Some(Workplace::Hybrid),
        employment_type: None,
        salary: Some(Salary {
            min: Some(40),
            max: Some(50),
            currency: "EUR".into(),
            interval: SalaryInterval::Hour,
        }),
        description_html: description.into(),
        url: Some("https://globex.example/jobs/1".into()),
        posted_at: None,
        valid_through: None,
        listed_skills: Vec::new(),
    }
}

impl Setup {
    fn conn(&self) -> PgConnection {
        db::connect(&self.db.url).unwrap()
    }

    fn user(&self) -> UserId {
        let id = Uuid::now_v7();
        diesel::sql_query(
            "INSERT INTO users (id, email, password_hash, display_name) VALUES ($1, $2, 'x', 'Ada')",
        )
        .bind::<SqlUuid, _>(id)
        .bind::<Text, _>(format!("{}@example.org", id.simple()))
        .execute(&mut self.conn())
        .unwrap();
        UserId(id)
    }

    /// A posting of `owner`'s own (None: a shared one, as from a feed).
    fn posting(&self, owner: UserId, posting: &FeedPosting) -> JobPostingId {
        import::add_own(&mut self.conn(), owner, posting).unwrap()
    }

    fn count(&self, sql: &str, owner: UserId) -> i64 {
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        diesel::sql_query(sql)
            .bind::<SqlUuid, _>(owner)
            .get_result::<Count>(&mut self.conn())
            .unwrap()
            .n
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn a_saved_posting_keeps_its_note_and_only_its_owner_sees_a_private_one() {
    let setup = setup().await;
    let ada = setup.user();
    let bob = setup.user();
    let first = setup.posting(ada, &posting("Rust engineer", "<p>Rust</p>"));
    let second = setup.posting(ada, &posting("Go engineer", "<p>Go</p>"));
    setup.jobs.save(ada, first, None).await.unwrap();
    setup
        .jobs
        .save(ada, second, Some("Ask about on-call".into()))
        .await
        .unwrap();
    // Saving again replaces the note; it does not add a row.
    setup
        .jobs
        .save(ada, first, Some("Referral from Marta".into()))
        .await
        .unwrap();
    let saved = setup.jobs.saved(ada).await.unwrap();
    let listed: Vec<(JobPostingId, Option<&str>)> = saved
        .iter()
        .map(|job| (job.card.id, job.saved.note.as_deref()))
        .collect();
    assert_eq!(
        listed,
        [
            (second, Some("Ask about on-call")),
            (first, Some("Referral from Marta"))
        ]
    );
    let detail = setup.jobs.posting(ada, first).await.unwrap();
    assert_eq!(
        detail.saved.and_then(|saved| saved.note).as_deref(),
        Some("Referral from Marta")
    );

    // Another person cannot save (or see) Ada's own posting.
    assert!(matches!(
        setup.jobs.save(bob, first, None).await,
        Err(Error::NotFound)
    ));
    assert!(setup.jobs.saved(bob).await.unwrap().is_empty());

    setup.jobs.unsave(ada, second).await.unwrap();
    assert_eq!(setup.jobs.saved(ada).await.unwrap().len(), 1);

    // A note too long is a message on the field, not a cut note.
    let long = SaveJobForm {
        note: "x".repeat(SaveJobForm::NOTE_MAX + 1),
    };
    let error = long.parse().unwrap_err();
    assert!(error.field_error("note").is_some());
    assert_eq!(SaveJobForm::default().parse().unwrap(), None);
}

#[tokio::test(flavor = "multi_thread")]
async fn tracking_a_posting_makes_one_application_from_it_even_when_asked_twice_at_once() {
    let setup = setup().await;
    let ada = setup.user();
    let id = setup.posting(
        ada,
        &posting("Staff Rust engineer", "<p>Rust and Kafka</p>"),
    );
    setup
        .jobs
        .save(ada, id, Some("Referral from Marta".into()))
        .await
        .unwrap();
    let (one, two) = tokio::join!(setup.jobs.track(ada, id), setup.jobs.track(ada, id));
    let (one, two) = (one.unwrap(), two.unwrap());
    assert_eq!(one, two);
    assert_eq!(
        setup.count(
            "SELECT count(*) AS n FROM applications WHERE user_id = $1",
            ada
        ),
        1
    );
    #[derive(Queryable, Debug, PartialEq)]
    struct Tracked {
        company: String,
        role_title: String,
        status: String,
        job_url: Option<String>,
        location: Option<String>,
        work_arrangement: Option<String>,
        salary_min: Option<i32>,
        salary_max: Option<i32>,
        notes: Option<String>,
        job_posting_id: Option<Uuid>,
    }
    use careerhub_core::schema::applications as a;
    let row: Tracked = a::table
        .filter(a::id.eq(one))
        .select((
            a::company,
            a::role_title,
            a::status,
            a::job_url,
            a::location,
            a::work_arrangement,
            a::salary_min,
            a::salary_max,
            a::notes,
            a::job_posting_id,
        ))
        .first(&mut setup.conn())
        .unwrap();
    assert_eq!(
        row,
        Tracked {
            company: "Globex".into(),
            role_title: "Staff Rust engineer".into(),
            status: "wishlist".into(),
            job_url: Some("https://globex.example/jobs/1".into()),
            location: Some("Berlin, Germany".into()),
            work_arrangement: Some("hybrid".into()),
            // €40–50 an hour, as the tracker's yearly figures.
            salary_min: Some(83_200),
            salary_max: Some(104_000),
            notes: Some("Referral from Marta".into()),
            job_posting_id: Some(id.0),
        }
    );
    // The page says so, and its timeline starts with the creation.
    assert_eq!(
        setup.jobs.posting(ada, id).await.unwrap().tracked,
        Some(one)
    );
    assert_eq!(
        setup.count(
            "SELECT count(*) AS n FROM application_events WHERE user_id = $1 AND kind = 'created'",
            ada
        ),
        1
    );
    // Nobody tracks a posting they cannot see.
    let bob = setup.user();
    assert!(matches!(
        setup.jobs.track(bob, id).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn the_fit_explains_itself_and_a_missing_skill_goes_on_the_learning_plan_once() {
    let setup = setup().await;
    let ada = setup.user();
    let basics = BasicsForm {
        location: "Berlin".into(),
        salary_min: "90000".into(),
        salary_currency: "EUR".into(),
        ..Default::default()
    };
    setup
        .profiles
        .update_basics(ada, basics.parse().unwrap())
        .await
        .unwrap();
    for (name, level, years) in [("Rust", "5", "6"), ("PostgreSQL", "4", "")] {
        let form = SkillForm {
            name: name.into(),
            category: "technical".into(),
            level: level.into(),
            years: years.into(),
            ..Default::default()
        };
        setup
            .profiles
            .create_skill(ada, form.parse().unwrap())
            .await
            .unwrap();
    }
    let id = setup.posting(
        ada,
        &posting(
            "Senior Rust engineer",
            "<p>You know Rust, PostgreSQL and Kafka, with 5+ years of experience.</p>\
             <h3>Nice to have</h3><p>Kubernetes</p>",
        ),
    );
    let fit = setup.jobs.posting(ada, id).await.unwrap().fit;
    let texts: Vec<(Verdict, &str)> = fit
        .reasons
        .iter()
        .map(|reason| (reason.verdict, reason.text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            (Verdict::Fits, "You have the required PostgreSQL and Rust."),
            (Verdict::Gap, "Your profile lacks the required Kafka."),
            (
                Verdict::Fits,
                "It asks for 5+ years; you list 6 with its skills."
            ),
            (Verdict::Fits, "It is in Berlin, Germany, where you are."),
            (
                Verdict::Fits,
                "It pays €40–50 per hour, reaching your minimum."
            ),
        ]
    );
    // Skills 4 of 7 (Rust 2, PostgreSQL 2 of Kafka 2 and Kubernetes 1) × 70 = 40; place 15; pay 15.
    assert_eq!(fit.score, 70);
    assert_eq!(
        fit.missing
            .iter()
            .map(|skill| skill.key.as_str())
            .collect::<Vec<_>>(),
        ["kafka"]
    );

    let activity = setup.jobs.plan_learning(ada, "kafka".into()).await.unwrap();
    assert_eq!(
        setup.jobs.plan_learning(ada, "kafka".into()).await.unwrap(),
        activity,
        "a second click opens the same plan"
    );
    use careerhub_core::schema::development_activities as d;
    let (title, status, skills): (String, String, Vec<String>) = d::table
        .filter(d::id.eq(activity))
        .select((d::title, d::status, d::skills))
        .first(&mut setup.conn())
        .unwrap();
    assert_eq!(
        (title.as_str(), status.as_str(), skills),
        ("Learn Kafka", "planned", vec!["Kafka".to_owned()])
    );
    // Only a skill key is accepted: anything else is not found, not a stored title.
    assert!(matches!(
        setup.jobs.plan_learning(ada, "<b>Kafka</b>".into()).await,
        Err(Error::NotFound)
    ));
}

/// A small deterministic generator, so the postings below are varied and the same every run.
struct Draw(u64);

impl Draw {
    fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) % n as u64) as usize
    }

    fn pick<T: Clone>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())].clone()
    }

    fn some_of(&mut self, items: &[&str]) -> Vec<String> {
        items
            .iter()
            .filter(|_| self.below(3) == 0)
            .map(|item| item.to_string())
            .collect()
    }
}

#[tokio::test(flavor = "multi_thread")]
async fn search_sorts_and_filters_by_the_same_fit_each_postings_page_explains() {
    use careerhub_domain::jobs::{JobSearch, MinFit};
    let setup = setup().await;
    let skill = |name: &str, level: &str, years: &str| SkillForm {
        name: name.into(),
        category: "technical".into(),
        level: level.into(),
        years: years.into(),
        ..Default::default()
    };
    // Three people who reach every branch of the formula: a profile with beginner and expert
    // skills, years, a preferred workplace and a salary; no profile at all; one willing to
    // relocate who asks in another currency.
    let ada = setup.user();
    let bob = setup.user();
    let cy = setup.user();
    let people = [
        (
            ada,
            BasicsForm {
                location: "Berlin".into(),
                salary_min: "90000".into(),
                salary_currency: "EUR".into(),
                work_arrangement: "hybrid".into(),
                ..Default::default()
            },
            vec![
                skill("Rust", "5", "6"),
                skill("PostgreSQL", "4", ""),
                skill("Go", "2", "3"),
                skill("Kafka", "", "1"),
            ],
        ),
        (bob, BasicsForm::default(), Vec::new()),
        (
            cy,
            BasicsForm {
                location: "Kraków, Poland".into(),
                salary_min: "4000".into(),
                salary_currency: "usd".into(),
                work_arrangement: "remote".into(),
                willing_to_relocate: Some("on".into()),
                ..Default::default()
            },
            vec![skill("Python", "1", "10"), skill("Kubernetes", "3", "")],
        ),
    ];
    for (person, basics, skills) in &people {
        setup
            .profiles
            .update_basics(*person, basics.parse().unwrap())
            .await
            .unwrap();
        for form in skills {
            setup
                .profiles
                .create_skill(*person, form.parse().unwrap())
                .await
                .unwrap();
        }
    }
    // Feed postings with every mix of skills, places, salaries and years asked.
    let skills = ["rust", "go", "postgresql", "kafka", "python", "kubernetes"];
    let places: [&[&str]; 5] = [
        &[],
        &["Berlin, Germany"],
        &["Kraków (PL)"],
        &["Remote - Europe"],
        &["New York, NY", "berlin"],
    ];
    let workplaces = [None, Some("remote"), Some("hybrid"), Some("on_site")];
    let salaries = [
        None,
        Some((80_000, 100_000, "EUR", "year")),
        Some((40, 50, "EUR", "hour")),
        Some((7_000, 7_000, "USD", "month")),
        Some((1_000, 3_000, "USD", "month")),
        Some((95_000, 95_000, "GBP", "year")),
    ];
    let mut draw = Draw(7);
    let postings = 60;
    for n in 0..postings {
        let salary = draw.pick(&salaries);
        diesel::sql_query(
            "INSERT INTO companies (id, name, name_key) VALUES (gen_random_uuid(), 'Globex', 'globex') \
             ON CONFLICT (name_key) DO NOTHING",
        )
        .execute(&mut setup.conn())
        .unwrap();
        diesel::sql_query(
            "INSERT INTO job_postings (id, company_id, company_name, title, required_skills,
                 preferred_skills, locations, workplace, salary_min, salary_max, salary_currency,
                 salary_interval, years_asked, content_hash)
             SELECT gen_random_uuid(), id, name, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, '\\x00'
               FROM companies WHERE name_key = 'globex'",
        )
        .bind::<Text, _>(format!("Posting {n}"))
        .bind::<Array<Text>, _>(draw.some_of(&skills))
        .bind::<Array<Text>, _>(draw.some_of(&skills))
        .bind::<Array<Text>, _>(
            draw.pick(&places)
                .iter()
                .map(|place| place.to_string())
                .collect::<Vec<_>>(),
        )
        .bind::<Nullable<Text>, _>(draw.pick(&workplaces))
        .bind::<Nullable<Integer>, _>(salary.map(|s| s.0))
        .bind::<Nullable<Integer>, _>(salary.map(|s| s.1))
        .bind::<Nullable<Text>, _>(salary.map(|s| s.2))
        .bind::<Nullable<Text>, _>(salary.map(|s| s.3))
        .bind::<Nullable<SmallInt>, _>(draw.pick(&[None, Some(2), Some(5), Some(8), Some(12)]))
        .execute(&mut setup.conn())
        .unwrap();
    }

    let search = |sort: &str, fit: &str| {
        JobSearch::from_params(|name| match name {
            "sort" => Some(sort.to_owned()),
            "fit" => Some(fit.to_owned()),
            _ => None,
        })
    };
    let mut every_score = Vec::new();
    for (person, ..) in &people {
        // Every posting, page by page, best fit first; each card's score is its page's score.
        let mut seen = Vec::new();
        let mut next = None;
        loop {
            let page = setup
                .jobs
                .search(
                    *person,
                    JobSearch {
                        after: next,
                        ..search("fit", "")
                    },
                )
                .await
                .unwrap();
            for card in &page.rows {
                let explained = setup.jobs.posting(*person, card.id).await.unwrap().fit;
                assert_eq!(card.fit, Some(explained.score), "{}", card.title);
                seen.push((explained.score, card.id));
            }
            next = page.next;
            if next.is_none() {
                break;
            }
        }
        assert_eq!(seen.len(), postings, "every posting once");
        every_score.extend(seen.iter().map(|(score, _)| *score));
        assert!(
            seen.windows(2).all(|pair| pair[0] >= pair[1]),
            "best fit first: {seen:?}"
        );
        let distinct: std::collections::HashSet<_> = seen.iter().map(|(_, id)| *id).collect();
        assert_eq!(distinct.len(), postings);
        // The least fit keeps exactly the postings that reach it.
        for least in MinFit::ALL {
            let found = setup
                .jobs
                .search(*person, search("newest", least.as_str()))
                .await
                .unwrap();
            let expected = seen
                .iter()
                .filter(|(score, _)| i32::from(*score) >= least.score())
                .count();
            assert_eq!(
                found.total,
                careerhub_domain::jobs::Total::Exactly(expected as i64)
            );
            assert!(found.rows.iter().all(|card| {
                card.fit
                    .is_some_and(|score| i32::from(score) >= least.score())
            }));
        }
    }
    // Scores spread over the range, so the checks above are not of one constant.
    let distinct_scores: std::collections::HashSet<u8> = every_score.into_iter().collect();
    assert!(distinct_scores.len() >= 10, "{distinct_scores:?}");
}
