use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;

use crate::browser::{Browser, BrowserOptions};
use crate::harness::{TestApp, release_site_root, spawn_app, spawn_app_with};

const HYDRATED: &str = "return document.documentElement.dataset.hydrated === 'true'";
const THEME: &str = "return document.documentElement.dataset.theme";

#[tokio::test]
async fn theme_toggle_switches_in_place_after_hydration() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    browser.client.goto(&app.url("/")).await.unwrap();
    browser.wait_until(HYDRATED, Duration::from_secs(30)).await;

    // A marker on `window` survives only if the page is not reloaded.
    browser.eval("window.__noReload = true; return true").await;
    let before = browser.eval(THEME).await;
    assert_eq!(before, json!("system"));
    browser.click(".theme-toggle button").await;
    browser
        .wait_until(
            "return document.documentElement.dataset.theme !== 'system'",
            Duration::from_secs(5),
        )
        .await;
    let after = browser.eval(THEME).await;
    // Headless Chromium reports a light system theme, so the toggle goes dark.
    assert_eq!(after, json!("dark"));
    assert_eq!(
        browser.eval("return window.__noReload === true").await,
        json!(true)
    );
    let label = browser
        .eval("return document.querySelector('.theme-toggle button').getAttribute('aria-label')")
        .await;
    assert_eq!(label, json!("Switch to light theme"));

    // The choice is remembered: a reload renders dark on the server.
    browser.client.refresh().await.unwrap();
    browser.wait_until(HYDRATED, Duration::from_secs(30)).await;
    assert_eq!(browser.eval(THEME).await, json!("dark"));
    browser.close().await;
}

#[tokio::test]
async fn without_javascript_the_page_is_complete_and_the_toggle_is_a_form() {
    let app = spawn_app().await;
    let browser = Browser::start_with(BrowserOptions { javascript: false }).await;
    browser.client.goto(&app.url("/")).await.unwrap();
    let heading = browser
        .client
        .find(Locator::Css("h1"))
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert_eq!(heading, "Your career, in one place — on your own server.");
    let features = browser
        .client
        .find_all(Locator::Css(".feature-grid li"))
        .await
        .unwrap();
    assert_eq!(features.len(), 6);

    browser.click(".theme-toggle button").await;
    // The form posts, the server sets the cookie and redirects back; the new page is dark.
    let deadline = tokio::time::Instant::now() + Duration::from_secs(10);
    loop {
        let html = browser.client.source().await.unwrap();
        if html.contains("data-theme=\"dark\"") {
            assert!(!html.contains("data-hydrated"), "no script ran");
            break;
        }
        assert!(
            tokio::time::Instant::now() < deadline,
            "the page never turned dark:\n{html}"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    browser.close().await;
}

/// A page's code comes in its area's wasm chunks (its lazy route): a direct load of the sign-in
/// page fetches the main module and the account pages' chunks, all in one file (the area's
/// pack, xtask's `pack_areas`) and none one by one; following a link to the dashboard fetches
/// the dashboard's pack, without a reload.
#[tokio::test]
async fn each_area_of_pages_brings_its_code_as_wasm_chunks() {
    const CODE_FETCHED: &str = "return performance.getEntriesByType('resource')\
        .map(entry => new URL(entry.name).pathname)\
        .filter(path => path.endsWith('.wasm') || path.endsWith('.pack'))";
    let app = spawn_app().await;
    let (_, email) = crate::harness::signed_up(&app).await;
    let browser = Browser::start().await;
    browser.record_console_errors().await;
    browser
        .sign_in(&app.base_url, &email, crate::harness::PASSWORD)
        .await;
    let fetched = |value: serde_json::Value| -> Vec<String> {
        serde_json::from_value(value).expect("a list of paths")
    };
    let on_sign_in = fetched(browser.eval(CODE_FETCHED).await);
    let mut sorted = on_sign_in.clone();
    sorted.sort();
    assert_eq!(
        sorted,
        ["/pkg/account_pages.pack", "/pkg/careerhub_bg.wasm"],
        "the main module and the account pages' pack, nothing else: {on_sign_in:?}"
    );

    browser.eval("window.__noReload = true; return true").await;
    browser.click(".app-nav a[href='/dashboard']").await;
    browser
        .wait_until(
            "return location.pathname === '/dashboard' && !!document.querySelector('.stat-grid')",
            Duration::from_secs(20),
        )
        .await;
    let on_dashboard: Vec<_> = fetched(browser.eval(CODE_FETCHED).await)
        .into_iter()
        .filter(|path| !on_sign_in.contains(path))
        .collect();
    assert_eq!(
        on_dashboard,
        ["/pkg/dashboard_pages.pack"],
        "navigating to an area whose chunks are mostly missing fetches its pack, \
         not the chunks one by one"
    );
    assert_eq!(
        browser.eval("return window.__noReload === true").await,
        json!(true),
        "a client-side navigation"
    );

    // The head after navigating between areas: the stylesheet stays, and the one area `<Meta>`
    // is the page's (leptos_meta once took the server-only stylesheet for the area's tag and
    // removed it on the first navigation).
    const HEAD: &str = "return { stylesheets: document.querySelectorAll('link[rel=stylesheet]').length, \
        areas: [...document.querySelectorAll('meta[name=careerhub-area]')].map(meta => meta.content) }";
    assert_eq!(
        browser.eval(HEAD).await,
        json!({ "stylesheets": 1, "areas": ["dashboard_pages"] })
    );
    // The job search page opened without filters asks the server with an empty form.
    browser.click(".app-nav a[href='/jobs']").await;
    browser
        .wait_until(
            "return location.pathname === '/jobs' && !!document.querySelector('.job-results, .empty-state') \
             || document.body.innerText.includes('could not be read')",
            Duration::from_secs(20),
        )
        .await;
    let page_text = browser.eval("return document.body.innerText").await;
    assert!(
        !page_text
            .as_str()
            .unwrap_or_default()
            .contains("could not be read"),
        "the empty search was refused: {page_text}"
    );
    assert_eq!(
        browser.eval(HEAD).await,
        json!({ "stylesheets": 1, "areas": ["job_pages"] })
    );
    let errors = browser.console_errors().await;
    browser.close().await;
    assert!(errors.is_empty(), "console errors: {errors:?}");
}

/// Sign up in the browser → the verification email reaches the SMTP server → its link → signed in
/// and verified → sign out → the old cookie is anonymous.
#[tokio::test]
async fn sign_up_verify_and_sign_out_in_the_browser() {
    let app = spawn_app().await;
    let browser = Browser::start().await;
    let client = &browser.client;
    client.goto(&app.url("/signup")).await.unwrap();
    browser.wait_until(HYDRATED, Duration::from_secs(30)).await;
    browser.eval("window.__noReload = true; return true").await;

    let email = format!("browser-{}@example.org", uuid::Uuid::now_v7().simple());
    for (field, value) in [
        ("display_name", "Grace Hopper"),
        ("email", email.as_str()),
        ("password", "compilers all the way down"),
    ] {
        client
            .find(Locator::Css(&format!("input[name={field}]")))
            .await
            .unwrap()
            .send_keys(value)
            .await
            .unwrap();
    }
    browser.click("main form button[type=submit]").await;
    browser
        .wait_until(
            "return !!document.querySelector('.banner')",
            Duration::from_secs(20),
        )
        .await;
    assert_eq!(browser.eval("return location.pathname").await, json!("/"));
    assert_eq!(
        browser.eval("return window.__noReload === true").await,
        json!(true),
        "no reload"
    );
    let name = browser
        .eval("return document.querySelector('.user-name').textContent")
        .await;
    assert_eq!(name, json!("Grace Hopper"));

    let (_, text) = crate::harness::wait_for_mail(&app, &email, 1).await;
    let link = crate::harness::link_in(&text, "/verify-email?token=");
    client.goto(&link).await.unwrap();
    browser.wait_until(HYDRATED, Duration::from_secs(30)).await;
    browser.click("main form button[type=submit]").await;
    browser
        .wait_until(
            "return location.search.includes('verified=1') && !document.querySelector('.banner')",
            Duration::from_secs(20),
        )
        .await;
    let notice = browser
        .eval("return document.querySelector('.alert-success').textContent")
        .await;
    assert_eq!(notice, json!("Your email address is confirmed."));

    let cookies = client.get_all_cookies().await.unwrap();
    let session = cookies
        .iter()
        .find(|cookie| cookie.name() == "careerhub_session")
        .expect("a session cookie");
    let old_cookie = format!("careerhub_session={}", session.value());
    browser.click(".account-links form button").await;
    browser
        .wait_until(
            "return !!document.querySelector('a[href=\"/signin\"]')",
            Duration::from_secs(20),
        )
        .await;
    browser.close().await;

    let mut replay = crate::harness::Visitor::new(&app);
    replay.cookie = Some(old_cookie);
    assert_eq!(replay.whoami().await, None, "the old cookie is anonymous");
}

/// Every page, loaded directly (not navigated to) several times, hydrates without a single
/// console error. A hydration mismatch panics the wasm and leaves a page that looks right and is
/// dead; it showed on 1 in 3 direct loads while the header made its notification bell's
/// Transition after an await (the server then numbered the page's data resource differently from
/// run to run). Multi-threaded like the real server: on one thread the server polls its futures
/// in the same order every time and the race never shows.
/// A realistic demo account and every page of the app for it, record pages included: the
/// account's email and the paths.
async fn seeded_pages(app: &crate::harness::TestApp) -> (String, Vec<String>) {
    use diesel::prelude::*;
    // A realistic account: the race this guards against showed when its queries took a while.
    let options = careerhub_core::seed::SeedOptions {
        users: 1,
        applications: 40,
        contacts: 10,
        activities: 4,
        email_prefix: "hydrate".into(),
        email_domain: "example.org".into(),
        password_hash: careerhub_core::passwords::hash(crate::harness::PASSWORD.to_owned()).await,
        seed: 11,
    };
    let mut conn = crate::harness::db_conn(app);
    let report = careerhub_core::seed::seed_demo(&mut conn, &options, chrono::Utc::now(), |_| {})
        .expect("the demo account");
    let email = report.users[0].clone();
    use careerhub_core::schema::{
        applications, contacts, cv_version_entries, development_activities, job_postings,
        profile_entries, profile_skills, profiles,
    };
    let application: uuid::Uuid = applications::table
        .select(applications::id)
        .first(&mut conn)
        .expect("an application");
    let contact: uuid::Uuid = contacts::table
        .select(contacts::id)
        .first(&mut conn)
        .expect("a contact");
    let activity: uuid::Uuid = development_activities::table
        .select(development_activities::id)
        .first(&mut conn)
        .expect("an activity");
    let entry: uuid::Uuid = profile_entries::table
        .select(profile_entries::id)
        .first(&mut conn)
        .expect("a profile item");
    let skill: uuid::Uuid = profile_skills::table
        .select(profile_skills::id)
        .first(&mut conn)
        .expect("a skill");
    let (cv, cv_entry): (uuid::Uuid, uuid::Uuid) = cv_version_entries::table
        .select((
            cv_version_entries::cv_version_id,
            cv_version_entries::entry_id,
        ))
        .first(&mut conn)
        .expect("a demo CV version with an item");
    let posting: uuid::Uuid = job_postings::table
        .select(job_postings::id)
        .first(&mut conn)
        .expect("a demo job posting");
    let slug: String = profiles::table
        .select(profiles::slug)
        .first(&mut conn)
        .expect("the demo profile (public)");
    let mut pages: Vec<String> = careerhub_server::routes::page_paths()
        .into_iter()
        .filter(|path| !path.contains('{') && !path.contains(':'))
        .collect();
    pages.extend([
        format!("/applications/{application}"),
        format!("/contacts/{contact}"),
        format!("/learning/{activity}"),
        format!("/profile/entries/{entry}"),
        format!("/profile/skills/{skill}"),
        format!("/p/{slug}"),
        format!("/cv/{cv}"),
        format!("/cv/{cv}/preview"),
        format!("/cv/{cv}/items/{cv_entry}"),
        format!("/jobs/{posting}"),
    ]);

    (email, pages)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_hydrates_on_direct_loads_without_console_errors() {
    direct_loads_hydrate_every_page(spawn_app().await).await;
}

/// The same with the front end as it ships (`cargo xtask dist`'s wasm-opt, packs and hashed
/// names; `cargo xtask test` builds it into target/site-release): a release build once panicked
/// in hydration where the debug build did not.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_page_hydrates_on_direct_loads_in_the_release_build() {
    let release_site = release_site_root();
    assert!(
        release_site.join("pkg").join("hash.txt").exists(),
        "no release site in {} (`cargo xtask test` builds it)",
        release_site.display()
    );
    let app = spawn_app_with(|settings| {
        settings.insert("SITE_ROOT", release_site.display().to_string());
    })
    .await;
    let page = app.get("/signin").await.text().await.unwrap();
    assert!(
        page.contains("/pkg/") && !page.contains("/pkg/careerhub.js"),
        "the page names the hashed bundle"
    );
    direct_loads_hydrate_every_page(app).await;
}

/// Loads every page directly three times, signed in, and fails on any console error.
async fn direct_loads_hydrate_every_page(app: TestApp) {
    let (email, pages) = seeded_pages(&app).await;
    let browser = Browser::start().await;
    browser.record_console_errors().await;
    browser
        .sign_in(&app.base_url, &email, crate::harness::PASSWORD)
        .await;
    let mut failures = Vec::new();
    for round in 0..3 {
        for page in &pages {
            browser.load(&app.url(page)).await;
            browser.wait_until(HYDRATED, Duration::from_secs(30)).await;
            assert_eq!(
                browser
                    .eval("return Array.isArray(window.__consoleErrors)")
                    .await,
                json!(true),
                "console errors are recorded"
            );
            // Suspended parts hydrate a moment later; give a late panic the time to show.
            tokio::time::sleep(Duration::from_millis(150)).await;
            for error in browser.console_errors().await {
                failures.push(format!("round {round}, {page}: {error}"));
            }
        }
    }
    let signed_in = browser
        .eval("return !!document.querySelector('.user-name')")
        .await;
    browser.close().await;
    assert_eq!(signed_in, json!(true), "the pages were loaded signed in");
    assert!(
        failures.is_empty(),
        "{} direct loads failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// On a 390 px phone no page scrolls sideways as a whole: wide content (the board's columns,
/// tables, charts) scrolls in its own box while the header and the title stay put.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn no_page_scrolls_sideways_on_a_phone() {
    let app = spawn_app().await;
    let (email, pages) = seeded_pages(&app).await;
    let browser = Browser::start().await;
    browser.client.set_window_size(390, 844).await.unwrap();
    browser
        .sign_in(&app.base_url, &email, crate::harness::PASSWORD)
        .await;
    let mut wide = Vec::new();
    for page in &pages {
        browser.load(&app.url(page)).await;
        browser.wait_until(HYDRATED, Duration::from_secs(30)).await;
        let widths = browser
            .eval(
                "return [document.documentElement.scrollWidth, \
                 document.documentElement.clientWidth]",
            )
            .await;
        let (scroll, client) = (widths[0].as_i64().unwrap(), widths[1].as_i64().unwrap());
        assert!(client <= 400, "the window is phone-sized ({client} px)");
        if scroll > client {
            wide.push(format!("{page}: {scroll} px wide in a {client} px window"));
        }
    }
    browser.close().await;
    assert!(
        wide.is_empty(),
        "pages that scroll sideways:\n{}",
        wide.join("\n")
    );
}
