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
