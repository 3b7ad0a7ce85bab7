//! Job search over HTTP: without JavaScript (a GET form, pages by address, a posting's page),
//! what other people's private postings look like from outside, and the search updating in place
//! in a hydrated browser.

use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::{Integer, Nullable, Text, Uuid as SqlUuid};
use uuid::Uuid;

use crate::browser::Browser;
use crate::harness::{PASSWORD, TestApp, db_conn, signed_up, spawn_app, spawn_app_with};

const HYDRATED: &str = "return document.documentElement.dataset.hydrated === 'true'";

/// Jobs functions that take a posting's id: another person's own posting is 404 from each
/// (`another_persons_own_posting_is_out_of_reach`).
pub const JOB_FUNCTIONS: &[&str] = &[
    "/api/job_posting",
    "/api/save_job",
    "/api/unsave_job",
    "/api/track_job",
    "/api/delete_own_posting",
];
/// Jobs functions that read only what the signed-in person may see (shared postings and their
/// own), with no record id to swap.
pub const OWN_JOB_FUNCTIONS: &[&str] = &[
    "/api/search_jobs",
    "/api/saved_jobs",
    "/api/plan_learning",
    "/api/save_search",
    "/api/saved_searches",
    "/api/add_own_posting",
    "/api/add_posting_from_link",
];

/// Inserts an open feed posting (or `owner`'s own) and returns its id.
fn add_posting(
    app: &TestApp,
    title: &str,
    description_html: &str,
    days_ago: i32,
    owner: Option<Uuid>,
) -> Uuid {
    let mut conn = db_conn(app);
    diesel::sql_query(
        "INSERT INTO companies (id, name, name_key) VALUES (gen_random_uuid(), 'Vault-Tec', 'vault-tec') \
         ON CONFLICT (name_key) DO NOTHING",
    )
    .execute(&mut conn)
    .unwrap();
    let id = Uuid::now_v7();
    diesel::sql_query(
        "INSERT INTO job_postings (id, company_id, company_name, owner_id, title, locations,
            description_html, description_text, url, posted_at, content_hash)
         SELECT $1, c.id, c.name, $2, $3, ARRAY['Berlin'], $4, $5, 'https://vault-tec.example/jobs/1',
                now() - make_interval(days => $6), '\\x00'
           FROM companies c WHERE c.name_key = 'vault-tec'",
    )
    .bind::<SqlUuid, _>(id)
    .bind::<Nullable<SqlUuid>, _>(owner)
    .bind::<Text, _>(title)
    .bind::<Text, _>(description_html)
    .bind::<Text, _>(description_html.replace("<p>", "").replace("</p>", ""))
    .bind::<Integer, _>(days_ago)
    .execute(&mut conn)
    .unwrap();
    id
}

#[tokio::test(flavor = "multi_thread")]
async fn without_javascript_jobs_are_searched_paged_and_opened() {
    let app = spawn_app().await;
    let (mut visitor, _) = signed_up(&app).await;
    for n in 0..25 {
        add_posting(
            &app,
            &format!("Rust Engineer {n:02}"),
            "<p>Rust services.</p>",
            n,
            None,
        );
    }
    let hostile = add_posting(
        &app,
        "<script>alert(1)</script> Reliability",
        "<p>Keep it up &amp; running.</p>",
        30,
        None,
    );

    // Signed out: a sign-in link that comes back here, no postings.
    let anonymous = app.get("/jobs?q=rust").await;
    let body = anonymous.text().await.unwrap();
    assert!(!body.contains("Rust Engineer 00"));
    assert!(
        body.contains("/signin?next="),
        "signed-out /jobs links to sign in"
    );

    let first = visitor.get("/jobs?q=rust&sort=newest").await;
    assert_eq!(first.status, 200);
    assert!(first.body.contains("25 postings"), "the total is shown");
    assert!(first.body.contains("Rust Engineer 00") && first.body.contains("Rust Engineer 19"));
    assert!(!first.body.contains("Rust Engineer 20"));
    // The form holds the search, and the next page is an address.
    assert!(first.body.contains("value=\"rust\""));
    let next = first
        .body
        .split("rel=\"next\" href=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .expect("a next page link")
        .replace("&amp;", "&");
    assert!(
        next.starts_with("/jobs?q=rust&sort=newest&after="),
        "{next}"
    );
    let second = visitor.get(&next).await;
    assert_eq!(second.status, 200);
    assert!(second.body.contains("Rust Engineer 20") && second.body.contains("Rust Engineer 24"));
    assert!(!second.body.contains("Rust Engineer 19"));
    assert!(!second.body.contains("rel=\"next\""));

    // Text from a feed is text.
    let found = visitor.get("/jobs?q=reliability").await;
    assert!(
        found
            .body
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; Reliability")
    );
    assert!(!found.body.contains("<script>alert(1)"));

    // Bad input is a search, never an error.
    for query in [
        "/jobs?q=%22unclosed&min_salary=lots&posted=99&workplace=moon",
        "/jobs?after=garbage",
        "/jobs?q=%00",
    ] {
        assert_eq!(visitor.get(query).await.status, 200, "{query}");
    }
    // A near miss suggests what was meant.
    let near = visitor.get("/jobs?q=Vaultec").await;
    assert!(near.body.contains("Did you mean"), "no suggestion");

    let page = visitor.get(&format!("/jobs/{hostile}")).await;
    assert_eq!(page.status, 200);
    assert!(page.body.contains("Keep it up &amp; running."));
    assert!(page.body.contains("https://vault-tec.example/jobs/1"));
    assert!(!page.body.contains("<script>alert(1)"));
    assert_eq!(
        visitor
            .get(&format!("/jobs/{}", Uuid::now_v7()))
            .await
            .status,
        404
    );
    assert_eq!(visitor.get("/jobs/not-an-id").await.status, 404);
}

#[tokio::test(flavor = "multi_thread")]
async fn another_persons_own_posting_is_out_of_reach() {
    let app = spawn_app().await;
    let (mut owner, owner_email) = signed_up(&app).await;
    let owner_id: Uuid = diesel::sql_query("SELECT id FROM users WHERE email = $1")
        .bind::<Text, _>(&owner_email)
        .get_result::<IdRow>(&mut db_conn(&app))
        .unwrap()
        .id;
    let private = add_posting(
        &app,
        "Pasted private role",
        "<p>Mine.</p>",
        1,
        Some(owner_id),
    );
    let (mut stranger, _) = signed_up(&app).await;
    assert!(
        owner
            .get("/jobs")
            .await
            .body
            .contains("Pasted private role")
    );
    assert_eq!(owner.get(&format!("/jobs/{private}")).await.status, 200);
    assert!(
        !stranger
            .get("/jobs?q=pasted")
            .await
            .body
            .contains("Pasted private role")
    );
    assert_eq!(stranger.get(&format!("/jobs/{private}")).await.status, 404);
    for path in JOB_FUNCTIONS {
        let reply = stranger.call(path, &[("id", &private.to_string())]).await;
        assert_eq!(reply.status, 404, "{path}: {}", reply.body);
        assert!(!reply.body.contains("Pasted"), "{path}");
    }
}

#[derive(QueryableByName)]
struct IdRow {
    #[diesel(sql_type = SqlUuid)]
    id: Uuid,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn in_the_browser_a_search_updates_in_place() {
    let app = spawn_app().await;
    let (_, email) = signed_up(&app).await;
    add_posting(&app, "Rust Engineer", "<p>Rust services.</p>", 1, None);
    add_posting(&app, "Product Designer", "<p>Figma.</p>", 2, None);
    let browser = Browser::start().await;
    browser.record_console_errors().await;
    browser.sign_in(&app.base_url, &email, PASSWORD).await;
    browser.load(&app.url("/jobs")).await;
    browser.wait_until(HYDRATED, Duration::from_secs(30)).await;
    browser
        .eval("window.__sameDocument = true; return true")
        .await;
    browser
        .client
        .find(fantoccini::Locator::Css("#jobs-q"))
        .await
        .unwrap()
        .send_keys("designer")
        .await
        .unwrap();
    browser.click(".job-filters button[type=submit]").await;
    browser
        .wait_until(
            "return location.search.includes('q=designer') \
             && document.querySelectorAll('.job-card').length === 1 \
             && document.querySelector('.job-card h2').textContent === 'Product Designer'",
            Duration::from_secs(15),
        )
        .await;
    // In place: the page was not loaded again.
    assert_eq!(
        browser.eval("return window.__sameDocument === true").await,
        serde_json::json!(true)
    );
    let errors = browser.console_errors().await;
    browser.close().await;
    assert!(errors.is_empty(), "{errors:?}");
}

/// Without JavaScript: save a posting with a note, see it among saved jobs, track it (the
/// application opens, made from the posting), put a missing skill on the learning plan, unsave.
#[tokio::test(flavor = "multi_thread")]
async fn without_javascript_a_posting_is_saved_tracked_and_learnt_for() {
    let app = spawn_app().await;
    let (mut visitor, _) = signed_up(&app).await;
    let posting = add_posting(
        &app,
        "Kafka platform engineer",
        "<p>You run Kafka and Terraform.</p>",
        2,
        None,
    );
    // As the importer would have read them from the description.
    diesel::sql_query(
        "UPDATE job_postings SET required_skills = ARRAY['kafka', 'terraform'] WHERE id = $1",
    )
    .bind::<SqlUuid, _>(posting)
    .execute(&mut db_conn(&app))
    .unwrap();
    let posting = posting.to_string();
    let page = format!("/jobs/{posting}");
    let shown = visitor.get(&page).await;
    assert!(shown.body.contains("Your fit:"), "the fit is shown");
    assert!(
        shown
            .body
            .contains("Your profile lacks the required Kafka and Terraform.")
    );

    let saved = visitor
        .submit_from(
            &page,
            "/api/save_job",
            &[
                ("id".to_owned(), posting.clone()),
                ("note".to_owned(), "Ask <Marta> about on-call".to_owned()),
            ],
        )
        .await;
    assert_eq!(saved.status, 302, "{}", saved.body);
    assert_eq!(saved.location(), page);
    let list = visitor.get("/jobs/saved").await;
    assert_eq!(list.status, 200);
    assert!(list.body.contains("Kafka platform engineer"));
    assert!(list.body.contains("Ask &lt;Marta&gt; about on-call"));

    // A note too long comes back as a message on the field, with nothing saved over it.
    let long = visitor
        .submit_from(
            &page,
            "/api/save_job",
            &[
                ("id".to_owned(), posting.clone()),
                ("note".to_owned(), "x".repeat(2001)),
            ],
        )
        .await;
    assert_eq!(long.status, 302);
    let back = visitor.get(long.location()).await;
    assert!(
        back.body.contains("Use at most 2000 characters."),
        "{}",
        back.location()
    );
    assert!(
        visitor
            .get("/jobs/saved")
            .await
            .body
            .contains("Ask &lt;Marta&gt; about on-call")
    );

    let tracked = visitor
        .submit_from(
            &page,
            "/api/track_job",
            &[("id".to_owned(), posting.clone())],
        )
        .await;
    assert_eq!(tracked.status, 302);
    let application = tracked.location().to_owned();
    assert!(application.starts_with("/applications/"), "{application}");
    let opened = visitor.get(&application).await;
    assert!(opened.body.contains("Kafka platform engineer"));
    assert!(opened.body.contains("Vault-Tec"));
    // Again: the same application, and the posting links to it.
    let again = visitor
        .submit_from(
            &page,
            "/api/track_job",
            &[("id".to_owned(), posting.clone())],
        )
        .await;
    assert_eq!(again.location(), application);
    assert!(
        visitor
            .get(&page)
            .await
            .body
            .contains("Open your application")
    );

    let planned = visitor
        .submit_from(
            &page,
            "/api/plan_learning",
            &[("skill".to_owned(), "kafka".to_owned())],
        )
        .await;
    assert_eq!(planned.status, 302);
    assert!(
        planned.location().starts_with("/learning/"),
        "{}",
        planned.location()
    );
    assert!(
        visitor
            .get(planned.location())
            .await
            .body
            .contains("Learn Kafka")
    );

    let removed = visitor
        .submit_from(
            "/jobs/saved",
            "/api/unsave_job",
            &[
                ("id".to_owned(), posting.clone()),
                ("from".to_owned(), "saved".to_owned()),
            ],
        )
        .await;
    assert_eq!(removed.location(), "/jobs/saved");
    assert!(
        visitor
            .get("/jobs/saved")
            .await
            .body
            .contains("Nothing saved yet")
    );
}

#[tokio::test(flavor = "multi_thread")]
async fn without_javascript_a_person_adds_a_posting_of_their_own_and_deletes_it() {
    let app = spawn_app().await;
    let (mut visitor, _) = signed_up(&app).await;
    let form = visitor.get("/jobs/new").await;
    assert_eq!(form.status, 200);
    assert!(form.body.contains("Add a job posting"));

    let fields = |title: &str, url: &str, currency: &str| -> Vec<(String, String)> {
        [
            ("title", title),
            ("company", "Initech"),
            ("location", "Lisbon, Remote"),
            ("workplace", "remote"),
            ("employment_type", "contract"),
            ("url", url),
            ("salary_min", "60 000"),
            ("salary_max", "75000"),
            ("salary_currency", currency),
            ("salary_interval", "year"),
            (
                "description",
                "We need Rust and PostgreSQL.\n\n<script>alert(1)</script> is text here.",
            ),
        ]
        .into_iter()
        .map(|(name, value)| (name.to_owned(), value.to_owned()))
        .collect()
    };
    // Mistakes come back next to their fields, with what was typed; nothing is stored.
    let refused = visitor
        .submit_from(
            "/jobs/new",
            "/api/add_own_posting",
            &fields(" ", "javascript:alert(1)", ""),
        )
        .await;
    assert_eq!(refused.status, 302);
    let back = visitor.get(refused.location()).await;
    for message in [
        "What is the job called?",
        "Enter a web address starting with https://",
        "Which currency is the salary in?",
    ] {
        assert!(back.body.contains(message), "{message}");
    }
    assert!(back.body.contains("Lisbon, Remote"), "what was typed stays");
    let own = || {
        crate::harness::count(
            &mut db_conn(&app),
            "SELECT count(*) AS count FROM job_postings WHERE owner_id IS NOT NULL AND $1 <> ''",
            "x",
        )
    };
    assert_eq!(own(), 0);

    let added = visitor
        .submit_from(
            "/jobs/new",
            "/api/add_own_posting",
            &fields("Rust contractor", "https://initech.example/jobs/9", "eur"),
        )
        .await;
    assert_eq!(added.status, 302, "{}", added.body);
    let page = added.location().to_owned();
    assert!(page.starts_with("/jobs/"), "{page}");
    let shown = visitor.get(&page).await;
    assert_eq!(shown.status, 200);
    assert!(shown.body.contains("Rust contractor"));
    assert!(shown.body.contains("€60,000–75,000 per year"));
    assert!(
        shown
            .body
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; is text here.")
    );
    assert!(!shown.body.contains("<script>alert(1)"));
    // Its skills were read from the text, so the fit can name them.
    assert!(shown.body.contains("PostgreSQL"), "skills from the text");
    assert!(
        visitor
            .get("/jobs?q=contractor")
            .await
            .body
            .contains("Rust contractor")
    );
    let id = page.trim_start_matches("/jobs/").to_owned();

    // A feed posting is nobody's to delete.
    let feed = add_posting(&app, "Feed role", "<p>Shared.</p>", 1, None).to_string();
    let reply = visitor
        .call("/api/delete_own_posting", &[("id", &feed)])
        .await;
    assert_eq!(reply.status, 404);

    let deleted = visitor
        .submit_from(&page, "/api/delete_own_posting", &[("id".to_owned(), id)])
        .await;
    assert_eq!(deleted.location(), "/jobs");
    assert_eq!(visitor.get(&page).await.status, 404);
    assert_eq!(own(), 0);
}

/// A careers page with schema.org job data, served on this machine.
async fn careers_page() -> String {
    let page = r#"<html><head><title>Careers</title><script type="application/ld+json">
        {"@context": "https://schema.org", "@type": "JobPosting",
         "title": "Platform engineer <img src=x onerror=alert(1)>",
         "hiringOrganization": {"@type": "Organization", "name": "Vault-Tec"},
         "description": "<p>Rust and Kubernetes, 3+ years.</p><script>alert(2)<\/script>",
         "datePosted": "2026-11-30", "jobLocationType": "TELECOMMUTE"}
        </script></head><body>Careers</body></html>"#;
    let app = axum::Router::new().route(
        "/jobs/42",
        axum::routing::get(move || async move { axum::response::Html(page) }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}

#[tokio::test(flavor = "multi_thread")]
async fn without_javascript_a_person_pastes_a_link_and_gets_the_posting_or_a_reason() {
    let careers = careers_page().await;
    // The operator allows this machine's careers page, as an intranet board; nothing else here.
    let app = spawn_app_with(|settings| {
        settings.insert("JOBS_LINK_PRIVATE_NETWORKS", "127.0.0.1/32".to_owned());
    })
    .await;
    let (mut visitor, _) = signed_up(&app).await;
    let form = visitor.get("/jobs/new").await;
    assert!(form.body.contains("Paste a link"));
    assert!(form.body.contains("Or type it in"));

    for (link, message) in [
        ("", "Paste the address of the posting's page."),
        (
            "file:///etc/passwd",
            "Enter a web address starting with https://",
        ),
        (
            "http://169.254.169.254/latest/meta-data/",
            "Careerhub cannot read that address: it is not on the public internet.",
        ),
        (
            &format!("{careers}/nothing-here"),
            "Could not read that page: the source answered 404 Not Found.",
        ),
    ] {
        let refused = visitor
            .submit_from(
                "/jobs/new",
                "/api/add_posting_from_link",
                &[("url".to_owned(), link.to_owned())],
            )
            .await;
        assert_eq!(refused.status, 302, "{link}");
        let error = refused
            .form_error()
            .unwrap_or_else(|| panic!("no error for {link}"));
        assert_eq!(error["fields"]["url"], message, "{link}");
        let back = visitor.get(refused.location()).await;
        assert!(
            back.body.contains(message),
            "shown next to the field: {link}"
        );
    }

    let added = visitor
        .submit_from(
            "/jobs/new",
            "/api/add_posting_from_link",
            &[("url".to_owned(), format!("{careers}/jobs/42"))],
        )
        .await;
    assert_eq!(added.status, 302, "{}", added.body);
    let page = added.location().to_owned();
    assert!(page.starts_with("/jobs/"), "{page}");
    let shown = visitor.get(&page).await;
    assert!(
        shown
            .body
            .contains("Platform engineer &lt;img src=x onerror=alert(1)&gt;")
    );
    assert!(!shown.body.contains("<img src=x"));
    assert!(
        !shown.body.contains("alert(2)"),
        "the description's script is gone"
    );
    assert!(shown.body.contains("Vault-Tec"));
    assert!(
        shown.body.contains(&format!("{careers}/jobs/42")),
        "links back to the page"
    );
    assert!(
        shown.body.contains("Kubernetes"),
        "skills read from the description"
    );
    app.stop().await;
}
