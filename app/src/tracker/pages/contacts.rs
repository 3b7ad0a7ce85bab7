//! Contacts: the list, a contact's page (details, interaction log, linked applications, vCard),
//! and the "add contact" page.

use careerhub_domain::ids::ContactId;
use careerhub_domain::paths;
use careerhub_domain::tracker::{ContactDetail, ContactForm, InteractionChannel};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::form::{Field, FormMessage, Notice, Select, TextArea, action_error};
use crate::components::load::{Load, Missing, Protected, Record};
use crate::components::server_form::{FormAction, ServerForm};
use crate::data::page_data;
use crate::tracker::components::{ConfirmDelete, ContactFields, StatusBadge, id_param};
use crate::tracker::server::{
    AddInteraction, CreateContact, DeleteContact, DeleteInteraction, UpdateContact, contact,
    list_contacts,
};

#[component]
pub fn ContactsPage() -> impl IntoView {
    view! {
        <Title text="Contacts" />
        <section class="container tracker-page">
            <div class="page-head">
                <h1>"Contacts"</h1>
                <a class="button" href="/export/contacts.vcf" download="contacts.vcf">"Export all (vCard)"</a>
                <a class="button button-primary" href=paths::NEW_CONTACT>"Add contact"</a>
            </div>
            <Protected next=paths::CONTACTS>{|| view! { <ContactList /> }}</Protected>
        </section>
    }
}

#[component]
fn ContactList() -> impl IntoView {
    let contacts = page_data(|| (), |_| list_contacts());
    let query = use_query_map();
    let deleted = move || query.read().get("deleted").is_some();
    view! {
        <Show when=deleted>
            <Notice>"The contact was deleted."</Notice>
        </Show>
        <Load data=contacts let:list>
            {if list.is_empty() {
                view! {
                    <div class="card empty-state">
                        <p>"No contacts yet: recruiters, hiring managers, mentors and peers go here."</p>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <div class="table-wrap">
                        <table class="data-table">
                            <thead>
                                <tr>
                                    <th scope="col">"Name"</th>
                                    <th scope="col">"Company"</th>
                                    <th scope="col" class="hide-narrow">"Relationship"</th>
                                    <th scope="col" class="hide-narrow">"Next follow-up"</th>
                                </tr>
                            </thead>
                            <tbody>
                                {list
                                    .into_iter()
                                    .map(|c| view! {
                                        <tr>
                                            <td><a href=paths::contact(c.id)>{c.full_name}</a></td>
                                            <td>{c.company.unwrap_or_default()}</td>
                                            <td class="hide-narrow">{c.relationship.label()}</td>
                                            <td class="hide-narrow">{c.next_follow_up_on.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                                        </tr>
                                    })
                                    .collect_view()}
                            </tbody>
                        </table>
                    </div>
                }
                .into_any()
            }}
        </Load>
    }
}

#[component]
pub fn NewContactPage() -> impl IntoView {
    view! {
        <Title text="Add contact" />
        <section class="container tracker-page narrow">
            <h1>"Add a contact"</h1>
            <Protected next=paths::NEW_CONTACT>{|| view! { <NewContactForm /> }}</Protected>
        </section>
    }
}

#[component]
fn NewContactForm() -> impl IntoView {
    let create = FormAction::<CreateContact>::new();
    let error = action_error(create);
    view! {
        <div class="card">
            <FormMessage error />
            <ServerForm action=create attr:class="form">
                <ContactFields initial=ContactForm::default() error />
                <div class="form-actions">
                    <button class="button button-primary" type="submit">"Add contact"</button>
                    <a class="button" href=paths::CONTACTS>"Cancel"</a>
                </div>
            </ServerForm>
        </div>
    }
}

#[component]
pub fn ContactPage() -> impl IntoView {
    let id = id_param::<ContactId>();
    view! {
        <Title text="Contact" />
        <section class="container tracker-page">
            <Protected next=paths::CONTACTS>
                {move || match id() {
                    Some(id) => view! { <ContactView id /> }.into_any(),
                    None => view! { <Missing what="Contact" back=paths::CONTACTS /> }.into_any(),
                }}
            </Protected>
        </section>
    }
}

#[component]
fn ContactView(id: ContactId) -> impl IntoView {
    let update = FormAction::<UpdateContact>::new();
    let interact = FormAction::<AddInteraction>::new();
    let forget = FormAction::<DeleteInteraction>::new();
    let delete = FormAction::<DeleteContact>::new();
    let detail = page_data(
        move || {
            (
                id,
                update.version().get() + interact.version().get() + forget.version().get(),
            )
        },
        |(id, _)| contact(id),
    );
    view! {
        <Load data=detail record=Record { what: "Contact", back: paths::CONTACTS } let:detail>
            <ContactDetailView detail update interact forget delete />
        </Load>
    }
}

#[component]
fn ContactDetailView(
    detail: ContactDetail,
    update: FormAction<UpdateContact>,
    interact: FormAction<AddInteraction>,
    forget: FormAction<DeleteInteraction>,
    delete: FormAction<DeleteContact>,
) -> impl IntoView {
    let c = detail.contact.clone();
    let id = c.id;
    let update_error = action_error(update);
    let interact_error = action_error(interact);
    let delete_error = action_error(delete);
    let channels = InteractionChannel::ALL
        .iter()
        .map(|ch| (ch.as_str(), ch.label()))
        .collect::<Vec<_>>();
    let facts = [
        ("Company", c.company.clone()),
        ("Role", c.role_title.clone()),
        ("Relationship", Some(c.relationship.label().to_owned())),
        ("Next follow-up", c.next_follow_up_on.map(|d| d.to_string())),
    ];
    view! {
        <Title text=c.full_name.clone() />
        <p><a href=paths::CONTACTS>"← Contacts"</a></p>
        <div class="page-head">
            <h1>{c.full_name.clone()}</h1>
            <a class="button" href=format!("/export/contacts/{id}.vcf") download="contact.vcf">"Download vCard"</a>
        </div>
        <div class="detail-grid">
            <div class="detail-main">
                <div class="card">
                    <dl class="facts">
                        {facts.into_iter().filter_map(|(label, value)| value.map(|value| view! { <dt>{label}</dt><dd>{value}</dd> })).collect_view()}
                        {c.email.clone().map(|email| view! { <dt>"Email"</dt><dd><a href=format!("mailto:{email}")>{email.clone()}</a></dd> })}
                        {c.phone.clone().map(|phone| view! { <dt>"Phone"</dt><dd><a href=format!("tel:{phone}")>{phone.clone()}</a></dd> })}
                        {c.profile_url.clone().map(|url| view! { <dt>"Profile"</dt><dd><a href=url.clone() rel="noopener noreferrer nofollow" target="_blank">{url.clone()}</a></dd> })}
                    </dl>
                    {c.notes.clone().map(|notes| view! { <p class="prewrap">{notes}</p> })}
                </div>
                <div class="card">
                    <h2>"Interactions"</h2>
                    <FormMessage error=interact_error />
                    <ServerForm action=interact attr:class="form">
                        <input type="hidden" name="contact_id" value=id.to_string() />
                        <div class="form-grid">
                            <Field label="Date" name="occurred_on" kind="date" error=interact_error required=false hint="Empty means today" />
                            <Select label="How" name="channel" options=channels error=interact_error value="email".to_owned() />
                        </div>
                        <TextArea label="What happened" name="summary" error=interact_error rows=2 required=true maxlength=5000 />
                        <button class="button" type="submit">"Log interaction"</button>
                    </ServerForm>
                    <ol class="timeline">
                        {detail
                            .interactions
                            .into_iter()
                            .map(|item| view! {
                                <li class="timeline-entry">
                                    <p class="timeline-what">{format!("{} · {}", item.occurred_on, item.channel.label())}</p>
                                    <p class="prewrap">{item.summary}</p>
                                    <ServerForm action=forget attr:class="inline-form">
                                        <input type="hidden" name="id" value=item.id.to_string() />
                                        <button class="button button-small" type="submit">"Remove"</button>
                                    </ServerForm>
                                </li>
                            })
                            .collect_view()}
                    </ol>
                </div>
            </div>
            <aside class="detail-side">
                <div class="card">
                    <h2>"Applications"</h2>
                    {if detail.applications.is_empty() {
                        view! { <p class="muted">"Link this contact from an application's page."</p> }.into_any()
                    } else {
                        view! {
                            <ul class="plain-list">
                            {detail.applications.into_iter().map(|a| view! {
                                <li><a href=paths::application(a.id)>{format!("{} at {}", a.role_title, a.company)}</a> " " <StatusBadge status=a.status /></li>
                            }).collect_view()}
                            </ul>
                        }
                        .into_any()
                    }}
                </div>
            </aside>
        </div>
        <details class="card" open=move || update_error.get().is_some()>
            <summary>"Edit contact"</summary>
            <FormMessage error=update_error />
            <ServerForm action=update attr:class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <ContactFields initial=c.to_form() error=update_error />
                <button class="button button-primary" type="submit">"Save changes"</button>
            </ServerForm>
        </details>
        <ConfirmDelete what="contact" error=delete_error>
            <ServerForm action=delete attr:class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <label class="checkbox">
                    <input type="checkbox" name="confirm" value="yes" required=true />
                    " Yes, delete this contact and its interaction log."
                </label>
                <button class="button button-danger" type="submit">"Delete contact"</button>
            </ServerForm>
        </ConfirmDelete>
    }
}
