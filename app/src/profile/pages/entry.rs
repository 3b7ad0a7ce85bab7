//! Editing one profile item: its section's fields, and deleting it.

use careerhub_domain::ids::EntryId;
use careerhub_domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{FormMessage, action_error};
use crate::components::load::{Load, Missing, Protected, Record};
use crate::components::server_form::{FormAction, ServerForm};
use crate::data::page_data;
use crate::profile::components::EntryFields;
use crate::profile::server::{DeleteProfileEntry, UpdateProfileEntry, load_profile_entry};
use crate::tracker::components::{ConfirmDelete, id_param};

#[component]
pub fn ProfileEntryPage() -> impl IntoView {
    let id = id_param::<EntryId>();
    view! {
        <Title text="Edit profile item" />
        <section class="container profile-page narrow">
            <p><a href=paths::PROFILE>"← Profile"</a></p>
            <Protected next=paths::PROFILE>
                {move || match id() {
                    Some(id) => view! { <EditEntry id /> }.into_any(),
                    None => view! { <Missing what="Profile item" back=paths::PROFILE /> }.into_any(),
                }}
            </Protected>
        </section>
    }
}

#[component]
fn EditEntry(id: EntryId) -> impl IntoView {
    let update = FormAction::<UpdateProfileEntry>::new();
    let delete = FormAction::<DeleteProfileEntry>::new();
    let error = action_error(update);
    let delete_error = action_error(delete);
    let entry = page_data(move || id, load_profile_entry);
    view! {
        <Load data=entry record=Record { what: "Profile item", back: paths::PROFILE } let:entry>
            <p class="muted">{entry.section().label()}</p>
            <h1>{entry.title.clone()}</h1>
            <div class="card">
                <FormMessage error />
                <ServerForm action=update attr:class="form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <EntryFields section=entry.section() initial=entry.to_form() error />
                    <button class="button button-primary" type="submit">"Save changes"</button>
                </ServerForm>
            </div>
            <ConfirmDelete what="item" error=delete_error>
                <ServerForm action=delete attr:class="form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <label class="checkbox">
                        <input type="checkbox" name="confirm" value="yes" required=true />
                        " Yes, delete this item."
                    </label>
                    <button class="button button-danger" type="submit">"Delete item"</button>
                </ServerForm>
            </ConfirmDelete>
        </Load>
    }
}
