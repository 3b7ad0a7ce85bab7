//! One CV version: its settings, the order of its sections, which profile items and skills it
//! shows, the downloads, and deleting it.

use careerhub_domain::cv::{CvFormat, CvItemChoice, CvSkillChoice, CvVersionView, PageSize};
use careerhub_domain::ids::CvVersionId;
use careerhub_domain::paths;
use careerhub_domain::profile::Section;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::form::{Field, FormMessage, Select, TextArea, action_error};
use crate::components::load::{Load, Missing, Protected, Record};
use crate::components::server_form::{FormAction, ServerForm};
use crate::cv::pages::list::template_options;
use crate::cv::server::{
    DeleteCvVersion, MoveCvSection, SaveCvContents, SaveCvSettings, load_cv_version,
};
use crate::data::page_data;
use crate::profile::components::MoveButtons;
use crate::tracker::components::{ConfirmDelete, id_param};

#[component]
pub fn CvEditorPage() -> impl IntoView {
    let id = id_param::<CvVersionId>();
    view! {
        <Title text="CV version" />
        <section class="container cv-page">
            <p><a href=paths::CVS>"← CV versions"</a></p>
            <Protected next=paths::CVS>
                {move || match id() {
                    Some(id) => view! { <Editor id /> }.into_any(),
                    None => view! { <Missing what="CV version" back=paths::CVS /> }.into_any(),
                }}
            </Protected>
        </section>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    settings: FormAction<SaveCvSettings>,
    contents: FormAction<SaveCvContents>,
    shift: FormAction<MoveCvSection>,
}

#[component]
fn Editor(id: CvVersionId) -> impl IntoView {
    let actions = Actions {
        settings: FormAction::new(),
        contents: FormAction::new(),
        shift: FormAction::new(),
    };
    let delete = FormAction::<DeleteCvVersion>::new();
    let delete_error = action_error(delete);
    let version = page_data(
        move || {
            actions.settings.version().get()
                + actions.contents.version().get()
                + actions.shift.version().get()
        },
        move |_| load_cv_version(id),
    );
    view! {
        <Load data=version record=Record { what: "CV version", back: paths::CVS } let:view>
            <div class="page-head">
                <h1>{view.settings.name.clone()}</h1>
                <a class="button button-primary" href=paths::cv_preview(id)>"Preview"</a>
            </div>
            {view.tailored_for.clone().map(|(application, label)| view! {
                <p class="muted">
                    "Tailored for "<a href=paths::application(application)>{label}</a>
                    ": the skills it mentions are highlighted."
                </p>
            })}
            <Downloads id />
            <div class="cv-editor">
                <SettingsCard view=view.clone() actions />
                <OrderCard view=view.clone() actions />
                <ContentsCard view=view.clone() actions />
            </div>
            <ConfirmDelete what="CV version" error=delete_error>
                <ServerForm action=delete attr:class="form">
                    <input type="hidden" name="id" value=id.to_string() />
                    <p class="muted small">"Your profile stays as it is; applications keep the copies that were sent."</p>
                    <label class="checkbox">
                        <input type="checkbox" name="confirm" value="yes" required=true />
                        " Yes, delete this CV version."
                    </label>
                    <button class="button button-danger" type="submit">"Delete CV version"</button>
                </ServerForm>
            </ConfirmDelete>
        </Load>
    }
}

#[component]
fn Downloads(id: CvVersionId) -> impl IntoView {
    view! {
        <div class="card cv-downloads">
            <h2>"Download"</h2>
            <div class="button-row">
                {CvFormat::ALL.iter().map(|&format| view! {
                    <a class="button" href=paths::cv_download(id, format) download="">{format.label()}</a>
                }).collect_view()}
            </div>
            <p class="muted small">"PDF and DOCX are made on the server with the fonts embedded in the PDF; text and Markdown paste into application forms."</p>
        </div>
    }
}

#[component]
fn SettingsCard(view: CvVersionView, actions: Actions) -> impl IntoView {
    let error = action_error(actions.settings);
    let form = view.settings.to_form();
    let locale_size = match view.settings.page_size {
        Some(_) => "From my locale",
        None => match view.page_size {
            PageSize::A4 => "From my locale (A4)",
            PageSize::Letter => "From my locale (US Letter)",
        },
    };
    let sizes: Vec<(&'static str, &'static str)> = PageSize::ALL
        .iter()
        .map(|size| (size.as_str(), size.label()))
        .collect();
    view! {
        <div class="card" id="settings">
            <h2>"Settings"</h2>
            <FormMessage error />
            <ServerForm action=actions.settings attr:class="form">
                <input type="hidden" name="id" value=view.id.to_string() />
                <Field label="Name" name="name" error maxlength=100 value=form.name />
                <Select label="Template" name="template" options=template_options() error value=form.template.clone() />
                <ul class="template-notes muted small">
                    {careerhub_domain::cv::Template::ALL.iter().map(|template| view! {
                        <li><strong>{template.label()}</strong>": "{template.description()}</li>
                    }).collect_view()}
                </ul>
                <Select label="Page size" name="page_size" options=sizes error value=form.page_size blank=locale_size />
                <Field
                    label="Headline for this version"
                    name="headline"
                    error
                    required=false
                    maxlength=200
                    value=form.headline
                    hint="Leave empty to use your profile's headline."
                />
                <TextArea label="Summary for this version (empty: your profile's)" name="summary" error value=form.summary rows=4 maxlength=5000 />
                <button class="button button-primary" type="submit">"Save settings"</button>
            </ServerForm>
        </div>
    }
}

/// The shown sections in print order, each with ↑/↓ (a form each: forms cannot nest, so the
/// order lives outside the contents form).
#[component]
fn OrderCard(view: CvVersionView, actions: Actions) -> impl IntoView {
    let error = action_error(actions.shift);
    let shown: Vec<Section> = view
        .sections
        .iter()
        .filter(|(_, shown)| *shown)
        .map(|(section, _)| *section)
        .collect();
    let count = shown.len();
    view! {
        <div class="card" id="order">
            <h2>"Section order"</h2>
            <FormMessage error />
            {if shown.is_empty() {
                view! { <p class="muted">"No section is shown: tick some under “What it shows”."</p> }.into_any()
            } else {
                view! {
                    <ol class="cv-order">
                        {shown.into_iter().enumerate().map(|(index, section)| view! {
                            <li>
                                <span>{section.label()}</span>
                                <ServerForm action=actions.shift attr:class="inline-form">
                                    <input type="hidden" name="id" value=view.id.to_string() />
                                    <input type="hidden" name="section" value=section.as_str() />
                                    <MoveButtons first=index == 0 last=index + 1 == count label=section.label().to_owned() />
                                </ServerForm>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
            <p class="muted small">"Skills print last; the Modern template puts skills and languages in its side column."</p>
        </div>
    }
}

#[component]
fn ContentsCard(view: CvVersionView, actions: Actions) -> impl IntoView {
    let error = action_error(actions.contents);
    let id = view.id;
    view! {
        <div class="card" id="contents">
            <h2>"What it shows"</h2>
            <FormMessage error />
            <ServerForm action=actions.contents attr:class="form cv-contents">
                <input type="hidden" name="id" value=id.to_string() />
                {view.sections.iter().map(|&(section, shown)| {
                    let items: Vec<CvItemChoice> = view
                        .items
                        .iter()
                        .filter(|item| item.section == section)
                        .cloned()
                        .collect();
                    view! { <SectionChoice id section shown items /> }
                }).collect_view()}
                <SkillsChoice skills=view.skills.clone() shown=view.show_skills />
                <div class="sticky-save">
                    <button class="button button-primary" type="submit">"Save what it shows"</button>
                </div>
            </ServerForm>
        </div>
    }
}

#[component]
fn SectionChoice(
    id: CvVersionId,
    section: Section,
    shown: bool,
    items: Vec<CvItemChoice>,
) -> impl IntoView {
    let empty = items.is_empty();
    view! {
        <fieldset class="cv-section-choice">
            <legend>
                <label class="checkbox">
                    <input type="checkbox" name=format!("sections[{}]", section.as_str()) value="on" checked=shown />
                    " "{section.label()}
                </label>
            </legend>
            {if empty {
                view! {
                    <p class="muted small">
                        "Nothing in this section of your profile yet. "
                        <a href=paths::profile_section(section)>"Add some"</a>
                    </p>
                }.into_any()
            } else {
                view! {
                    <ul class="cv-items">
                        {items.into_iter().map(|item| view! { <ItemChoice id item /> }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </fieldset>
    }
}

#[component]
fn ItemChoice(id: CvVersionId, item: CvItemChoice) -> impl IntoView {
    let reworded = item.highlights.is_some();
    let can_reword = item.section == Section::Experience && item.included;
    view! {
        <li>
            <label class="checkbox">
                <input type="checkbox" name=format!("entries[id_{}]", item.id) value="on" checked=item.included />
                " "<strong>{item.title.clone()}</strong>
                {item.subtitle.clone().map(|subtitle| view! { <span class="muted">" · "{subtitle}</span> })}
            </label>
            {can_reword.then(|| view! {
                <a class="small" href=paths::cv_item(id, item.id)>
                    {if reworded { "Highlights reworded here: edit" } else { "Reword highlights for this version" }}
                </a>
            })}
        </li>
    }
}

#[component]
fn SkillsChoice(skills: Vec<CvSkillChoice>, shown: bool) -> impl IntoView {
    let empty = skills.is_empty();
    view! {
        <fieldset class="cv-section-choice">
            <legend>
                <label class="checkbox">
                    <input type="checkbox" name="show_skills" value="on" checked=shown />
                    " Skills"
                </label>
            </legend>
            {if empty {
                view! {
                    <p class="muted small">"No skills in your profile yet. "<a href=format!("{}#skills", paths::PROFILE)>"Add some"</a></p>
                }.into_any()
            } else {
                view! {
                    <p class="muted small">"Highlighted skills print first, in bold."</p>
                    <table class="cv-skills">
                        <thead><tr><th scope="col">"Skill"</th><th scope="col">"Shown"</th><th scope="col">"Highlighted"</th></tr></thead>
                        <tbody>
                            {skills.into_iter().map(|skill| {
                                let show_label = format!("Show {}", skill.name);
                                let highlight_label = format!("Highlight {}", skill.name);
                                view! {
                                    <tr>
                                        <td>{skill.name.clone()}</td>
                                        <td><input type="checkbox" name=format!("skills[id_{}]", skill.id) value="on" checked=skill.included aria-label=show_label /></td>
                                        <td><input type="checkbox" name=format!("highlighted[id_{}]", skill.id) value="on" checked=skill.highlighted aria-label=highlight_label /></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </fieldset>
    }
}
