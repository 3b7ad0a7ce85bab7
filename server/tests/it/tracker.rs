//! The tracker over HTTP: forms with and without JavaScript, the board in a real browser, the
//! owner-only rule on every route (checklist 15), the calendar feed and vCards through real
//! parsers, the exports and the daily digest.

use std::collections::BTreeMap;
use std::time::Duration;

use careerhub_domain::ids::UserId;
use careerhub_domain::tracker::ApplicationList;
use careerhub_domain::tracker::Dashboard;
use careerhub_domain::tracker::NotificationSettings;
use chrono::{Duration as Days, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Text, Uuid as SqlUuid};
use fantoccini::Locator;
use serde_json::{Value, json};
use uuid::Uuid;

use crate::browser::{Browser, BrowserOptions};
use crate::harness::{PASSWORD, TestApp, Visitor, db_conn, mails_to, signed_up, spawn_app};

const HYDRATED: &str = "return document.documentElement.dataset.hydrated === 'true'";

/// Adds an application through the plain form and returns its id (from the redirect).
async fn add_application(visitor: &mut Visitor, company: &str, status: &str) -> Uuid {
    let reply = visitor
        .submit(
            "/api/create_application",
            &[
                ("company", company),
                ("role_title", "Backend Engineer"),
                ("job_url", "https://jobs.example.com/1"),
                ("location", "Berlin"),
                ("work_arrangement", "hybrid"),
                ("salary_min", "70 000"),
                ("salary_max", "85000"),
                ("salary_currency", "eur"),
                ("source", "Referral"),
                ("notes", ""),
                ("status", status),
                ("applied_on", ""),
                ("follow_up_on", ""),
            ],
        )
        .await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    let id = reply
        .location()
        .strip_prefix("/applications/")
        .unwrap_or_else(|| panic!("unexpected redirect {}", reply.location()));
    Uuid::parse_str(id).expect("an id")
}

async fn add_contact(visitor: &mut Visitor, name: &str, notes: &str) -> Uuid {
    let reply = visitor
        .submit(
            "/api/create_contact",
            &[
                ("full_name", name),
                ("company", "Globex"),
                ("role_title", "Recruiter"),
                ("email", "Grace.Hopper@Example.com"),
                ("phone", "+49 30 1234567"),
                ("profile_url", "https://www.linkedin.com/in/example"),
                ("relationship", "recruiter"),
                ("notes", notes),
                ("next_follow_up_on", ""),
            ],
        )
        .await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    Uuid::parse_str(
        reply
            .location()
            .strip_prefix("/contacts/")
            .expect("contact page"),
    )
    .unwrap()
}

fn status_of(app: &TestApp, id: Uuid) -> String {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        status: String,
    }
    diesel::sql_query("SELECT status FROM applications WHERE id = $1")
        .bind::<SqlUuid, _>(id)
        .get_result::<Row>(&mut db_conn(app))
        .expect("the application exists")
        .status
}

fn status_events(app: &TestApp, id: Uuid) -> Vec<(Option<String>, String)> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
        from_status: Option<String>,
        #[diesel(sql_type = Text)]
        to_status: String,
    }
    diesel::sql_query(
        "SELECT from_status, to_status FROM application_events \
         WHERE application_id = $1 AND kind = 'status' ORDER BY occurred_at",
    )
    .bind::<SqlUuid, _>(id)
    .load::<Row>(&mut db_conn(app))
    .unwrap()
    .into_iter()
    .map(|row| (row.from_status, row.to_status))
    .collect()
}

/// Signs in through the sign-in page, as a person would.
async fn sign_in_browser(browser: &Browser, app: &TestApp, email: &str) {
    browser.client.goto(&app.url("/signin")).await.unwrap();
    for (name, value) in [("email", email), ("password", PASSWORD)] {
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
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while browser.client.current_url().await.unwrap().path() == "/signin" {
        assert!(
            tokio::time::Instant::now() < deadline,
            "sign-in did not finish"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn ticked_cards_move_on_the_board_by_a_click_without_a_reload() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    let id = add_application(&mut visitor, "Initech", "applied").await;
    let other = add_application(&mut visitor, "Globex", "wishlist").await;
    let stays = add_application(&mut visitor, "Hooli", "applied").await;
    let browser = Browser::start().await;
    sign_in_browser(&browser, &app, &email).await;
    browser
        .client
        .goto(&app.url("/applications"))
        .await
        .unwrap();
    browser.wait_until(HYDRATED, Duration::from_secs(30)).await;
    let card = format!(".app-card:has(input[value='{id}'])");
    let other_card = format!(".app-card:has(input[value='{other}'])");
    assert_eq!(
        browser
            .eval(&format!(
                "return document.querySelector(\"{card}\").closest('.board-column').dataset.status"
            ))
            .await,
        json!("applied")
    );
    browser.eval("window.__noReload = true; return true").await;
    // Nothing ticked: the form says so next to itself and nothing moves.
    browser.click("#board-move button[type=submit]").await;
    browser
        .wait_until(
            "return document.querySelector('#board-move-error').textContent.includes('Tick the cards')",
            Duration::from_secs(10),
        )
        .await;
    browser.click(&format!("{card} > input")).await;
    browser.click(&format!("{other_card} > input")).await;
    browser
        .eval("document.querySelector('#board-move-status').value = 'interviewing'; return true")
        .await;
    browser.click("#board-move button[type=submit]").await;
    for moved in [&card, &other_card] {
        browser
            .wait_until(
                &format!("return !!document.querySelector(\".board-column[data-status='interviewing'] {moved}\")"),
                Duration::from_secs(10),
            )
            .await;
    }
    assert_eq!(
        browser.eval("return window.__noReload === true").await,
        json!(true)
    );
    assert_eq!(status_of(&app, id), "interviewing");
    assert_eq!(status_of(&app, other), "interviewing");
    assert_eq!(status_of(&app, stays), "applied", "an unticked card stays");
    assert_eq!(
        status_events(&app, id),
        vec![(Some("applied".into()), "interviewing".into())]
    );

    // Dragging works too: a card dropped on another column moves there.
    browser
        .eval(&format!(
            "const card = document.querySelector(\"{card}\"); \
             const column = document.querySelector(\".board-column[data-status='offer']\"); \
             card.dispatchEvent(new DragEvent('dragstart', {{ bubbles: true }})); \
             column.dispatchEvent(new DragEvent('dragover', {{ bubbles: true, cancelable: true }})); \
             column.dispatchEvent(new DragEvent('drop', {{ bubbles: true, cancelable: true }})); \
             return true"
        ))
        .await;
    browser
        .wait_until(
            &format!(
                "return !!document.querySelector(\".board-column[data-status='offer'] {card}\")"
            ),
            Duration::from_secs(10),
        )
        .await;
    assert_eq!(status_of(&app, id), "offer");
    assert_eq!(
        browser.eval("return window.__noReload === true").await,
        json!(true)
    );

    // The application page shows the changes in its timeline; a reload keeps them.
    browser.click(&format!("{card} > a")).await;
    browser
        .wait_until(
            "return [...document.querySelectorAll('.timeline-what')].some(e => e.textContent === 'Applied → Interviewing')",
            Duration::from_secs(10),
        )
        .await;
    assert_eq!(
        browser.eval("return window.__noReload === true").await,
        json!(true)
    );
    browser.client.refresh().await.unwrap();
    browser.wait_until(HYDRATED, Duration::from_secs(30)).await;
    let text = browser
        .eval("return document.querySelector('main').innerText")
        .await;
    let text = text.as_str().unwrap_or_default();
    assert!(text.contains("Applied → Interviewing"), "{text}");
    assert!(text.contains("Interviewing → Offer"), "{text}");
    browser.close().await;
}

#[tokio::test]
async fn without_javascript_the_board_moves_ticked_cards_with_its_one_form() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    let id = add_application(&mut visitor, "Initech", "interviewing").await;
    let browser = Browser::start_with(BrowserOptions { javascript: false }).await;
    sign_in_browser(&browser, &app, &email).await;
    browser
        .client
        .goto(&app.url("/applications"))
        .await
        .unwrap();
    let card = format!(".app-card:has(input[value='{id}'])");
    browser.click(&format!("{card} > input")).await;
    let select = browser
        .client
        .find(Locator::Css("#board-move-status"))
        .await
        .unwrap();
    select.select_by_value("offer").await.unwrap();
    browser.click("#board-move button[type=submit]").await;
    // The form posts and the server sends the browser back to the board.
    let moved = format!(".board-column[data-status='offer'] {card}");
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    while browser.client.find(Locator::Css(&moved)).await.is_err() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "the card did not move"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let html = browser.client.source().await.unwrap();
    assert!(!html.contains("data-hydrated"), "no script ran");
    assert_eq!(status_of(&app, id), "offer");
    assert_eq!(
        status_events(&app, id),
        vec![(Some("interviewing".into()), "offer".into())]
    );
    browser.close().await;

    // Without a browser too: a plain post answers with the redirect back to the board.
    let reply = visitor
        .submit(
            "/api/move_application",
            &[
                ("id", &id.to_string()),
                ("status", "accepted"),
                ("back", "/applications"),
            ],
        )
        .await;
    assert_eq!((reply.status, reply.location()), (302, "/applications"));
    let page = visitor.get(&format!("/applications/{id}")).await;
    assert!(
        page.body.contains("Offer → Accepted"),
        "timeline on the page"
    );

    // The board's form as a plain post: two ticked cards go at once.
    let second = add_application(&mut visitor, "Umbrella", "wishlist").await;
    let (id, second) = (id.to_string(), second.to_string());
    let reply = visitor
        .submit(
            "/api/move_applications",
            &[("ids[]", &id), ("ids[]", &second), ("status", "rejected")],
        )
        .await;
    assert_eq!((reply.status, reply.location()), (302, "/applications"));
    assert_eq!(status_of(&app, id.parse().unwrap()), "rejected");
    assert_eq!(status_of(&app, second.parse().unwrap()), "rejected");
    // None ticked: the board shows why, next to its form.
    let none = visitor
        .submit_from(
            "/applications",
            "/api/move_applications",
            &[("status".to_owned(), "offer".to_owned())],
        )
        .await;
    assert!(none.location().contains("__err="), "{}", none.location());
    let shown = visitor.get(none.location()).await;
    let said = shown
        .body
        .split("id=\"board-move-error\"")
        .nth(1)
        .and_then(|after| after.split("</p>").next())
        .unwrap_or_default();
    assert!(said.ends_with(">Tick the cards to move first."), "{said}");
    // A card that is someone else's moves nothing, not even the caller's own.
    let (mut stranger, _) = signed_up(&app).await;
    let theirs = add_application(&mut stranger, "Stark", "wishlist").await;
    let mixed = visitor
        .submit(
            "/api/move_applications",
            &[
                ("ids[]", &second),
                ("ids[]", &theirs.to_string()),
                ("status", "offer"),
            ],
        )
        .await;
    assert!(mixed.status < 500, "{} {}", mixed.status, mixed.body);
    assert_eq!(status_of(&app, second.parse().unwrap()), "rejected");
    assert_eq!(status_of(&app, theirs), "wishlist");
}

#[tokio::test]
async fn bad_input_comes_back_next_to_the_fields_and_saves_nothing() {
    let app = spawn_app().await;
    let (mut visitor, _) = signed_up(&app).await;
    let reply = visitor
        .call(
            "/api/create_application",
            &[
                ("company", ""),
                ("role_title", "Engineer"),
                ("job_url", "javascript:alert(1)"),
                ("salary_min", "90000"),
                ("salary_max", "80000"),
                ("status", "hired"),
                ("follow_up_on", "31/12/2026"),
            ],
        )
        .await;
    assert_eq!(reply.status, 422, "{}", reply.body);
    let error = reply.form_error().expect("a form error");
    for field in [
        "company",
        "job_url",
        "salary_max",
        "salary_currency",
        "status",
        "follow_up_on",
    ] {
        assert!(error["fields"][field].is_string(), "{field}: {error}");
    }
    assert_eq!(error["values"]["role_title"], json!("Engineer"));
    #[derive(QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let count = diesel::sql_query("SELECT count(*) AS n FROM applications")
        .get_result::<Count>(&mut db_conn(&app))
        .unwrap();
    assert_eq!(count.n, 0);

    // A malformed id is a bad request, not a server error.
    let reply = visitor
        .call(
            "/api/move_application",
            &[("id", "not-a-uuid"), ("status", "applied")],
        )
        .await;
    assert_eq!(reply.status, 400, "{}", reply.body);
    // An unknown page id is a friendly 404.
    let page = visitor
        .get(&format!("/applications/{}", Uuid::now_v7()))
        .await;
    assert_eq!(page.status, 404);
    assert!(page.body.contains("Application not found"));
    let page = visitor.get("/applications/nonsense").await;
    assert_eq!(page.status, 404);
}

/// Hash of everything a user owns in the tracker: equal before and after means nothing changed.
fn tracker_fingerprint(app: &TestApp, owner: UserId) -> String {
    #[derive(QueryableByName)]
    struct Digest {
        #[diesel(sql_type = diesel::sql_types::Nullable<Text>)]
        digest: Option<String>,
    }
    let mut parts = Vec::new();
    for table in [
        "applications",
        "application_events",
        "interviews",
        "contacts",
        "contact_interactions",
        "application_contacts",
        "development_activities",
        "notifications",
        "calendar_feeds",
        "notification_preferences",
    ] {
        let digest = diesel::sql_query(format!(
            "SELECT md5(string_agg(t::text, '|' ORDER BY t::text)) AS digest FROM {table} t WHERE user_id = $1"
        ))
        .bind::<SqlUuid, _>(owner)
        .get_result::<Digest>(&mut db_conn(app))
        .unwrap();
        parts.push(format!("{table}:{}", digest.digest.unwrap_or_default()));
    }
    parts.join(",")
}

fn user_id(app: &TestApp, email: &str) -> UserId {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = SqlUuid)]
        id: UserId,
    }
    diesel::sql_query("SELECT id FROM users WHERE email = $1")
        .bind::<Text, _>(email)
        .get_result::<Row>(&mut db_conn(app))
        .unwrap()
        .id
}

/// Every tracker server function, with the fields a stranger sends to reach the owner's rows.
/// `{app}`, `{contact}`, `{interview}`, `{interaction}`, `{activity}`, `{notification}` are the
/// owner's ids; `{own_app}` and `{own_contact}` the stranger's.
const TRACKER_FUNCTIONS: &[(&str, &[(&str, &str)])] = &[
    ("/api/application", &[("id", "{app}")]),
    (
        "/api/update_application",
        &[
            ("id", "{app}"),
            ("company", "Hacked"),
            ("role_title", "x"),
            ("status", "rejected"),
        ],
    ),
    (
        "/api/move_application",
        &[("id", "{app}"), ("status", "rejected")],
    ),
    // The owner's card ticked beside the stranger's own: nothing moves.
    (
        "/api/move_applications",
        &[
            ("ids[]", "{own_app}"),
            ("ids[]", "{app}"),
            ("status", "rejected"),
        ],
    ),
    ("/api/add_note", &[("id", "{app}"), ("body", "hacked")]),
    (
        "/api/delete_application",
        &[("id", "{app}"), ("confirm", "yes")],
    ),
    (
        "/api/add_interview",
        &[
            ("application_id", "{app}"),
            ("scheduled_at", "2030-01-01T10:00"),
            ("duration_minutes", "60"),
            ("kind", "video"),
        ],
    ),
    (
        "/api/set_interview_outcome",
        &[("id", "{interview}"), ("outcome", "failed")],
    ),
    ("/api/delete_interview", &[("id", "{interview}")]),
    (
        "/api/link_contact",
        &[("application_id", "{app}"), ("contact_id", "{own_contact}")],
    ),
    (
        "/api/link_contact",
        &[("application_id", "{own_app}"), ("contact_id", "{contact}")],
    ),
    (
        "/api/unlink_contact",
        &[("application_id", "{app}"), ("contact_id", "{contact}")],
    ),
    ("/api/contact", &[("id", "{contact}")]),
    (
        "/api/update_contact",
        &[
            ("id", "{contact}"),
            ("full_name", "Hacked"),
            ("relationship", "peer"),
        ],
    ),
    (
        "/api/delete_contact",
        &[("id", "{contact}"), ("confirm", "yes")],
    ),
    (
        "/api/add_interaction",
        &[
            ("contact_id", "{contact}"),
            ("occurred_on", "2026-01-01"),
            ("channel", "email"),
            ("summary", "hacked"),
        ],
    ),
    ("/api/delete_interaction", &[("id", "{interaction}")]),
    ("/api/activity", &[("id", "{activity}")]),
    (
        "/api/update_activity",
        &[
            ("id", "{activity}"),
            ("kind", "course"),
            ("title", "Hacked"),
            ("status", "planned"),
        ],
    ),
    (
        "/api/delete_activity",
        &[("id", "{activity}"), ("confirm", "yes")],
    ),
    ("/api/mark_read", &[("id", "{notification}")]),
];

/// Tracker functions that take no id: they only ever see the caller's own rows.
const OWN_DATA_FUNCTIONS: &[&str] = &[
    "/api/dashboard",
    "/api/analytics",
    "/api/board",
    "/api/list_applications",
    "/api/create_application",
    "/api/contacts",
    "/api/create_contact",
    "/api/activities",
    "/api/create_activity",
    "/api/notifications",
    "/api/unread_count",
    "/api/notification_settings",
    "/api/save_notification_settings",
    "/api/rotate_calendar_feed",
    "/api/revoke_calendar_feed",
];

#[tokio::test]
async fn nobody_reaches_another_users_tracker_through_any_route() {
    let app = spawn_app().await;
    let (mut owner, owner_email) = signed_up(&app).await;
    let (mut stranger, stranger_email) = signed_up(&app).await;
    let owner_id = user_id(&app, &owner_email);

    // The owner has something in every tracker table.
    let application = add_application(&mut owner, "Owner Secret Corp", "applied").await;
    let contact = add_contact(&mut owner, "Owner Secret Contact", "private").await;
    let fields = |pairs: &[(&str, String)]| {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.clone()))
            .collect::<Vec<_>>()
    };
    for (path, pairs) in [
        (
            "/api/add_interview",
            fields(&[
                ("application_id", application.to_string()),
                ("scheduled_at", "2030-05-01T10:00".into()),
                ("duration_minutes", "45".into()),
                ("kind", "video".into()),
            ]),
        ),
        (
            "/api/link_contact",
            fields(&[
                ("application_id", application.to_string()),
                ("contact_id", contact.to_string()),
            ]),
        ),
        (
            "/api/add_interaction",
            fields(&[
                ("contact_id", contact.to_string()),
                ("occurred_on", "2026-11-01".into()),
                ("channel", "call".into()),
                ("summary", "Owner secret call".into()),
            ]),
        ),
        (
            "/api/create_activity",
            fields(&[
                ("kind", "course".into()),
                ("title", "Owner Secret Course".into()),
                ("status", "planned".into()),
            ]),
        ),
        ("/api/rotate_calendar_feed", vec![]),
    ] {
        let pairs: Vec<(&str, &str)> = pairs
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let reply = owner.call(path, &pairs).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    }
    diesel::sql_query(
        "INSERT INTO notifications (id, user_id, kind, title) \
         VALUES (gen_random_uuid(), $1, 'test', 'Owner secret notice')",
    )
    .bind::<SqlUuid, _>(owner_id)
    .execute(&mut db_conn(&app))
    .unwrap();
    #[derive(QueryableByName)]
    struct Id {
        #[diesel(sql_type = SqlUuid)]
        id: Uuid,
    }
    let one = |sql: &str| {
        diesel::sql_query(sql)
            .bind::<SqlUuid, _>(owner_id)
            .get_result::<Id>(&mut db_conn(&app))
            .unwrap()
            .id
    };
    let ids: BTreeMap<&str, String> = BTreeMap::from([
        ("{app}", application.to_string()),
        ("{contact}", contact.to_string()),
        (
            "{interview}",
            one("SELECT id FROM interviews WHERE user_id = $1").to_string(),
        ),
        (
            "{interaction}",
            one("SELECT id FROM contact_interactions WHERE user_id = $1").to_string(),
        ),
        (
            "{activity}",
            one("SELECT id FROM development_activities WHERE user_id = $1").to_string(),
        ),
        (
            "{notification}",
            one("SELECT id FROM notifications WHERE user_id = $1").to_string(),
        ),
        (
            "{own_app}",
            add_application(&mut stranger, "Stranger Co", "applied")
                .await
                .to_string(),
        ),
        (
            "{own_contact}",
            add_contact(&mut stranger, "Stranger Contact", "")
                .await
                .to_string(),
        ),
    ]);
    let before = tracker_fingerprint(&app, owner_id);

    // The table covers every tracker function the server has (a new one must be added here).
    let account_functions = [
        "me",
        "sign_up",
        "sign_in",
        "sign_out",
        "verify_email",
        "resend_verification",
        "forgot_password",
        "reset_password",
        "change_password",
        "change_email",
        "confirm_email",
        "delete_account",
        "list_sessions",
        "revoke_session",
        "revoke_other_sessions",
    ];
    for (path, _) in leptos::server_fn::axum::server_fn_paths() {
        let name = path.trim_start_matches("/api/");
        if account_functions.contains(&name) {
            continue;
        }
        // The profile's, the CVs' and the jobs' functions have their own tables (profile.rs,
        // cv.rs, jobs.rs, job_alerts.rs).
        let profile = crate::profile::PROFILE_FUNCTIONS
            .iter()
            .any(|(p, _)| *p == path)
            || crate::profile::OWN_PROFILE_FUNCTIONS.contains(&path)
            || crate::cv::CV_FUNCTIONS.iter().any(|(p, _)| *p == path)
            || crate::cv::OWN_CV_FUNCTIONS.contains(&path)
            || crate::jobs::JOB_FUNCTIONS.contains(&path)
            || crate::jobs::OWN_JOB_FUNCTIONS.contains(&path)
            || crate::job_alerts::SAVED_SEARCH_FUNCTIONS.contains(&path);
        assert!(
            TRACKER_FUNCTIONS.iter().any(|(p, _)| *p == path)
                || OWN_DATA_FUNCTIONS.contains(&path)
                || profile,
            "{path} is not in an IDOR table"
        );
    }

    for (path, template) in TRACKER_FUNCTIONS {
        let filled: Vec<(String, String)> = template
            .iter()
            .map(|(key, value)| {
                let value = ids
                    .get(value)
                    .cloned()
                    .unwrap_or_else(|| (*value).to_owned());
                ((*key).to_owned(), value)
            })
            .collect();
        let pairs: Vec<(&str, &str)> = filled
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        let reply = stranger.call(path, &pairs).await;
        assert_eq!(reply.status, 404, "{path} {pairs:?}: {}", reply.body);
        assert!(
            !reply.body.contains("Owner Secret"),
            "{path} leaked: {}",
            reply.body
        );
        // And as a plain form: sent back with the message, nothing changed.
        let reply = stranger.submit(path, &pairs).await;
        assert!(
            reply.status == 302 || reply.status == 404,
            "{path}: {}",
            reply.status
        );
    }
    for path in OWN_DATA_FUNCTIONS
        .iter()
        .filter(|p| !p.contains("create") && !p.contains("save") && !p.contains("calendar"))
    {
        let reply = stranger.call(path, &[]).await;
        assert_eq!(reply.status, 200, "{path}: {}", reply.body);
        assert!(
            !reply.body.contains("Owner Secret"),
            "{path} leaked: {}",
            reply.body
        );
    }
    // Pages and downloads.
    for path in [
        format!("/applications/{application}"),
        format!("/contacts/{contact}"),
        format!("/learning/{}", ids["{activity}"]),
        format!("/export/contacts/{contact}.vcf"),
    ] {
        let reply = stranger.get(&path).await;
        assert_eq!(reply.status, 404, "{path}");
        assert!(!reply.body.contains("Owner Secret"), "{path} leaked");
    }
    for path in [
        "/dashboard",
        "/analytics",
        "/applications",
        "/applications/list",
        "/contacts",
        "/learning",
        "/notifications",
        "/export/applications.csv",
        "/export/contacts.csv",
        "/export/learning.csv",
        "/export/contacts.vcf",
        "/export/tracker.json",
        "/export/my-data.zip",
    ] {
        let reply = stranger.get(path).await;
        assert_eq!(reply.status, 200, "{path}");
        assert!(!reply.body.contains("Owner Secret"), "{path} leaked");
    }
    assert_eq!(
        tracker_fingerprint(&app, owner_id),
        before,
        "the owner's data changed"
    );
    // The owner still sees everything.
    let page = owner.get(&format!("/applications/{application}")).await;
    assert!(page.body.contains("Owner Secret Corp") && page.body.contains("Owner Secret Contact"));
    // Signed out, nothing at all.
    let mut anonymous = Visitor::new(&app);
    let reply = anonymous.call("/api/board", &[]).await;
    assert_eq!(reply.status, 401);
    let reply = anonymous.get("/export/tracker.json").await;
    assert_eq!(reply.status, 303);
    let _ = stranger_email;
}

#[tokio::test]
async fn the_calendar_feed_parses_as_icalendar_and_can_be_revoked() {
    let app = spawn_app().await;
    let (mut visitor, _) = signed_up(&app).await;
    let reply = visitor
        .call(
            "/api/save_notification_settings",
            &[
                ("digest_email", "on"),
                ("in_app", "on"),
                ("digest_hour", "8"),
                ("timezone", "Europe/Berlin"),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let application = add_application(&mut visitor, "Umbrella, Health; Inc", "interviewing").await;
    // 10:00 in Berlin on a summer day is 08:00 UTC.
    let reply = visitor
        .call(
            "/api/add_interview",
            &[
                ("application_id", &application.to_string()),
                ("scheduled_at", "2030-07-01T10:00"),
                ("duration_minutes", "45"),
                ("kind", "video"),
                ("meeting_url", "https://meet.example.com/x"),
                ("interviewers", "Ada Lovelace"),
            ],
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.body);
    let follow_up = add_application(&mut visitor, "Hooli", "applied").await;
    let today = Utc::now().date_naive();
    let mut form = vec![
        ("id", follow_up.to_string()),
        ("company", "Hooli".into()),
        ("role_title", "SRE".into()),
        ("status", "applied".into()),
        ("follow_up_on", (today + Days::days(3)).to_string()),
    ];
    form.push(("notes", String::new()));
    let pairs: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();
    assert_eq!(
        visitor.call("/api/update_application", &pairs).await.status,
        200
    );
    assert_eq!(
        visitor.call("/api/rotate_calendar_feed", &[]).await.status,
        200
    );
    let settings = visitor
        .call("/api/notification_settings", &[])
        .await
        .page_data::<NotificationSettings>();
    let url = settings["calendar_url"]
        .as_str()
        .expect("a calendar address")
        .to_owned();
    assert!(url.starts_with(&app.base_url), "{url}");
    let path = url.trim_start_matches(&app.base_url).to_owned();

    // Fetched like a calendar app: no cookie.
    let fetch = || async {
        let response = app.get(&path).await;
        assert_eq!(response.status(), 200);
        assert!(
            response.headers()["content-type"]
                .to_str()
                .unwrap()
                .starts_with("text/calendar")
        );
        response.text().await.unwrap()
    };
    let first = fetch().await;
    let parsed = ical::IcalParser::new(first.as_bytes())
        .next()
        .expect("one calendar")
        .expect("a valid calendar");
    let property = |event: &ical::parser::ical::component::IcalEvent, name: &str| {
        event
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
    };
    assert_eq!(parsed.events.len(), 2, "{first}");
    let interview = parsed
        .events
        .iter()
        .find(|e| property(e, "SUMMARY").is_some_and(|s| s.starts_with("Interview")))
        .expect("the interview");
    assert_eq!(
        property(interview, "DTSTART").as_deref(),
        Some("20300701T080000Z")
    );
    assert_eq!(
        property(interview, "DTEND").as_deref(),
        Some("20300701T084500Z")
    );
    assert!(property(interview, "DTSTAMP").is_some());
    let summary = property(interview, "SUMMARY")
        .unwrap()
        .replace("\\,", ",")
        .replace("\\;", ";");
    assert_eq!(
        summary,
        "Interview: Backend Engineer at Umbrella, Health; Inc"
    );
    let follow = parsed
        .events
        .iter()
        .find(|e| property(e, "SUMMARY").is_some_and(|s| s.starts_with("Follow up")))
        .expect("the follow-up");
    let start = follow
        .properties
        .iter()
        .find(|p| p.name == "DTSTART")
        .unwrap();
    assert_eq!(
        start.value.as_deref(),
        Some(
            (today + Days::days(3))
                .format("%Y%m%d")
                .to_string()
                .as_str()
        )
    );
    assert!(
        format!("{:?}", start.params).contains("DATE"),
        "an all-day event"
    );
    // UIDs are stable between fetches, so calendar apps update instead of duplicating.
    let uids = |text: &str| {
        let mut uids: Vec<String> = text
            .lines()
            .filter(|l| l.starts_with("UID:"))
            .map(str::to_owned)
            .collect();
        uids.sort();
        uids
    };
    assert_eq!(uids(&first), uids(&fetch().await));

    assert_eq!(
        visitor.call("/api/revoke_calendar_feed", &[]).await.status,
        200
    );
    assert_eq!(app.get(&path).await.status(), 404);
    assert_eq!(app.get("/calendar/not-a-token.ics").await.status(), 404);
}

#[tokio::test]
async fn vcards_and_csv_exports_parse_and_are_safe() {
    let app = spawn_app().await;
    let (mut visitor, _) = signed_up(&app).await;
    let notes =
        "Met at RustFest; likes tea, not coffee.\nSecond line with ünïcödé and a \\ backslash";
    let contact = add_contact(&mut visitor, "Grace Brewster Hopper", notes).await;
    add_contact(&mut visitor, "Linus", "").await;
    add_application(
        &mut visitor,
        "=HYPERLINK(\"https://evil.example\")",
        "applied",
    )
    .await;

    let one = visitor
        .get(&format!("/export/contacts/{contact}.vcf"))
        .await;
    assert_eq!(one.status, 200);
    assert!(
        one.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/vcard")
    );
    let all = visitor.get("/export/contacts.vcf").await;
    let cards: Vec<_> = ical::VcardParser::new(all.body.as_bytes())
        .map(|card| card.expect("a valid vCard"))
        .collect();
    assert_eq!(cards.len(), 2);
    let grace = cards
        .iter()
        .find(|card| {
            card.properties
                .iter()
                .any(|p| p.name == "FN" && p.value.as_deref() == Some("Grace Brewster Hopper"))
        })
        .expect("Grace's card");
    let value = |name: &str| {
        grace
            .properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap_or_default()
    };
    assert_eq!(value("EMAIL"), "grace.hopper@example.com");
    assert_eq!(value("ORG"), "Globex");
    assert_eq!(value("N"), "Hopper;Grace Brewster;;;");
    // Escaped on the way out; unescaping gives the notes back exactly.
    let unescaped = value("NOTE")
        .replace("\\n", "\n")
        .replace("\\,", ",")
        .replace("\\;", ";")
        .replace("\\\\", "\\");
    assert_eq!(unescaped, notes);
    for line in all.body.split("\r\n") {
        assert!(line.len() <= 75, "unfolded line: {line}");
    }

    let csv_reply = visitor.get("/export/applications.csv").await;
    assert_eq!(csv_reply.status, 200);
    assert!(
        csv_reply.headers["content-disposition"]
            .to_str()
            .unwrap()
            .contains("attachment")
    );
    let mut reader = csv::Reader::from_reader(csv_reply.body.as_bytes());
    let headers = reader.headers().unwrap().clone();
    let company = headers.iter().position(|h| h == "company").unwrap();
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][company], "'=HYPERLINK(\"https://evil.example\")");

    let json_reply = visitor.get("/export/tracker.json").await;
    let export: Value = serde_json::from_str(&json_reply.body).unwrap();
    assert_eq!(export["applications"].as_array().unwrap().len(), 1);
    assert_eq!(export["contacts"].as_array().unwrap().len(), 2);
}

#[tokio::test]
async fn the_daily_digest_is_sent_once_however_often_the_job_runs() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    let (mut unverified, unverified_email) = signed_up(&app).await;
    diesel::sql_query("UPDATE users SET email_verified_at = now() WHERE email = $1")
        .bind::<Text, _>(&email)
        .execute(&mut db_conn(&app))
        .unwrap();
    let today = Utc::now().date_naive();
    for who in [&mut visitor, &mut unverified] {
        // Hour 0: the digest is due whatever the time of day the test runs.
        let reply = who
            .call(
                "/api/save_notification_settings",
                &[
                    ("digest_email", "on"),
                    ("in_app", "on"),
                    ("digest_hour", "0"),
                    ("timezone", "UTC"),
                ],
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
        let id = add_application(who, "Vandelay Industries", "applied").await;
        let pairs = [
            ("id", id.to_string()),
            ("company", "Vandelay Industries".to_owned()),
            ("role_title", "Importer".to_owned()),
            ("status", "screening".to_owned()),
            ("follow_up_on", today.to_string()),
        ];
        let pairs: Vec<(&str, &str)> = pairs.iter().map(|(k, v)| (*k, v.as_str())).collect();
        assert_eq!(
            who.call("/api/update_application", &pairs).await.status,
            200
        );
        let tomorrow = (Utc::now() + Days::days(1))
            .format("%Y-%m-%dT12:00")
            .to_string();
        let reply = who
            .call(
                "/api/add_interview",
                &[
                    ("application_id", &id.to_string()),
                    ("scheduled_at", &tomorrow),
                    ("duration_minutes", "60"),
                    ("kind", "onsite"),
                ],
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }

    // A zone PostgreSQL does not know is read as UTC instead of failing everyone's digest.
    diesel::sql_query("UPDATE users SET timezone = 'Mars/Olympus' WHERE email = $1")
        .bind::<Text, _>(&unverified_email)
        .execute(&mut db_conn(&app))
        .unwrap();
    let public_url = app.state.config.public_url.as_str().trim_end_matches('/');
    let now = Utc::now();
    let (first, second) = tokio::join!(
        app.state.services.tracker.send_digests(now),
        app.state.services.tracker.send_digests(now),
    );
    let (first, second) = (first.unwrap(), second.unwrap());
    let third = app.state.services.tracker.send_digests(now).await.unwrap();
    assert_eq!(first.emails + second.emails + third.emails, 1);
    assert_eq!(third.users, 0);

    let digest = || {
        mails_to(&app, &email)
            .into_iter()
            .filter(|(subject, _)| subject.contains("follow-up"))
            .collect::<Vec<_>>()
    };
    let deadline = tokio::time::Instant::now() + Duration::from_secs(15);
    while digest().is_empty() {
        assert!(tokio::time::Instant::now() < deadline, "no digest arrived");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    let (subject, body) = digest().remove(0);
    assert_eq!(subject, "1 follow-up due and 1 interview tomorrow");
    assert!(body.contains("Importer at Vandelay Industries"), "{body}");
    assert!(body.contains("12:00"), "{body}");
    assert!(
        body.contains(&format!("{public_url}/applications/")),
        "{body}"
    );
    // Give the outbox worker time to send a duplicate, if there were one.
    tokio::time::sleep(Duration::from_secs(3)).await;
    assert_eq!(digest().len(), 1);

    // It offers one-click unsubscribe (RFC 8058) in its headers and its text.
    let raw = app
        .smtp
        .messages()
        .into_iter()
        .find(|mail| mail.to.contains(&email) && mail.data.contains("follow-up"))
        .expect("the digest")
        .data;
    let unsubscribe = crate::harness::one_click_unsubscribe(&raw);
    assert!(
        unsubscribe.starts_with(&format!("{public_url}/unsubscribe/")),
        "{unsubscribe}"
    );
    assert!(body.contains(&unsubscribe), "{body}");
    let path = unsubscribe.trim_start_matches(public_url).to_owned();
    let digest_on = || {
        #[derive(diesel::QueryableByName)]
        struct On {
            #[diesel(sql_type = diesel::sql_types::Bool)]
            on: bool,
        }
        diesel::sql_query(
            "SELECT coalesce((SELECT digest_email FROM notification_preferences p \
             WHERE p.user_id = u.id), true) AS on FROM users u WHERE u.email = $1",
        )
        .bind::<Text, _>(&email)
        .get_result::<On>(&mut db_conn(&app))
        .unwrap()
        .on
    };
    // Opening the link (a mail scanner does) changes nothing; it shows a button.
    let opened = app.get(&path).await;
    assert_eq!(opened.status(), 200);
    assert!(
        opened
            .text()
            .await
            .unwrap()
            .contains("Stop the daily reminder email?")
    );
    assert!(digest_on());
    // A mail client's one-click post: no cookie, no Origin.
    let clicked = reqwest::Client::new()
        .post(format!("{}{path}", app.base_url))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("List-Unsubscribe=One-Click")
        .send()
        .await
        .unwrap();
    assert_eq!(clicked.status(), 200);
    assert!(
        !digest_on(),
        "the one-click post turned the digest email off"
    );
    let made_up = format!("/unsubscribe/{}", "0".repeat(64));
    assert_eq!(app.get(&made_up).await.status(), 404);
    assert_eq!(app.get("/unsubscribe/not-a-token").await.status(), 404);
    // Unverified addresses get account mail only; the reminder shows up in the app.
    assert!(
        mails_to(&app, &unverified_email)
            .iter()
            .all(|(subject, _)| !subject.contains("follow-up"))
    );
    for who in [&mut visitor, &mut unverified] {
        let count = who.call("/api/unread_count", &[]).await;
        assert_eq!(count.page_data::<i64>(), json!(1));
        let page = who.get("/notifications").await;
        assert!(
            page.body
                .contains("1 follow-up due and 1 interview tomorrow")
        );
    }
}

#[tokio::test]
async fn the_dashboard_counts_from_the_pipeline() {
    let app = spawn_app().await;
    let (mut visitor, _) = signed_up(&app).await;
    let screened = add_application(&mut visitor, "Acme", "applied").await;
    add_application(&mut visitor, "Globex", "applied").await;
    add_application(&mut visitor, "Hooli", "wishlist").await;
    let rejected = add_application(&mut visitor, "Initech", "applied").await;
    for (id, status) in [
        (screened, "screening"),
        (rejected, "interviewing"),
        (rejected, "rejected"),
    ] {
        let reply = visitor
            .call(
                "/api/move_application",
                &[("id", &id.to_string()), ("status", status)],
            )
            .await;
        assert_eq!(reply.status, 200, "{}", reply.body);
    }
    let dashboard = visitor
        .call("/api/dashboard", &[])
        .await
        .page_data::<Dashboard>();
    assert_eq!(dashboard["total"], json!(4));
    assert_eq!(dashboard["added_this_week"], json!(4));
    assert_eq!(dashboard["added_last_week"], json!(0));
    // Sent: the three that left the wishlist. Responded: screening now, and the rejected one that
    // had reached interviewing first.
    assert_eq!(
        (dashboard["applied"].clone(), dashboard["responded"].clone()),
        (json!(3), json!(2))
    );
    let counts: BTreeMap<String, i64> = dashboard["counts"]
        .as_array()
        .unwrap()
        .iter()
        .map(|pair| {
            (
                pair[0].as_str().unwrap().to_owned(),
                pair[1].as_i64().unwrap(),
            )
        })
        .collect();
    assert_eq!(counts["Applied"], 1);
    assert_eq!(counts["Screening"], 1);
    assert_eq!(counts["Rejected"], 1);
    assert_eq!(counts["Wishlist"], 1);
    let page = visitor.get("/dashboard").await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("67%"), "response rate on the page");
}

#[tokio::test]
async fn download_my_data_holds_everything_and_only_mine() {
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    let (mut other, other_email) = signed_up(&app).await;
    add_application(&mut visitor, "Mine Corp", "applied").await;
    add_application(&mut other, "Theirs Corp", "applied").await;
    let reply = app
        .client
        .get(app.url("/export/my-data.zip"))
        .header("cookie", visitor.cookie.clone().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(reply.status(), 200);
    assert_eq!(reply.headers()["content-type"], "application/zip");
    let bytes = reply.bytes().await.unwrap();
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut files: BTreeMap<String, String> = BTreeMap::new();
    for index in 0..archive.len() {
        let mut file = archive.by_index(index).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut file, &mut text).unwrap();
        let name = file.name().expect("a UTF-8 file name").to_string();
        files.insert(name, text);
    }
    for name in [
        "README.txt",
        "account.json",
        "sessions.json",
        "security-log.json",
        "emails.json",
        "notifications.json",
        "notification-preferences.json",
        "tracker.json",
        "applications.csv",
        "contacts.csv",
        "learning.csv",
    ] {
        assert!(
            files.contains_key(name),
            "{name} missing: {:?}",
            files.keys()
        );
    }
    let account: Value = serde_json::from_str(&files["account.json"]).unwrap();
    assert_eq!(account["email"], json!(email));
    assert!(
        !files["account.json"].contains("argon2"),
        "no password hash"
    );
    assert!(files["applications.csv"].contains("Mine Corp"));
    assert!(files["emails.json"].contains("Confirm your email address"));
    let everything: String = files.values().cloned().collect();
    assert!(!everything.contains("Theirs Corp") && !everything.contains(&other_email));

    // Exports are rate-limited per account (20 an hour); the other account is not affected.
    let mut statuses = Vec::new();
    for _ in 0..20 {
        statuses.push(visitor.get("/export/tracker.json").await.status);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        1,
        "{statuses:?}"
    );
    let limited = visitor.get("/export/my-data.zip").await;
    assert_eq!(limited.status, 429);
    assert!(limited.headers.contains_key("retry-after"));
    assert_eq!(other.get("/export/tracker.json").await.status, 200);
}

#[tokio::test]
async fn the_list_filters_searches_sorts_and_pages() {
    use careerhub_domain::tracker::ApplicationForm;
    let app = spawn_app().await;
    let (mut visitor, email) = signed_up(&app).await;
    let owner = user_id(&app, &email);
    for n in 0..57 {
        let form = ApplicationForm {
            company: format!("{} {n:02}", if n % 3 == 0 { "Globex" } else { "Initech" }),
            role_title: if n % 2 == 0 {
                "Rust Engineer".into()
            } else {
                "Data Analyst".into()
            },
            location: "Berlin".into(),
            status: if n % 5 == 0 {
                "applied".into()
            } else {
                "wishlist".into()
            },
            ..ApplicationForm::default()
        };
        app.state
            .services
            .tracker
            .create_application(owner, form.parse().unwrap())
            .await
            .unwrap();
    }
    let list = |fields: Vec<(&'static str, String)>| {
        let mut visitor = visitor.clone();
        async move {
            let pairs: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            visitor
                .call("/api/list_applications", &pairs)
                .await
                .page_data::<ApplicationList>()
        }
    };
    let all = list(vec![]).await;
    assert_eq!(
        (all["total"].clone(), all["pages"].clone()),
        (json!(57), json!(3))
    );
    assert_eq!(all["rows"].as_array().unwrap().len(), 25);
    let last = list(vec![("page", "3".into())]).await;
    assert_eq!(last["rows"].as_array().unwrap().len(), 7);
    // Past the end shows the last page rather than nothing.
    assert_eq!(list(vec![("page", "99".into())]).await["page"], json!(3));
    let applied = list(vec![("status", "applied".into())]).await;
    assert_eq!(applied["total"], json!(12));
    // Search is case-insensitive over company, role and place; wildcards are taken literally.
    let globex = list(vec![("q", "globex".into())]).await;
    assert_eq!(globex["total"], json!(19));
    let both = list(vec![("q", "globex".into()), ("status", "applied".into())]).await;
    assert_eq!(both["total"], json!(4));
    assert_eq!(
        list(vec![("q", "rust eng".into())]).await["total"],
        json!(29)
    );
    assert_eq!(list(vec![("q", "%".into())]).await["total"], json!(0));
    let sorted = list(vec![("sort", "company".into())]).await;
    let companies: Vec<&str> = sorted["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["card"]["company"].as_str().unwrap())
        .collect();
    assert_eq!(companies[0], "Globex 00");
    let mut expected = companies.clone();
    expected.sort_by_key(|c| c.to_lowercase());
    assert_eq!(companies, expected);
    // The page itself, without JavaScript: the pager links keep the search.
    let page = visitor
        .get("/applications/list?q=rust+eng&sort=company")
        .await;
    assert!(page.body.contains("29 applications"), "count on the page");
    assert!(page.body.contains("Page 1 of 2"));
    // The next-page link keeps the search and the sort.
    assert!(
        page.body
            .contains("href=\"/applications/list?q=rust+eng&amp;sort=company&amp;page=2\""),
        "pager link"
    );
}
