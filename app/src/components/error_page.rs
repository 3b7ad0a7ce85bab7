use careerhub_domain::AppError;
use leptos::prelude::*;
use leptos_meta::Title;

/// The one friendly error page. Sets the HTTP status when rendered on the server.
#[component]
pub fn ErrorPage(error: AppError) -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(
            http::StatusCode::from_u16(error.status_code())
                .unwrap_or(http::StatusCode::INTERNAL_SERVER_ERROR),
        );
    }
    view! {
        <Title text=error.title() />
        <section class="container error-page" aria-labelledby="error-title">
            <p class="error-code">{error.status_code()}</p>
            <h1 id="error-title">{error.title()}</h1>
            <p class="lead">{error.to_string()}</p>
            <p>
                <a class="button" href="/">"Back to the start page"</a>
            </p>
        </section>
    }
}
