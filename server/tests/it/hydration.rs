use std::time::Duration;

use fantoccini::Locator;
use serde_json::json;

use crate::browser::{Browser, BrowserOptions};
use crate::harness::spawn_app;

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
    browser
        .client
        .find(Locator::Css(".theme-toggle button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
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

    browser
        .client
        .find(Locator::Css(".theme-toggle button"))
        .await
        .unwrap()
        .click()
        .await
        .unwrap();
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
