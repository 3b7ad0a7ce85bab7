//! The CV versions: each with its downloads, and a form for a new one.

use careerhub_domain::cv::{CvFormat, CvVersionSummary, Template};
use careerhub_domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{Field, FormMessage, Select, action_error};
use crate::components::load::{Load, Protected};
use crate::components::server_form::{FormAction, ServerForm};
use crate::cv::server::{CreateCvVersion, load_cv_versions};
use crate::data::page_data;

#[component]
pub fn CvListPage() -> impl IntoView {
    view! {
        <Title text="CV versions" />
        <section class="container cv-page">
            <div class="page-head">
                <h1>"CV versions"</h1>
                <a class="button" href=paths::PROFILE>"Edit the profile"</a>
            </div>
            <p class="muted">
                "Each version is built from your profile: choose what it shows and how it looks. "
                "Fix something in the profile and every version has the fix."
            </p>
            <Protected next=paths::CVS>{|| view! { <Versions /> }}</Protected>
        </section>
    }
}

pub fn template_options() -> Vec<(&'static str, &'static str)> {
    Template::ALL
        .iter()
        .map(|template| (template.as_str(), template.label()))
        .collect()
}

#[component]
fn Versions() -> impl IntoView {
    let create = FormAction::<CreateCvVersion>::new();
    let error = action_error(create);
    let versions = page_data(move || create.version().get(), |_| load_cv_versions());
    view! {
        <Load data=versions loading="Loading your CV versions…" let:versions>
            {if versions.is_empty() {
                view! {
                    <div class="card empty-state">
                        <p>"No CV versions yet. Start one below: it includes your whole profile, and you leave out what does not fit."</p>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <ul class="cv-list">
                        {versions.into_iter().map(|version| view! { <VersionCard version /> }).collect_view()}
                    </ul>
                }
                .into_any()
            }}
        </Load>
        <div class="card" id="new">
            <h2>"New CV version"</h2>
            <FormMessage error />
            <ServerForm action=create attr:class="form form-row">
                <Field label="Name" name="name" error maxlength=100 hint="For example “Backend roles” or “Acme, platform team”." />
                <Select label="Template" name="template" options=template_options() error value=Template::Classic.as_str().to_owned() />
                <button class="button button-primary" type="submit">"Create"</button>
            </ServerForm>
            <p class="muted small">
                "To tailor a version for one job, open the application and choose "
                <strong>"Tailor a CV"</strong>": the skills it mentions are highlighted."
            </p>
        </div>
    }
}

#[component]
fn VersionCard(version: CvVersionSummary) -> impl IntoView {
    let id = version.id;
    let name = version.name.clone();
    view! {
        <li class="card cv-card">
            <div class="cv-card-head">
                <h2><a href=paths::cv_version(id)>{version.name.clone()}</a></h2>
                <span class="badge">{version.template.label()}</span>
            </div>
            <p class="muted small">
                {careerhub_domain::counted(version.items, "item", "items")}
                " · updated "{version.updated_on.clone()}
                {version.tailored_for.clone().map(|company| format!(" · tailored for {company}"))}
            </p>
            <div class="button-row">
                <a class="button button-small" href=paths::cv_version(id)>"Edit"</a>
                <a class="button button-small" href=paths::cv_preview(id)>"Preview"</a>
                <a
                    class="button button-small"
                    href=paths::cv_download(id, CvFormat::Pdf)
                    download=""
                    aria-label=format!("Download {name} as PDF")
                >
                    "PDF"
                </a>
                <a
                    class="button button-small"
                    href=paths::cv_download(id, CvFormat::Docx)
                    download=""
                    aria-label=format!("Download {name} as DOCX")
                >
                    "DOCX"
                </a>
            </div>
        </li>
    }
}
