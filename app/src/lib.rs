//! The Leptos application. Rendered on the server (`ssr`) and hydrated in the browser (`hydrate`).
// The application page's view type is deep; the default limit is too small for hydration.
#![recursion_limit = "256"]

pub mod accounts;
mod components;
pub mod cv;
mod data;
mod escape;
pub mod jobs;
mod pages;
pub mod profile;
#[cfg(feature = "ssr")]
mod request;
mod routes;
pub mod tracker;

use careerhub_domain::Theme;
use careerhub_domain::accounts::CurrentUser;
use leptos::prelude::*;
use leptos_meta::{MetaTags, Title, provide_meta_context};
use leptos_router::{
    Lazy, ParamSegment, SsrMode, StaticSegment,
    components::{Route, Router, Routes},
    hooks::use_location,
};

use crate::data::{PageData, page_data};
use components::layout::Layout;
use pages::not_found::NotFoundPage;
pub use routes::AREA_META;
#[cfg(target_arch = "wasm32")]
pub use routes::load_page_code;

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
                // A plain link, not leptos_meta's `<Stylesheet>`: the shell is rendered on the
                // server only, so a tag it registered would stand first among the head's
                // registered tags, and the browser, hydrating the app's own (the area's `<Meta>`)
                // in order, would take the stylesheet for it and remove it on navigation.
                <link id="careerhub-css" rel="stylesheet" href=hrefs.stylesheet.clone() />
                <Hydration hrefs />
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

/// Loads the wasm bundle and hydrates the page once the server's HTML has been painted: the
/// code's requests then do not compete with the page and its stylesheet for a slow connection.
/// (Leptos' `HydrationScripts` preloads the code from the head instead, and its preload links
/// carry the CSP nonce in their `crossorigin` attribute: invalid, and readable by CSS
/// selectors.) A frame is not drawn in a hidden tab, so a timer starts the code there. The script
/// runs under this request's nonce.
#[component]
fn Hydration(hrefs: AssetHrefs) -> impl IntoView {
    let nonce = leptos::nonce::use_nonce();
    let loader = format!(
        "let started = false; \
         const start = () => {{ if (started) return; started = true; \
         import({script:?}).then(glue => glue.default({{ module_or_path: {wasm:?} }}).then(() => glue.hydrate())); }}; \
         requestAnimationFrame(() => setTimeout(start)); setTimeout(start, 500);",
        script = hrefs.script,
        wasm = hrefs.wasm,
    );
    view! { <script type="module" nonce=nonce>{loader}</script> }
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
                        <Route path=StaticSegment("") view={Lazy::<routes::Landing>::new()} ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("signin") view={Lazy::<routes::SignIn>::new()} ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("signup") view={Lazy::<routes::SignUp>::new()} ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("forgot-password") view={Lazy::<routes::ForgotPassword>::new()} ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("reset-password") view={Lazy::<routes::ResetPassword>::new()} ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("verify-email") view={Lazy::<routes::VerifyEmail>::new()} ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("confirm-email") view={Lazy::<routes::ConfirmEmail>::new()} ssr=SsrMode::InOrder />
                        <Route
                            path=(StaticSegment("settings"), StaticSegment("security"))
                            view={Lazy::<routes::Security>::new()}
                            ssr=SsrMode::InOrder
                        />
                        <Route
                            path=(StaticSegment("settings"), StaticSegment("notifications"))
                            view={Lazy::<routes::NotificationSettings>::new()}
                            ssr=SsrMode::InOrder
                        />
                        <Route path=StaticSegment("dashboard") view={Lazy::<routes::Dashboard>::new()} ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("analytics") view={Lazy::<routes::Analytics>::new()} ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("applications") view={Lazy::<routes::Board>::new()} ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("applications"), StaticSegment("list")) view={Lazy::<routes::ApplicationList>::new()} ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("applications"), StaticSegment("new")) view={Lazy::<routes::NewApplication>::new()} ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("applications"), ParamSegment("id")) view={Lazy::<routes::Application>::new()} ssr=SsrMode::Async />
                        <Route path=StaticSegment("contacts") view={Lazy::<routes::Contacts>::new()} ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("contacts"), StaticSegment("new")) view={Lazy::<routes::NewContact>::new()} ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("contacts"), ParamSegment("id")) view={Lazy::<routes::Contact>::new()} ssr=SsrMode::Async />
                        <Route path=StaticSegment("learning") view={Lazy::<routes::Learning>::new()} ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("learning"), ParamSegment("id")) view={Lazy::<routes::Activity>::new()} ssr=SsrMode::Async />
                        <Route path=StaticSegment("notifications") view={Lazy::<routes::Notifications>::new()} ssr=SsrMode::InOrder />
                        <Route path=StaticSegment("profile") view={Lazy::<routes::Profile>::new()} ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("profile"), StaticSegment("import")) view={Lazy::<routes::ProfileImport>::new()} ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("profile"), StaticSegment("entries"), ParamSegment("id")) view={Lazy::<routes::ProfileEntry>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("profile"), StaticSegment("skills"), ParamSegment("id")) view={Lazy::<routes::ProfileSkill>::new()} ssr=SsrMode::Async />
                        // Whole on the server: the redirect of a moved address and the meta tags need it.
                        <Route path=StaticSegment("cv") view={Lazy::<routes::CvList>::new()} ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("cv"), ParamSegment("id")) view={Lazy::<routes::CvEditor>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("cv"), ParamSegment("id"), StaticSegment("preview")) view={Lazy::<routes::CvPreview>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("cv"), ParamSegment("id"), StaticSegment("items"), ParamSegment("entry")) view={Lazy::<routes::CvItem>::new()} ssr=SsrMode::Async />
                        <Route path=StaticSegment("jobs") view={Lazy::<routes::Jobs>::new()} ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("jobs"), StaticSegment("saved")) view={Lazy::<routes::SavedJobs>::new()} ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("jobs"), StaticSegment("searches")) view={Lazy::<routes::SavedSearches>::new()} ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("jobs"), StaticSegment("new")) view={Lazy::<routes::NewJob>::new()} ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("jobs"), ParamSegment("id")) view={Lazy::<routes::Job>::new()} ssr=SsrMode::Async />
                        <Route path=StaticSegment("letters") view={Lazy::<routes::Letters>::new()} ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("letters"), StaticSegment("templates")) view={Lazy::<routes::LetterTemplates>::new()} ssr=SsrMode::InOrder />
                        <Route path=(StaticSegment("letters"), ParamSegment("id")) view={Lazy::<routes::Letter>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("letters"), ParamSegment("id"), StaticSegment("versions"), ParamSegment("number")) view={Lazy::<routes::LetterVersion>::new()} ssr=SsrMode::Async />
                        <Route path=(StaticSegment("p"), ParamSegment("slug")) view={Lazy::<routes::PublicProfile>::new()} ssr=SsrMode::Async />
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
pub struct CurrentUserResource(pub PageData<Option<CurrentUser>>);

#[component]
fn CurrentUserProvider(children: Children) -> impl IntoView {
    let location = use_location();
    let user = page_data(move || location.pathname.get(), |_| accounts::server::me());
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

pub fn use_current_user() -> PageData<Option<CurrentUser>> {
    expect_context::<CurrentUserResource>().0
}
