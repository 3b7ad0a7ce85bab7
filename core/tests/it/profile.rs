//! The profile area through its facade against the real PostgreSQL: profiles made on first use,
//! ordering, owner-only access, normalised skills, addresses and what the public page shows.

use std::time::Duration;

use careerhub_core::db;
use careerhub_core::profile::Profiles;
use careerhub_core::service::Error;
use careerhub_core::testing::TestDb;
use careerhub_domain::ids::{EntryId, UserId};
use careerhub_domain::profile::{
    EntryForm, MoveDirection, PublicPage, PublishingForm, Section, SkillForm,
};
use diesel::prelude::*;
use diesel::sql_types::{Text, Uuid as SqlUuid};
use uuid::Uuid;

struct Setup {
    _db: TestDb,
    profiles: Profiles,
    url: String,
}

async fn setup() -> Setup {
    let db = TestDb::create().await;
    let pool = db::pool(&db.url, 4, Duration::from_secs(5)).unwrap();
    Setup {
        url: db.url.clone(),
        _db: db,
        profiles: Profiles::new(pool, &"https://careerhub.example".parse().unwrap()),
    }
}

fn add_user(url: &str, name: &str) -> UserId {
    let mut conn = db::connect(url).unwrap();
    let id = Uuid::now_v7();
    diesel::sql_query(
        "INSERT INTO users (id, email, password_hash, display_name) VALUES ($1, $2, 'x', $3)",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Text, _>(format!("{id}@example.org"))
    .bind::<Text, _>(name)
    .execute(&mut conn)
    .unwrap();
    UserId(id)
}

fn position(title: &str) -> EntryForm {
    EntryForm {
        title: title.into(),
        organisation: "Acme".into(),
        starts_on: "2020-01".into(),
        ..EntryForm::new(Section::Experience)
    }
}

fn titles(view: &careerhub_domain::profile::ProfileView, section: Section) -> Vec<String> {
    view.entries(section)
        .iter()
        .map(|entry| entry.title.clone())
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_profile_is_made_on_first_use_at_an_address_from_the_name() {
    let setup = setup().await;
    let ada = add_user(&setup.url, "Ada Lovelace");
    let other_ada = add_user(&setup.url, "Ada Lovelace");
    let first = setup.profiles.view(ada).await.unwrap();
    let second = setup.profiles.view(other_ada).await.unwrap();
    assert_eq!(first.publishing.slug, "ada-lovelace");
    assert_eq!(second.publishing.slug, "ada-lovelace-2");
    assert_eq!(first.sections.len(), Section::ALL.len());
    // Opening it again changes nothing.
    assert_eq!(setup.profiles.view(ada).await.unwrap(), first);
}

#[tokio::test(flavor = "multi_thread")]
async fn items_keep_the_order_people_give_them() {
    let setup = setup().await;
    let owner = add_user(&setup.url, "Grace Hopper");
    let mut ids = Vec::new();
    for title in ["First", "Second", "Third"] {
        let input = position(title).parse().unwrap();
        ids.push(setup.profiles.create_entry(owner, input).await.unwrap());
    }
    let view = setup.profiles.view(owner).await.unwrap();
    assert_eq!(
        titles(&view, Section::Experience),
        ["First", "Second", "Third"]
    );

    setup
        .profiles
        .move_entry(owner, ids[2], MoveDirection::Up)
        .await
        .unwrap();
    // Already first: nothing changes.
    setup
        .profiles
        .move_entry(owner, ids[0], MoveDirection::Up)
        .await
        .unwrap();
    let view = setup.profiles.view(owner).await.unwrap();
    assert_eq!(
        titles(&view, Section::Experience),
        ["First", "Third", "Second"]
    );

    setup
        .profiles
        .reorder_entries(owner, Section::Experience, vec![ids[1], ids[0], ids[2]])
        .await
        .unwrap();
    let view = setup.profiles.view(owner).await.unwrap();
    assert_eq!(
        titles(&view, Section::Experience),
        ["Second", "First", "Third"]
    );

    // A reorder from a stale page (missing an item) is refused and changes nothing.
    let stale = setup
        .profiles
        .reorder_entries(owner, Section::Experience, vec![ids[2], ids[0]])
        .await;
    assert!(matches!(stale, Err(Error::Form(_))), "{stale:?}");
    setup.profiles.delete_entry(owner, ids[1]).await.unwrap();
    let view = setup.profiles.view(owner).await.unwrap();
    assert_eq!(titles(&view, Section::Experience), ["First", "Third"]);
}

/// Pages carry an item's details in postcard (serde's default form); the database and the
/// personal-data export keep the form rows have always had: the section's name under "section".
#[tokio::test(flavor = "multi_thread")]
async fn details_are_stored_and_exported_with_their_section_named() {
    let setup = setup().await;
    let owner = add_user(&setup.url, "Mary Somerville");
    let id = setup
        .profiles
        .create_entry(owner, position("Astronomer").parse().unwrap())
        .await
        .unwrap();
    let mut conn = db::connect(&setup.url).unwrap();
    #[derive(QueryableByName)]
    struct Stored {
        #[diesel(sql_type = Text)]
        details: String,
    }
    let stored: Stored =
        diesel::sql_query("SELECT details::text AS details FROM profile_entries WHERE id = $1")
            .bind::<SqlUuid, _>(id.0)
            .get_result(&mut conn)
            .unwrap();
    let stored: serde_json::Value = serde_json::from_str(&stored.details).unwrap();
    assert_eq!(stored["section"], "experience", "{stored}");

    // A row as an earlier release wrote it reads back.
    diesel::sql_query(
        "UPDATE profile_entries SET details = '{\"section\": \"experience\", \"employment_type\": \"FullTime\", \"location\": \"Kew\", \"current\": false, \"description\": \"\", \"highlights\": [], \"technologies\": []}' WHERE id = $1",
    )
    .bind::<SqlUuid, _>(id.0)
    .execute(&mut conn)
    .unwrap();
    let view = setup.profiles.view(owner).await.unwrap();
    let entry = &view.entries(Section::Experience)[0];
    match &entry.details {
        careerhub_domain::profile::EntryDetails::Experience(details) => {
            assert_eq!(details.location.as_deref(), Some("Kew"));
        }
        other => panic!("read as {other:?}"),
    }

    let parts = careerhub_core::registry::export(&mut conn, owner).unwrap();
    let profile = parts
        .iter()
        .find(|part| part.name == "profile.json")
        .unwrap();
    let export: serde_json::Value = serde_json::from_slice(&profile.bytes).unwrap();
    let details = &export["entries"][0]["details"];
    assert_eq!(details["section"], "experience", "{export}");
    assert_eq!(details["location"], "Kew");
}

#[tokio::test(flavor = "multi_thread")]
async fn another_persons_items_are_not_found() {
    let setup = setup().await;
    let owner = add_user(&setup.url, "Owner");
    let intruder = add_user(&setup.url, "Intruder");
    let id = setup
        .profiles
        .create_entry(owner, position("Mine").parse().unwrap())
        .await
        .unwrap();
    let skill = setup
        .profiles
        .create_skill(
            owner,
            SkillForm {
                name: "Rust".into(),
                ..SkillForm::default()
            }
            .parse()
            .unwrap(),
        )
        .await
        .unwrap();
    let input = position("Stolen").parse().unwrap();
    assert!(matches!(
        setup.profiles.entry(intruder, id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        setup.profiles.update_entry(intruder, id, input).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        setup.profiles.delete_entry(intruder, id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        setup
            .profiles
            .move_entry(intruder, id, MoveDirection::Down)
            .await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        setup.profiles.set_entry_visible(intruder, id, false).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        setup
            .profiles
            .reorder_entries(intruder, Section::Experience, vec![id])
            .await,
        Err(Error::Form(_))
    ));
    assert!(matches!(
        setup.profiles.delete_skill(intruder, skill).await,
        Err(Error::NotFound)
    ));
    let view = setup.profiles.view(owner).await.unwrap();
    assert_eq!(titles(&view, Section::Experience), ["Mine"]);
    assert!(view.entries(Section::Experience)[0].visible);
    assert_eq!(view.skills.len(), 1);
}

#[tokio::test(flavor = "multi_thread")]
async fn one_skill_written_two_ways_is_refused_as_a_duplicate() {
    let setup = setup().await;
    let owner = add_user(&setup.url, "Linus");
    let skill = |name: &str| {
        SkillForm {
            name: name.into(),
            ..SkillForm::default()
        }
        .parse()
        .unwrap()
    };
    setup
        .profiles
        .create_skill(owner, skill("js"))
        .await
        .unwrap();
    let again = setup
        .profiles
        .create_skill(owner, skill("JavaScript"))
        .await;
    let Err(Error::Form(error)) = again else {
        panic!("a duplicate was accepted: {again:?}")
    };
    assert_eq!(
        error.field_error("name"),
        Some("JavaScript is already in your skills.")
    );
    setup
        .profiles
        .create_skill(owner, skill("C++"))
        .await
        .unwrap();
    setup
        .profiles
        .create_skill(owner, skill("C#"))
        .await
        .unwrap();
    setup
        .profiles
        .create_skill(owner, skill("C"))
        .await
        .unwrap();
    let names: Vec<String> = setup
        .profiles
        .view(owner)
        .await
        .unwrap()
        .skills
        .into_iter()
        .map(|skill| skill.name)
        .collect();
    assert_eq!(names, ["JavaScript", "C++", "C#", "C"]);
}

fn publishing(slug: &str, visibility: &str) -> careerhub_domain::profile::PublishingInput {
    PublishingForm {
        slug: slug.into(),
        visibility: visibility.into(),
    }
    .parse()
    .unwrap()
}

#[tokio::test(flavor = "multi_thread")]
async fn the_public_page_shows_only_what_its_owner_made_visible() {
    let setup = setup().await;
    let owner = add_user(&setup.url, "Margaret Hamilton");
    let shown = setup
        .profiles
        .create_entry(owner, position("Shown position").parse().unwrap())
        .await
        .unwrap();
    let hidden: EntryId = setup
        .profiles
        .create_entry(owner, position("Hidden position").parse().unwrap())
        .await
        .unwrap();
    setup
        .profiles
        .set_entry_visible(owner, hidden, false)
        .await
        .unwrap();
    let goal = EntryForm {
        title: "Head of Engineering".into(),
        goal_kind: "promotion".into(),
        timeframe: "12_months".into(),
        goal_status: "active".into(),
        ..EntryForm::new(Section::Goal)
    };
    setup
        .profiles
        .create_entry(owner, goal.parse().unwrap())
        .await
        .unwrap();
    let slug = setup.profiles.view(owner).await.unwrap().publishing.slug;

    // Private: not found, like an address nobody has.
    let private = setup.profiles.public_page(slug.clone(), None).await;
    assert!(matches!(private, Err(Error::NotFound)), "{private:?}");

    setup
        .profiles
        .publish(owner, publishing(&slug, "public"))
        .await
        .unwrap();
    let Ok(PublicPage::Shown(page)) = setup.profiles.public_page(slug.to_uppercase(), None).await
    else {
        panic!("the public profile is not shown")
    };
    assert!(page.indexable);
    assert_eq!(page.sections.len(), 1, "only experience has visible items");
    let ids: Vec<EntryId> = page.sections[0]
        .entries
        .iter()
        .map(|entry| entry.id)
        .collect();
    assert_eq!(ids, [shown]);
    assert_eq!(page.email, None, "the email is hidden unless shown");

    // Link-only: the key is needed, and a new key retires the old one.
    let key = setup
        .profiles
        .publish(owner, publishing(&slug, "link"))
        .await
        .unwrap()
        .expect("a link key is made");
    assert!(matches!(
        setup.profiles.public_page(slug.clone(), None).await,
        Err(Error::NotFound)
    ));
    let Ok(PublicPage::Shown(page)) = setup
        .profiles
        .public_page(slug.clone(), Some(key.clone()))
        .await
    else {
        panic!("the key does not open the link-only profile")
    };
    assert!(!page.indexable);
    let fresh = setup.profiles.new_link_key(owner).await.unwrap();
    assert!(matches!(
        setup.profiles.public_page(slug.clone(), Some(key)).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        setup.profiles.public_page(slug.clone(), Some(fresh)).await,
        Ok(PublicPage::Shown(_))
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_changed_address_redirects_and_stays_reserved_for_its_owner() {
    let setup = setup().await;
    let owner = add_user(&setup.url, "Katherine Johnson");
    let other = add_user(&setup.url, "Someone Else");
    let old = setup.profiles.view(owner).await.unwrap().publishing.slug;
    setup
        .profiles
        .publish(owner, publishing("Kj-Nasa", "public"))
        .await
        .unwrap();
    assert_eq!(
        setup.profiles.public_page(old.clone(), None).await.unwrap(),
        PublicPage::Moved {
            slug: "kj-nasa".into()
        }
    );
    // Nobody else can take the new address (in any case) or the old one while it redirects.
    for slug in ["KJ-NASA", old.as_str()] {
        let taken = setup
            .profiles
            .publish(other, publishing(slug, "public"))
            .await;
        let Err(Error::Form(error)) = taken else {
            panic!("{slug} was given away: {taken:?}")
        };
        assert_eq!(
            error.field_error("slug"),
            Some("That address is taken. Please choose another.")
        );
    }
    // The owner can take the old one back.
    setup
        .profiles
        .publish(owner, publishing(&old, "public"))
        .await
        .unwrap();
    assert!(matches!(
        setup.profiles.public_page(old, None).await,
        Ok(PublicPage::Shown(_))
    ));
}

#[test]
fn the_database_refuses_an_end_before_the_start() {
    let db = TestDb::new_blocking();
    let mut conn = db.connect();
    let owner = add_user(&db.url, "Check");
    diesel::sql_query("INSERT INTO profiles (user_id, slug) VALUES ($1, 'check')")
        .bind::<SqlUuid, _>(owner)
        .execute(&mut conn)
        .unwrap();
    let refused = diesel::sql_query(
        "INSERT INTO profile_entries (id, user_id, section, position, title, starts_on, ends_on) \
         VALUES (gen_random_uuid(), $1, 'experience', 0, 'x', '2022-01-01', '2021-01-01')",
    )
    .bind::<SqlUuid, _>(owner)
    .execute(&mut conn);
    assert!(refused.is_err());
}

// Import and export

fn fixture(path: &str) -> Vec<u8> {
    std::fs::read(format!(
        "{}/tests/data/profile/{path}",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap_or_else(|err| panic!("{path}: {err}"))
}

/// The LinkedIn fixture as LinkedIn mails it: a zip whose CSVs sit in a dated folder.
fn linkedin_zip() -> Vec<u8> {
    use std::io::Write;
    let folder = "Basic_LinkedInDataExport_12-01-2026";
    let dir = format!(
        "{}/tests/data/profile/linkedin/{folder}",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let mut names: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| entry.unwrap().file_name().into_string().unwrap())
        .collect();
    names.sort();
    for name in names {
        zip.start_file(
            format!("{folder}/{name}"),
            zip::write::SimpleFileOptions::default(),
        )
        .unwrap();
        zip.write_all(&std::fs::read(format!("{dir}/{name}")).unwrap())
            .unwrap();
    }
    zip.finish().unwrap().into_inner()
}

/// Items per section and skills, as the editor shows them.
async fn counts(setup: &Setup, owner: UserId) -> Vec<(Section, usize)> {
    let view = setup.profiles.view(owner).await.unwrap();
    let mut counts: Vec<(Section, usize)> = view
        .sections
        .iter()
        .map(|items| (items.section, items.entries.len()))
        .filter(|(_, count)| *count > 0)
        .collect();
    counts.push((Section::Goal, view.skills.len()));
    counts
}

fn added(preview: &careerhub_domain::profile::ImportPreview) -> Vec<(String, usize, usize)> {
    preview
        .counts
        .iter()
        .map(|count| (count.what.clone(), count.added, count.already_there))
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_json_resume_file_imports_once_with_a_preview() {
    let setup = setup().await;
    let owner = add_user(&setup.url, "Ada Example");
    let imported = setup
        .profiles
        .read_import("resume.json".into(), fixture("resume.json"))
        .await
        .unwrap();
    let preview = setup
        .profiles
        .import_preview(owner, imported.clone())
        .await
        .unwrap();
    assert_eq!(
        added(&preview),
        [
            ("Experience".to_owned(), 2, 0),
            ("Education".to_owned(), 1, 0),
            ("Certifications".to_owned(), 1, 0),
            ("Projects".to_owned(), 1, 0),
            ("Achievements".to_owned(), 1, 0),
            ("Languages".to_owned(), 2, 0),
            // "JS" and "javascript" are one skill.
            ("Skills".to_owned(), 6, 1),
        ]
    );
    assert_eq!(
        preview.basics,
        [
            "headline", "summary", "location", "phone", "website", "LinkedIn", "GitHub"
        ]
    );
    assert_eq!(preview.skipped.len(), 1, "{:?}", preview.skipped);
    assert!(preview.skipped[0].contains("The end cannot be before the start."));
    // The preview changed nothing.
    assert_eq!(counts(&setup, owner).await, [(Section::Goal, 0)]);

    setup
        .profiles
        .import(owner, imported.clone())
        .await
        .unwrap();
    let view = setup.profiles.view(owner).await.unwrap();
    assert_eq!(
        view.basics.headline.as_deref(),
        Some("Staff Backend Engineer")
    );
    assert_eq!(view.basics.location.as_deref(), Some("London, GB"));
    let experience = view.entries(Section::Experience);
    assert_eq!(experience[0].span(), "Mar 2021 – present");
    assert_eq!(experience[1].organisation.as_deref(), Some("Difference Co"));
    let skills: Vec<&str> = view
        .skills
        .iter()
        .map(|skill| skill.name.as_str())
        .collect();
    assert_eq!(
        skills,
        [
            "Databases",
            "PostgreSQL",
            "SQL",
            "Redis",
            "JavaScript",
            "TypeScript"
        ]
    );
    let after_first = counts(&setup, owner).await;

    // Twice: nothing new, nothing duplicated, and what the person changed stays.
    let again = setup
        .profiles
        .import_preview(owner, imported.clone())
        .await
        .unwrap();
    assert!(!again.adds_anything(), "{again:?}");
    setup.profiles.import(owner, imported).await.unwrap();
    assert_eq!(counts(&setup, owner).await, after_first);
}

#[tokio::test(flavor = "multi_thread")]
async fn a_linkedin_export_imports_from_its_subfolder_with_missing_columns() {
    let setup = setup().await;
    let owner = add_user(&setup.url, "Grace Example");
    // Something typed before the import is kept, not overwritten.
    setup
        .profiles
        .update_basics(
            owner,
            careerhub_domain::profile::Basics {
                headline: Some("My own headline".into()),
                ..Default::default()
            },
        )
        .await
        .unwrap();
    let imported = setup
        .profiles
        .read_import("Basic_LinkedInDataExport.zip".into(), linkedin_zip())
        .await
        .unwrap();
    let preview = setup
        .profiles
        .import(owner, imported.clone())
        .await
        .unwrap();
    assert_eq!(
        added(&preview),
        [
            ("Experience".to_owned(), 2, 0),
            ("Education".to_owned(), 2, 0),
            ("Certifications".to_owned(), 1, 0),
            ("Projects".to_owned(), 1, 0),
            ("Languages".to_owned(), 2, 0),
            ("Skills".to_owned(), 4, 0),
        ]
    );
    assert_eq!(preview.basics, ["summary", "location", "website"]);
    assert!(preview.skipped.is_empty(), "{:?}", preview.skipped);
    let view = setup.profiles.view(owner).await.unwrap();
    assert_eq!(view.basics.headline.as_deref(), Some("My own headline"));
    assert_eq!(
        view.basics.website_url.as_deref(),
        Some("https://grace.example.org")
    );
    let experience = view.entries(Section::Experience);
    assert_eq!(experience[0].span(), "Jan 2019 – present");
    assert_eq!(experience[1].span(), "Mar 2015 – Dec 2018");
    assert_eq!(
        view.entries(Section::Education)[0].span(),
        "Jan 2008 – Jan 2013"
    );
    assert!(view.skills.iter().any(|skill| skill.name == "PostgreSQL"));
    let after_first = counts(&setup, owner).await;
    let again = setup.profiles.import(owner, imported).await.unwrap();
    assert!(!again.adds_anything(), "{again:?}");
    assert_eq!(counts(&setup, owner).await, after_first);
}

#[tokio::test(flavor = "multi_thread")]
async fn broken_or_foreign_files_are_refused_and_change_nothing() {
    let setup = setup().await;
    let owner = add_user(&setup.url, "Careful Person");
    setup
        .profiles
        .create_entry(owner, position("Kept").parse().unwrap())
        .await
        .unwrap();
    let before = setup.profiles.view(owner).await.unwrap();
    let mut truncated = linkedin_zip();
    truncated.truncate(truncated.len() / 2);
    let empty_zip = {
        let zip = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
        zip.finish().unwrap().into_inner()
    };
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "notes.txt",
            b"just some text".to_vec(),
            "neither a JSON Resume",
        ),
        (
            "other.json",
            br#"{"hello": "world"}"#.to_vec(),
            "not a JSON Resume",
        ),
        (
            "broken.json",
            br#"{"basics": {"name": "#.to_vec(),
            "neither a JSON Resume",
        ),
        (
            "wrong.json",
            br#"{"work": "everywhere"}"#.to_vec(),
            "does not follow the schema",
        ),
        ("half.zip", truncated, "could not be opened"),
        ("photos.zip", empty_zip, "none of LinkedIn's profile files"),
        ("empty.json", Vec::new(), "Choose a file"),
        ("huge.json", vec![b' '; 3 * 1024 * 1024], "larger than 2 MB"),
    ];
    for (name, bytes, message) in cases {
        let refused = setup.profiles.read_import(name.into(), bytes).await;
        let Err(Error::Form(error)) = refused else {
            panic!("{name} was not refused: {refused:?}")
        };
        let text = error.field_error("file").unwrap_or_default();
        assert!(text.contains(message), "{name}: {text}");
    }
    assert_eq!(setup.profiles.view(owner).await.unwrap(), before);
}

#[tokio::test(flavor = "multi_thread")]
async fn the_json_resume_export_is_valid_against_the_published_schema_and_imports_back() {
    let setup = setup().await;
    let owner = add_user(&setup.url, "Round Trip");
    let imported = setup
        .profiles
        .read_import("resume.json".into(), fixture("resume.json"))
        .await
        .unwrap();
    setup.profiles.import(owner, imported).await.unwrap();
    let exported = setup.profiles.json_resume(owner).await.unwrap();
    let document: serde_json::Value = serde_json::from_slice(&exported).unwrap();
    let schema: serde_json::Value = serde_json::from_slice(
        &std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/json-resume/schema.json"
        ))
        .unwrap(),
    )
    .unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the published schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(&document)
        .map(|error| format!("{}: {error}", error.instance_path))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}\n{document:#}");
    // The checker does check: a date the schema forbids is caught.
    let mut broken = document.clone();
    broken["work"][0]["startDate"] = serde_json::json!("March 2021");
    assert!(!validator.is_valid(&broken));

    // Imported into another account, it gives the same profile.
    let copy = add_user(&setup.url, "Round Trip Copy");
    let again = setup
        .profiles
        .read_import("profile.json".into(), exported)
        .await
        .unwrap();
    setup.profiles.import(copy, again).await.unwrap();
    assert_eq!(counts(&setup, copy).await, counts(&setup, owner).await);
}
