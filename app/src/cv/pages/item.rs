//! Rewording one item's highlights for one CV version; the profile keeps its own.

use careerhub_domain::ids::{CvVersionId, EntryId};
use careerhub_domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_params_map;

use crate::components::form::{FormMessage, TextArea, action_error};
use crate::components::load::{Load, Missing, Protected, Record};
use crate::components::server_form::{FormAction, ServerForm};
use crate::cv::server::{SaveCvHighlights, load_cv_version};
use crate::data::page_data;

#[component]
pub fn CvItemPage() -> impl IntoView {
    let params = use_params_map();
    let ids = move || {
        let params = params.read();
        let id: CvVersionId = params.get("id")?.parse().ok()?;
        let entry: EntryId = params.get("entry")?.parse().ok()?;
        Some((id, entry))
    };
    view! {
        <Title text="Reword highlights" />
        <section class="container cv-page narrow">
            <Protected next=paths::CVS>
                {move || match ids() {
                    Some((id, entry)) => view! { <Reword id entry /> }.into_any(),
                    None => view! { <Missing what="CV item" back=paths::CVS /> }.into_any(),
                }}
            </Protected>
        </section>
    }
}

#[component]
fn Reword(id: CvVersionId, entry: EntryId) -> impl IntoView {
    let save = FormAction::<SaveCvHighlights>::new();
    let error = action_error(save);
    let version = page_data(move || id, load_cv_version);
    view! {
        <Load data=version record=Record { what: "CV version", back: paths::CVS } let:view>
            <p><a href=format!("{}#contents", paths::cv_version(id))>{format!("← {}", view.settings.name)}</a></p>
            {match view.items.iter().find(|item| item.id == entry && item.included).cloned() {
                None => view! {
                    <Missing what="Item in this CV version" back=paths::CVS />
                }.into_any(),
                Some(item) => {
                    let current = item.highlights.clone().unwrap_or_else(|| item.profile_highlights.clone()).join("\n");
                    view! {
                        <h1>{item.title.clone()}</h1>
                        {item.subtitle.clone().map(|subtitle| view! { <p class="muted">{subtitle}</p> })}
                        <div class="card">
                            <p>
                                "The highlights this version prints, one per line. Your profile keeps its own: "
                                "this version only."
                            </p>
                            <FormMessage error />
                            <ServerForm action=save attr:class="form">
                                <input type="hidden" name="id" value=id.to_string() />
                                <input type="hidden" name="entry" value=entry.to_string() />
                                <TextArea label="Highlights for this version" name="highlights" error value=current rows=8 maxlength=16000 />
                                <button class="button button-primary" type="submit">"Save for this version"</button>
                            </ServerForm>
                        </div>
                        {item.highlights.is_some().then(|| view! {
                            <div class="card">
                                <h2>"The profile's highlights"</h2>
                                <ul>{item.profile_highlights.iter().map(|line| view! { <li>{line.clone()}</li> }).collect_view()}</ul>
                                <ServerForm action=save attr:class="form">
                                    <input type="hidden" name="id" value=id.to_string() />
                                    <input type="hidden" name="entry" value=entry.to_string() />
                                    <input type="hidden" name="highlights" value="" />
                                    <button class="button" type="submit">"Use the profile's highlights again"</button>
                                </ServerForm>
                            </div>
                        })}
                    }.into_any()
                }
            }}
        </Load>
    }
}
