//! CV versions over HTTP: built, previewed and downloaded with plain forms and in a hydrated
//! browser, and the owner-only rule on every CV function, page and download.

use std::io::Read;
use std::time::Duration;

use careerhub_app::cv::letters::ApplicationChoices;
use careerhub_domain::cv::{CvVersionSummary, CvVersionView};
use careerhub_domain::letters::{LetterSummary, LetterTemplate, SentChoices};
use diesel::prelude::*;
use diesel::sql_types::{Text, Uuid as SqlUuid};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::browser::Browser;
use crate::harness::{PASSWORD, TestApp, Visitor, db_conn, signed_up, spawn_app};

const HYDRATED: &str = "return document.documentElement.dataset.hydrated === 'true'";

/// CV functions that take a record's id; `{cv}`, `{entry}` and `{application}` are the owner's.
/// A stranger gets 404 from every one and changes nothing.
pub const CV_FUNCTIONS: &[(&str, &[(&str, &str)])] = &[
    ("/api/cv_version", &[("id", "{cv}")]),
    ("/api/cv_document", &[("id", "{cv}")]),
    (
        "/api/save_cv_settings",
        &[("id", "{cv}"), ("name", "Hacked"), ("template", "classic")],
    ),
    (
        "/api/save_cv_contents",
        &[("id", "{cv}"), ("sections[experience]", "on")],
    ),
    (
        "/api/move_cv_section",
        &[
            ("id", "{cv}"),
            ("section", "experience"),
            ("direction", "down"),
        ],
    ),
    (
        "/api/save_cv_highlights",
        &[
            ("id", "{cv}"),
            ("entry", "{entry}"),
            ("highlights", "Hacked"),
        ],
    ),
    (
        "/api/delete_cv_version",
        &[("id", "{cv}"), ("confirm", "yes")],
    ),
    (
        "/api/tailor_cv_version",
        &[("application", "{application}")],
    ),
    ("/api/letter", &[("id", "{letter}")]),
    (
        "/api/save_letter",
        &[("id", "{letter}"), ("title", "Hacked"), ("body", "Hacked")],
    ),
    (
        "/api/letter_version",
        &[("id", "{letter}"), ("number", "1")],
    ),
    (
        "/api/restore_letter_version",
        &[("id", "{letter}"), ("number", "1")],
    ),
    (
        "/api/delete_letter",
        &[("id", "{letter}"), ("confirm", "yes")],
    ),
    (
        "/api/update_letter_template",
        &[("id", "{template}"), ("name", "Hacked"), ("body", "Hacked")],
    ),
    (
        "/api/delete_letter_template",
        &[("id", "{template}"), ("confirm", "yes")],
    ),
    ("/api/sent_documents", &[("application", "{application}")]),
    (
        "/api/mark_sent",
        &[("application", "{application}"), ("letter", "{letter}")],
    ),
    (
        "/api/remove_sent_document",
        &[
            ("id", "{sent}"),
            ("application", "{application}"),
            ("confirm", "yes"),
        ],
    ),
];

/// Document functions without a record id: they only see the caller's own versions, letters and
/// templates.
pub const OWN_CV_FUNCTIONS: &[&str] = &[
    "/api/cv_versions",
    "/api/create_cv_version",
    "/api/letters",
    "/api/create_letter",
    "/api/create_letter_template",
];

async fn add_entry(visitor: &mut Visitor, title: &str, highlights: &str) {
    let reply = visitor
        .submit(
            "/api/create_profile_entry",
            &[
                ("section", "experience"),
                ("title", title),
                ("organisation", "Acme"),
                ("starts_on", "2020-01"),
                ("highlights", highlights),
                ("visible", "on"),
            ],
        )
        .await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
}

/// Creates a version through the plain form; returns its id.
async fn create(visitor: &mut Visitor, name: &str, template: &str) -> String {
    let reply = visitor
        .submit(
            "/api/create_cv_version",
            &[("name", name), ("template", template)],
        )
        .await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    let id = reply
        .location()
        .strip_prefix("/cv/")
        .unwrap_or_else(|| panic!("went to {}", reply.location()))
        .to_owned();
    assert_eq!(id.len(), 36, "{id}");
    id
}

async fn version(visitor: &mut Visitor, id: &str) -> Value {
    visitor
        .call("/api/cv_version", &[("id", id)])
        .await
        .page_data::<CvVersionView>()
}

/// The id of the item or skill called `name` in the version's editor data.
fn id_of(view: &Value, list: &str, key: &str, name: &str) -> String {
    view[list]
        .as_array()
        .unwrap()
        .iter()
        .find(|item| item[key] == name)
        .unwrap_or_else(|| panic!("{name} is not in {list}"))["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A download as the browser receives it: status, headers and the bytes.
async fn download(
    app: &TestApp,
    visitor: &Visitor,
    path: &str,
) -> (u16, reqwest::header::HeaderMap, Vec<u8>) {
    let mut request = app.client.get(app.url(path));
    if let Some(cookie) = &visitor.cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    (status, headers, response.bytes().await.unwrap().to_vec())
}

/// The letters page's data: (letters, templates, applications).
async fn letters_data(visitor: &mut Visitor) -> Value {
    visitor.call("/api/letters", &[]).await.page_data::<(
        Vec<LetterSummary>,
        Vec<LetterTemplate>,
        ApplicationChoices,
    )>()
}

/// Creates a letter from the first default template; returns its id.
async fn create_letter(visitor: &mut Visitor, title: &str, application: Option<&str>) -> String {
    let data = letters_data(visitor).await;
    let template = data[1]
        .as_array()
        .unwrap()
        .iter()
        .find(|template| template["own"] == false)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let reply = visitor
        .submit(
            "/api/create_letter",
            &[
                ("title", title),
                ("template", template.as_str()),
                ("application", application.unwrap_or("")),
            ],
        )
        .await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    reply
        .location()
        .strip_prefix("/letters/")
        .unwrap()
        .to_owned()
}

async fn sent_copies(visitor: &mut Visitor, application: &str) -> Vec<Value> {
    let choices = visitor
        .call("/api/sent_documents", &[("application", application)])
        .await
        .page_data::<SentChoices>();
    choices["sent"].as_array().unwrap().clone()
}

fn add_application(app: &TestApp, owner: Uuid, company: &str) -> Uuid {
    let application = Uuid::now_v7();
    diesel::sql_query(
        "INSERT INTO applications (id, user_id, company, role_title) VALUES ($1, $2, $3, 'Rust engineer')",
    )
    .bind::<SqlUuid, _>(application)
    .bind::<SqlUuid, _>(owner)
    .bind::<Text, _>(company)
    .execute(&mut db_conn(app))
    .unwrap();
    application
}

fn pdf_text(pdf: &[u8]) -> String {
    let path = std::env::temp_dir().join(format!("careerhub-{}.pdf", Uuid::now_v7().simple()));
    std::fs::write(&path, pdf).unwrap();
    let output = std::process::Command::new("pdftotext")
        .arg(&path)
        .arg("-")
        .output()
        .expect("pdftotext (Debian's poppler-utils) runs");
    let _ = std::fs::remove_file(&path);
    assert!(output.status.success());
    String::from_utf8(output.stdout).unwrap()
}

fn docx_text(docx: &[u8]) -> String {
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(docx)).expect("a DOCX is a zip");
    let mut xml = String::new();
    archive
        .by_name("word/document.xml")
        .unwrap()
        .read_to_string(&mut xml)
        .unwrap();
    xml
}

#[tokio::test]
async fn without_javascript_a_version_is_built_previewed_and_downloaded() {
    let app = spawn_app().await;
    let (mut visitor, _) = signed_up(&app).await;
    add_entry(&mut visitor, "Kept role", "Shipped the ledger").await;
    add_entry(&mut visitor, "Dropped role", "").await;
    let reply = visitor
        .submit(
            "/api/create_profile_skill",
            &[("name", "Rust"), ("visible", "on")],
        )
        .await;
    assert_eq!(reply.status, 302);

    // A bad name is refused next to the field, and nothing is made.
    let refused = visitor
        .submit(
            "/api/create_cv_version",
            &[("name", " "), ("template", "modern")],
        )
        .await;
    assert!(refused.form_error().unwrap()["fields"]["name"].is_string());
    let id = create(&mut visitor, "Backend", "modern").await;
    let editor = visitor.get(&format!("/cv/{id}")).await;
    assert_eq!(editor.status, 200);
    for expected in [
        "Kept role",
        "Dropped role",
        "name=\"entries[",
        "Section order",
    ] {
        assert!(
            editor.body.contains(expected),
            "{expected} is not on the editor"
        );
    }
    let view = version(&mut visitor, &id).await;
    let kept = id_of(&view, "items", "title", "Kept role");
    let rust = id_of(&view, "skills", "name", "Rust");

    // Leave out one item; show and highlight the skill.
    let entries = format!("entries[id_{kept}]");
    let skills = format!("skills[id_{rust}]");
    let highlighted = format!("highlighted[id_{rust}]");
    let reply = visitor
        .submit(
            "/api/save_cv_contents",
            &[
                ("id", id.as_str()),
                ("sections[experience]", "on"),
                (entries.as_str(), "on"),
                (skills.as_str(), "on"),
                (highlighted.as_str(), "on"),
                ("show_skills", "on"),
            ],
        )
        .await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    assert_eq!(reply.location(), format!("/cv/{id}#contents"));
    let reply = visitor
        .submit(
            "/api/save_cv_highlights",
            &[
                ("id", id.as_str()),
                ("entry", kept.as_str()),
                ("highlights", "Ran the ledger team"),
            ],
        )
        .await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    let preview = visitor.get(&format!("/cv/{id}/preview")).await;
    assert_eq!(preview.status, 200);
    assert!(preview.body.contains("Kept role") && preview.body.contains("Ran the ledger team"));
    assert!(!preview.body.contains("Dropped role") && !preview.body.contains("Shipped the ledger"));
    assert!(
        preview.body.contains("<strong>Rust</strong>"),
        "the highlighted skill is bold"
    );

    let (status, headers, pdf) = download(&app, &visitor, &format!("/export/cv/{id}.pdf")).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/pdf");
    assert_eq!(
        headers["content-disposition"],
        "attachment; filename=\"ada-lovelace-backend.pdf\""
    );
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Kept role") && text.contains("Ran the ledger team"),
        "{text}"
    );
    assert!(!text.contains("Dropped role"), "{text}");
    let (status, _, docx) = download(&app, &visitor, &format!("/export/cv/{id}.docx")).await;
    assert_eq!(status, 200);
    assert!(docx_text(&docx).contains("Kept role"));
    let (status, _, markdown) = download(&app, &visitor, &format!("/export/cv/{id}.md")).await;
    assert_eq!(status, 200);
    assert!(
        String::from_utf8(markdown)
            .unwrap()
            .contains("### Kept role")
    );
    for missing in [
        format!("/export/cv/{id}.odt"),
        "/export/cv/nonsense.pdf".to_owned(),
    ] {
        assert_eq!(download(&app, &visitor, &missing).await.0, 404, "{missing}");
    }

    // Settings: a clear error for a bad page size, then a new look and headline.
    let reply = visitor
        .submit(
            "/api/save_cv_settings",
            &[
                ("id", id.as_str()),
                ("name", "Backend"),
                ("template", "classic"),
                ("page_size", "a3"),
            ],
        )
        .await;
    assert!(reply.form_error().unwrap()["fields"]["page_size"].is_string());
    let reply = visitor
        .submit(
            "/api/save_cv_settings",
            &[
                ("id", id.as_str()),
                ("name", "Backend"),
                ("template", "classic"),
                ("page_size", "letter"),
                ("headline", "Platform engineer for payments"),
            ],
        )
        .await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    let preview = visitor.get(&format!("/cv/{id}/preview")).await;
    assert!(preview.body.contains("cv-classic cv-letter"));
    assert!(preview.body.contains("Platform engineer for payments"));
    let list = visitor.get("/cv").await;
    assert!(list.body.contains("Backend") && list.body.contains("Classic"));

    // Signed out, a download asks to sign in first.
    let anonymous = Visitor::new(&app);
    let (status, headers, _) = download(&app, &anonymous, &format!("/export/cv/{id}.pdf")).await;
    assert!((300..400).contains(&status), "{status}");
    assert!(headers["location"].to_str().unwrap().starts_with("/signin"));

    // Deleting needs the box ticked.
    let reply = visitor
        .submit("/api/delete_cv_version", &[("id", id.as_str())])
        .await;
    assert!(reply.form_error().unwrap()["fields"]["confirm"].is_string());
    let reply = visitor
        .submit(
            "/api/delete_cv_version",
            &[("id", id.as_str()), ("confirm", "yes")],
        )
        .await;
    assert_eq!(reply.location(), "/cv");
    assert_eq!(visitor.get(&format!("/cv/{id}")).await.status, 404);
}

fn user_id(app: &TestApp, email: &str) -> Uuid {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = SqlUuid)]
        id: Uuid,
    }
    diesel::sql_query("SELECT id FROM users WHERE email = $1")
        .bind::<Text, _>(email)
        .get_result::<Id>(&mut db_conn(app))
        .unwrap()
        .id
}

fn fingerprint(app: &TestApp, owner: Uuid) -> String {
    #[derive(QueryableByName)]
    struct Digest {
        #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
        digest: Option<String>,
    }
    [
        "cv_versions",
        "cv_version_entries",
        "cv_version_skills",
        "applications",
        "letters",
        "letter_versions",
        "letter_templates",
        "sent_documents",
    ]
        .iter()
        .map(|table| {
            diesel::sql_query(format!(
                "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM {table} t WHERE user_id = $1"
            ))
            .bind::<SqlUuid, _>(owner)
            .get_result::<Digest>(&mut db_conn(app))
            .unwrap()
            .digest
            .unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(",")
}

#[tokio::test]
async fn nobody_reaches_another_persons_cv_through_any_function_page_or_download() {
    let app = spawn_app().await;
    let (mut owner, owner_email) = signed_up(&app).await;
    let (mut stranger, _) = signed_up(&app).await;
    add_entry(&mut owner, "Owner Secret Role", "Owner Secret Highlight").await;
    let cv = create(&mut owner, "Owner Secret CV", "classic").await;
    let entry = id_of(
        &version(&mut owner, &cv).await,
        "items",
        "title",
        "Owner Secret Role",
    );
    let owner_id = user_id(&app, &owner_email);
    let application = add_application(&app, owner_id, "Acme");
    let letter = create_letter(&mut owner, "Owner Secret Letter", None).await;
    let reply = owner
        .submit(
            "/api/create_letter_template",
            &[
                ("name", "Owner Secret Template"),
                ("body", "Dear {{hiring_manager}}"),
            ],
        )
        .await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    let template = letters_data(&mut owner).await[1]
        .as_array()
        .unwrap()
        .iter()
        .find(|template| template["own"] == true)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let application_text = application.to_string();
    let reply = owner
        .submit(
            "/api/mark_sent",
            &[
                ("application", application_text.as_str()),
                ("cv_version", cv.as_str()),
            ],
        )
        .await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    let sent = sent_copies(&mut owner, &application_text).await[0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let before = fingerprint(&app, owner_id);

    for (path, fields_template) in CV_FUNCTIONS {
        let filled: Vec<(&str, String)> = fields_template
            .iter()
            .map(|(key, value)| {
                let value = match *value {
                    "{cv}" => cv.clone(),
                    "{entry}" => entry.clone(),
                    "{application}" => application.to_string(),
                    "{letter}" => letter.clone(),
                    "{template}" => template.clone(),
                    "{sent}" => sent.clone(),
                    other => other.to_owned(),
                };
                (*key, value)
            })
            .collect();
        let fields: Vec<(&str, &str)> = filled.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = stranger.call(path, &fields).await;
        assert_eq!(reply.status, 404, "{path}: {}", reply.body);
        assert!(
            !reply.body.contains("Owner Secret"),
            "{path} leaked: {}",
            reply.body
        );
        let reply = stranger.submit(path, &fields).await;
        assert!(
            reply.status == 302 || reply.status == 404,
            "{path}: {}",
            reply.status
        );
    }
    for path in [
        format!("/cv/{cv}"),
        format!("/cv/{cv}/preview"),
        format!("/cv/{cv}/items/{entry}"),
        format!("/letters/{letter}"),
        format!("/letters/{letter}/versions/1"),
    ] {
        let reply = stranger.get(&path).await;
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.body.contains("Owner Secret"), "{path} leaked");
    }
    for path in ["pdf", "docx", "md", "txt", "json"]
        .iter()
        .map(|format| format!("/export/cv/{cv}.{format}"))
        .chain([
            format!("/export/letters/{letter}.pdf"),
            format!("/export/letters/{letter}.txt"),
            format!("/export/sent/{sent}.pdf"),
        ])
    {
        let (status, _, body) = download(&app, &stranger, &path).await;
        assert_eq!(status, 404, "{path}");
        assert!(!String::from_utf8_lossy(&body).contains("Owner Secret"));
    }
    assert!(
        !stranger
            .call("/api/letters", &[])
            .await
            .body
            .contains("Owner Secret")
    );
    let list = stranger.call("/api/cv_versions", &[]).await;
    assert_eq!(list.page_data::<Vec<CvVersionSummary>>(), json!([]));
    assert_eq!(
        fingerprint(&app, owner_id),
        before,
        "the owner's CVs changed"
    );
    assert_eq!(
        Visitor::new(&app)
            .call("/api/cv_versions", &[])
            .await
            .status,
        401
    );

    // Every CV function is in a table here.
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        if ["cv_", "letter", "sent"]
            .iter()
            .any(|part| path.contains(part))
        {
            assert!(
                CV_FUNCTIONS.iter().any(|(p, _)| *p == path) || OWN_CV_FUNCTIONS.contains(&path),
                "{path} is not in the CV IDOR table"
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_the_browser_a_version_is_built_previewed_and_downloaded() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    add_entry(&mut visitor, "Kept role", "Shipped the ledger").await;
    add_entry(&mut visitor, "Dropped role", "").await;
    let browser = Browser::start().await;
    browser.record_console_errors().await;
    browser.sign_in(&app.base_url, &email, PASSWORD).await;
    browser.load(&app.url("/cv")).await;
    browser.wait_until(HYDRATED, Duration::from_secs(30)).await;
    browser
        .client
        .find(fantoccini::Locator::Css("#new input[name=name]"))
        .await
        .unwrap()
        .send_keys("Browser CV")
        .await
        .unwrap();
    browser.click("#new button[type=submit]").await;
    browser
        .wait_until(
            "return location.pathname.startsWith('/cv/') && !!document.querySelector('#contents input[type=checkbox]')",
            Duration::from_secs(20),
        )
        .await;
    let id = browser
        .eval("return location.pathname.split('/')[2]")
        .await
        .as_str()
        .unwrap()
        .to_owned();
    let dropped = id_of(
        &version(&mut visitor, &id).await,
        "items",
        "title",
        "Dropped role",
    );
    browser
        .click(&format!("#contents input[name='entries[id_{dropped}]']"))
        .await;
    browser.click("#contents button[type=submit]").await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    loop {
        let view = version(&mut visitor, &id).await;
        let included = view["items"]
            .as_array()
            .unwrap()
            .iter()
            .find(|item| item["title"] == "Dropped role")
            .unwrap()["included"]
            .clone();
        if included == json!(false) {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the item was not left out"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser.click("a[href$='/preview']").await;
    browser
        .wait_until(
            "return !!document.querySelector('.cv-paper') && document.querySelector('.cv-paper').textContent.includes('Kept role')",
            Duration::from_secs(20),
        )
        .await;
    assert_eq!(
        browser
            .eval("return document.querySelector('.cv-paper').textContent.includes('Dropped role')")
            .await,
        json!(false)
    );
    // Both downloads, fetched by the page with its session as a click on the link would.
    for (link, content_type, magic) in [
        ("PDF", "application/pdf", "%PDF-"),
        (
            "DOCX",
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "PK",
        ),
    ] {
        let fetched = browser
            .eval(&format!(
                "const link = [...document.querySelectorAll('a[download]')].find(a => a.textContent.includes('{link}'));
                 return fetch(link.href).then(async r => {{
                   const bytes = new Uint8Array(await r.arrayBuffer());
                   return [r.status, r.headers.get('content-type'), String.fromCharCode(...bytes.slice(0, 5)), bytes.length];
                 }});"
            ))
            .await;
        assert_eq!(fetched[0], json!(200), "{link}: {fetched}");
        assert_eq!(fetched[1], json!(content_type), "{link}");
        assert!(
            fetched[2].as_str().unwrap().starts_with(magic),
            "{link}: {fetched}"
        );
        assert!(fetched[3].as_u64().unwrap() > 2000, "{link}: {fetched}");
    }
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
    browser.close().await;
}

#[tokio::test]
async fn without_javascript_a_letter_is_versioned_compared_restored_and_sent() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    let owner = user_id(&app, &email);
    let application = add_application(&app, owner, "Initech").to_string();
    add_entry(&mut visitor, "Kept role", "Shipped the ledger").await;
    let cv = create(&mut visitor, "Backend", "classic").await;
    let letter = create_letter(&mut visitor, "Initech letter", Some(&application)).await;
    let page = visitor.get(&format!("/letters/{letter}")).await;
    assert_eq!(page.status, 200);
    assert!(
        page.body.contains("Rust engineer role at Initech"),
        "the filled text shows"
    );

    // A mistyped placeholder is refused next to the text, and nothing is saved.
    let save = |body: &'static str| {
        vec![
            ("id", letter.clone()),
            ("title", "Initech letter".to_owned()),
            ("body", body.to_owned()),
            ("application", application.clone()),
        ]
    };
    let fields = save("Dear {{hiring_manger}}");
    let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
    let reply = visitor.submit("/api/save_letter", &pairs).await;
    let error = reply.form_error().unwrap();
    assert!(
        error["fields"]["body"]
            .as_str()
            .unwrap()
            .contains("Did you mean {{hiring_manager}}?"),
        "{error}"
    );
    for body in [
        "Dear {{hiring_manager}},\n\nFirst draft.\n\n{{my_name}}",
        "Dear {{hiring_manager}},\n\nSecond draft.\n\n{{my_name}}",
    ] {
        let fields = save(body);
        let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
        let reply = visitor.submit("/api/save_letter", &pairs).await;
        assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    }
    let compare = visitor
        .get(&format!("/letters/{letter}/versions/3?with=2"))
        .await;
    assert_eq!(compare.status, 200);
    assert!(
        compare.body.contains("class=\"diff-removed\"") && compare.body.contains("First draft.")
    );
    assert!(
        compare.body.contains("class=\"diff-added\"") && compare.body.contains("Second draft.")
    );
    let reply = visitor
        .submit(
            "/api/restore_letter_version",
            &[("id", letter.as_str()), ("number", "2")],
        )
        .await;
    assert_eq!(reply.location(), format!("/letters/{letter}"));
    let page = visitor.get(&format!("/letters/{letter}")).await;
    assert!(page.body.contains("First draft.") && page.body.contains("Text (version 4)"));
    let (status, _, pdf) = download(&app, &visitor, &format!("/export/letters/{letter}.pdf")).await;
    assert_eq!(status, 200);
    assert!(pdf_text(&pdf).contains("First draft."));

    // Sent: a copy of both, which later changes do not touch.
    let reply = visitor
        .submit(
            "/api/mark_sent",
            &[
                ("application", application.as_str()),
                ("cv_version", cv.as_str()),
                ("letter", letter.as_str()),
            ],
        )
        .await;
    assert_eq!(
        reply.location(),
        format!("/applications/{application}#sent")
    );
    let reply = visitor
        .submit(
            "/api/save_profile_basics",
            &[("headline", "Principal engineer")],
        )
        .await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    let page = visitor.get(&format!("/applications/{application}")).await;
    assert!(page.body.contains("What was sent") && page.body.contains("Download the CV you sent"));
    assert!(
        page.body.contains("changed since"),
        "the page says the CV changed since"
    );
    let copies = sent_copies(&mut visitor, &application).await;
    let cv_copy = copies.iter().find(|copy| copy["kind"] == "Cv").unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let (status, headers, pdf) =
        download(&app, &visitor, &format!("/export/sent/{cv_copy}.pdf")).await;
    assert_eq!(status, 200);
    assert_eq!(headers["content-type"], "application/pdf");
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Kept role") && !text.contains("Principal engineer"),
        "{text}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_the_browser_the_cv_sent_with_an_application_stays_as_sent() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    let owner = user_id(&app, &email);
    let application = add_application(&app, owner, "Globex").to_string();
    add_entry(&mut visitor, "Kept role", "Shipped the ledger").await;
    let reply = visitor
        .submit(
            "/api/save_profile_basics",
            &[("headline", "Backend engineer")],
        )
        .await;
    assert_eq!(reply.status, 302);
    let cv = create(&mut visitor, "Globex CV", "modern").await;
    let browser = Browser::start().await;
    browser.record_console_errors().await;
    browser.sign_in(&app.base_url, &email, PASSWORD).await;
    browser
        .load(&app.url(&format!("/applications/{application}")))
        .await;
    browser.wait_until(HYDRATED, Duration::from_secs(30)).await;
    browser
        .wait_until(
            "return !!document.querySelector('#sent-cv')",
            Duration::from_secs(20),
        )
        .await;
    browser
        .eval(&format!(
            "document.querySelector('#sent-cv').value = '{cv}'; return true"
        ))
        .await;
    browser.click("#sent button[type=submit]").await;
    browser
        .wait_until(
            "return [...document.querySelectorAll('#sent a')].some(a => a.textContent.includes('Download the CV you sent'))",
            Duration::from_secs(20),
        )
        .await;
    // The profile changes after sending.
    let reply = visitor
        .submit(
            "/api/save_profile_basics",
            &[("headline", "Principal engineer")],
        )
        .await;
    assert_eq!(reply.status, 302);
    browser
        .load(&app.url(&format!("/applications/{application}")))
        .await;
    browser.wait_until(HYDRATED, Duration::from_secs(30)).await;
    browser
        .wait_until(
            "return (document.querySelector('#sent') || {textContent: ''}).textContent.includes('changed since')",
            Duration::from_secs(20),
        )
        .await;
    let fetched = browser
        .eval(
            "const link = [...document.querySelectorAll('#sent a[download]')].find(a => a.textContent.includes('Download the CV you sent'));
             return fetch(link.href).then(async r => {
               const bytes = new Uint8Array(await r.arrayBuffer());
               let binary = '';
               for (const b of bytes) binary += String.fromCharCode(b);
               return [r.status, btoa(binary)];
             });",
        )
        .await;
    assert_eq!(fetched[0], json!(200));
    use base64::Engine;
    let pdf = base64::engine::general_purpose::STANDARD
        .decode(fetched[1].as_str().unwrap())
        .unwrap();
    let text = pdf_text(&pdf);
    assert!(
        text.contains("Backend engineer") && !text.contains("Principal engineer"),
        "{text}"
    );
    assert_eq!(browser.console_errors().await, Vec::<String>::new());
    browser.close().await;
}

/// Downloads are counted per person, cached ones too; over the limit nothing is rendered, and the
/// answer says when to come back.
#[tokio::test]
async fn over_the_download_limit_nothing_is_rendered_and_the_wait_is_given() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    add_entry(&mut visitor, "Counted role", "Shipped the ledger").await;
    let id = create(&mut visitor, "Counted", "classic").await;
    let path = format!("/export/cv/{id}.pdf");
    let (status, _, _) = download(&app, &visitor, &path).await;
    assert_eq!(status, 200);

    let mut conn = db_conn(&app);
    let user: Uuid = diesel::select(diesel::dsl::sql::<SqlUuid>(&format!(
        "(SELECT id FROM users WHERE email = '{email}')"
    )))
    .get_result(&mut conn)
    .unwrap();
    let renders = |conn: &mut PgConnection| -> i64 {
        diesel::select(diesel::dsl::sql::<diesel::sql_types::BigInt>(&format!(
            "(SELECT count(*) FROM document_renders WHERE user_id = '{user}')"
        )))
        .get_result(conn)
        .unwrap()
    };
    assert_eq!(renders(&mut conn), 1);
    // The person has used up the limit (200 in 10 minutes) in this window.
    let key = format!(
        "{}ratelimit:cv_download:{user}",
        app.state.config.redis_key_prefix
    );
    let redis = redis::Client::open(careerhub_core::testing::test_redis_url()).unwrap();
    let mut redis = redis.get_multiplexed_async_connection().await.unwrap();
    let _: () = redis::cmd("SET")
        .arg(&key)
        .arg(200)
        .arg("EX")
        .arg(300)
        .query_async(&mut redis)
        .await
        .unwrap();

    let (status, headers, _) = download(&app, &visitor, &path).await;
    assert_eq!(status, 429, "the cached file is counted too");
    let wait: u64 = headers["retry-after"].to_str().unwrap().parse().unwrap();
    assert!((1..=300).contains(&wait), "retry after {wait} s");
    // New content would need a render: refused before it starts.
    let reply = visitor
        .submit(
            "/api/save_cv_settings",
            &[
                ("id", id.as_str()),
                ("name", "Counted"),
                ("template", "modern"),
                ("headline", "A new headline"),
            ],
        )
        .await;
    assert!(reply.status < 400, "{:?}", reply.form_error());
    let (status, _, _) = download(&app, &visitor, &path).await;
    assert_eq!(status, 429);
    assert_eq!(renders(&mut conn), 1, "nothing rendered over the limit");
    // Signed out, the same address asks to sign in first, whatever the count.
    let (status, headers, _) = download(&app, &Visitor::new(&app), &path).await;
    assert_eq!(status, 303, "{headers:?}");
}
