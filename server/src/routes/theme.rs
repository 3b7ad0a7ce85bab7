//! The no-JavaScript path of the theme switch: remember the choice in a cookie and go back.

use axum::Form;
use axum::response::{IntoResponse, Redirect};
use careerhub_domain::Theme;
use http::header;
use serde::Deserialize;

#[derive(Deserialize)]
pub struct ThemeForm {
    theme: String,
    #[serde(default)]
    return_to: String,
}

pub async fn set_theme(Form(form): Form<ThemeForm>) -> impl IntoResponse {
    let theme = Theme::parse(&form.theme);
    let cookie = format!(
        "{}={}; Path=/; Max-Age=31536000; SameSite=Lax",
        Theme::COOKIE,
        theme.as_str()
    );
    (
        [(header::SET_COOKIE, cookie)],
        Redirect::to(careerhub_domain::local_path(&form.return_to)),
    )
}
