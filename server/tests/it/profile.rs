//! The profile over HTTP: forms with and without JavaScript, reordering in a real browser, the
//! owner-only rule on every profile function, and the public page as an anonymous visitor sees
//! it (only visible items: not in the page, its JSON-LD or its meta tags).

use std::time::Duration;

use careerhub_domain::ids::UserId;
use careerhub_domain::profile::ProfileView;
use diesel::prelude::*;
use diesel::sql_types::{Text, Uuid as SqlUuid};
use fantoccini::Locator;
use scraper::{Html, Selector};
use serde_json::{Value, json};
use uuid::Uuid;

use crate::browser::{Browser, BrowserOptions};
use crate::harness::{PASSWORD, TestApp, Visitor, db_conn, signed_up, spawn_app};

const HYDRATED: &str = "return document.documentElement.dataset.hydrated === 'true'";

/// Profile functions that take a record's id, with the fields to send; `{entry}` and `{skill}`
/// are the owner's ids. A stranger gets 404 from every one and changes nothing.
pub const PROFILE_FUNCTIONS: &[(&str, &[(&str, &str)])] = &[
    ("/api/profile_entry", &[("id", "{entry}")]),
    (
        "/api/update_profile_entry",
        &[
            ("id", "{entry}"),
            ("section", "experience"),
            ("title", "Hacked"),
            ("visible", "on"),
        ],
    ),
    (
        "/api/delete_profile_entry",
        &[("id", "{entry}"), ("confirm", "yes")],
    ),
    (
        "/api/move_profile_entry",
        &[("id", "{entry}"), ("direction", "down")],
    ),
    (
        "/api/set_profile_entry_visible",
        &[("id", "{entry}"), ("visible", "false")],
    ),
    ("/api/profile_skill", &[("id", "{skill}")]),
    (
        "/api/update_profile_skill",
        &[("id", "{skill}"), ("name", "Hacked"), ("visible", "on")],
    ),
    (
        "/api/delete_profile_skill",
        &[("id", "{skill}"), ("confirm", "yes")],
    ),
    (
        "/api/move_profile_skill",
        &[("id", "{skill}"), ("direction", "down")],
    ),
];

/// Profile functions without a record id: they only see the caller's own profile (a reorder
/// naming another person's ids is refused as stale), or, for the public page, what is public.
pub const OWN_PROFILE_FUNCTIONS: &[&str] = &[
    "/api/profile",
    "/api/save_profile_basics",
    "/api/save_profile_publishing",
    "/api/new_profile_link",
    "/api/create_profile_entry",
    "/api/reorder_profile_entries",
    "/api/create_profile_skill",
    "/api/reorder_profile_skills",
    "/api/public_profile",
    "/api/profile_import",
    "/api/confirm_profile_import",
    "/api/cancel_profile_import",
];

fn user_id(app: &TestApp, email: &str) -> UserId {
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = SqlUuid)]
        id: Uuid,
    }
    let row: Id = diesel::sql_query("SELECT id FROM users WHERE email = $1")
        .bind::<Text, _>(email)
        .get_result(&mut db_conn(app))
        .unwrap();
    UserId(row.id)
}

fn fingerprint(app: &TestApp, owner: UserId) -> String {
    #[derive(QueryableByName)]
    struct Digest {
        #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
        digest: Option<String>,
    }
    ["profiles", "profile_entries", "profile_skills", "profile_slug_redirects"]
        .iter()
        .map(|table| {
            let digest = diesel::sql_query(format!(
                "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM {table} t WHERE user_id = $1"
            ))
            .bind::<SqlUuid, _>(owner)
            .get_result::<Digest>(&mut db_conn(app))
            .unwrap();
            format!("{table}:{}", digest.digest.unwrap_or_default())
        })
        .collect::<Vec<_>>()
        .join(",")
}

/// Adds an item through the plain form; returns its id.
async fn add_entry(visitor: &mut Visitor, fields: &[(&str, &str)]) -> Uuid {
    let reply = visitor.submit("/api/create_profile_entry", fields).await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    let section = fields
        .iter()
        .find(|(name, _)| *name == "section")
        .map(|(_, value)| *value)
        .unwrap();
    assert_eq!(reply.location(), format!("/profile#{section}"));
    newest(visitor, "profile_entries").await
}

async fn newest(visitor: &mut Visitor, table: &str) -> Uuid {
    let editor = editor(visitor).await;
    let ids: Vec<Uuid> = match table {
        "profile_skills" => editor["skills"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["id"].as_str().unwrap().parse().unwrap())
            .collect(),
        _ => editor["sections"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|section| section["entries"].as_array().unwrap().clone())
            .map(|entry| entry["id"].as_str().unwrap().parse().unwrap())
            .collect(),
    };
    // Ids are UUIDv7: the newest sorts last.
    ids.into_iter().max().expect("an item")
}

/// The editor's data as the hydrated page loads it.
async fn editor(visitor: &mut Visitor) -> Value {
    let data = visitor
        .call("/api/profile", &[])
        .await
        .page_data::<(ProfileView, Option<String>)>();
    data[0].clone()
}

fn titles(editor: &Value, section: &str) -> Vec<String> {
    editor["sections"]
        .as_array()
        .unwrap()
        .iter()
        // Sections travel as their variant names ("Experience").
        .find(|items| {
            items["section"]
                .as_str()
                .is_some_and(|name| name.eq_ignore_ascii_case(section))
        })
        .unwrap()["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|entry| entry["title"].as_str().unwrap().to_owned())
        .collect()
}

fn position(title: &str, start: &str) -> Vec<(&'static str, String)> {
    vec![
        ("section", "experience".into()),
        ("title", title.into()),
        ("organisation", "Acme".into()),
        ("starts_on", start.into()),
        ("visible", "on".into()),
    ]
}

fn pairs<'a>(fields: &'a [(&'a str, String)]) -> Vec<(&'a str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

#[tokio::test]
async fn without_javascript_items_are_added_checked_and_reordered_with_plain_forms() {
    let app = spawn_app().await;
    let (mut visitor, _) = signed_up(&app).await;
    let first = add_entry(&mut visitor, &pairs(&position("First job", "2015-01"))).await;
    let second = add_entry(&mut visitor, &pairs(&position("Second job", "2018-06"))).await;
    assert_eq!(
        titles(&editor(&mut visitor).await, "experience"),
        ["First job", "Second job"]
    );

    // An end before the start comes back next to the end field, with what was typed; nothing saved.
    let mut bad = position("Time traveller", "2020-05");
    bad.push(("ends_on", "2019-01".into()));
    let bad: Vec<(String, String)> = bad.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    let reply = visitor
        .submit_from("/profile", "/api/create_profile_entry", &bad)
        .await;
    assert_eq!(reply.status, 302);
    let error = reply.form_error().expect("the error travels back");
    assert_eq!(
        error["fields"]["ends_on"],
        "The end cannot be before the start."
    );
    assert_eq!(error["values"]["ends_on"], "2019-01");
    let page = visitor.get(reply.location()).await;
    assert!(
        page.body.contains("The end cannot be before the start."),
        "shown on the page"
    );
    assert_eq!(titles(&editor(&mut visitor).await, "experience").len(), 2);

    // The down button of the first item, as a plain form.
    let reply = visitor
        .submit(
            "/api/move_profile_entry",
            &[("id", &first.to_string()), ("direction", "down")],
        )
        .await;
    assert_eq!(
        (reply.status, reply.location()),
        (302, "/profile#experience")
    );
    assert_eq!(
        titles(&editor(&mut visitor).await, "experience"),
        ["Second job", "First job"]
    );

    // Hiding an item and editing it through its page.
    let reply = visitor
        .submit(
            "/api/set_profile_entry_visible",
            &[("id", &second.to_string()), ("visible", "false")],
        )
        .await;
    assert_eq!(reply.status, 302);
    let page = visitor.get(&format!("/profile/entries/{second}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Second job"));
    let mut renamed = position("Second job, promoted", "2018-06");
    renamed.push(("id", second.to_string()));
    let reply = visitor
        .submit("/api/update_profile_entry", &pairs(&renamed))
        .await;
    assert_eq!(
        (reply.status, reply.location()),
        (302, "/profile#experience")
    );
    let profile = visitor.get("/profile").await;
    assert!(profile.body.contains("Second job, promoted"));

    // Skills: "js" is JavaScript, and JavaScript again is refused next to the field.
    let reply = visitor
        .submit(
            "/api/create_profile_skill",
            &[("name", "js"), ("level", "4"), ("visible", "on")],
        )
        .await;
    assert_eq!((reply.status, reply.location()), (302, "/profile#skills"));
    let reply = visitor
        .submit(
            "/api/create_profile_skill",
            &[("name", "JavaScript"), ("visible", "on")],
        )
        .await;
    let error = reply.form_error().expect("a duplicate is refused");
    assert_eq!(
        error["fields"]["name"],
        "JavaScript is already in your skills."
    );
    assert_eq!(
        editor(&mut visitor).await["skills"]
            .as_array()
            .unwrap()
            .len(),
        1
    );
}

#[tokio::test]
async fn nobody_reaches_another_persons_profile_through_any_function() {
    let app = spawn_app().await;
    let (mut owner, owner_email) = signed_up(&app).await;
    let (mut stranger, _) = signed_up(&app).await;
    let owner_id = user_id(&app, &owner_email);
    let entry = add_entry(
        &mut owner,
        &pairs(&position("Owner Secret Role", "2020-01")),
    )
    .await;
    let reply = owner
        .submit(
            "/api/create_profile_skill",
            &[("name", "Owner Secret Skill"), ("visible", "on")],
        )
        .await;
    assert_eq!(reply.status, 302);
    let skill = newest(&mut owner, "profile_skills").await;
    let before = fingerprint(&app, owner_id);

    for (path, template) in PROFILE_FUNCTIONS {
        let filled: Vec<(&str, String)> = template
            .iter()
            .map(|(key, value)| {
                let value = match *value {
                    "{entry}" => entry.to_string(),
                    "{skill}" => skill.to_string(),
                    other => other.to_owned(),
                };
                (*key, value)
            })
            .collect();
        let reply = stranger.call(path, &pairs(&filled)).await;
        assert_eq!(reply.status, 404, "{path}: {}", reply.body);
        assert!(
            !reply.body.contains("Owner Secret"),
            "{path} leaked: {}",
            reply.body
        );
        let reply = stranger.submit(path, &pairs(&filled)).await;
        assert!(
            reply.status == 302 || reply.status == 404,
            "{path}: {}",
            reply.status
        );
    }
    // Reorders naming the owner's ids are refused as stale.
    for (path, fields) in [
        (
            "/api/reorder_profile_entries",
            vec![
                ("section", "experience".to_owned()),
                ("ids", entry.to_string()),
            ],
        ),
        (
            "/api/reorder_profile_skills",
            vec![("ids", skill.to_string())],
        ),
    ] {
        let reply = stranger.call(path, &pairs(&fields)).await;
        assert_eq!(reply.status, 422, "{path}: {}", reply.body);
    }
    for path in [
        format!("/profile/entries/{entry}"),
        format!("/profile/skills/{skill}"),
    ] {
        let reply = stranger.get(&path).await;
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.body.contains("Owner Secret"), "{path} leaked");
    }
    let reply = stranger.get("/profile").await;
    assert_eq!(reply.status, 200);
    assert!(!reply.body.contains("Owner Secret"));
    assert_eq!(
        fingerprint(&app, owner_id),
        before,
        "the owner's profile changed"
    );

    // Signed out: the editor's functions answer 401.
    let mut anonymous = Visitor::new(&app);
    assert_eq!(anonymous.call("/api/profile", &[]).await.status, 401);

    // Every server function is in a table here or in the tracker's (a new one must be added).
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        if path.contains("profile") {
            assert!(
                PROFILE_FUNCTIONS.iter().any(|(p, _)| *p == path)
                    || OWN_PROFILE_FUNCTIONS.contains(&path),
                "{path} is not in the profile IDOR table"
            );
        }
    }
}

/// The page at `path` as an anonymous visitor reads it: status, visible text, JSON-LD, meta tags.
async fn visit(app: &TestApp, path: &str) -> (u16, String, String, Vec<(String, String)>, String) {
    // As a browser asks for a page (a moved address then answers 302).
    let reply = app
        .client
        .get(app.url(path))
        .header("accept", "text/html")
        .send()
        .await
        .unwrap();
    let status = reply.status().as_u16();
    let location = reply
        .headers()
        .get("location")
        .map(|value| value.to_str().unwrap().to_owned())
        .unwrap_or_default();
    let body = reply.text().await.unwrap();
    let document = Html::parse_document(&body);
    let text = document
        .select(&Selector::parse("main").unwrap())
        .map(|main| main.text().collect::<String>())
        .collect::<String>();
    let json_ld = document
        .select(&Selector::parse(r#"script[type="application/ld+json"]"#).unwrap())
        .map(|script| script.inner_html())
        .collect::<String>();
    let meta = document
        .select(&Selector::parse("meta").unwrap())
        .map(|meta| {
            let key = meta
                .value()
                .attr("property")
                .or(meta.value().attr("name"))
                .unwrap_or_default();
            (
                key.to_owned(),
                meta.value().attr("content").unwrap_or_default().to_owned(),
            )
        })
        .collect();
    (status, text, json_ld, meta, location)
}

#[tokio::test]
async fn the_public_page_shows_an_anonymous_visitor_only_the_visible_items() {
    let app = spawn_app().await;
    let (mut owner, _) = signed_up(&app).await;
    let shown = position("Visible Staff Engineer", "2019-01");
    add_entry(&mut owner, &pairs(&shown)).await;
    let hidden = add_entry(
        &mut owner,
        &pairs(&position("Hidden Secret Role", "2016-01")),
    )
    .await;
    owner
        .submit(
            "/api/set_profile_entry_visible",
            &[("id", &hidden.to_string()), ("visible", "false")],
        )
        .await;
    add_entry(
        &mut owner,
        &[
            ("section", "education"),
            ("title", "Hidden Secret University"),
            ("starts_on", "2010-09"),
        ],
    )
    .await;
    add_entry(
        &mut owner,
        &[
            ("section", "goal"),
            ("title", "Secret Goal Title"),
            ("goal_kind", "promotion"),
            ("timeframe", "6_months"),
            ("goal_status", "active"),
            ("visible", "on"),
        ],
    )
    .await;
    owner
        .submit(
            "/api/create_profile_skill",
            &[("name", "postgres"), ("visible", "on")],
        )
        .await;
    owner
        .submit(
            "/api/create_profile_skill",
            &[("name", "Hidden Secret Skill")],
        )
        .await;
    let basics = [
        ("headline", "Builds payment systems"),
        ("summary", "Ten years of backend work."),
        ("salary_min", "99000"),
        ("salary_currency", "EUR"),
        ("target_roles", "Secret Target Role"),
    ];
    let reply = owner.submit("/api/save_profile_basics", &basics).await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    let slug = editor(&mut owner).await["publishing"]["slug"]
        .as_str()
        .unwrap()
        .to_owned();
    let path = format!("/p/{slug}");

    // Private (the default): nobody sees it.
    let (status, text, ..) = visit(&app, &path).await;
    assert_eq!(status, 404);
    assert!(!text.contains("Visible Staff Engineer"));

    let reply = owner
        .submit(
            "/api/save_profile_publishing",
            &[("slug", slug.as_str()), ("visibility", "public")],
        )
        .await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    let (status, text, json_ld, meta, _) = visit(&app, &path).await;
    assert_eq!(status, 200);
    assert!(text.contains("Visible Staff Engineer"), "{text}");
    assert!(text.contains("PostgreSQL"), "normalised skill name: {text}");
    assert!(text.contains("Builds payment systems"));
    let everything = format!("{text}{json_ld}{meta:?}");
    for secret in [
        "Hidden Secret",
        "Secret Goal",
        "Secret Target",
        "99000",
        "99 000",
    ] {
        assert!(
            !everything.contains(secret),
            "{secret} is public: {everything}"
        );
    }
    let person: Value = serde_json::from_str(&json_ld).expect("JSON-LD");
    assert_eq!(person["@type"], "Person");
    assert_eq!(person["knowsAbout"], json!(["PostgreSQL"]));
    assert_eq!(person["jobTitle"], "Builds payment systems");
    assert!(meta.contains(&(
        "og:title".to_owned(),
        person["name"].as_str().unwrap().to_owned()
    )));
    assert!(
        !meta.iter().any(|(name, _)| name == "robots"),
        "public pages may be indexed"
    );

    // Link-only: noindex, and only with the key from the address shown once.
    let reply = owner
        .submit(
            "/api/save_profile_publishing",
            &[("slug", slug.as_str()), ("visibility", "link")],
        )
        .await;
    assert_eq!(reply.status, 302);
    let page = owner.get("/profile").await;
    let shared = page
        .body
        .split(&format!("/p/{slug}?key="))
        .nth(1)
        .expect("the private link is shown once")
        .chars()
        .take(64)
        .collect::<String>();
    let again = owner.get("/profile").await;
    assert!(!again.body.contains(&shared), "the link is shown only once");
    assert_eq!(visit(&app, &path).await.0, 404, "not without the key");
    let (status, text, _, meta, _) = visit(&app, &format!("{path}?key={shared}")).await;
    assert_eq!(status, 200);
    assert!(text.contains("Visible Staff Engineer"));
    assert!(meta.contains(&("robots".to_owned(), "noindex, nofollow".to_owned())));

    // A new address: the old one redirects there (keeping the key).
    let reply = owner
        .submit(
            "/api/save_profile_publishing",
            &[("slug", "Renamed-Person"), ("visibility", "link")],
        )
        .await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    // Without the key the old address says nothing of where the profile went.
    let (status, _, _, _, location) = visit(&app, &path).await;
    assert_eq!((status, location.as_str()), (404, ""));
    let (status, _, _, _, location) = visit(&app, &format!("{path}?key={shared}")).await;
    assert_eq!(
        (status, location.as_str()),
        (302, format!("/p/renamed-person?key={shared}").as_str())
    );
    // A reserved address is refused next to the field.
    let reply = owner
        .submit(
            "/api/save_profile_publishing",
            &[("slug", "admin"), ("visibility", "public")],
        )
        .await;
    let error = reply.form_error().unwrap();
    assert_eq!(
        error["fields"]["slug"],
        "That address is reserved. Please choose another."
    );
}

#[tokio::test]
async fn after_hydration_items_are_edited_and_reordered_without_a_reload() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    for (title, start) in [
        ("Alpha role", "2014-01"),
        ("Beta role", "2017-01"),
        ("Gamma role", "2020-01"),
    ] {
        add_entry(&mut visitor, &pairs(&position(title, start))).await;
    }
    let browser = Browser::start().await;
    browser.record_console_errors().await;
    browser.sign_in(&app.base_url, &email, PASSWORD).await;
    browser.load(&app.url("/profile")).await;
    browser.wait_until(HYDRATED, Duration::from_secs(30)).await;
    browser.eval("window.__noReload = true; return true").await;

    // Add an item through the section's form.
    browser
        .click("#experience details.add-item > summary")
        .await;
    for (name, value) in [("title", "Delta role"), ("organisation", "Initech")] {
        browser
            .client
            .find(Locator::Css(&format!("#experience-field-{name}")))
            .await
            .unwrap()
            .send_keys(value)
            .await
            .unwrap();
    }
    browser
        .click("#experience details.add-item button[type=submit]")
        .await;
    let order = "return [...document.querySelectorAll('#experience .profile-item .item-title strong')].map(e => e.textContent).join('|')";
    browser
        .wait_until(
            "return [...document.querySelectorAll('#experience .item-title strong')].some(e => e.textContent === 'Delta role')",
            Duration::from_secs(10),
        )
        .await;
    assert_eq!(
        browser.eval(order).await,
        json!("Alpha role|Beta role|Gamma role|Delta role")
    );

    // The up arrow of the last item.
    browser
        .click("#experience .profile-item:last-child button[value=up]")
        .await;
    browser
        .wait_until(
            &format!(
                "{} === 'Alpha role|Beta role|Delta role|Gamma role'",
                order.trim_end_matches(';')
            ),
            Duration::from_secs(10),
        )
        .await;

    // Drag the first item onto the third.
    browser
        .eval(
            "const items = document.querySelectorAll('#experience .profile-item'); \
             items[0].dispatchEvent(new DragEvent('dragstart', { bubbles: true })); \
             items[2].dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true })); \
             items[2].dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true })); \
             return true",
        )
        .await;
    browser
        .wait_until(
            &format!(
                "{} === 'Beta role|Delta role|Alpha role|Gamma role'",
                order.trim_end_matches(';')
            ),
            Duration::from_secs(10),
        )
        .await;
    assert_eq!(
        titles(&editor(&mut visitor).await, "experience"),
        ["Beta role", "Delta role", "Alpha role", "Gamma role"],
        "stored in that order"
    );
    assert_eq!(
        browser.eval("return window.__noReload === true").await,
        json!(true)
    );
    let errors = browser.console_errors().await;
    browser.close().await;
    assert!(errors.is_empty(), "{errors:?}");
}

#[tokio::test]
async fn without_javascript_the_arrows_reorder_in_a_real_browser() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    for (title, start) in [("Alpha role", "2014-01"), ("Beta role", "2017-01")] {
        add_entry(&mut visitor, &pairs(&position(title, start))).await;
    }
    let browser = Browser::start_with(BrowserOptions { javascript: false }).await;
    browser.client.goto(&app.url("/signin")).await.unwrap();
    for (name, value) in [("email", email.as_str()), ("password", PASSWORD)] {
        browser
            .client
            .find(Locator::Css(&format!("main input[name={name}]")))
            .await
            .unwrap()
            .send_keys(value)
            .await
            .unwrap();
    }
    browser.click("main form button[type=submit]").await;
    tokio::time::sleep(Duration::from_millis(500)).await;
    browser.client.goto(&app.url("/profile")).await.unwrap();
    browser
        .click("#experience .profile-item:first-child button[value=down]")
        .await;
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        if titles(&editor(&mut visitor).await, "experience") == ["Beta role", "Alpha role"] {
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the item did not move"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let html = browser.client.source().await.unwrap();
    assert!(!html.contains("data-hydrated"), "no script ran");
    browser.close().await;
}

/// Uploads `bytes` as the import form does (multipart, no JavaScript); returns where it lands.
async fn upload(app: &TestApp, visitor: &Visitor, name: &str, bytes: Vec<u8>) -> String {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(bytes).file_name(name.to_owned()),
    );
    let reply = app
        .client
        .post(app.url("/profile/import/upload"))
        .header("origin", &app.base_url)
        .header("accept", "text/html")
        .header("cookie", visitor.cookie.clone().unwrap())
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(
        reply.status().as_u16(),
        303,
        "{}",
        reply.text().await.unwrap()
    );
    reply.headers()["location"].to_str().unwrap().to_owned()
}

#[tokio::test]
async fn a_file_is_uploaded_previewed_and_imported_without_javascript() {
    let app = spawn_app().await;
    let (mut visitor, _) = signed_up(&app).await;
    let fixture = |name: &str| {
        std::fs::read(format!(
            "{}/../core/tests/data/profile/{name}",
            env!("CARGO_MANIFEST_DIR")
        ))
        .unwrap()
    };

    // A foreign file: the message is next to the file field, nothing waits to be imported.
    let landed = upload(&app, &visitor, "notes.json", br#"{"hello": 1}"#.to_vec()).await;
    assert_eq!(landed, "/profile/import");
    let page = visitor.get(&landed).await;
    assert!(page.body.contains("not a JSON Resume"), "{}", page.body);
    assert!(!page.body.contains("What will be added"));

    // A JSON Resume: the preview, then the import.
    upload(&app, &visitor, "resume.json", fixture("resume.json")).await;
    let page = visitor.get("/profile/import").await;
    assert!(page.body.contains("What will be added"), "{}", page.body);
    assert!(page.body.contains("Analytical Engines") || page.body.contains("Staff Engineer"));
    assert_eq!(
        titles(&editor(&mut visitor).await, "experience").len(),
        0,
        "nothing yet"
    );
    let reply = visitor
        .submit_from("/profile/import", "/api/confirm_profile_import", &[])
        .await;
    assert_eq!((reply.status, reply.location()), (302, "/profile/import"));
    let page = visitor.get("/profile/import").await;
    assert!(page.body.contains("Imported."), "{}", page.body);
    assert_eq!(
        titles(&editor(&mut visitor).await, "experience"),
        ["Staff Engineer", "Backend Developer"]
    );
    // Confirming again has nothing to import.
    let reply = visitor.call("/api/confirm_profile_import", &[]).await;
    assert_eq!(reply.status, 422, "{}", reply.body);

    // The profile downloads as JSON Resume.
    let download = visitor.get("/export/profile.json").await;
    assert_eq!(download.status, 200);
    let resume: Value = serde_json::from_str(&download.body).unwrap();
    assert_eq!(resume["work"][0]["position"], "Staff Engineer");
}
