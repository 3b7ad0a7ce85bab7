use careerhub_domain::AppError;
use leptos::prelude::*;

use crate::components::error_page::ErrorPage;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! { <ErrorPage error=AppError::NotFound /> }
}
