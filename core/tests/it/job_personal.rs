//! What a person does with a posting, against the real PostgreSQL: save it with a note, track it
//! as an application (once, even when asked twice at the same moment), put a missing skill on
//! the learning plan, and the posting's fit with their profile.

use std::time::Duration;

use careerhub_core::db;
use careerhub_core::jobs::{Jobs, import};
use careerhub_core::profile::Profiles;
use careerhub_core::service::Error;
use careerhub_core::testing::TestDb;
use careerhub_domain::ids::{JobPostingId, UserId};
use careerhub_domain::jobs::matching::Verdict;
use careerhub_domain::jobs::{
    CompanyInfo, FeedPosting, Salary, SalaryInterval, SaveJobForm, Workplace,
};
use careerhub_domain::profile::{BasicsForm, SkillForm};
use diesel::prelude::*;
use diesel::sql_types::{Text, Uuid as SqlUuid};
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
        jobs: Jobs::new(pool.clone()),
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
