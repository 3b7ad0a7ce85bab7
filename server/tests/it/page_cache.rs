//! The page cache (`layers/page_cache.rs`) against the real server, PostgreSQL and Redis: a kept
//! page is served again with a nonce of its own, and never after anything it shows changed,
//! whether through the site's forms or an operator's SQL; nobody gets another person's page.

use diesel::RunQueryDsl;
use diesel::sql_types::Text;

use crate::harness::{TestApp, Visitor, db_conn, signed_up, spawn_app};

/// The page cache's hits and misses so far, from the operators' `/metrics`.
async fn lookups(app: &TestApp) -> (u64, u64) {
    let text = app
        .client
        .get(format!("http://{}/metrics", app.metrics_addr))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let count = |result: &str| {
        let prefix = format!("careerhub_page_cache_lookups_total{{result=\"{result}\"}} ");
        text.lines()
            .find_map(|line| line.strip_prefix(&prefix))
            .map_or(0, |n| n.trim().parse().expect("a count"))
    };
    (count("hit"), count("miss"))
}

/// The nonce of the page's script and of its content security policy, which must agree.
fn nonce_of(reply: &crate::harness::Reply) -> String {
    let policy = reply.headers["content-security-policy"].to_str().unwrap();
    let in_policy = policy
        .split("'nonce-")
        .nth(1)
        .and_then(|rest| rest.split('\'').next())
        .expect("a nonce in the policy");
    let in_page = reply
        .body
        .split("nonce=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a nonce on the page's script");
    assert_eq!(
        in_policy, in_page,
        "the page's script runs under its policy's nonce"
    );
    assert!(!reply.body.contains('\u{1}'), "no mark is left in the page");
    in_page.to_owned()
}

/// A page, asserting it answered 200 as HTML.
async fn page(visitor: &mut Visitor, path: &str) -> crate::harness::Reply {
    let reply = visitor.get(path).await;
    assert_eq!(reply.status, 200, "{path}: {}", reply.body);
    assert!(
        reply.headers["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html"),
        "{path} is HTML"
    );
    reply
}

async fn add_application(visitor: &mut Visitor, company: &str) {
    let reply = visitor
        .submit(
            "/api/create_application",
            &[
                ("company", company),
                ("role_title", "Backend Engineer"),
                ("job_url", ""),
                ("location", ""),
                ("work_arrangement", ""),
                ("salary_min", ""),
                ("salary_max", ""),
                ("salary_currency", ""),
                ("source", ""),
                ("notes", ""),
                ("status", "applied"),
                ("applied_on", ""),
                ("follow_up_on", ""),
            ],
        )
        .await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
}

fn operator_sql(app: &TestApp, sql: &str, email: &str) {
    diesel::sql_query(sql)
        .bind::<Text, _>(email)
        .execute(&mut db_conn(app))
        .unwrap_or_else(|err| panic!("{sql}: {err}"));
}

#[tokio::test]
async fn a_kept_page_is_served_again_until_anything_it_shows_changes() {
    let app = spawn_app().await;
    let (mut ada, email) = signed_up(&app).await;
    add_application(&mut ada, "Initech").await;

    for path in ["/dashboard", "/applications"] {
        let (hits, misses) = lookups(&app).await;
        let first = page(&mut ada, path).await;
        assert!(first.body.contains("Initech"), "{path}: {}", first.body);
        assert_eq!(lookups(&app).await, (hits, misses + 1), "{path} rendered");
        let again = page(&mut ada, path).await;
        assert_eq!(lookups(&app).await, (hits + 1, misses + 1), "{path} kept");
        let (first_nonce, again_nonce) = (nonce_of(&first), nonce_of(&again));
        assert_ne!(
            first_nonce, again_nonce,
            "{path}: each answer has its own nonce"
        );
        assert_eq!(
            first.body.replace(&first_nonce, "N"),
            again.body.replace(&again_nonce, "N"),
            "{path}: the kept page is the page"
        );
        for header in ["content-type", "cache-control", "x-frame-options"] {
            assert_eq!(
                first.headers.get(header),
                again.headers.get(header),
                "{path}: {header}"
            );
        }
    }

    // Through the site's own form: the next dashboard and board show it.
    add_application(&mut ada, "Globex").await;
    for path in ["/dashboard", "/applications"] {
        assert!(
            page(&mut ada, path).await.body.contains("Globex"),
            "{path} after a form"
        );
    }
    // An operator's SQL, which no cache code sees: the triggers count it.
    operator_sql(
        &app,
        "UPDATE applications SET company = 'Umbrella Corp' WHERE company = 'Initech' \
         AND user_id = (SELECT id FROM users WHERE email = $1)",
        &email,
    );
    for path in ["/dashboard", "/applications"] {
        let body = page(&mut ada, path).await.body;
        assert!(
            body.contains("Umbrella Corp") && !body.contains("Initech"),
            "{path} after SQL"
        );
    }
    // The account row itself (the name in the menu).
    operator_sql(
        &app,
        "UPDATE users SET display_name = 'Augusta King' WHERE email = $1",
        &email,
    );
    assert!(
        page(&mut ada, "/dashboard")
            .await
            .body
            .contains("Augusta King")
    );
    // A deleted row goes from the kept board.
    operator_sql(
        &app,
        "DELETE FROM applications WHERE company = 'Globex' \
         AND user_id = (SELECT id FROM users WHERE email = $1)",
        &email,
    );
    assert!(
        !page(&mut ada, "/applications")
            .await
            .body
            .contains("Globex")
    );
}

#[tokio::test]
async fn nobody_is_served_another_persons_or_a_signed_out_page() {
    let app = spawn_app().await;
    let (mut ada, _) = signed_up(&app).await;
    let (mut grace, _) = signed_up(&app).await;
    add_application(&mut ada, "Ada's Analytical Engines").await;
    add_application(&mut grace, "Grace's Compilers").await;
    for _ in 0..2 {
        let mine = page(&mut ada, "/dashboard").await.body;
        let theirs = page(&mut grace, "/dashboard").await.body;
        assert!(mine.contains("Analytical Engines") && !mine.contains("Compilers"));
        assert!(theirs.contains("Compilers") && !theirs.contains("Analytical Engines"));
    }
    // A visitor without a session never gets a person's kept page.
    let mut stranger = Visitor::new(&app);
    let body = page(&mut stranger, "/dashboard").await.body;
    assert!(body.contains("Please sign in") && !body.contains("Analytical Engines"));
    // Signed out: the session check ends it before any kept page.
    let reply = ada.submit("/api/sign_out", &[]).await;
    assert_eq!(reply.status, 302);
    let body = page(&mut ada, "/dashboard").await.body;
    assert!(body.contains("Please sign in") && !body.contains("Analytical Engines"));
}

#[tokio::test]
async fn public_pages_are_kept_per_theme_and_never_with_a_query() {
    let app = spawn_app().await;
    let client = &app.client;
    let get = |path: &str, theme: Option<&str>| {
        let mut request = client.get(app.url(path));
        if let Some(theme) = theme {
            request = request.header("cookie", format!("theme={theme}"));
        }
        async move { crate::harness::Reply::read(request.send().await.unwrap()).await }
    };
    let first = get("/signin", None).await;
    let (hits, misses) = lookups(&app).await;
    let again = get("/signin", None).await;
    assert_eq!(lookups(&app).await, (hits + 1, misses));
    assert_ne!(nonce_of(&first), nonce_of(&again));
    assert!(again.body.contains("data-theme=\"system\""));
    // Another theme is another page: the kept one is not served for it.
    let dark = get("/signin", Some("dark")).await;
    assert!(dark.body.contains("data-theme=\"dark\""), "{}", dark.body);
    assert_eq!(lookups(&app).await, (hits + 1, misses + 1));
    // A query string changes the page (here, where sign-in leads): never kept or served kept.
    let next = get("/signin?next=/applications", None).await;
    assert_eq!(next.status, 200);
    assert!(next.body.contains("/applications"));
    assert_eq!(lookups(&app).await, (hits + 1, misses + 1));
}
