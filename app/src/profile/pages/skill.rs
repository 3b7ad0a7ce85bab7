//! Editing one skill, and deleting it.

use careerhub_domain::ids::SkillId;
use careerhub_domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{FormMessage, action_error};
use crate::components::load::{Load, Missing, Protected, Record};
use crate::components::server_form::{FormAction, ServerForm};
use crate::data::page_data;
use crate::profile::components::SkillFields;
use crate::profile::server::{DeleteProfileSkill, UpdateProfileSkill, load_profile_skill};
use crate::tracker::components::{ConfirmDelete, id_param};

#[component]
pub fn ProfileSkillPage() -> impl IntoView {
    let id = id_param::<SkillId>();
    view! {
        <Title text="Edit skill" />
        <section class="container profile-page narrow">
            <p><a href=paths::PROFILE>"← Profile"</a></p>
            <Protected next=paths::PROFILE>
                {move || match id() {
                    Some(id) => view! { <EditSkill id /> }.into_any(),
                    None => view! { <Missing what="Skill" back=paths::PROFILE /> }.into_any(),
                }}
            </Protected>
        </section>
    }
}

#[component]
fn EditSkill(id: SkillId) -> impl IntoView {
    let update = FormAction::<UpdateProfileSkill>::new();
    let delete = FormAction::<DeleteProfileSkill>::new();
    let error = action_error(update);
    let delete_error = action_error(delete);
    let skill = page_data(move || id, load_profile_skill);
    view! {
        <Load data=skill record=Record { what: "Skill", back: paths::PROFILE } let:skill>
            <h1>{skill.name.clone()}</h1>
            <div class="card">
                <FormMessage error />
                <ServerForm action=update attr:class="form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <SkillFields initial=skill.to_form() error />
                    <button class="button button-primary" type="submit">"Save changes"</button>
                </ServerForm>
            </div>
            <ConfirmDelete what="skill" error=delete_error>
                <ServerForm action=delete attr:class="form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <label class="checkbox">
                        <input type="checkbox" name="confirm" value="yes" required=true />
                        " Yes, delete this skill."
                    </label>
                    <button class="button button-danger" type="submit">"Delete skill"</button>
                </ServerForm>
            </ConfirmDelete>
        </Load>
    }
}
