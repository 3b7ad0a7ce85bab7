//! The Leptos application. Rendered on the server (`ssr`) and hydrated in the browser (`hydrate`).
// The application page's view type is deep; the default limit is too small for hydration.
#![recursion_limit = "256"]

pub mod accounts;
mod components;
pub mod cv;
mod escape;
pub mod jobs;
mod pages;
pub mod profile;
#[cfg(feature = "ssr")]
mod request;
pub mod tracker;

use careerhub_domain::accounts::CurrentUser;
use careerhub_domain::{FormError, Theme};
use leptos::prelude::*;
use leptos_meta::{MetaTags, Stylesheet, Title, provide_meta_context};
use leptos_router::{
    ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
    hooks::use_location,
};

use accounts::pages::{
    ConfirmEmailPage, ForgotPasswordPage, ResetPasswordPage, SignInPage, SignUpPage,
    VerifyEmailPage,
};
use accounts::security::SecurityPage;
use components::layout::Layout;
use cv::pages::editor::CvEditorPage;
use cv::pages::item::CvItemPage;
use cv::pages::letters::{LetterPage, LetterTemplatesPage, LetterVersionPage, LettersPage};
use cv::pages::list::CvListPage;
use cv::pages::preview::CvPreviewPage;
use jobs::pages::{JobPage, JobsPage, NewJobPage, SavedJobsPage, SavedSearchesPage};
use pages::{landing::LandingPage, not_found::NotFoundPage};
use profile::pages::{
    editor::ProfilePage, entry::ProfileEntryPage, import::ProfileImportPage,
    public::PublicProfilePage, skill::ProfileSkillPage,
};
use tracker::pages::analytics::AnalyticsPage;
use tracker::pages::application::ApplicationPage;
use tracker::pages::applications::{ApplicationListPage, BoardPage, NewApplicationPage};
use tracker::pages::contacts::{ContactPage, ContactsPage, NewContactPage};
use tracker::pages::dashboard::DashboardPage;
use tracker::pages::learning::{ActivityPage, LearningPage};
use tracker::pages::notifications::{NotificationSettingsPage, NotificationsPage};

/// Where the site's stylesheet, JS glue and wasm bundle are served; the server provides
/// content-hashed names in release builds.
#[derive(Clone, Debug)]
pub struct AssetHrefs {
    pub stylesheet: String,
    pub script: String,
    pub wasm: String,
}

/// The HTML document around the app. The theme cookie is read here so the first paint already has
/// the visitor's colours.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    set_page_csp();
    let theme = current_theme();
    let hrefs = use_context::<AssetHrefs>().unwrap_or_else(|| {
        let base = format!("/{}/{}", options.site_pkg_dir, options.output_name);
        AssetHrefs {
            stylesheet: format!("{base}.css"),
            script: format!("{base}.js"),
            wasm: format!("{base}_bg.wasm"),
        }
    });
    view! {
        <!DOCTYPE html>
        <html lang="en" data-theme=theme.as_str()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <meta name="color-scheme" content="light dark" />
                <meta
                    name="description"
                    content="Careerhub: a self-hosted career hub for your profile, CVs, job search, applications and network."
                />
                <link rel="icon" href="/favicon.svg" type="image/svg+xml" />
                <Stylesheet id="careerhub-css" href=hrefs.stylesheet.clone() />
                <Hydration hrefs />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Loads the wasm bundle and hydrates the page (what Leptos' `HydrationScripts` does, whose
/// preload links carry the CSP nonce in their `crossorigin` attribute: invalid, and readable by
/// CSS selectors). The script runs under this request's nonce.
#[component]
fn Hydration(hrefs: AssetHrefs) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let loader = format!(
        "import({script:?}).then(glue => glue.default({{ module_or_path: {wasm:?} }}).then(() => glue.hydrate()));",
        script = hrefs.script,
        wasm = hrefs.wasm,
    );
    view! {
        <link rel="modulepreload" href=hrefs.script.clone() crossorigin="anonymous" />
        <link rel="preload" href=hrefs.wasm.clone() r#as="fetch" r#type="application/wasm" crossorigin="anonymous" />
        <script type="module" nonce=nonce>{loader}</script>
    }
}

/// Scripts run only with this request's nonce (the hydration script and the wasm it loads); styles
/// and images come from our origin.
#[cfg(feature = "ssr")]
fn set_page_csp() {
    let (Some(nonce), Some(response)) = (
        leptos::nonce::use_nonce(),
        use_context::<leptos_axum::ResponseOptions>(),
    ) else {
        return;
    };
    let policy = format!(
        "default-src 'self'; script-src 'nonce-{}' 'strict-dynamic' 'wasm-unsafe-eval'; \
         style-src 'self'; img-src 'self' data:; connect-src 'self'; object-src 'none'; \
         base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
        &*nonce
    );
    if let Ok(value) = http::HeaderValue::from_str(&policy) {
        response.insert_header(http::header::CONTENT_SECURITY_POLICY, value);
    }
}

/// The theme remembered in the visitor's cookie (server side), or what the page shows (browser).
fn current_theme() -> Theme {
    #[cfg(feature = "ssr")]
    {
        use_context::<http::request::Parts>()
            .map(|parts| {
                Theme::from_cookie_headers(
                    parts
                        .headers
                        .get_all("cookie")
                        .iter()
                        .filter_map(|value| value.to_str().ok()),
                )
            })
            .unwrap_or_default()
    }
    #[cfg(not(feature = "ssr"))]
    {
        components::theme_toggle::theme_on_page()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    mark_hydrated();

    view! {
        // Every page title passes through here; leptos_meta writes the result into <title> raw.
        <Title formatter=|title: String| {
            escape::raw_text_on_server(
                if title.is_empty() { "Careerhub".to_owned() } else { format!("{title} · Careerhub") },
            )
        } />
        <Router>
            <CurrentUserProvider>
                <Layout theme=current_theme()>
                    // In-order rendering: pages that wait for data arrive complete, so they work
                    // without JavaScript (out-of-order streaming needs a script to place them).
                    // Pages of one record render whole before the first byte (Async), so an
                    // unknown id can still answer 404.
                    <Routes fallback=NotFoundPage>
                        <Route path=StaticSegment("") view=LandingPage ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("signin") view=SignInPage ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("signup") view=SignUpPage ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("forgot-password") view=ForgotPasswordPage ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("reset-password") view=ResetPasswordPage ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("verify-email") view=VerifyEmailPage ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("confirm-email") view=ConfirmEmailPage ssr=SsrMode::InOrder />
                        <Route
                            path=(StaticSegment("settings"), StaticSegment("security"))
                            view=SecurityPage
                            ssr=SsrMode::InOrder
                        />
                        <Route
                            path=(StaticSegment("settings"), StaticSegment("notifications"))
                            view=NotificationSettingsPage
                            ssr=SsrMode::InOrder
                        />
                        <Route path=StaticSegment("dashboard") view=DashboardPage ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("analytics") view=AnalyticsPage ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("applications") view=BoardPage ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("applications"), StaticSegment("list")) view=ApplicationListPage ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("applications"), StaticSegment("new")) view=NewApplicationPage ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("applications"), ParamSegment("id")) view=ApplicationPage ssr=SsrMode::Async />
                        <Route path=StaticSegment("contacts") view=ContactsPage ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("contacts"), StaticSegment("new")) view=NewContactPage ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("contacts"), ParamSegment("id")) view=ContactPage ssr=SsrMode::Async />
                        <Route path=StaticSegment("learning") view=LearningPage ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("learning"), ParamSegment("id")) view=ActivityPage ssr=SsrMode::Async />
                        <Route path=StaticSegment("notifications") view=NotificationsPage ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("profile") view=ProfilePage ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("profile"), StaticSegment("import")) view=ProfileImportPage ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("profile"), StaticSegment("entries"), ParamSegment("id")) view=ProfileEntryPage ssr=SsrMode::Async />
                        <Route path=(StaticSegment("profile"), StaticSegment("skills"), ParamSegment("id")) view=ProfileSkillPage ssr=SsrMode::Async />
                        // Whole on the server: the redirect of a moved address and the meta tags need it.
                        <Route path=StaticSegment("cv") view=CvListPage ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("cv"), ParamSegment("id")) view=CvEditorPage ssr=SsrMode::Async />
                        <Route path=(StaticSegment("cv"), ParamSegment("id"), StaticSegment("preview")) view=CvPreviewPage ssr=SsrMode::Async />
                        <Route path=(StaticSegment("cv"), ParamSegment("id"), StaticSegment("items"), ParamSegment("entry")) view=CvItemPage ssr=SsrMode::Async />
                        <Route path=StaticSegment("jobs") view=JobsPage ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("jobs"), StaticSegment("saved")) view=SavedJobsPage ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("jobs"), StaticSegment("searches")) view=SavedSearchesPage ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("jobs"), StaticSegment("new")) view=NewJobPage ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("jobs"), ParamSegment("id")) view=JobPage ssr=SsrMode::Async />
                        <Route path=StaticSegment("letters") view=LettersPage ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("letters"), StaticSegment("templates")) view=LetterTemplatesPage ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("letters"), ParamSegment("id")) view=LetterPage ssr=SsrMode::Async />
                        <Route path=(StaticSegment("letters"), ParamSegment("id"), StaticSegment("versions"), ParamSegment("number")) view=LetterVersionPage ssr=SsrMode::Async />
                        <Route path=(StaticSegment("p"), ParamSegment("slug")) view=PublicProfilePage ssr=SsrMode::Async />
                    </Routes>
                </Layout>
            </CurrentUserProvider>
        </Router>
    }
}

/// The signed-in user (None: anonymous; Err: the session could not be checked, an outage),
/// fetched again after every navigation so that signing in or out (which navigate) is reflected
/// everywhere.
#[derive(Clone, Copy)]
pub struct CurrentUserResource(pub Resource<Result<Option<CurrentUser>, FormError>>);

#[component]
fn CurrentUserProvider(children: Children) -> impl IntoView {
    let location = use_location();
    let user = Resource::new(move || location.pathname.get(), |_| accounts::server::me());
    provide_context(CurrentUserResource(user));
    reload_links_with_form_errors(location);
    children()
}

/// A form error in the address (`__err`, from a plain form's redirect) is only shown after the
/// server checked that it was sent to this browser (server/src/layers/form_errors.rs). The client
/// router would show one from any same-site link it follows, so such a navigation becomes a full
/// page load, which the server checks. Forms on a hydrated page never put errors in the address.
fn reload_links_with_form_errors(location: leptos_router::location::Location) {
    Effect::new(move |previous: Option<()>| {
        let search = location.search.get();
        if previous.is_some() && search.contains("__err=") {
            let target = format!(
                "{}?{}",
                location.pathname.get_untracked(),
                search.trim_start_matches('?')
            );
            if let Err(err) = window().location().replace(&target) {
                leptos::logging::error!("cannot reload {target}: {err:?}");
            }
        }
    });
}

pub fn use_current_user() -> Resource<Result<Option<CurrentUser>, FormError>> {
    expect_context::<CurrentUserResource>().0
}

/// Sets `data-hydrated` on `<html>` once the wasm bundle has taken over the page. Effects run only in
/// the browser, so the attribute proves hydration (browser tests wait for it before clicking).
fn mark_hydrated() {
    Effect::new(|_| {
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
