//! The tracker's demo data for one account: applications spread over the pipeline (each with a
//! consistent status history), interviews, contacts with interactions, and learning activities.

use careerhub_domain::Email;
use careerhub_domain::ids::{
    ActivityId, ApplicationId, ContactId, EventId, InteractionId, InterviewId,
};
use careerhub_domain::tracker::{
    ActivityStatus, ApplicationInput, ApplicationStatus, EventKind, InteractionChannel,
    InterviewKind, InterviewOutcome, Relationship, WorkArrangement,
};
use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use rand::Rng;
use rand::rngs::StdRng;
use rand::seq::SliceRandom;
use uuid::Uuid;

use crate::demo::Demo;
use crate::demo::words::{COMPANIES, COURSES, FIRST_NAMES, LAST_NAMES, LOCATIONS, ROLES, SOURCES};
use crate::schema::{
    application_contacts, application_events, applications, contact_interactions, contacts,
    development_activities, interviews,
};
use crate::service::Error;

use super::models::{
    ActivityFields, ContactFields, NewActivity, NewApplication, NewContact, NewContactLink,
    NewEvent, NewInteraction, NewInterview,
};

/// The pipeline an application walks through before it lands on its final status.
const PIPELINE: &[ApplicationStatus] = &[
    ApplicationStatus::Wishlist,
    ApplicationStatus::Applied,
    ApplicationStatus::Screening,
    ApplicationStatus::Interviewing,
    ApplicationStatus::Offer,
    ApplicationStatus::Accepted,
];

/// An application as the demo makes it: what the form would have said, and when it happened.
struct DemoApplication {
    id: ApplicationId,
    input: ApplicationInput,
    created_at: DateTime<Utc>,
    status_changed_at: DateTime<Utc>,
}

/// Writes the account's tracker rows (its `Area::demo`).
pub(super) fn seed(conn: &mut PgConnection, demo: &mut Demo) -> Result<(), Error> {
    let (user, now, options) = (demo.user, demo.now, demo.options);
    let rng = &mut *demo.rng;
    // The rows borrow their text from these, made first.
    let mut apps = Vec::with_capacity(options.applications);
    let mut events = Vec::new();
    let mut planned_interviews = Vec::new();
    for _ in 0..options.applications {
        let id = ApplicationId(Uuid::now_v7());
        let created_at = now - Duration::minutes(rng.gen_range(60..=180 * 24 * 60));
        let final_status = pick_status(rng);
        let left = matches!(
            final_status,
            ApplicationStatus::Rejected | ApplicationStatus::Withdrawn
        );
        // The steps it took: along the pipeline up to where it stopped, then out if it left.
        let reached = if left {
            rng.gen_range(1..=3)
        } else {
            PIPELINE
                .iter()
                .position(|status| *status == final_status)
                .unwrap_or(0)
        };
        let start = if rng.gen_bool(0.3) { 0 } else { 1.min(reached) };
        let mut steps: Vec<ApplicationStatus> = PIPELINE[start..=reached].to_vec();
        if left {
            steps.push(final_status);
        }
        let span = (now - created_at).num_minutes().max(steps.len() as i64);
        let mut at = created_at;
        let mut applied_on = None;
        for (index, step) in steps.iter().enumerate() {
            if index > 0 {
                at += Duration::minutes(rng.gen_range(1..=(span / steps.len() as i64).max(1)));
            }
            if *step == ApplicationStatus::Applied {
                applied_on = Some(at.date_naive());
            }
            events.push(NewEvent {
                id: EventId(Uuid::now_v7()),
                application_id: id,
                user_id: user,
                kind: if index == 0 {
                    EventKind::Created
                } else {
                    EventKind::Status
                },
                from_status: (index > 0).then(|| steps[index - 1]),
                to_status: Some(*step),
                body: None,
                actor_user_id: Some(user),
                occurred_at: Some(at),
            });
            if *step == ApplicationStatus::Interviewing {
                planned_interviews.push((id, at, final_status == ApplicationStatus::Interviewing));
            }
        }
        if rng.gen_bool(0.25) {
            at += Duration::minutes(5);
            events.push(NewEvent {
                id: EventId(Uuid::now_v7()),
                application_id: id,
                user_id: user,
                kind: EventKind::Note,
                from_status: None,
                to_status: None,
                body: Some("Spoke to the recruiter; they will get back within two weeks."),
                actor_user_id: Some(user),
                occurred_at: Some(at),
            });
        }
        let open = !matches!(
            final_status,
            ApplicationStatus::Accepted
                | ApplicationStatus::Rejected
                | ApplicationStatus::Withdrawn
        );
        let salary = rng.gen_bool(0.6).then(|| rng.gen_range(45..=110) * 1000);
        let company = *COMPANIES.choose(rng).unwrap_or(&"Acme");
        let role_title = *ROLES.choose(rng).unwrap_or(&"Engineer");
        let job_url = format!(
            "https://jobs.example.com/{}/{}",
            company.to_lowercase().replace(' ', "-"),
            rng.gen_range(1000..9999)
        );
        let location = *LOCATIONS.choose(rng).unwrap_or(&"Berlin");
        let work_arrangement = *[
            WorkArrangement::Onsite,
            WorkArrangement::Hybrid,
            WorkArrangement::Remote,
        ]
        .choose(rng)
        .unwrap_or(&WorkArrangement::Remote);
        let salary_max = salary.map(|min| min + rng.gen_range(0..=25) * 1000);
        let source = *SOURCES.choose(rng).unwrap_or(&"LinkedIn");
        let follow_up_on = (open && rng.gen_bool(0.35))
            .then(|| (now + Duration::days(rng.gen_range(-5..=14))).date_naive());
        apps.push(DemoApplication {
            id,
            input: ApplicationInput {
                company: company.to_owned(),
                role_title: role_title.to_owned(),
                job_url: Some(job_url),
                location: Some(location.to_owned()),
                work_arrangement: Some(work_arrangement),
                salary_min: salary,
                salary_max,
                salary_currency: salary.map(|_| "EUR".to_owned()),
                source: Some(source.to_owned()),
                notes: None,
                status: final_status,
                applied_on,
                follow_up_on,
            },
            created_at,
            status_changed_at: at,
        });
    }
    let application_rows: Vec<NewApplication> = apps
        .iter()
        .map(|app| NewApplication {
            status_changed_at: Some(app.status_changed_at),
            created_at: Some(app.created_at),
            updated_at: Some(app.status_changed_at),
            ..NewApplication::from_input(app.id, user, &app.input)
        })
        .collect();
    let mut interviewer_names = Vec::new();
    let mut planned = Vec::new();
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
        let duration_minutes = *[30, 45, 60, 90].choose(rng).unwrap_or(&60);
        let kind = *[
            InterviewKind::Phone,
            InterviewKind::Video,
            InterviewKind::Technical,
            InterviewKind::Onsite,
            InterviewKind::Panel,
        ]
        .choose(rng)
        .unwrap_or(&InterviewKind::Video);
        interviewer_names.push(format!(
            "{} {}",
            FIRST_NAMES.choose(rng).unwrap_or(&"Ada"),
            LAST_NAMES.choose(rng).unwrap_or(&"Lovelace")
        ));
        let outcome = if upcoming {
            InterviewOutcome::Pending
        } else {
            *[
                InterviewOutcome::Passed,
                InterviewOutcome::Failed,
                InterviewOutcome::Passed,
            ]
            .choose(rng)
            .unwrap_or(&InterviewOutcome::Passed)
        };
        planned.push((
            application,
            scheduled_at.min(now + Duration::days(30)),
            duration_minutes,
            kind,
            outcome,
        ));
    }
    let interview_rows: Vec<NewInterview> = planned
        .iter()
        .zip(&interviewer_names)
        .map(
            |(&(application, scheduled_at, duration_minutes, kind, outcome), interviewers)| {
                NewInterview {
                    id: InterviewId(Uuid::now_v7()),
                    application_id: application,
                    user_id: user,
                    scheduled_at,
                    duration_minutes,
                    kind,
                    location: None,
                    meeting_url: Some("https://meet.example.com/abc-defg-hij"),
                    interviewers: Some(interviewers),
                    notes: None,
                    outcome: Some(outcome),
                }
            },
        )
        .collect();
    // PostgreSQL takes at most 65,535 bind parameters per statement.
    for chunk in application_rows.chunks(1000) {
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
        let id = ContactId(Uuid::now_v7());
        let first = *FIRST_NAMES.choose(rng).unwrap_or(&"Ada");
        let last = *LAST_NAMES.choose(rng).unwrap_or(&"Lovelace");
        let company = *COMPANIES.choose(rng).unwrap_or(&"Acme");
        let full_name = format!("{first} {last}");
        let role_title = *["Recruiter", "Engineering Manager", "Staff Engineer", "CTO"]
            .choose(rng)
            .unwrap_or(&"Recruiter");
        let email = format!(
            "{}.{}@example.com",
            first.to_lowercase(),
            last.to_lowercase().replace([' ', 'ä'], "")
        );
        let relationship = *[
            Relationship::Recruiter,
            Relationship::HiringManager,
            Relationship::Mentor,
            Relationship::Peer,
            Relationship::Other,
        ]
        .choose(rng)
        .unwrap_or(&Relationship::Other);
        let next_follow_up_on = rng
            .gen_bool(0.3)
            .then(|| (now + Duration::days(rng.gen_range(-3..=21))).date_naive());
        diesel::insert_into(contacts::table)
            .values(NewContact {
                id,
                user_id: user,
                fields: ContactFields {
                    full_name: &full_name,
                    company: Some(company),
                    role_title: Some(role_title),
                    email: Email::parse(&email).ok().as_ref().map(Email::as_str),
                    phone: None,
                    profile_url: None,
                    relationship,
                    notes: None,
                    next_follow_up_on,
                },
            })
            .execute(conn)?;
        for _ in 0..rng.gen_range(0..=3) {
            let occurred_on = (now - Duration::days(rng.gen_range(0..=120))).date_naive();
            let channel = *[
                InteractionChannel::Email,
                InteractionChannel::Call,
                InteractionChannel::Meeting,
                InteractionChannel::Message,
                InteractionChannel::Event,
            ]
            .choose(rng)
            .unwrap_or(&InteractionChannel::Email);
            diesel::insert_into(contact_interactions::table)
                .values(NewInteraction {
                    id: InteractionId(Uuid::now_v7()),
                    contact_id: id,
                    user_id: user,
                    occurred_on,
                    channel,
                    summary: "Talked about open roles and the team's stack.",
                })
                .execute(conn)?;
            demo.report.interactions += 1;
        }
        contact_ids.push(id);
    }
    // Link about a fifth of the applications to a contact.
    for DemoApplication {
        id: application, ..
    } in &apps
    {
        if !rng.gen_bool(0.2) {
            continue;
        }
        if let Some(contact) = contact_ids.choose(rng) {
            diesel::insert_into(application_contacts::table)
                .values(NewContactLink {
                    application_id: *application,
                    contact_id: *contact,
                    user_id: user,
                })
                .on_conflict_do_nothing()
                .execute(conn)?;
        }
    }
    let skills = vec!["Rust".to_owned(), "PostgreSQL".to_owned()];
    for index in 0..options.activities {
        let (kind, title) = COURSES[index % COURSES.len()];
        let status = *[
            ActivityStatus::Planned,
            ActivityStatus::InProgress,
            ActivityStatus::Completed,
        ]
        .choose(rng)
        .unwrap_or(&ActivityStatus::Planned);
        let started = (now - Duration::days(rng.gen_range(10..=300))).date_naive();
        let provider = *["Coursera", "Linux Foundation", "AWS", "Self-directed"]
            .choose(rng)
            .unwrap_or(&"Coursera");
        diesel::insert_into(development_activities::table)
            .values(NewActivity {
                id: ActivityId(Uuid::now_v7()),
                user_id: user,
                fields: ActivityFields {
                    kind,
                    title,
                    provider: Some(provider),
                    status,
                    started_on: (status != ActivityStatus::Planned).then_some(started),
                    completed_on: (status == ActivityStatus::Completed)
                        .then(|| started + Duration::days(30)),
                    skills: &skills,
                    url: None,
                    notes: None,
                },
            })
            .execute(conn)?;
    }
    let report = &mut *demo.report;
    report.applications += apps.len();
    report.events += events.len();
    report.interviews += interview_rows.len();
    report.contacts += contact_ids.len();
    report.activities += options.activities;
    Ok(())
}

/// A plausible spread: most applications are early in the pipeline or rejected.
fn pick_status(rng: &mut StdRng) -> ApplicationStatus {
    use ApplicationStatus::*;
    const WEIGHTS: &[(ApplicationStatus, u32)] = &[
        (Wishlist, 12),
        (Applied, 30),
        (Screening, 10),
        (Interviewing, 10),
        (Offer, 3),
        (Accepted, 1),
        (Rejected, 28),
        (Withdrawn, 6),
    ];
    let total: u32 = WEIGHTS.iter().map(|(_, w)| w).sum();
    let mut roll = rng.gen_range(0..total);
    for (status, weight) in WEIGHTS {
        if roll < *weight {
            return *status;
        }
        roll -= weight;
    }
    Applied
}
