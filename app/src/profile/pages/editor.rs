//! The profile editor: completeness, the public address, the basics, every section with its
//! items in order (up/down buttons, drag and drop once hydrated) and the skills.

use careerhub_domain::ids::{EntryId, SkillId};
use careerhub_domain::paths;
use careerhub_domain::profile::{
    Completeness, Entry, EntryForm, ProfileView, Publishing, Section, Skill, SkillForm, Visibility,
    completeness,
};
use leptos::ev::DragEvent;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{Field, FormMessage, Notice, Select, action_error};
use crate::components::load::{Load, Protected};
use crate::components::server_form::{FormAction, ServerForm};
use crate::data::page_data;
use crate::profile::components::{BasicsFields, EntryFields, MoveButtons, SkillFields};
use crate::profile::server::{
    CreateProfileEntry, CreateProfileSkill, MoveProfileEntry, MoveProfileSkill, NewProfileLink,
    ReorderProfileEntries, ReorderProfileSkills, SaveProfileBasics, SaveProfilePublishing,
    SetProfileEntryVisible, load_profile,
};

#[component]
pub fn ProfilePage() -> impl IntoView {
    view! {
        <Title text="Profile" />
        <section class="container profile-page">
            <div class="page-head">
                <h1>"Profile"</h1>
                <a class="button" href=paths::PROFILE_IMPORT>"Import"</a>
                <a class="button" href=paths::PROFILE_EXPORT>"Export as JSON Resume"</a>
            </div>
            <Protected next=paths::PROFILE>{|| view! { <Editor /> }}</Protected>
        </section>
    }
}

/// Every change the editor makes; the profile reloads after any of them.
#[derive(Clone, Copy)]
struct Actions {
    basics: FormAction<SaveProfileBasics>,
    publishing: FormAction<SaveProfilePublishing>,
    new_link: FormAction<NewProfileLink>,
    create: FormAction<CreateProfileEntry>,
    shift: FormAction<MoveProfileEntry>,
    visible: FormAction<SetProfileEntryVisible>,
    reorder: FormAction<ReorderProfileEntries>,
    create_skill: FormAction<CreateProfileSkill>,
    shift_skill: FormAction<MoveProfileSkill>,
    reorder_skills: FormAction<ReorderProfileSkills>,
}

impl Actions {
    fn new() -> Self {
        Self {
            basics: FormAction::new(),
            publishing: FormAction::new(),
            new_link: FormAction::new(),
            create: FormAction::new(),
            shift: FormAction::new(),
            visible: FormAction::new(),
            reorder: FormAction::new(),
            create_skill: FormAction::new(),
            shift_skill: FormAction::new(),
            reorder_skills: FormAction::new(),
        }
    }

    fn changes(self) -> usize {
        self.basics.version().get()
            + self.publishing.version().get()
            + self.new_link.version().get()
            + self.create.version().get()
            + self.shift.version().get()
            + self.visible.version().get()
            + self.reorder.version().get()
            + self.create_skill.version().get()
            + self.shift_skill.version().get()
            + self.reorder_skills.version().get()
    }
}

#[component]
fn Editor() -> impl IntoView {
    let actions = Actions::new();
    let profile = page_data(move || actions.changes(), |_| load_profile());
    let reorder_error = Signal::derive(move || {
        action_error(actions.reorder)
            .get()
            .or_else(|| action_error(actions.reorder_skills).get())
    });
    view! {
        <FormMessage error=reorder_error />
        <Load data=profile loading="Loading your profile…" let:data>
            {
                let (view, new_link) = data;
                let score = completeness(&view);
                view! {
                    <div class="profile-layout">
                        <aside class="profile-aside">
                            <CompletenessCard score />
                            <PublishingCard publishing=view.publishing.clone() new_link actions />
                        </aside>
                        <div class="profile-main">
                            <BasicsCard view=view.clone() actions />
                            {view.sections.iter().map(|items| view! {
                                <SectionCard section=items.section entries=items.entries.clone() actions />
                            }).collect_view()}
                            <SkillsCard skills=view.skills.clone() actions />
                        </div>
                    </div>
                }
            }
        </Load>
    }
}

#[component]
fn CompletenessCard(score: Completeness) -> impl IntoView {
    let steps = score.next_steps.into_iter().take(3).collect::<Vec<_>>();
    view! {
        <div class="card completeness">
            <h2>"Profile strength"</h2>
            <p class="completeness-score"><strong>{format!("{} %", score.score)}</strong></p>
            <progress max="100" value=score.score.to_string() aria-label="Profile completeness">
                {format!("{} %", score.score)}
            </progress>
            {if steps.is_empty() {
                view! { <p class="muted">"Complete. Well done."</p> }.into_any()
            } else {
                view! {
                    <ul class="plain-list next-steps">
                        {steps.into_iter().map(|step| view! {
                            <li>
                                <a href=format!("#{}", step.anchor)>{step.action}</a>
                                <span class="muted">{format!(" +{}", step.points)}</span>
                            </li>
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </div>
    }
}

#[component]
fn PublishingCard(
    publishing: Publishing,
    new_link: Option<String>,
    actions: Actions,
) -> impl IntoView {
    let error = action_error(actions.publishing);
    let visibilities = Visibility::ALL
        .iter()
        .map(|v| (v.as_str(), v.label()))
        .collect::<Vec<_>>();
    let address = paths::public_profile(&publishing.slug);
    let status = match publishing.visibility {
        Visibility::Private => "Only you can see your profile.".to_owned(),
        Visibility::Link => {
            "Anyone with the private link can see it; search engines are asked not to index it."
                .to_owned()
        }
        Visibility::Public => format!("Anyone can see it at {address}."),
    };
    view! {
        <div class="card publishing" id="publishing">
            <h2>"Public page"</h2>
            <p>{status}</p>
            {(publishing.visibility == Visibility::Public).then(|| view! {
                <p><a href=address.clone()>"View your public page ↗"</a></p>
            })}
            {new_link.map(|link| view! {
                <Notice>
                    <p>"Your private link (copy it now: it is shown only once):"</p>
                    <p><code class="copyable">{link}</code></p>
                </Notice>
            })}
            <FormMessage error />
            <ServerForm action=actions.publishing attr:class="form">
                <Field label="Address" name="slug" error value=publishing.slug.clone() maxlength=40 form="publishing" hint="Your page is at /p/your-address" />
                <Select label="Who can see it" name="visibility" options=visibilities error value=publishing.visibility.as_str().to_owned() form="publishing" />
                <button class="button button-primary" type="submit">"Save"</button>
            </ServerForm>
            {(publishing.visibility == Visibility::Link && publishing.has_link).then(|| view! {
                <ServerForm action=actions.new_link attr:class="form">
                    <p class="muted">"Lost the link, or shared it too widely? A new one replaces it; the old one stops working."</p>
                    <button class="button" type="submit">"Make a new private link"</button>
                </ServerForm>
            })}
        </div>
    }
}

#[component]
fn BasicsCard(view: ProfileView, actions: Actions) -> impl IntoView {
    let error = action_error(actions.basics);
    let saved = move || {
        actions
            .basics
            .value()
            .get()
            .is_some_and(|result| result.is_ok())
    };
    view! {
        <section class="card" id="basics" aria-labelledby="basics-heading">
            <h2 id="basics-heading">{view.display_name.clone()}</h2>
            <p class="muted">{format!("Email: {}", view.email)}</p>
            <Show when=saved>
                <Notice>"Saved."</Notice>
            </Show>
            <FormMessage error />
            <ServerForm action=actions.basics attr:class="form">
                <BasicsFields initial=view.basics.to_form() error />
                <button class="button button-primary" type="submit">"Save basics"</button>
            </ServerForm>
        </section>
    }
}

/// One item of an ordered list that can be dragged onto another (once hydrated): a drop calls
/// `reorder` with the list's new order. Without JavaScript the item's ↑/↓ buttons do the same.
#[component]
fn DraggableItem<T>(
    id: T,
    ids: Vec<T>,
    dragging: RwSignal<Option<T>>,
    reorder: Callback<Vec<T>>,
    #[prop(optional)] class: &'static str,
    children: Children,
) -> impl IntoView
where
    T: Copy + PartialEq + std::fmt::Display + Send + Sync + 'static,
{
    let on_drop = move |ev: DragEvent| {
        ev.prevent_default();
        if let Some(order) = dragging
            .get_untracked()
            .and_then(|dragged| dropped(&ids, dragged, id))
        {
            reorder.run(order);
        }
        dragging.set(None);
    };
    view! {
        <li
            class=format!("profile-item {class}")
            class:dragging=move || dragging.get() == Some(id)
            draggable="true"
            data-id=id.to_string()
            on:dragstart=move |_| dragging.set(Some(id))
            on:dragend=move |_| dragging.set(None)
            on:dragover=|ev: DragEvent| ev.prevent_default()
            on:drop=on_drop
        >
            {children()}
        </li>
    }
}

/// `ids` with `dragged` moved to where `target` is.
fn dropped<T: PartialEq + Copy>(ids: &[T], dragged: T, target: T) -> Option<Vec<T>> {
    let from = ids.iter().position(|id| *id == dragged)?;
    let to = ids.iter().position(|id| *id == target)?;
    if from == to {
        return None;
    }
    let mut reordered = ids.to_vec();
    let item = reordered.remove(from);
    reordered.insert(to, item);
    Some(reordered)
}

fn joined<T: ToString>(ids: &[T]) -> String {
    ids.iter()
        .map(ToString::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

#[component]
fn SectionCard(section: Section, entries: Vec<Entry>, actions: Actions) -> impl IntoView {
    let create_error = action_error(actions.create);
    // One add action serves every section: its error belongs to the form it came from.
    let error = Signal::derive(move || {
        create_error
            .get()
            .filter(|error| error.value("section") == Some(section.as_str()))
    });
    let dragging = RwSignal::new(None);
    let ids: Vec<_> = entries.iter().map(|entry| entry.id).collect();
    let count = entries.len();
    let reorder = Callback::new(move |order: Vec<EntryId>| {
        actions
            .reorder
            .submit(&[("section", section.as_str()), ("ids", &joined(&order))]);
    });
    let heading_id = format!("{}-heading", section.as_str());
    let labelled_by = heading_id.clone();
    let items = entries
        .into_iter()
        .enumerate()
        .map(|(index, entry)| {
            let ids = ids.clone();
            let id = entry.id;
            let visibility_label = if entry.visible {
                format!("Hide from your public page: {}", entry.title)
            } else {
                format!("Show on your public page: {}", entry.title)
            };
            view! {
                <DraggableItem id ids dragging reorder>
                    <EntrySummary entry=entry.clone() />
                    <div class="item-actions">
                        <ServerForm action=actions.shift attr:class="inline-form">
                            <input type="hidden" name="id" value=id.to_string() />
                            <MoveButtons first=index == 0 last=index + 1 == count label=entry.title.clone() />
                        </ServerForm>
                        <ServerForm action=actions.visible attr:class="inline-form">
                            <input type="hidden" name="id" value=id.to_string() />
                            <input type="hidden" name="visible" value=(!entry.visible).to_string() />
                            <button
                                class="button button-small"
                                type="submit"
                                title=visibility_label.clone()
                                aria-label=visibility_label
                            >
                                {if entry.visible { "Hide" } else { "Show" }}
                            </button>
                        </ServerForm>
                        <a class="button button-small" href=format!("{}/entries/{id}", paths::PROFILE)>"Edit"</a>
                    </div>
                </DraggableItem>
            }
        })
        .collect_view();
    view! {
        <section class="card profile-section" id=section.as_str() aria-labelledby=labelled_by>
            <h2 id=heading_id>{section.label()}</h2>
            {if count == 0 {
                view! { <p class="muted">"Nothing here yet."</p> }.into_any()
            } else {
                view! {
                    <p class="muted small">"Drag items, or use the arrows, to change their order."</p>
                    <ol class="plain-list profile-items">{items}</ol>
                }.into_any()
            }}
            <details class="add-item" open=move || error.get().is_some()>
                <summary>{section.add_label()}</summary>
                <FormMessage error />
                <ServerForm action=actions.create attr:class="form">
                    <EntryFields section initial=EntryForm::new(section) error />
                    <button class="button button-primary" type="submit">{section.add_label()}</button>
                </ServerForm>
            </details>
        </section>
    }
}

#[component]
pub fn EntrySummary(entry: Entry) -> impl IntoView {
    let span = entry.span();
    view! {
        <div class="item-summary">
            <p class="item-title">
                <strong>{entry.title.clone()}</strong>
                {entry.organisation.clone().map(|org| view! { <span>{format!(" · {org}")}</span> })}
                {(!entry.visible).then(|| view! { <span class="badge badge-muted">"Hidden"</span> })}
            </p>
            {entry.subtitle().map(|line| view! { <p class="muted">{line}</p> })}
            {(!span.is_empty()).then(|| view! { <p class="muted">{span}</p> })}
        </div>
    }
}

#[component]
fn SkillsCard(skills: Vec<Skill>, actions: Actions) -> impl IntoView {
    let error = action_error(actions.create_skill);
    let dragging = RwSignal::new(None);
    let ids: Vec<_> = skills.iter().map(|skill| skill.id).collect();
    let count = skills.len();
    let reorder = Callback::new(move |order: Vec<SkillId>| {
        actions.reorder_skills.submit(&[("ids", &joined(&order))]);
    });
    let items = skills
        .into_iter()
        .enumerate()
        .map(|(index, skill)| {
            let ids = ids.clone();
            let id = skill.id;
            let detail = [
                skill.level.map(|level| format!("level {level}/5")),
                skill.years.map(|years| format!("{years} y")),
                skill.primary.then(|| "primary".to_owned()),
                (!skill.visible).then(|| "hidden".to_owned()),
            ]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" · ");
            view! {
                <DraggableItem id ids dragging reorder class="skill-item">
                    <div class="item-summary">
                        <p class="item-title"><strong>{skill.name.clone()}</strong>" "<span class="muted">{skill.category.label()}</span></p>
                        {(!detail.is_empty()).then(|| view! { <p class="muted">{detail}</p> })}
                    </div>
                    <div class="item-actions">
                        <ServerForm action=actions.shift_skill attr:class="inline-form">
                            <input type="hidden" name="id" value=id.to_string() />
                            <MoveButtons first=index == 0 last=index + 1 == count label=skill.name.clone() />
                        </ServerForm>
                        <a class="button button-small" href=format!("{}/skills/{id}", paths::PROFILE)>"Edit"</a>
                    </div>
                </DraggableItem>
            }
        })
        .collect_view();
    view! {
        <section class="card profile-section" id="skills" aria-labelledby="skills-heading">
            <h2 id="skills-heading">"Skills"</h2>
            {if count == 0 {
                view! { <p class="muted">"No skills yet."</p> }.into_any()
            } else {
                view! { <ol class="plain-list profile-items">{items}</ol> }.into_any()
            }}
            <details class="add-item" open=move || error.get().is_some()>
                <summary>"Add a skill"</summary>
                <FormMessage error />
                <ServerForm action=actions.create_skill attr:class="form">
                    <SkillFields initial=SkillForm { visible: Some("on".into()), ..SkillForm::default() } error />
                    <button class="button button-primary" type="submit">"Add skill"</button>
                </ServerForm>
            </details>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::dropped;

    #[test]
    fn dropping_moves_the_item_to_the_target() {
        assert_eq!(dropped(&[1, 2, 3, 4], 1, 3), Some(vec![2, 3, 1, 4]));
        assert_eq!(dropped(&[1, 2, 3, 4], 4, 2), Some(vec![1, 4, 2, 3]));
        assert_eq!(dropped(&[1, 2, 3], 2, 2), None);
        assert_eq!(dropped(&[1, 2, 3], 9, 2), None);
    }
}
