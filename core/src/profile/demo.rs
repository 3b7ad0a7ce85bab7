//! The demo account's profile: complete and realistic, so the editor, the public page and (later)
//! CV versions have something true-looking to show. One item is hidden from the public page.

use careerhub_domain::ids::{EntryId, SkillId};
use careerhub_domain::profile::{
    AchievementDetails, Basics, CertificationDetails, EducationDetails, EmploymentType,
    EntryDetails, EntryInput, ExperienceDetails, GoalDetails, GoalKind, GoalStatus, GoalTimeframe,
    LanguageDetails, LanguageLevel, Month, ProjectDetails, SkillCategory, SkillInput, Visibility,
};
use careerhub_domain::skills;
use careerhub_domain::tracker::WorkArrangement;
use chrono::Datelike;
use diesel::prelude::*;
use rand::Rng;
use rand::seq::SliceRandom;
use uuid::Uuid;

use crate::demo::Demo;
use crate::demo::words::{COMPANIES, LOCATIONS, ROLES};
use crate::schema::{profile_entries, profile_skills, profiles};
use crate::service::Error;

use super::models::{EntryFields, NewEntry, NewSkill, SkillFields};
use super::page;

const SKILLS: &[(&str, i16)] = &[
    ("Rust", 5),
    ("PostgreSQL", 5),
    ("TypeScript", 4),
    ("Kubernetes", 4),
    ("AWS", 3),
    ("Python", 4),
    ("Distributed Systems", 4),
    ("Git", 5),
    ("Terraform", 3),
    ("Mentoring", 4),
    ("Communication", 4),
    ("React", 3),
];

const HIGHLIGHTS: &[&str] = &[
    "Led the migration of the billing platform to event sourcing without downtime",
    "Cut p99 API latency from 480 ms to 90 ms by redesigning the caching layer",
    "Mentored four engineers, two of whom were promoted within a year",
    "Introduced contract tests that halved integration incidents",
    "Built the on-call runbook and reduced pages by 60 %",
    "Shipped the public API used by 300 partner integrations",
];

/// Writes the profile of one new demo account (its `Area::demo`).
pub(super) fn seed(conn: &mut PgConnection, demo: &mut Demo) -> Result<(), Error> {
    let user = demo.user;
    let this_year = demo.now.year();
    let rng = &mut *demo.rng;
    page::ensure(conn, user)?;
    let role = ROLES[rng.gen_range(0..ROLES.len())];
    let basics = Basics {
        headline: Some(format!("{role} · backend and platform engineering")),
        summary: Some(
            "Engineer with a decade of building reliable backend systems: payments, data \
             pipelines and developer platforms. I like small teams, boring technology and \
             measurable results."
                .into(),
        ),
        location: Some(LOCATIONS[rng.gen_range(0..LOCATIONS.len())].to_owned()),
        email_shown: false,
        phone: None,
        website_url: Some("https://example.com".into()),
        linkedin_url: Some("https://www.linkedin.com/in/careerhub-demo".into()),
        github_url: Some("https://github.com/careerhub-demo".into()),
        target_roles: vec![role.to_owned(), "Staff Engineer".into()],
        salary_min: Some(85_000),
        salary_max: Some(110_000),
        salary_currency: Some("EUR".into()),
        work_arrangement: Some(WorkArrangement::Hybrid),
        willing_to_relocate: rng.gen_bool(0.5),
        notice_weeks: Some(4),
    };
    page::update_basics(conn, user, &basics)?;
    diesel::update(profiles::table.find(user))
        .set(profiles::visibility.eq(Visibility::Public))
        .execute(conn)?;

    let month = |year: i32, month: u32| Month::new(year, month);
    let mut companies: Vec<&str> = COMPANIES.to_vec();
    companies.shuffle(rng);
    let mut items: Vec<EntryInput> = Vec::new();
    let mut start = this_year - 10;
    for (index, company) in companies.iter().take(4).enumerate() {
        let current = index == 3;
        let end = start + rng.gen_range(2..=3);
        let mut highlights: Vec<String> = HIGHLIGHTS.iter().map(|h| (*h).to_owned()).collect();
        highlights.shuffle(rng);
        highlights.truncate(3);
        items.push(EntryInput {
            visible: true,
            title: ROLES[rng.gen_range(0..ROLES.len())].to_owned(),
            organisation: Some((*company).to_owned()),
            starts_on: month(start, rng.gen_range(1..=12)),
            ends_on: if current {
                None
            } else {
                month(end, rng.gen_range(1..=12))
            },
            details: EntryDetails::Experience(ExperienceDetails {
                employment_type: Some(EmploymentType::FullTime),
                location: Some(LOCATIONS[rng.gen_range(0..LOCATIONS.len())].to_owned()),
                current,
                description: Some(
                    "Owned the backend services of the product team, from design to on-call."
                        .into(),
                ),
                highlights,
                technologies: vec!["Rust".into(), "PostgreSQL".into(), "Kubernetes".into()],
            }),
        });
        start = end + 1;
    }
    // Newest first, as a CV reads.
    items.reverse();
    items.extend([
        EntryInput {
            visible: true,
            title: "Technical University of Munich".into(),
            organisation: None,
            starts_on: month(this_year - 14, 10),
            ends_on: month(this_year - 11, 9),
            details: EntryDetails::Education(EducationDetails {
                degree: Some("MSc".into()),
                field: Some("Computer Science".into()),
                grade: Some("1.3".into()),
                description: Some(
                    "Thesis on consensus protocols for geo-replicated databases.".into(),
                ),
            }),
        },
        EntryInput {
            visible: true,
            title: "University of Edinburgh".into(),
            organisation: None,
            starts_on: month(this_year - 17, 9),
            ends_on: month(this_year - 14, 6),
            details: EntryDetails::Education(EducationDetails {
                degree: Some("BSc".into()),
                field: Some("Informatics".into()),
                grade: None,
                description: None,
            }),
        },
        EntryInput {
            visible: true,
            title: "Certified Kubernetes Administrator".into(),
            organisation: Some("The Linux Foundation".into()),
            starts_on: month(this_year - 2, 4),
            ends_on: month(this_year + 1, 4),
            details: EntryDetails::Certification(CertificationDetails {
                credential_id: Some("LF-CKA-2048".into()),
                credential_url: Some(
                    "https://training.linuxfoundation.org/certification/verify".into(),
                ),
            }),
        },
        EntryInput {
            visible: true,
            title: "Payments reconciliation engine".into(),
            organisation: Some("Nordbank AG".into()),
            starts_on: month(this_year - 3, 2),
            ends_on: month(this_year - 2, 11),
            details: EntryDetails::Project(ProjectDetails {
                role: Some("Tech lead".into()),
                url: None,
                description: Some(
                    "Matched 2 million daily transactions against bank statements.".into(),
                ),
                technologies: vec!["Rust".into(), "Kafka".into()],
                client_alias: Some("A European bank".into()),
            }),
        },
        EntryInput {
            visible: true,
            title: "Open-source maintainer: a PostgreSQL driver".into(),
            organisation: None,
            starts_on: month(this_year - 5, 1),
            ends_on: None,
            details: EntryDetails::Project(ProjectDetails {
                role: Some("Maintainer".into()),
                url: Some("https://github.com/careerhub-demo/pgdriver".into()),
                description: None,
                technologies: vec!["Rust".into(), "PostgreSQL".into()],
                client_alias: None,
            }),
        },
        EntryInput {
            visible: true,
            title: "Reduced cloud spend".into(),
            organisation: None,
            starts_on: month(this_year - 1, 6),
            ends_on: None,
            details: EntryDetails::Achievement(AchievementDetails {
                description: Some(
                    "Right-sized clusters and moved batch jobs to spot capacity.".into(),
                ),
                result: Some("−38 % infrastructure cost in six months".into()),
            }),
        },
        EntryInput {
            visible: false,
            title: "Internal hackathon winner".into(),
            organisation: None,
            starts_on: month(this_year - 4, 11),
            ends_on: None,
            details: EntryDetails::Achievement(AchievementDetails {
                description: Some("A prototype of self-service database branches.".into()),
                result: None,
            }),
        },
        language("English", LanguageLevel::C2),
        language("German", LanguageLevel::Native),
        language("Spanish", LanguageLevel::B1),
        EntryInput {
            visible: true,
            title: "Staff Engineer".into(),
            organisation: None,
            starts_on: None,
            ends_on: None,
            details: EntryDetails::Goal(GoalDetails {
                kind: GoalKind::Promotion,
                timeframe: GoalTimeframe::TwelveMonths,
                status: GoalStatus::Active,
            }),
        },
    ]);
    let mut positions = std::collections::HashMap::new();
    for item in &items {
        let position = positions.entry(item.section()).or_insert(0);
        diesel::insert_into(profile_entries::table)
            .values(NewEntry {
                id: EntryId(Uuid::now_v7()),
                user_id: user,
                section: item.section(),
                position: *position,
                fields: EntryFields::new(item)?,
            })
            .execute(conn)?;
        *position += 1;
    }
    demo.report.profile_items += items.len();

    for (position, (name, level)) in SKILLS.iter().enumerate() {
        let Some(skill) = skills::canonical(name) else {
            continue;
        };
        let category = skill.category.unwrap_or(SkillCategory::Technical);
        let input = SkillInput {
            skill,
            category,
            level: Some(*level),
            years: Some(rng.gen_range(1..=10)),
            primary: position < 4,
            visible: true,
        };
        diesel::insert_into(profile_skills::table)
            .values(NewSkill {
                id: SkillId(Uuid::now_v7()),
                user_id: user,
                position: position as i32,
                fields: SkillFields::from(&input),
            })
            .execute(conn)?;
        demo.report.skills += 1;
    }
    Ok(())
}

fn language(name: &str, level: LanguageLevel) -> EntryInput {
    EntryInput {
        visible: true,
        title: name.to_owned(),
        organisation: None,
        starts_on: None,
        ends_on: None,
        details: EntryDetails::Language(LanguageDetails { level }),
    }
}
