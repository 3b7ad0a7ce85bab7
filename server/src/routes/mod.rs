//! The router: Leptos pages and the plain HTTP endpoints, wrapped in the middleware stack.

pub mod cv;
pub mod health;
pub mod profile;
pub mod theme;
pub mod tracker;
pub mod unsubscribe;

use std::sync::{Arc, LazyLock};
use std::time::Duration;

use axum::Router;
use axum::body::Body;
use axum::extract::DefaultBodyLimit;
use axum::routing::{get, post};
use careerhub_app::{App, shell};
use careerhub_domain::AppError;
use careerhub_domain::paths;
use leptos::prelude::provide_context;
use leptos_axum::{AxumRouteListing, LeptosRoutes, generate_route_list};
use tower::ServiceBuilder;
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::compression::CompressionLayer;
use tower_http::compression::predicate::{DefaultPredicate, NotForContentType, Predicate};
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

use crate::auth;
use crate::error_page;
use crate::layers::{
    body_limit, client_address, csrf, form_errors, metrics, page_cache, security_headers,
    stalled_body,
};
use crate::session_store;
use crate::state::AppState;

/// The address of every page the app renders (`/applications/{id}` style for record pages): for
/// tests that must visit every page, including ones added later.
pub fn page_paths() -> Vec<String> {
    route_list()
        .iter()
        .map(|route| route.path().to_owned())
        .collect()
}

/// The app's routes, listed once per process. Leptos renders the whole app to list them and
/// meanwhile stops every resource in the process from loading; a page whose data was first asked
/// for in that moment never finished (leptos issue #4773). One server lists them before it
/// serves, but a second server in the same process (the tests start many) stalled the first
/// one's pages.
fn route_list() -> &'static [AxumRouteListing] {
    static ROUTES: LazyLock<Vec<AxumRouteListing>> = LazyLock::new(|| generate_route_list(App));
    &ROUTES
}

/// The operators' listener (METRICS_ADDR): metrics and health, nothing else.
pub fn operator_router(state: AppState) -> Router {
    Router::new()
        .route("/metrics", get(health::metrics))
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .with_state(state)
}

pub fn router(state: AppState) -> Router {
    let stylesheet: Arc<str> = state.assets.hrefs.stylesheet.clone().into();
    let page_context = {
        let hrefs = state.assets.hrefs.clone();
        let services = state.services.clone();
        move || {
            provide_context(hrefs.clone());
            provide_context(services.clone());
        }
    };
    let routes = route_list().to_vec();
    // Without Redis there is nowhere to keep pages that every instance sees alike.
    let page_cache = state
        .redis
        .clone()
        .filter(|_| !state.config.page_cache_ttl.is_zero())
        .map(|redis| {
            page_cache::PageCache::new(
                redis,
                state.config.page_cache_ttl,
                stylesheet.clone(),
                state.metrics.clone(),
            )
        });

    let mut app = Router::new()
        .route("/healthz", get(health::healthz))
        .route("/readyz", get(health::readyz))
        .route("/metrics", get(health::metrics_with_token))
        .route("/theme", post(theme::set_theme))
        .route(paths::PROFILE_IMPORT_UPLOAD, post(profile::upload_import))
        .route("/export/{file}", get(tracker::export_file))
        .route("/export/contacts/{file}", get(tracker::export_contact))
        .route("/export/cv/{file}", get(cv::cv))
        .route("/export/letters/{file}", get(cv::letter))
        .route("/export/sent/{file}", get(cv::sent))
        .route("/calendar/{file}", get(tracker::calendar_feed))
        .route(
            "/unsubscribe/{token}",
            get(unsubscribe::confirm).post(unsubscribe::one_click),
        )
        // Also mounts every server function under /api, with the same context.
        .leptos_routes_with_context(&state, routes, page_context.clone(), {
            let options = state.leptos_options.clone();
            move || shell(options.clone())
        })
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(page_context, shell))
        .layer(axum::middleware::from_fn_with_state(
            csrf::OriginPolicy {
                expected_origin: state.config.public_origin().into(),
                stylesheet_href: stylesheet.clone(),
            },
            csrf::reject_cross_site,
        ))
        .layer(axum::middleware::from_fn_with_state(
            form_errors::FormErrorPolicy::new(
                state.config.public_origin(),
                state.config.served_over_https(),
            ),
            form_errors::sign_and_check,
        ))
        .layer(axum::middleware::from_fn(unreadable_input_is_a_bad_request));
    if let Some(page_cache) = page_cache {
        // Inside the session check, which says whose page it is and how often their data changed.
        app = app.layer(axum::middleware::from_fn_with_state(
            page_cache,
            page_cache::serve,
        ));
    }
    let app = app
        .layer(axum::middleware::from_fn_with_state(
            auth::SessionCheck {
                accounts: state.services.accounts.clone(),
                stylesheet_href: stylesheet.clone(),
            },
            auth::resolve_user,
        ))
        .layer(session_store::layer(&state))
        // Static assets need no session: no store read, no session check, per file.
        .merge(state.assets.router())
        .layer(axum::middleware::from_fn_with_state(
            state.metrics.clone(),
            metrics::track,
        ))
        .layer(axum::middleware::from_fn_with_state(
            client_address::TrustedProxies(state.config.trusted_proxies.clone().into()),
            client_address::record,
        ));

    let https = state.config.served_over_https();
    let body_limit = state.config.max_body_bytes;
    let stall_limit =
        stalled_body::StallLimit::for_timeout(state.config.database_timeout, state.metrics.clone());
    let panic_page = {
        let stylesheet = stylesheet.clone();
        move |_: Box<dyn std::any::Any + Send>| error_page::render(&AppError::Internal, &stylesheet)
    };
    security_headers::apply(app.with_state(state), https).layer(
        ServiceBuilder::new()
            .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
            .layer(TraceLayer::new_for_http().make_span_with(
                |request: &http::Request<axum::body::Body>| {
                    let request_id = request
                        .headers()
                        .get("x-request-id")
                        .and_then(|value| value.to_str().ok())
                        .unwrap_or("-");
                    tracing::info_span!(
                        "request",
                        request_id,
                        method = %request.method(),
                        path = %request.uri().path(),
                    )
                },
            ))
            .layer(PropagateRequestIdLayer::x_request_id())
            .layer(CatchPanicLayer::custom(panic_page))
            // PDF and DOCX (a zip) are compressed already: compressing them again per download
            // costs milliseconds and saves nothing.
            .layer(
                CompressionLayer::new().compress_when(
                    DefaultPredicate::new()
                        .and(NotForContentType::const_new("application/pdf"))
                        .and(NotForContentType::const_new(
                            "application/vnd.openxmlformats-officedocument",
                        ))
                        .and(NotForContentType::const_new("application/zip")),
                ),
            )
            .layer(DefaultBodyLimit::max(body_limit))
            .layer(axum::middleware::from_fn_with_state(
                body_limit::BodyLimit {
                    max_bytes: body_limit,
                    stylesheet_href: stylesheet.clone(),
                },
                body_limit::refuse_oversized,
            ))
            .layer(tower_http::timeout::TimeoutLayer::with_status_code(
                http::StatusCode::REQUEST_TIMEOUT,
                Duration::from_secs(30),
            ))
            // Inside compression, so it watches the page's own bytes.
            .layer(axum::middleware::from_fn_with_state(
                stall_limit,
                stalled_body::end_stalled_bodies,
            )),
    )
}

/// server_fn answers arguments it cannot deserialize with a 500; that is the client's mistake
/// (a bypassed form, a missing field), so say 400.
async fn unreadable_input_is_a_bad_request(
    request: axum::extract::Request,
    next: axum::middleware::Next,
) -> axum::response::Response {
    let response = next.run(request).await;
    if response.status() != http::StatusCode::INTERNAL_SERVER_ERROR
        || !response.headers().contains_key("serverfnerror")
    {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(bytes) = axum::body::to_bytes(body, 64 * 1024).await else {
        return error_page::render(&AppError::Internal, "/pkg/careerhub.css");
    };
    let unreadable = serde_json::from_slice::<careerhub_domain::FormError>(&bytes)
        .is_ok_and(|error| error == careerhub_domain::FormError::unreadable());
    if unreadable {
        parts.status = http::StatusCode::BAD_REQUEST;
    }
    axum::response::Response::from_parts(parts, Body::from(bytes))
}
