use crate::harness::spawn_app;

#[tokio::test]
async fn landing_page_is_complete_html_before_any_script_runs() {
    let app = spawn_app().await;
    let response = app.get("/").await;
    assert_eq!(response.status(), 200);
    let headers = response.headers().clone();
    let html = response.text().await.unwrap();
    for expected in [
        "<!DOCTYPE html>",
        "<html lang=\"en\" data-theme=\"system\"",
        "<title>Your career, in one place · Careerhub</title>",
        "Your career, in one place",
        "Everything a job search needs",
        "An application pipeline",
        "<nav aria-label=\"Main\" class=\"site-nav\">",
        "action=\"/theme\"",
        "/pkg/careerhub.js",
        "/pkg/careerhub.css",
    ] {
        assert!(html.contains(expected), "missing {expected:?} in\n{html}");
    }
    let csp = headers["content-security-policy"].to_str().unwrap();
    assert!(csp.contains("script-src 'nonce-"), "{csp}");
    assert!(csp.contains("frame-ancestors 'none'") && csp.contains("base-uri 'none'"));
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .unwrap()
        .split('\'')
        .next()
        .unwrap();
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
    assert_eq!(headers["x-content-type-options"], "nosniff");
    assert!(headers.contains_key("referrer-policy"));
}

#[tokio::test]
async fn unknown_pages_get_a_friendly_404() {
    let app = spawn_app().await;
    let response = app.get("/definitely/not/here").await;
    assert_eq!(response.status(), 404);
    let html = response.text().await.unwrap();
    assert!(html.contains("Page not found"), "{html}");
    assert!(html.contains("Back to the start page"));
}

#[tokio::test]
async fn theme_cookie_is_rendered_into_the_page() {
    let app = spawn_app().await;
    let html = app
        .client
        .get(app.url("/"))
        .header("cookie", "theme=dark")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("data-theme=\"dark\""), "{html}");
}

#[tokio::test]
async fn theme_form_sets_the_cookie_and_only_redirects_locally() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/theme"))
        .header("origin", &app.base_url)
        .form(&[("theme", "dark"), ("return_to", "/#features")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 303);
    assert_eq!(response.headers()["location"], "/#features");
    let cookie = response.headers()["set-cookie"].to_str().unwrap();
    assert!(
        cookie.starts_with("theme=dark;") && cookie.contains("SameSite=Lax"),
        "{cookie}"
    );

    let response = app
        .client
        .post(app.url("/theme"))
        .form(&[("theme", "light"), ("return_to", "https://evil.example/")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["location"], "/");
}

#[tokio::test]
async fn cross_site_posts_are_rejected_and_same_origin_ones_pass() {
    let app = spawn_app().await;
    let post = |origin: Option<&str>, fetch_site: Option<&str>| {
        let mut request = app
            .client
            .post(app.url("/theme"))
            .form(&[("theme", "dark")]);
        if let Some(origin) = origin {
            request = request.header("origin", origin);
        }
        if let Some(site) = fetch_site {
            request = request.header("sec-fetch-site", site);
        }
        request.send()
    };
    let status = |response: reqwest::Response| response.status().as_u16();
    assert_eq!(
        status(post(Some("https://evil.example"), None).await.unwrap()),
        403
    );
    assert_eq!(status(post(None, Some("cross-site")).await.unwrap()), 403);
    assert_eq!(
        status(post(Some(&app.base_url), Some("same-site")).await.unwrap()),
        403
    );
    assert_eq!(
        status(
            post(Some(&app.base_url), Some("same-origin"))
                .await
                .unwrap()
        ),
        303
    );
    assert_eq!(status(post(None, None).await.unwrap()), 303);
}

#[tokio::test]
async fn oversized_bodies_are_refused() {
    let app = spawn_app().await;
    let response = app
        .client
        .post(app.url("/theme"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body(format!("theme={}", "a".repeat(3 * 1024 * 1024)))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), 413);
}

#[tokio::test]
async fn html_is_compressed_for_clients_that_ask() {
    let app = spawn_app().await;
    let response = app
        .client
        .get(app.url("/"))
        .header("accept-encoding", "br")
        .send()
        .await
        .unwrap();
    assert_eq!(response.headers()["content-encoding"], "br");
}

/// Servers started in the same process as one that is rendering pages (as the tests do all the
/// time) must not stall its pages. Leptos stops resources from loading process-wide while it
/// lists an app's routes (leptos issue #4773), and a page whose data was first asked for in that
/// moment never finished: the outage tests saw dashboards unanswered for 20 s. The route list is
/// made once per process (`routes::route_list`).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn starting_more_servers_never_stalls_the_pages_another_one_renders() {
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
    use std::time::Duration;

    // Kept pages are not rendered again: every request here must render.
    let app = crate::harness::spawn_app_with(|settings| {
        settings.insert("PAGE_CACHE_SECS", "0".to_owned());
    })
    .await;
    let (visitor, _) = crate::harness::signed_up(&app).await;
    let stop = Arc::new(AtomicBool::new(false));
    let rendered = Arc::new(AtomicUsize::new(0));
    let readers: Vec<_> = (0..3)
        .map(|_| {
            let mut visitor = visitor.clone();
            let (stop, rendered) = (stop.clone(), rendered.clone());
            tokio::spawn(async move {
                while !stop.load(Ordering::Relaxed) {
                    for page in ["/dashboard", "/applications", "/learning"] {
                        let reply =
                            tokio::time::timeout(Duration::from_secs(10), visitor.get(page))
                                .await
                                .unwrap_or_else(|_| panic!("{page} stalled past 10 s"));
                        assert_eq!(reply.status, 200, "{page}: {:.300}", reply.body);
                        rendered.fetch_add(1, Ordering::Relaxed);
                    }
                }
            })
        })
        .collect();
    for _ in 0..3 {
        drop(spawn_app().await);
        for _ in 0..10 {
            tokio::task::spawn_blocking(careerhub_server::routes::page_paths)
                .await
                .unwrap();
        }
    }
    stop.store(true, Ordering::Relaxed);
    for reader in readers {
        reader.await.expect("every page rendered whole");
    }
    assert!(
        rendered.load(Ordering::Relaxed) >= 9,
        "pages were rendered meanwhile"
    );
}
