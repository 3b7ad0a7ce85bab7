//! Importing a JSON Resume file or a LinkedIn export: upload, a preview of what will be added,
//! then one click to add it (or to cancel). The upload is a plain form (a file cannot travel
//! through a server function), answered by server/src/routes/profile.rs.

use careerhub_domain::paths;
use careerhub_domain::profile::ImportPreview;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{FormMessage, Notice, action_error};
use crate::components::load::{Load, Protected};
use crate::components::server_form::{FormAction, ServerForm};
use crate::data::page_data;
use crate::profile::server::{CancelProfileImport, ConfirmProfileImport, load_profile_import};

#[component]
pub fn ProfileImportPage() -> impl IntoView {
    view! {
        <Title text="Import into your profile" />
        <section class="container profile-page narrow">
            <p><a href=paths::PROFILE>"← Profile"</a></p>
            <h1>"Import into your profile"</h1>
            <Protected next=paths::PROFILE_IMPORT>{|| view! { <Import /> }}</Protected>
        </section>
    }
}

#[component]
fn Import() -> impl IntoView {
    let confirm = FormAction::<ConfirmProfileImport>::new();
    let cancel = FormAction::<CancelProfileImport>::new();
    let error = action_error(confirm);
    let state = page_data(
        move || confirm.version().get() + cancel.version().get(),
        |_| load_profile_import(),
    );
    view! {
        <Load data=state let:state>
            {state.done.map(|done| view! {
                <Notice>
                    <p><strong>"Imported."</strong>" "{summary(&done)}</p>
                    <p><a href=paths::PROFILE>"See your profile"</a></p>
                </Notice>
            })}
            {match state.preview {
                Some(preview) => view! {
                    <div class="card">
                        <h2>"What will be added"</h2>
                        <p class="muted">{format!("From the {}.", preview.source)}</p>
                        <Preview preview=preview.clone() />
                        <FormMessage error />
                        <div class="form-actions">
                            {preview.adds_anything().then(|| view! {
                                <ServerForm action=confirm attr:class="inline-form">
                                    <button class="button button-primary" type="submit">"Import"</button>
                                </ServerForm>
                            })}
                            <ServerForm action=cancel attr:class="inline-form">
                                <button class="button" type="submit">"Cancel"</button>
                            </ServerForm>
                        </div>
                    </div>
                }.into_any(),
                None => view! { <Upload refused=state.refused /> }.into_any(),
            }}
        </Load>
    }
}

fn summary(done: &ImportPreview) -> String {
    let added: Vec<String> = done
        .counts
        .iter()
        .filter(|count| count.added > 0)
        .map(|count| format!("{}: {}", count.what, count.added))
        .collect();
    if added.is_empty() {
        "Nothing new: everything in the file was already in your profile.".to_owned()
    } else {
        format!("Added to {}.", added.join(", "))
    }
}

#[component]
fn Preview(preview: ImportPreview) -> impl IntoView {
    view! {
        {(!preview.basics.is_empty()).then(|| view! {
            <p>{format!("Fills in your empty {}.", preview.basics.join(", "))}</p>
        })}
        <table class="import-table">
            <thead><tr><th scope="col">"Section"</th><th scope="col">"New"</th><th scope="col">"Already there"</th></tr></thead>
            <tbody>
                {preview.counts.iter().map(|count| view! {
                    <tr>
                        <th scope="row">
                            {count.what.clone()}
                            {(!count.examples.is_empty()).then(|| view! {
                                <span class="muted small">{format!(" — {}", count.examples.join(", "))}</span>
                            })}
                        </th>
                        <td>{count.added}</td>
                        <td>{count.already_there}</td>
                    </tr>
                }).collect_view()}
            </tbody>
        </table>
        {(!preview.adds_anything()).then(|| view! {
            <p><strong>"Nothing new: everything in this file is already in your profile."</strong></p>
        })}
        {(!preview.skipped.is_empty()).then(|| view! {
            <details class="skipped">
                <summary>{format!("{} left out", preview.skipped.len())}</summary>
                <ul>{preview.skipped.iter().map(|why| view! { <li>{why.clone()}</li> }).collect_view()}</ul>
            </details>
        })}
    }
}

#[component]
fn Upload(refused: Option<String>) -> impl IntoView {
    let invalid = refused.is_some();
    view! {
        <div class="card">
            <p>"Bring in your career without retyping it: a "<a href="https://jsonresume.org" rel="noopener noreferrer">"JSON Resume"</a>
               " file, or the data export LinkedIn emails you (Settings → Data privacy → Get a copy of your data; the zip as it arrives)."</p>
            <p class="muted">"You see what will be added before anything changes. Items already in your profile are not added twice."</p>
            <form class="form" method="post" action=paths::PROFILE_IMPORT_UPLOAD enctype="multipart/form-data">
                <div class="field" class:field-invalid=invalid>
                    <label for="field-file">"File (.json or .zip, up to 2 MB)"</label>
                    <input id="field-file" type="file" name="file" accept=".json,.zip,application/json,application/zip" required=true aria-invalid=invalid.then_some("true") aria-describedby="file-error" />
                    <p class="field-error" id="file-error" aria-live="polite">{refused}</p>
                </div>
                <button class="button button-primary" type="submit">"Read the file"</button>
            </form>
            <p class="muted">"Your profile as a JSON Resume file: "<a href=paths::PROFILE_EXPORT>"download profile.json"</a></p>
        </div>
    }
}
