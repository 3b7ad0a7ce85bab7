//! Cover letters and the copies an application went out with, through the facade against the
//! real PostgreSQL; letters printed and read back with poppler.

use careerhub_core::db;

use crate::cv::{Setup, poppler, setup};
use careerhub_core::service::Error;
use careerhub_domain::cv::{CvFormat, CvSettings, Template};
use careerhub_domain::ids::{ApplicationId, UserId};
use careerhub_domain::letters::{DiffLine, LetterInput, LetterTemplateForm, NewLetter, SentKind};
use careerhub_domain::profile::{BasicsForm, SkillForm};
use diesel::prelude::*;
use diesel::sql_types::Uuid as SqlUuid;
use uuid::Uuid;

impl Setup {
    fn exec(&self, sql: &str, binds: &[Uuid]) {
        let mut conn = db::connect(&self.db.url).unwrap();
        let mut query = diesel::sql_query(sql).into_boxed();
        for bind in binds {
            query = query.bind::<SqlUuid, _>(*bind);
        }
        query.execute(&mut conn).unwrap();
    }

    /// A person with a headline, three skills, and an application at Acme with its hiring
    /// manager linked.
    async fn applicant(&self, name: &str) -> (UserId, ApplicationId) {
        let owner = self.add_user(name, "en");
        let id = owner.as_uuid();
        let basics = BasicsForm {
            headline: "Backend engineer".into(),
            ..Default::default()
        };
        self.profiles
            .update_basics(owner, basics.parse().unwrap())
            .await
            .unwrap();
        for skill in ["Rust", "PostgreSQL", "Kafka", "Go"] {
            let form = SkillForm {
                name: skill.into(),
                category: "technical".into(),
                ..Default::default()
            };
            self.profiles
                .create_skill(owner, form.parse().unwrap())
                .await
                .unwrap();
        }
        let application = Uuid::now_v7();
        let contact = Uuid::now_v7();
        self.exec(
            "INSERT INTO applications (id, user_id, company, role_title) VALUES ($1, $2, 'Acme', 'Rust Engineer')",
            &[application, id],
        );
        self.exec(
            "INSERT INTO contacts (id, user_id, full_name, relationship) VALUES ($1, $2, 'Grace Hopper', 'hiring_manager')",
            &[contact, id],
        );
        self.exec(
            "INSERT INTO application_contacts (application_id, contact_id, user_id) VALUES ($1, $2, $3)",
            &[application, contact, id],
        );
        (owner, ApplicationId(application))
    }

    async fn letter(
        &self,
        owner: UserId,
        application: Option<ApplicationId>,
    ) -> careerhub_domain::ids::LetterId {
        let template = self
            .cvs
            .letter_templates(owner)
            .await
            .unwrap()
            .into_iter()
            .find(|template| template.name == "Classic application")
            .expect("the default templates are seeded");
        self.cvs
            .create_letter(
                owner,
                NewLetter {
                    title: "Acme letter".into(),
                    template: template.id,
                    application,
                },
            )
            .await
            .unwrap()
    }
}

fn pdf_text(pdf: &[u8]) -> String {
    poppler("pdftotext", &[], pdf)
}

#[tokio::test(flavor = "multi_thread")]
async fn a_letter_fills_its_placeholders_keeps_every_version_and_restores_one() {
    let setup = setup().await;
    let (owner, application) = setup.applicant("Ada Nowak").await;
    let templates = setup.cvs.letter_templates(owner).await.unwrap();
    assert!(templates.len() >= 3 && templates.iter().all(|template| !template.own));
    let id = setup.letter(owner, Some(application)).await;
    let view = setup.cvs.letter(owner, id).await.unwrap();
    assert_eq!(view.number, 1);
    assert_eq!(
        view.application.as_ref().map(|(_, label)| label.as_str()),
        Some("Rust Engineer at Acme")
    );
    for filled in [
        "Dear Grace Hopper,",
        "the Rust Engineer role at Acme",
        "Rust, PostgreSQL and Kafka",
        "Ada Nowak",
    ] {
        assert!(
            view.filled.contains(filled),
            "{filled} is not in:\n{}",
            view.filled
        );
    }
    assert!(!view.filled.contains("{{"), "{}", view.filled);
    assert!(view.unfilled.is_empty(), "{:?}", view.unfilled);

    let first = view.body.clone();
    let second = first.replace("Kind regards,", "With best wishes,");
    let input = |body: &str| LetterInput {
        title: "Acme letter".into(),
        body: body.into(),
        application: Some(application),
    };
    assert_eq!(
        setup
            .cvs
            .save_letter(owner, id, input(&second))
            .await
            .unwrap(),
        2
    );
    // Saving the same text again is no new version.
    assert_eq!(
        setup
            .cvs
            .save_letter(owner, id, input(&second))
            .await
            .unwrap(),
        2
    );
    let changes = setup
        .cvs
        .compare_letter_versions(owner, id, 1, 2)
        .await
        .unwrap();
    assert!(
        changes.contains(&DiffLine::Removed("Kind regards,".into())),
        "{changes:?}"
    );
    assert!(
        changes.contains(&DiffLine::Added("With best wishes,".into())),
        "{changes:?}"
    );
    assert!(
        changes.contains(&DiffLine::Same("{{my_name}}".into())),
        "{changes:?}"
    );
    // Restoring version 1 makes it the newest again; the history only grows.
    assert_eq!(
        setup
            .cvs
            .restore_letter_version(owner, id, 1)
            .await
            .unwrap(),
        3
    );
    let view = setup.cvs.letter(owner, id).await.unwrap();
    assert_eq!(view.body, first);
    assert_eq!(
        view.versions.iter().map(|v| v.number).collect::<Vec<_>>(),
        [3, 2, 1]
    );
    assert_eq!(
        setup.cvs.letter_version(owner, id, 2).await.unwrap(),
        second
    );

    // Without an application, the application's placeholders print their fallbacks and the
    // editor names them.
    let loose = setup.letter(owner, None).await;
    let view = setup.cvs.letter(owner, loose).await.unwrap();
    assert!(
        view.filled.contains("Dear Hiring Manager,"),
        "{}",
        view.filled
    );
    assert_eq!(view.unfilled, ["hiring_manager", "position", "company"]);

    // Printed with the CV's engine and fonts.
    let pdf = setup
        .cvs
        .letter_file(owner, id, CvFormat::Pdf)
        .await
        .unwrap();
    assert_eq!(pdf.file_name, "ada-nowak-acme-letter.pdf");
    let text = pdf_text(&pdf.bytes);
    for expected in [
        "Ada Nowak",
        "Dear Grace Hopper,",
        "Rust Engineer role at Acme",
        "Kind regards,",
    ] {
        assert!(text.contains(expected), "{expected} is not in:\n{text}");
    }
    let docx = setup
        .cvs
        .letter_file(owner, id, CvFormat::Docx)
        .await
        .unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx.bytes)).unwrap();
    let mut xml = String::new();
    std::io::Read::read_to_string(&mut archive.by_name("word/document.xml").unwrap(), &mut xml)
        .unwrap();
    assert!(xml.contains("Dear Grace Hopper,") && xml.contains("Acme"));
}

#[tokio::test(flavor = "multi_thread")]
async fn own_templates_are_private_and_letters_out_of_reach_of_others() {
    let setup = setup().await;
    let (owner, application) = setup.applicant("Ada Nowak").await;
    let (stranger, _) = setup.applicant("Eve Mallory").await;
    let form = LetterTemplateForm {
        name: "Mine".into(),
        body: "Hi {{hiring_manager}}, {{position}} please.".into(),
    };
    let template = setup
        .cvs
        .create_letter_template(owner, form.parse().unwrap())
        .await
        .unwrap();
    assert!(
        setup
            .cvs
            .letter_templates(owner)
            .await
            .unwrap()
            .iter()
            .any(|t| t.id == template && t.own)
    );
    assert!(
        !setup
            .cvs
            .letter_templates(stranger)
            .await
            .unwrap()
            .iter()
            .any(|t| t.id == template)
    );
    let stolen = setup
        .cvs
        .create_letter(
            stranger,
            NewLetter {
                title: "x".into(),
                template,
                application: None,
            },
        )
        .await;
    assert!(
        matches!(stolen, Err(Error::Form(ref form)) if form.fields.contains_key("template")),
        "{stolen:?}"
    );
    assert!(matches!(
        setup
            .cvs
            .update_letter_template(stranger, template, form.parse().unwrap())
            .await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        setup.cvs.delete_letter_template(stranger, template).await,
        Err(Error::NotFound)
    ));

    let letter = setup.letter(owner, Some(application)).await;
    assert!(matches!(
        setup.cvs.letter(stranger, letter).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        setup.cvs.letter_file(stranger, letter, CvFormat::Pdf).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        setup.cvs.restore_letter_version(stranger, letter, 1).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        setup.cvs.delete_letter(stranger, letter).await,
        Err(Error::NotFound)
    ));
    let hijack = LetterInput {
        title: "x".into(),
        body: "x".into(),
        application: None,
    };
    assert!(matches!(
        setup.cvs.save_letter(stranger, letter, hijack).await,
        Err(Error::NotFound)
    ));
    // A letter cannot point at someone else's application.
    let mine = setup.letter(stranger, None).await;
    let pointed = LetterInput {
        title: "x".into(),
        body: "x".into(),
        application: Some(application),
    };
    assert!(matches!(
        setup.cvs.save_letter(stranger, mine, pointed).await,
        Err(Error::Form(ref form)) if form.fields.contains_key("application")
    ));
    setup
        .cvs
        .delete_letter_template(owner, template)
        .await
        .unwrap();
}

#[tokio::test(flavor = "multi_thread")]
async fn what_was_sent_stays_as_sent_when_the_profile_version_and_letter_change() {
    let setup = setup().await;
    let (owner, application) = setup.applicant("Ada Nowak").await;
    let version = setup
        .cvs
        .create(
            owner,
            CvSettings {
                name: "Backend".into(),
                template: Template::Classic,
                page_size: None,
                headline: None,
                summary: None,
            },
        )
        .await
        .unwrap();
    let letter = setup.letter(owner, Some(application)).await;
    let nothing = setup.cvs.mark_sent(owner, application, None, None).await;
    assert!(matches!(nothing, Err(Error::Form(_))), "{nothing:?}");
    setup
        .cvs
        .mark_sent(owner, application, Some(version), Some(letter))
        .await
        .unwrap();
    let choices = setup.cvs.sent_documents(owner, application).await.unwrap();
    assert_eq!(choices.sent.len(), 2);
    assert!(
        choices
            .sent
            .iter()
            .all(|copy| copy.changed_since == Some(Vec::new())),
        "{:?}",
        choices.sent
    );
    let cv_copy = choices
        .sent
        .iter()
        .find(|copy| copy.kind == SentKind::Cv)
        .unwrap()
        .id;
    let letter_copy = choices
        .sent
        .iter()
        .find(|copy| copy.kind == SentKind::CoverLetter)
        .unwrap()
        .id;

    // Everything changes after sending.
    let mut basics = setup.profiles.view(owner).await.unwrap().basics;
    basics.headline = Some("Principal engineer".into());
    setup.profiles.update_basics(owner, basics).await.unwrap();
    let body = setup
        .cvs
        .letter(owner, letter)
        .await
        .unwrap()
        .body
        .replace("Kind regards,", "Cheers,");
    setup
        .cvs
        .save_letter(
            owner,
            letter,
            LetterInput {
                title: "Acme letter".into(),
                body,
                application: Some(application),
            },
        )
        .await
        .unwrap();

    let sent_cv = pdf_text(
        &setup
            .cvs
            .sent_file(owner, cv_copy, CvFormat::Pdf)
            .await
            .unwrap()
            .bytes,
    );
    assert!(
        sent_cv.contains("Backend engineer") && !sent_cv.contains("Principal engineer"),
        "{sent_cv}"
    );
    let sent_letter = pdf_text(
        &setup
            .cvs
            .sent_file(owner, letter_copy, CvFormat::Pdf)
            .await
            .unwrap()
            .bytes,
    );
    assert!(
        sent_letter.contains("Kind regards,") && !sent_letter.contains("Cheers,"),
        "{sent_letter}"
    );
    let choices = setup.cvs.sent_documents(owner, application).await.unwrap();
    let cv_changes = choices
        .sent
        .iter()
        .find(|copy| copy.kind == SentKind::Cv)
        .unwrap();
    let changes = cv_changes.changed_since.as_ref().unwrap();
    assert!(
        changes.iter().any(
            |line| matches!(line, DiffLine::Added(text) if text.contains("Principal engineer"))
        ),
        "{changes:?}"
    );
    assert!(
        changes.iter().any(
            |line| matches!(line, DiffLine::Removed(text) if text.contains("Backend engineer"))
        ),
        "{changes:?}"
    );

    // Recording another CV needs the first record removed; a deleted version leaves the copy.
    let again = setup
        .cvs
        .mark_sent(owner, application, Some(version), None)
        .await;
    assert!(
        matches!(again, Err(Error::Form(ref form)) if form.fields.contains_key("cv_version")),
        "{again:?}"
    );
    setup.cvs.delete(owner, version).await.unwrap();
    let choices = setup.cvs.sent_documents(owner, application).await.unwrap();
    let copy = choices
        .sent
        .iter()
        .find(|copy| copy.kind == SentKind::Cv)
        .unwrap();
    assert_eq!(
        (copy.source.as_deref(), copy.changed_since.as_ref()),
        (None, None)
    );
    assert!(
        pdf_text(
            &setup
                .cvs
                .sent_file(owner, cv_copy, CvFormat::Pdf)
                .await
                .unwrap()
                .bytes
        )
        .contains("Backend engineer")
    );
    setup
        .cvs
        .remove_sent_document(owner, letter_copy)
        .await
        .unwrap();
    setup
        .cvs
        .mark_sent(owner, application, None, Some(letter))
        .await
        .unwrap();

    // Nobody else reads or records against them.
    let (stranger, theirs) = setup.applicant("Eve Mallory").await;
    assert!(matches!(
        setup.cvs.sent_file(stranger, cv_copy, CvFormat::Pdf).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        setup.cvs.sent_documents(stranger, application).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        setup.cvs.remove_sent_document(stranger, cv_copy).await,
        Err(Error::NotFound)
    ));
    assert!(matches!(
        setup.cvs.mark_sent(stranger, theirs, None, Some(letter)).await,
        Err(Error::Form(ref form)) if form.fields.contains_key("letter")
    ));
    // The copy goes with its application.
    setup.exec(
        "DELETE FROM applications WHERE user_id = $1",
        &[owner.as_uuid()],
    );
    assert!(matches!(
        setup.cvs.sent_file(owner, cv_copy, CvFormat::Pdf).await,
        Err(Error::NotFound)
    ));
}
