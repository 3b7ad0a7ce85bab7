//! Realistic demo data for demos and benchmarks: verified accounts with applications spread over
//! the pipeline (each with a consistent status history), interviews, contacts with interactions
//! and learning activities. Deterministic for a given seed.

use chrono::{DateTime, Duration, NaiveDate, Utc};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use rand::{Rng, SeedableRng};
use uuid::Uuid;

use crate::schema::{
    application_contacts, application_events, applications, contact_interactions, contacts,
    development_activities, interviews, users,
};
use crate::service::Error;

const COMPANIES: &[&str] = &[
    "Acme Analytics",
    "Northwind Logistics",
    "Globex",
    "Initech",
    "Umbrella Health",
    "Hooli",
    "Vandelay Industries",
    "Stark Mobility",
    "Wayne Energy",
    "Tyrell Robotics",
    "Cyberdyne Labs",
    "Soylent Foods",
    "Aperture Science",
    "Black Mesa Research",
    "Monarch Media",
    "Oscorp",
    "Pied Piper",
    "Massive Dynamic",
    "Gringotts Bank",
    "Blue Sun",
    "Nakatomi Trading",
    "Prestige Worldwide",
    "Dunder Mifflin",
    "Sterling Cooper",
    "Bluth Company",
    "Los Pollos",
    "Kruger Systems",
    "Ferrous Cloud",
    "Tessel Data",
    "Lumen Grid",
    "Orbit Payments",
    "Fjord AI",
];
const ROLES: &[&str] = &[
    "Backend Engineer",
    "Senior Rust Engineer",
    "Platform Engineer",
    "Site Reliability Engineer",
    "Data Engineer",
    "Full-stack Developer",
    "Staff Software Engineer",
    "Engineering Manager",
    "DevOps Engineer",
    "Security Engineer",
    "Embedded Software Engineer",
    "API Developer",
    "Database Reliability Engineer",
    "Software Architect",
    "Frontend Engineer",
];
const LOCATIONS: &[&str] = &[
    "Berlin",
    "Amsterdam",
    "London",
    "Lisbon",
    "Remote (EU)",
    "Paris",
    "Zürich",
    "Vienna",
    "Copenhagen",
    "Barcelona",
    "Munich",
    "Dublin",
    "Stockholm",
    "Remote (worldwide)",
];
const SOURCES: &[&str] = &[
    "LinkedIn",
    "Company website",
    "Referral",
    "Recruiter",
    "Job board",
    "Meetup",
];
const FIRST_NAMES: &[&str] = &[
    "Ada", "Grace", "Linus", "Margaret", "Alan", "Barbara", "Dennis", "Frances", "Ken", "Radia",
    "Edsger", "Hedy", "Tim", "Karen", "Donald", "Sophie", "Yukihiro", "Anita", "Guido", "Shafi",
];
const LAST_NAMES: &[&str] = &[
    "Lovelace",
    "Hopper",
    "Torvalds",
    "Hamilton",
    "Turing",
    "Liskov",
    "Ritchie",
    "Allen",
    "Thompson",
    "Perlman",
    "Dijkstra",
    "Lamarr",
    "Berners-Lee",
    "Spärck Jones",
    "Knuth",
    "Wilson",
    "Matsumoto",
    "Borg",
    "van Rossum",
    "Goldwasser",
];
const COURSES: &[(&str, &str)] = &[
    ("course", "Rust for Systems Programmers"),
    ("certification", "AWS Solutions Architect Associate"),
    ("course", "PostgreSQL Performance Tuning"),
    ("workshop", "Kubernetes Operations Workshop"),
    ("project", "Open-source contribution: tokio"),
    ("certification", "Certified Kubernetes Administrator"),
    ("course", "Distributed Systems (MIT 6.824)"),
    ("workshop", "Threat Modelling in Practice"),
];

/// The pipeline an application walks through before it lands on its final status.
const PIPELINE: &[&str] = &[
    "wishlist",
    "applied",
    "screening",
    "interviewing",
    "offer",
    "accepted",
];

#[derive(Debug, Clone)]
pub struct SeedOptions {
    pub users: usize,
    pub applications: usize,
    pub contacts: usize,
    pub activities: usize,
    /// Accounts are `<prefix>-<n>@<domain>`.
    pub email_prefix: String,
    pub email_domain: String,
    /// An argon2 hash of the demo password (hashing is the caller's job, off the runtime).
    pub password_hash: String,
    pub seed: u64,
}

#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct SeedReport {
    pub users: Vec<String>,
    /// Accounts that existed already and were left alone.
    pub skipped: Vec<String>,
    pub applications: usize,
    pub events: usize,
    pub interviews: usize,
    pub contacts: usize,
    pub interactions: usize,
    pub activities: usize,
}

#[derive(Insertable)]
#[diesel(table_name = applications)]
struct NewApplication {
    id: Uuid,
    user_id: Uuid,
    company: String,
    role_title: String,
    job_url: Option<String>,
    location: Option<String>,
    work_arrangement: Option<String>,
    salary_min: Option<i32>,
    salary_max: Option<i32>,
    salary_currency: Option<String>,
    source: Option<String>,
    status: String,
    status_changed_at: DateTime<Utc>,
    applied_on: Option<NaiveDate>,
    follow_up_on: Option<NaiveDate>,
    created_at: DateTime<Utc>,
    updated_at: DateTime<Utc>,
}

#[derive(Insertable)]
#[diesel(table_name = application_events)]
struct NewEvent {
    id: Uuid,
    application_id: Uuid,
    user_id: Uuid,
    kind: String,
    from_status: Option<String>,
    to_status: Option<String>,
    body: Option<String>,
    actor_user_id: Option<Uuid>,
    occurred_at: DateTime<Utc>,
}

#[derive(Insertable)]
#[diesel(table_name = interviews)]
struct NewInterview {
    id: Uuid,
    application_id: Uuid,
    user_id: Uuid,
    scheduled_at: DateTime<Utc>,
    duration_minutes: i32,
    kind: String,
    meeting_url: Option<String>,
    interviewers: Option<String>,
    outcome: String,
}

/// Creates the accounts and their data, one account per transaction. `progress` is called after
/// each account with the number done so far.
pub fn seed_demo(
    conn: &mut PgConnection,
    options: &SeedOptions,
    now: DateTime<Utc>,
    mut progress: impl FnMut(usize),
) -> Result<SeedReport, Error> {
    let mut rng = StdRng::seed_from_u64(options.seed);
    let mut report = SeedReport::default();
    for n in 1..=options.users {
        let email = format!("{}-{n}@{}", options.email_prefix, options.email_domain).to_lowercase();
        let created = conn
            .transaction(|conn| seed_user(conn, options, &email, n, now, &mut rng, &mut report))?;
        if created {
            report.users.push(email);
        } else {
            report.skipped.push(email);
        }
        progress(n);
    }
    Ok(report)
}

fn seed_user(
    conn: &mut PgConnection,
    options: &SeedOptions,
    email: &str,
    n: usize,
    now: DateTime<Utc>,
    rng: &mut StdRng,
    report: &mut SeedReport,
) -> Result<bool, Error> {
    let user = Uuid::now_v7();
    let inserted = diesel::insert_into(users::table)
        .values((
            users::id.eq(user),
            users::email.eq(email),
            users::password_hash.eq(&options.password_hash),
            users::display_name.eq(format!("Demo User {n}")),
            users::email_verified_at.eq(now),
            users::timezone.eq("Europe/Berlin"),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    if inserted == 0 {
        return Ok(false);
    }

    let mut apps = Vec::with_capacity(options.applications);
    let mut events = Vec::new();
    let mut planned_interviews = Vec::new();
    for _ in 0..options.applications {
        let id = Uuid::now_v7();
        let created_at = now - Duration::minutes(rng.gen_range(60..=180 * 24 * 60));
        let final_status = pick_status(rng);
        // The steps it took: along the pipeline up to where it stopped, then out if it left.
        let reached = match final_status {
            "rejected" | "withdrawn" => rng.gen_range(1..=3),
            other => PIPELINE.iter().position(|s| *s == other).unwrap_or(0),
        };
        let start = if rng.gen_bool(0.3) { 0 } else { 1.min(reached) };
        let mut steps: Vec<&str> = PIPELINE[start..=reached].to_vec();
        if matches!(final_status, "rejected" | "withdrawn") {
            steps.push(final_status);
        }
        let span = (now - created_at).num_minutes().max(steps.len() as i64);
        let mut at = created_at;
        let mut applied_on = None;
        for (index, step) in steps.iter().enumerate() {
            if index > 0 {
                at += Duration::minutes(rng.gen_range(1..=(span / steps.len() as i64).max(1)));
            }
            if *step == "applied" {
                applied_on = Some(at.date_naive());
            }
            events.push(NewEvent {
                id: Uuid::now_v7(),
                application_id: id,
                user_id: user,
                kind: if index == 0 { "created" } else { "status" }.into(),
                from_status: (index > 0).then(|| steps[index - 1].to_owned()),
                to_status: Some((*step).to_owned()),
                body: None,
                actor_user_id: Some(user),
                occurred_at: at,
            });
            if *step == "interviewing" {
                planned_interviews.push((id, at, final_status == "interviewing"));
            }
        }
        if rng.gen_bool(0.25) {
            at += Duration::minutes(5);
            events.push(NewEvent {
                id: Uuid::now_v7(),
                application_id: id,
                user_id: user,
                kind: "note".into(),
                from_status: None,
                to_status: None,
                body: Some("Spoke to the recruiter; they will get back within two weeks.".into()),
                actor_user_id: Some(user),
                occurred_at: at,
            });
        }
        let open = !matches!(final_status, "accepted" | "rejected" | "withdrawn");
        let salary = rng.gen_bool(0.6).then(|| rng.gen_range(45..=110) * 1000);
        let company = *COMPANIES.choose(rng).unwrap_or(&"Acme");
        apps.push(NewApplication {
            id,
            user_id: user,
            company: company.to_owned(),
            role_title: (*ROLES.choose(rng).unwrap_or(&"Engineer")).to_owned(),
            job_url: Some(format!(
                "https://jobs.example.com/{}/{}",
                company.to_lowercase().replace(' ', "-"),
                rng.gen_range(1000..9999)
            )),
            location: Some((*LOCATIONS.choose(rng).unwrap_or(&"Berlin")).to_owned()),
            work_arrangement: Some(
                (*["onsite", "hybrid", "remote"]
                    .choose(rng)
                    .unwrap_or(&"remote"))
                .to_owned(),
            ),
            salary_min: salary,
            salary_max: salary.map(|min| min + rng.gen_range(0..=25) * 1000),
            salary_currency: salary.map(|_| "EUR".to_owned()),
            source: Some((*SOURCES.choose(rng).unwrap_or(&"LinkedIn")).to_owned()),
            status: final_status.to_owned(),
            status_changed_at: at,
            applied_on,
            follow_up_on: (open && rng.gen_bool(0.35))
                .then(|| (now + Duration::days(rng.gen_range(-5..=14))).date_naive()),
            created_at,
            updated_at: at,
        });
    }
    let mut interview_rows = Vec::new();
    for (application, reached_at, upcoming) in planned_interviews {
        let day = if upcoming {
            now + Duration::days(rng.gen_range(0..=14))
        } else {
            reached_at + Duration::days(rng.gen_range(1..=10))
        };
        // Office hours, on the hour or the half hour (UTC; demo accounts live in Berlin).
        let scheduled_at = day
            .date_naive()
            .and_hms_opt(rng.gen_range(7..=15), *[0, 30].choose(rng).unwrap_or(&0), 0)
            .unwrap_or_default()
            .and_utc();
        let scheduled_at = if upcoming && scheduled_at < now {
            scheduled_at + Duration::days(1)
        } else {
            scheduled_at
        };
        interview_rows.push(NewInterview {
            id: Uuid::now_v7(),
            application_id: application,
            user_id: user,
            scheduled_at: scheduled_at.min(now + Duration::days(30)),
            duration_minutes: *[30, 45, 60, 90].choose(rng).unwrap_or(&60),
            kind: (*["phone", "video", "technical", "onsite", "panel"]
                .choose(rng)
                .unwrap_or(&"video"))
            .to_owned(),
            meeting_url: Some("https://meet.example.com/abc-defg-hij".into()),
            interviewers: Some(format!(
                "{} {}",
                FIRST_NAMES.choose(rng).unwrap_or(&"Ada"),
                LAST_NAMES.choose(rng).unwrap_or(&"Lovelace")
            )),
            outcome: if upcoming {
                "pending"
            } else {
                *["passed", "failed", "passed"]
                    .choose(rng)
                    .unwrap_or(&"passed")
            }
            .to_owned(),
        });
    }
    // PostgreSQL takes at most 65,535 bind parameters per statement.
    for chunk in apps.chunks(1000) {
        diesel::insert_into(applications::table)
            .values(chunk)
            .execute(conn)?;
    }
    for chunk in events.chunks(2000) {
        diesel::insert_into(application_events::table)
            .values(chunk)
            .execute(conn)?;
    }
    for chunk in interview_rows.chunks(2000) {
        diesel::insert_into(interviews::table)
            .values(chunk)
            .execute(conn)?;
    }

    let mut contact_ids = Vec::new();
    for _ in 0..options.contacts {
        let id = Uuid::now_v7();
        let first = *FIRST_NAMES.choose(rng).unwrap_or(&"Ada");
        let last = *LAST_NAMES.choose(rng).unwrap_or(&"Lovelace");
        let company = *COMPANIES.choose(rng).unwrap_or(&"Acme");
        diesel::insert_into(contacts::table)
            .values((
                contacts::id.eq(id),
                contacts::user_id.eq(user),
                contacts::full_name.eq(format!("{first} {last}")),
                contacts::company.eq(company),
                contacts::role_title.eq(*[
                    "Recruiter",
                    "Engineering Manager",
                    "Staff Engineer",
                    "CTO",
                ]
                .choose(rng)
                .unwrap_or(&"Recruiter")),
                contacts::email.eq(format!(
                    "{}.{}@example.com",
                    first.to_lowercase(),
                    last.to_lowercase().replace([' ', 'ä'], "")
                )),
                contacts::relationship.eq(*[
                    "recruiter",
                    "hiring_manager",
                    "mentor",
                    "peer",
                    "other",
                ]
                .choose(rng)
                .unwrap_or(&"other")),
                contacts::next_follow_up_on.eq(rng
                    .gen_bool(0.3)
                    .then(|| (now + Duration::days(rng.gen_range(-3..=21))).date_naive())),
            ))
            .execute(conn)?;
        for _ in 0..rng.gen_range(0..=3) {
            diesel::insert_into(contact_interactions::table)
                .values((
                    contact_interactions::id.eq(Uuid::now_v7()),
                    contact_interactions::contact_id.eq(id),
                    contact_interactions::user_id.eq(user),
                    contact_interactions::occurred_on
                        .eq((now - Duration::days(rng.gen_range(0..=120))).date_naive()),
                    contact_interactions::channel.eq(*[
                        "email", "call", "meeting", "message", "event",
                    ]
                    .choose(rng)
                    .unwrap_or(&"email")),
                    contact_interactions::summary
                        .eq("Talked about open roles and the team's stack."),
                ))
                .execute(conn)?;
            report.interactions += 1;
        }
        contact_ids.push(id);
    }
    // Link about a fifth of the applications to a contact.
    for app in &apps {
        if !rng.gen_bool(0.2) {
            continue;
        }
        if let Some(contact) = contact_ids.choose(rng) {
            diesel::insert_into(application_contacts::table)
                .values((
                    application_contacts::application_id.eq(app.id),
                    application_contacts::contact_id.eq(contact),
                    application_contacts::user_id.eq(user),
                ))
                .on_conflict_do_nothing()
                .execute(conn)?;
        }
    }
    for index in 0..options.activities {
        let (kind, title) = COURSES[index % COURSES.len()];
        let status = *["planned", "in_progress", "completed"]
            .choose(rng)
            .unwrap_or(&"planned");
        let started = (now - Duration::days(rng.gen_range(10..=300))).date_naive();
        diesel::insert_into(development_activities::table)
            .values((
                development_activities::id.eq(Uuid::now_v7()),
                development_activities::user_id.eq(user),
                development_activities::kind.eq(kind),
                development_activities::title.eq(title),
                development_activities::provider.eq(*[
                    "Coursera",
                    "Linux Foundation",
                    "AWS",
                    "Self-directed",
                ]
                .choose(rng)
                .unwrap_or(&"Coursera")),
                development_activities::status.eq(status),
                development_activities::started_on.eq((status != "planned").then_some(started)),
                development_activities::completed_on
                    .eq((status == "completed").then(|| started + Duration::days(30))),
                development_activities::skills.eq(vec!["Rust".to_owned(), "PostgreSQL".to_owned()]),
            ))
            .execute(conn)?;
    }
    report.applications += apps.len();
    report.events += events.len();
    report.interviews += interview_rows.len();
    report.contacts += contact_ids.len();
    report.activities += options.activities;
    Ok(true)
}

/// A plausible spread: most applications are early in the pipeline or rejected.
fn pick_status(rng: &mut StdRng) -> &'static str {
    const WEIGHTS: &[(&str, u32)] = &[
        ("wishlist", 12),
        ("applied", 30),
        ("screening", 10),
        ("interviewing", 10),
        ("offer", 3),
        ("accepted", 1),
        ("rejected", 28),
        ("withdrawn", 6),
    ];
    let total: u32 = WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..total);
    for (status, weight) in WEIGHTS {
        if roll < *weight {
            return status;
        }
        roll -= weight;
    }
    "applied"
}
