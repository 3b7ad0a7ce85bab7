//! CV versions through their facade against the real PostgreSQL, and the files they render read
//! back with real tools: `pdftotext`, `pdffonts` and `pdfinfo` (Debian's poppler-utils) for the
//! PDFs, the zip and its XML for the DOCX.

use std::io::Read;
use std::process::Command;
use std::time::Duration;

use careerhub_core::cv::render::fonts;
use careerhub_core::cv::{CvFile, Cvs};
use careerhub_core::db;
use careerhub_core::profile::Profiles;
use careerhub_core::service::Error;
use careerhub_core::testing::TestDb;
use careerhub_domain::cv::{CvContents, CvFormat, CvSettings, Template};
use careerhub_domain::ids::{ApplicationId, CvVersionId, EntryId, SkillId, UserId};
use careerhub_domain::profile::{BasicsForm, EntryForm, MoveDirection, Section, SkillForm};
use diesel::prelude::*;
use diesel::sql_types::{Text, Uuid as SqlUuid};
use uuid::Uuid;

/// A test database with the CV and profile facades on it (letters.rs uses it too).
pub(crate) struct Setup {
    pub(crate) db: TestDb,
    pub(crate) cvs: Cvs,
    pub(crate) profiles: Profiles,
}

pub(crate) async fn setup() -> Setup {
    let db = TestDb::create().await;
    let pool = db::pool(&db.url, 4, Duration::from_secs(5)).unwrap();
    Setup {
        cvs: Cvs::new(pool.clone()),
        profiles: Profiles::new(pool, &"https://careerhub.example".parse().unwrap()),
        db,
    }
}

impl Setup {
    fn sql(&self, query: &str, user: UserId) -> usize {
        let mut conn = db::connect(&self.db.url).unwrap();
        diesel::sql_query(query)
            .bind::<SqlUuid, _>(user)
            .execute(&mut conn)
            .unwrap()
    }

    fn count(&self, query: &str, user: UserId) -> i64 {
        #[derive(QueryableByName)]
        struct Count {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            n: i64,
        }
        let mut conn = db::connect(&self.db.url).unwrap();
        diesel::sql_query(query)
            .bind::<SqlUuid, _>(user)
            .get_result::<Count>(&mut conn)
            .unwrap()
            .n
    }

    pub(crate) fn add_user(&self, name: &str, locale: &str) -> UserId {
        let mut conn = db::connect(&self.db.url).unwrap();
        let id = Uuid::now_v7();
        diesel::sql_query(
            "INSERT INTO users (id, email, password_hash, display_name, locale) \
             VALUES ($1, $2, 'x', $3, $4)",
        )
        .bind::<SqlUuid, _>(id)
        .bind::<Text, _>(format!("{}@example.org", id.simple()))
        .bind::<Text, _>(name)
        .bind::<Text, _>(locale)
        .execute(&mut conn)
        .unwrap();
        UserId(id)
    }

    async fn entry(&self, owner: UserId, form: EntryForm) -> EntryId {
        self.profiles
            .create_entry(owner, form.parse().unwrap())
            .await
            .unwrap()
    }

    async fn skill(&self, owner: UserId, name: &str) -> SkillId {
        let form = SkillForm {
            name: name.into(),
            category: "technical".into(),
            ..Default::default()
        };
        self.profiles
            .create_skill(owner, form.parse().unwrap())
            .await
            .unwrap()
    }

    /// A person with a realistic profile: two jobs, a degree, a project with a link, skills.
    async fn person(&self, name: &str, locale: &str) -> Person {
        let owner = self.add_user(name, locale);
        let basics = BasicsForm {
            headline: "Backend engineer".into(),
            summary: "Builds payment systems that stay up.".into(),
            location: "Kraków".into(),
            phone: "+48 600 100 200".into(),
            linkedin_url: "https://www.linkedin.com/in/ada-example".into(),
            ..Default::default()
        };
        self.profiles
            .update_basics(owner, basics.parse().unwrap())
            .await
            .unwrap();
        let recent = self
            .entry(
                owner,
                EntryForm {
                    title: "Staff Engineer".into(),
                    organisation: "Globex".into(),
                    starts_on: "2022-03".into(),
                    current: Some("on".into()),
                    highlights: "Cut p99 latency from 480 ms to 90 ms\nLed the ledger rewrite"
                        .into(),
                    technologies: "Rust, PostgreSQL".into(),
                    ..EntryForm::new(Section::Experience)
                },
            )
            .await;
        let older = self
            .entry(
                owner,
                EntryForm {
                    title: "Software Engineer".into(),
                    organisation: "Initech".into(),
                    starts_on: "2018-01".into(),
                    ends_on: "2022-02".into(),
                    highlights: "Shipped the partner API".into(),
                    ..EntryForm::new(Section::Experience)
                },
            )
            .await;
        self.entry(
            owner,
            EntryForm {
                title: "Jagiellonian University".into(),
                degree: "MSc".into(),
                field: "Computer Science".into(),
                starts_on: "2013-10".into(),
                ends_on: "2018-06".into(),
                ..EntryForm::new(Section::Education)
            },
        )
        .await;
        self.entry(
            owner,
            EntryForm {
                title: "Open-source ledger".into(),
                url: "https://github.com/ada-example/ledger".into(),
                description: "A double-entry ledger library.".into(),
                ..EntryForm::new(Section::Project)
            },
        )
        .await;
        let rust = self.skill(owner, "Rust").await;
        let postgres = self.skill(owner, "PostgreSQL").await;
        let kafka = self.skill(owner, "Kafka").await;
        Person {
            owner,
            recent,
            older,
            rust,
            postgres,
            kafka,
        }
    }

    async fn version(&self, owner: UserId, name: &str, template: Template) -> CvVersionId {
        let settings = CvSettings {
            name: name.into(),
            template,
            page_size: None,
            headline: None,
            summary: None,
        };
        self.cvs.create(owner, settings).await.unwrap()
    }

    async fn file(&self, owner: UserId, id: CvVersionId, format: CvFormat) -> CvFile {
        self.cvs.file(owner, id, format).await.unwrap()
    }

    async fn text(&self, owner: UserId, id: CvVersionId) -> String {
        String::from_utf8(self.file(owner, id, CvFormat::Text).await.bytes).unwrap()
    }
}

struct Person {
    owner: UserId,
    recent: EntryId,
    older: EntryId,
    rust: SkillId,
    postgres: SkillId,
    kafka: SkillId,
}

/// Runs a poppler tool on `pdf` and returns what it printed.
pub(crate) fn poppler(tool: &str, args: &[&str], pdf: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("careerhub-cv-{}.pdf", Uuid::now_v7().simple()));
    std::fs::write(&path, pdf).unwrap();
    let output = Command::new(tool)
        .args(args)
        .arg(&path)
        .args(if tool == "pdftotext" {
            &["-"][..]
        } else {
            &[][..]
        })
        .output()
        .unwrap_or_else(|err| panic!("{tool} (Debian's poppler-utils) did not run: {err}"));
    let _ = std::fs::remove_file(&path);
    assert!(
        output.status.success(),
        "{tool}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8(output.stdout).unwrap()
}

/// Where each of `needles` first appears in `haystack`, failing on a missing one.
fn positions(haystack: &str, needles: &[&str]) -> Vec<usize> {
    needles
        .iter()
        .map(|needle| {
            haystack
                .find(needle)
                .unwrap_or_else(|| panic!("{needle:?} is not in:\n{haystack}"))
        })
        .collect()
}

fn ascending(positions: &[usize]) -> bool {
    positions.windows(2).all(|pair| pair[0] < pair[1])
}

/// Every font `pdffonts` lists, with whether it is embedded.
fn fonts_of(pdf: &[u8]) -> Vec<(String, bool)> {
    poppler("pdffonts", &[], pdf)
        .lines()
        .skip(2)
        .map(|line| {
            let columns: Vec<&str> = line.split_whitespace().collect();
            let embedded = columns.len() >= 5 && columns[columns.len() - 5] == "yes";
            (columns[0].to_owned(), embedded)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn a_pdf_holds_the_profile_in_order_with_embedded_fonts_and_links() {
    let setup = setup().await;
    let ada = setup.person("Ada Nowak", "pl-PL").await;
    let id = setup
        .version(ada.owner, "Backend roles", Template::Classic)
        .await;
    let pdf = setup.file(ada.owner, id, CvFormat::Pdf).await;
    assert_eq!(pdf.content_type, "application/pdf");
    assert_eq!(pdf.file_name, "ada-nowak-backend-roles.pdf");
    assert!(pdf.bytes.starts_with(b"%PDF-"));

    let text = poppler("pdftotext", &["-layout"], &pdf.bytes);
    let order = positions(
        &text,
        &[
            "Ada Nowak",
            "Backend engineer",
            "Kraków",
            "Builds payment systems",
            "EXPERIENCE",
            "Staff Engineer",
            "Cut p99 latency from 480 ms to 90 ms",
            "Software Engineer",
            "PROJECTS",
            "Open-source ledger",
            "EDUCATION",
            "Jagiellonian University",
            "SKILLS",
            "Kafka",
        ],
    );
    assert!(ascending(&order), "out of order: {order:?}\n{text}");

    let fonts = fonts_of(&pdf.bytes);
    assert!(!fonts.is_empty());
    assert!(fonts.iter().all(|(_, embedded)| *embedded), "{fonts:?}");
    assert!(
        fonts
            .iter()
            .any(|(name, _)| name.contains("LibertinusSerif")),
        "{fonts:?}"
    );

    let info = poppler("pdfinfo", &[], &pdf.bytes);
    assert!(info.contains("(A4)"), "Polish locale prints on A4: {info}");
    assert!(
        info.contains("Title:") && info.contains("Ada Nowak"),
        "{info}"
    );
    let links = poppler("pdfinfo", &["-url"], &pdf.bytes);
    for url in [
        "https://www.linkedin.com/in/ada-example",
        "https://github.com/ada-example/ledger",
    ] {
        assert!(links.contains(url), "{url} is not a link: {links}");
    }

    // Education moved to the top prints first; the PDF changes with it.
    for _ in 0..2 {
        setup
            .cvs
            .move_section(ada.owner, id, Section::Education, MoveDirection::Up)
            .await
            .unwrap();
    }
    let moved = setup.file(ada.owner, id, CvFormat::Pdf).await;
    let text = poppler("pdftotext", &["-layout"], &moved.bytes);
    assert!(
        ascending(&positions(&text, &["EDUCATION", "EXPERIENCE", "PROJECTS"])),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn each_template_looks_different_and_reads_in_order() {
    let setup = setup().await;
    let ada = setup.person("Ada Nowak", "en-US").await;
    let mut files = Vec::new();
    for (template, face) in [
        (Template::Classic, "LibertinusSerif"),
        (Template::Modern, "Inter"),
        (Template::Compact, "Inter"),
    ] {
        let id = setup.version(ada.owner, template.label(), template).await;
        let pdf = setup.file(ada.owner, id, CvFormat::Pdf).await.bytes;
        let fonts = fonts_of(&pdf);
        assert!(
            fonts.iter().any(|(name, _)| name.contains(face)),
            "{template}: {fonts:?}"
        );
        let info = poppler("pdfinfo", &[], &pdf);
        assert!(
            info.contains("(letter)"),
            "a US locale prints on Letter: {info}"
        );
        // Reading order, as a parser without layout sees it: every job's lines whole and in order.
        let raw = poppler("pdftotext", &[], &pdf);
        assert!(
            ascending(&positions(
                &raw,
                &[
                    "Staff Engineer",
                    "Cut p99 latency from 480 ms to 90 ms",
                    "Led the ledger rewrite",
                    "Software Engineer"
                ]
            )),
            "{template}:\n{raw}"
        );
        files.push(pdf);
    }
    assert_ne!(files[0], files[1]);
    assert_ne!(files[1], files[2]);
    // The compact template keeps this career on one page.
    assert!(poppler("pdfinfo", &[], &files[2]).contains("Pages:           1"));
}

#[tokio::test(flavor = "multi_thread")]
async fn polish_greek_and_japanese_text_is_typeset_and_read_back() {
    assert!(
        fonts::cjk_font().is_some(),
        "no CJK font on this machine: install fonts-ipafont-gothic (./scripts/test does)"
    );
    let setup = setup().await;
    let owner = setup.add_user("Zażółć Gęślą", "pl-PL");
    for (title, organisation) in [
        ("Inżynier oprogramowania", "Łódzka Spółdzielnia"),
        ("Μηχανικός λογισμικού", "Αθήνα Τεχνολογίες"),
        ("ソフトウェアエンジニア", "株式会社テスト"),
    ] {
        setup
            .entry(
                owner,
                EntryForm {
                    title: title.into(),
                    organisation: organisation.into(),
                    starts_on: "2020-01".into(),
                    ..EntryForm::new(Section::Experience)
                },
            )
            .await;
    }
    for template in Template::ALL {
        let id = setup.version(owner, template.label(), *template).await;
        let pdf = setup.file(owner, id, CvFormat::Pdf).await.bytes;
        let text = poppler("pdftotext", &["-layout"], &pdf);
        for expected in [
            "Zażółć Gęślą",
            "Inżynier oprogramowania",
            "Łódzka Spółdzielnia",
            "Μηχανικός λογισμικού",
            "ソフトウェアエンジニア",
            "株式会社テスト",
        ] {
            assert!(
                text.contains(expected),
                "{template}: {expected} missing from\n{text}"
            );
        }
        let fonts = fonts_of(&pdf);
        assert!(fonts.iter().all(|(_, embedded)| *embedded), "{fonts:?}");
        assert!(
            fonts
                .iter()
                .any(|(name, _)| name.contains("IPA") || name.contains("CJK")),
            "{template}: the Japanese text uses no CJK font: {fonts:?}"
        );
    }
}

fn docx_part(docx: &[u8], part: &str) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a DOCX is a zip");
    let mut xml = String::new();
    archive
        .by_name(part)
        .unwrap_or_else(|_| panic!("{part} is missing"))
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[tokio::test(flavor = "multi_thread")]
async fn a_docx_opens_with_the_text_styles_links_and_page_size() {
    let setup = setup().await;
    let ada = setup.person("Ada Nowak", "en-GB").await;
    let id = setup.version(ada.owner, "Backend", Template::Modern).await;
    let docx = setup.file(ada.owner, id, CvFormat::Docx).await;
    assert_eq!(docx.file_name, "ada-nowak-backend.docx");
    assert!(docx.content_type.contains("wordprocessingml"));
    let document = docx_part(&docx.bytes, "word/document.xml");
    let text = document
        .split('<')
        .filter_map(|tag| tag.split_once('>').map(|(_, text)| text))
        .collect::<String>();
    assert!(
        ascending(&positions(
            &text,
            &[
                "Ada Nowak",
                "Backend engineer",
                "Experience",
                "Staff Engineer",
                "Cut p99 latency",
                "Projects",
                "Education",
                "Skills"
            ]
        )),
        "{text}"
    );
    assert!(
        document.contains("w:val=\"Heading1\""),
        "section titles use a heading style"
    );
    assert!(document.contains("w:w=\"11906\""), "A4 width in twips");
    let relationships = docx_part(&docx.bytes, "word/_rels/document.xml.rels");
    assert!(
        relationships.contains("https://www.linkedin.com/in/ada-example"),
        "{relationships}"
    );
    assert!(docx_part(&docx.bytes, "word/styles.xml").contains("Heading 1"));
}

#[tokio::test(flavor = "multi_thread")]
async fn a_version_chooses_items_by_reference_with_its_own_wording() {
    let setup = setup().await;
    let ada = setup.person("Ada Nowak", "en").await;
    let id = setup
        .version(ada.owner, "Platform", Template::Classic)
        .await;
    setup
        .cvs
        .update_contents(
            ada.owner,
            id,
            CvContents {
                sections: vec![Section::Experience, Section::Education],
                entries: vec![ada.recent],
                skills: vec![ada.rust, ada.postgres],
                highlighted: vec![ada.postgres],
                show_skills: true,
            },
        )
        .await
        .unwrap();
    setup
        .cvs
        .set_highlights(
            ada.owner,
            id,
            ada.recent,
            Some(vec!["Ran the platform team's on-call".into()]),
        )
        .await
        .unwrap();
    let view = setup.cvs.view(ada.owner, id).await.unwrap();
    let included = |entry: EntryId| {
        view.items
            .iter()
            .any(|item| item.id == entry && item.included)
    };
    assert!(included(ada.recent) && !included(ada.older));
    let text = setup.text(ada.owner, id).await;
    assert!(text.contains("Staff Engineer") && text.contains("Ran the platform team's on-call"));
    for absent in [
        "Software Engineer",
        "Cut p99 latency",
        "Open-source ledger",
        "Kafka",
        "Jagiellonian",
    ] {
        assert!(
            !text.contains(absent),
            "{absent} should be left out:\n{text}"
        );
    }
    // Highlighted skills come first.
    assert!(
        ascending(&positions(&text, &["PostgreSQL, Rust"])),
        "{text}"
    );

    // A typo fixed in the profile is fixed in the version.
    let mut staff = setup
        .profiles
        .entry(ada.owner, ada.recent)
        .await
        .unwrap()
        .to_form();
    staff.title = "Staff Software Engineer".into();
    setup
        .profiles
        .update_entry(ada.owner, ada.recent, staff.parse().unwrap())
        .await
        .unwrap();
    assert!(
        setup
            .text(ada.owner, id)
            .await
            .contains("Staff Software Engineer")
    );

    // Back to the profile's highlights.
    setup
        .cvs
        .set_highlights(ada.owner, id, ada.recent, None)
        .await
        .unwrap();
    assert!(setup.text(ada.owner, id).await.contains("Cut p99 latency"));
    // An item deleted from the profile leaves every version.
    setup
        .profiles
        .delete_entry(ada.owner, ada.recent)
        .await
        .unwrap();
    let view = setup.cvs.view(ada.owner, id).await.unwrap();
    assert!(view.items.iter().all(|item| item.id != ada.recent));
    assert!(
        !setup
            .text(ada.owner, id)
            .await
            .contains("Staff Software Engineer")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn another_persons_version_and_items_are_out_of_reach() {
    let setup = setup().await;
    let ada = setup.person("Ada Nowak", "en").await;
    let eve = setup.person("Eve Mallory", "en").await;
    let id = setup.version(ada.owner, "Mine", Template::Classic).await;
    let not_found = |result: Result<(), Error>| matches!(result, Err(Error::NotFound));
    assert!(matches!(
        setup.cvs.view(eve.owner, id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        setup.cvs.document(eve.owner, id).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        setup.cvs.file(eve.owner, id, CvFormat::Pdf).await,
        Err(Error::NotFound)
    ));
    assert!(not_found(setup.cvs.delete(eve.owner, id).await));
    assert!(not_found(
        setup
            .cvs
            .move_section(eve.owner, id, Section::Education, MoveDirection::Up)
            .await
    ));
    assert!(not_found(
        setup
            .cvs
            .set_highlights(eve.owner, id, ada.recent, None)
            .await
    ));
    let settings = setup.cvs.view(ada.owner, id).await.unwrap().settings;
    assert!(not_found(
        setup.cvs.update_settings(eve.owner, id, settings).await
    ));
    // Ada's own version cannot be made to include Eve's items.
    let before = setup.cvs.view(ada.owner, id).await.unwrap();
    let stolen = setup
        .cvs
        .update_contents(
            ada.owner,
            id,
            CvContents {
                sections: vec![Section::Experience],
                entries: vec![ada.recent, eve.recent],
                skills: vec![eve.kafka],
                highlighted: vec![],
                show_skills: true,
            },
        )
        .await;
    assert!(matches!(stolen, Err(Error::Form(_))), "{stolen:?}");
    assert_eq!(setup.cvs.view(ada.owner, id).await.unwrap(), before);
    assert!(setup.cvs.list(eve.owner).await.unwrap().is_empty());
}

#[tokio::test(flavor = "multi_thread")]
async fn a_repeat_download_comes_from_the_cache_until_the_content_changes() {
    let setup = setup().await;
    let ada = setup.person("Ada Nowak", "en").await;
    let id = setup.version(ada.owner, "Cached", Template::Modern).await;
    let first = setup.file(ada.owner, id, CvFormat::Pdf).await.bytes;
    let renders = "SELECT count(*) AS n FROM document_renders WHERE user_id = $1";
    assert_eq!(setup.count(renders, ada.owner), 1);
    // Make the cached copy recognisable: a second download must return it, not render again.
    setup.sql(
        "UPDATE document_renders SET body = body || '\n%cached'::bytea WHERE user_id = $1",
        ada.owner,
    );
    let second = setup.file(ada.owner, id, CvFormat::Pdf).await.bytes;
    assert!(second.ends_with(b"%cached"));
    assert_eq!(&second[..first.len()], &first[..]);
    assert_eq!(setup.count(renders, ada.owner), 1);
    setup.file(ada.owner, id, CvFormat::Docx).await;
    assert_eq!(setup.count(renders, ada.owner), 2);
    // A changed profile is a new document.
    let mut basics = setup.profiles.view(ada.owner).await.unwrap().basics;
    basics.headline = Some("Principal engineer".into());
    setup
        .profiles
        .update_basics(ada.owner, basics)
        .await
        .unwrap();
    let third = setup.file(ada.owner, id, CvFormat::Pdf).await.bytes;
    assert!(!third.ends_with(b"%cached"));
    assert!(poppler("pdftotext", &[], &third).contains("Principal engineer"));
    assert_eq!(setup.count(renders, ada.owner), 3);

    // The cache is keyed by the rows the CV is made from: an edit to any of them is a new file,
    // anything else (signing in) is not.
    let mark = "UPDATE document_renders SET body = body || '\n%cached'::bytea WHERE user_id = $1";
    let edits = [
        "UPDATE users SET display_name = 'Ada N. Nowak' WHERE id = $1",
        "UPDATE users SET locale = 'en-US' WHERE id = $1",
        "UPDATE profile_entries SET title = title || ' (lead)' WHERE user_id = $1",
        "UPDATE profile_skills SET level = 5 WHERE user_id = $1",
        "UPDATE cv_versions SET template = 'classic' WHERE user_id = $1",
        "UPDATE cv_version_entries SET highlights = ARRAY['Reworded'] WHERE user_id = $1",
        "UPDATE cv_version_skills SET highlighted = NOT highlighted WHERE user_id = $1",
        "DELETE FROM cv_version_skills WHERE user_id = $1",
    ];
    for (made, edit) in edits.into_iter().enumerate() {
        setup.sql(mark, ada.owner);
        assert!(setup.sql(edit, ada.owner) > 0, "{edit}");
        let file = setup.file(ada.owner, id, CvFormat::Pdf).await.bytes;
        assert!(!file.ends_with(b"%cached"), "{edit} served the old file");
        assert_eq!(setup.count(renders, ada.owner), 4 + made as i64);
    }
    setup.sql(mark, ada.owner);
    setup.sql(
        "UPDATE users SET last_login_at = now() WHERE id = $1",
        ada.owner,
    );
    let again = setup.file(ada.owner, id, CvFormat::Pdf).await;
    assert!(again.bytes.ends_with(b"%cached"));
    assert_eq!(again.file_name, "ada-n-nowak-cached.pdf");
    assert_eq!(setup.count(renders, ada.owner), 11);
}

/// A download that needs the version's digest while an edit of its inputs is in flight waits for
/// the edit and keys its file by what the edit committed, never by what it replaced.
#[tokio::test(flavor = "multi_thread")]
async fn a_download_during_an_edit_is_keyed_by_what_the_edit_committed() {
    let setup = setup().await;
    let ada = setup.person("Ada Nowak", "en").await;
    let id = setup.version(ada.owner, "Raced", Template::Classic).await;
    setup.file(ada.owner, id, CvFormat::Pdf).await;
    // A committed edit clears the digest; nobody downloads after it.
    setup.sql("UPDATE users SET locale = 'en-GB' WHERE id = $1", ada.owner);
    let mut editor = db::connect(&setup.db.url).unwrap();
    diesel::sql_query("BEGIN").execute(&mut editor).unwrap();
    diesel::sql_query("UPDATE users SET display_name = 'Ada Raced' WHERE id = $1")
        .bind::<SqlUuid, _>(ada.owner)
        .execute(&mut editor)
        .unwrap();
    let cvs = setup.cvs.clone();
    let download = tokio::spawn(async move { cvs.file(ada.owner, id, CvFormat::Pdf).await });
    tokio::time::sleep(Duration::from_millis(500)).await;
    assert!(
        !download.is_finished(),
        "the download waits for the edit that holds the version row"
    );
    diesel::sql_query("COMMIT").execute(&mut editor).unwrap();
    let file = download.await.unwrap().unwrap();
    assert!(poppler("pdftotext", &[], &file.bytes).contains("Ada Raced"));
    let stale = "SELECT count(*) AS n FROM cv_versions \
                 WHERE user_id = $1 AND inputs_digest IS DISTINCT FROM cv_inputs_digest(id)";
    assert_eq!(setup.count(stale, ada.owner), 0);
    // And the file stored is the one the next download gets.
    let again = setup.file(ada.owner, id, CvFormat::Pdf).await;
    assert_eq!(again.bytes, file.bytes);
    assert_eq!(again.file_name, "ada-raced-raced.pdf");
}

#[tokio::test(flavor = "multi_thread")]
async fn tailoring_highlights_the_skills_an_application_mentions() {
    let setup = setup().await;
    let ada = setup.person("Ada Nowak", "en").await;
    let application = ApplicationId(Uuid::now_v7());
    {
        let mut conn = db::connect(&setup.db.url).unwrap();
        diesel::sql_query(
            "INSERT INTO applications (id, user_id, company, role_title, notes) \
             VALUES ($1, $2, 'Acme', 'Senior Rust Engineer', 'Postgres at scale; Go is a plus')",
        )
        .bind::<SqlUuid, _>(application)
        .bind::<SqlUuid, _>(ada.owner)
        .execute(&mut conn)
        .unwrap();
    }
    let id = setup
        .cvs
        .tailor(ada.owner, application, Template::Classic)
        .await
        .unwrap();
    let view = setup.cvs.view(ada.owner, id).await.unwrap();
    assert_eq!(view.settings.name, "Acme – Senior Rust Engineer");
    assert_eq!(
        view.tailored_for.as_ref().map(|(id, _)| *id),
        Some(application)
    );
    let highlighted: Vec<&str> = view
        .skills
        .iter()
        .filter(|skill| skill.highlighted)
        .map(|skill| skill.name.as_str())
        .collect();
    assert_eq!(highlighted, ["Rust", "PostgreSQL"]);
    assert!(view.skills.iter().all(|skill| skill.included));
    // Tailoring twice makes a second version with its own name.
    let again = setup
        .cvs
        .tailor(ada.owner, application, Template::Classic)
        .await
        .unwrap();
    assert_eq!(
        setup
            .cvs
            .view(ada.owner, again)
            .await
            .unwrap()
            .settings
            .name,
        "Acme – Senior Rust Engineer (2)"
    );
    // The version outlives the application.
    setup.sql("DELETE FROM applications WHERE user_id = $1", ada.owner);
    assert_eq!(
        setup.cvs.view(ada.owner, id).await.unwrap().tailored_for,
        None
    );
    // Someone else's application cannot be tailored for.
    let eve = setup.add_user("Eve", "en");
    assert!(matches!(
        setup.cvs.tailor(eve, application, Template::Classic).await,
        Err(Error::NotFound)
    ));
}

#[tokio::test(flavor = "multi_thread")]
async fn names_are_unique_per_person_and_text_formats_escape_what_people_type() {
    let setup = setup().await;
    let ada = setup.person("Ada Nowak", "en").await;
    let id = setup.version(ada.owner, "General", Template::Classic).await;
    let settings = CvSettings {
        name: " general ".into(),
        template: Template::Modern,
        page_size: None,
        headline: None,
        summary: None,
    };
    match setup.cvs.create(ada.owner, settings).await {
        Err(Error::Form(form)) => assert!(form.fields["name"].contains("already")),
        other => panic!("{other:?}"),
    }
    setup
        .entry(
            ada.owner,
            EntryForm {
                title: "*Bold* [click](javascript:alert(1)) <b>x</b>".into(),
                ..EntryForm::new(Section::Achievement)
            },
        )
        .await;
    let mut contents = CvContents {
        sections: vec![Section::Achievement],
        entries: vec![],
        skills: vec![],
        highlighted: vec![],
        show_skills: false,
    };
    let view = setup.cvs.view(ada.owner, id).await.unwrap();
    contents.entries = view
        .items
        .iter()
        .filter(|item| item.section == Section::Achievement)
        .map(|item| item.id)
        .collect();
    setup
        .cvs
        .update_contents(ada.owner, id, contents)
        .await
        .unwrap();
    let markdown =
        String::from_utf8(setup.file(ada.owner, id, CvFormat::Markdown).await.bytes).unwrap();
    assert!(
        markdown.contains(r"\*Bold\* \[click\]\(javascript:alert\(1\)\) \<b\>x\</b\>"),
        "{markdown}"
    );
    let pdf = setup.file(ada.owner, id, CvFormat::Pdf).await.bytes;
    assert!(
        poppler("pdftotext", &[], &pdf).contains("*Bold* [click](javascript:alert(1)) <b>x</b>")
    );
    let resume: serde_json::Value =
        serde_json::from_slice(&setup.file(ada.owner, id, CvFormat::JsonResume).await.bytes)
            .unwrap();
    assert_eq!(resume["basics"]["name"], "Ada Nowak");
    assert!(
        resume["work"].as_array().is_none_or(|work| work.is_empty()),
        "{resume}"
    );
}
