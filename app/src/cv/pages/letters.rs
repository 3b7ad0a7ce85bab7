//! Cover letters: the list and a new letter, a letter's editor with its versions, one version
//! (compared with another), and the letter templates.

use careerhub_domain::cv::CvFormat;
use careerhub_domain::ids::{ApplicationId, LetterId};
use careerhub_domain::letters::{DiffLine, LetterTemplate, LetterView, PLACEHOLDERS};
use careerhub_domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::components::form::{Field, FormMessage, TextArea, action_error};
use crate::components::load::{Load, Missing, Protected, Record};
use crate::components::server_form::{FormAction, ServerForm};
use crate::cv::letters::{
    CreateLetter, CreateLetterTemplate, DeleteLetter, DeleteLetterTemplate, RestoreLetterVersion,
    SaveLetter, UpdateLetterTemplate, load_letter, load_letter_version, load_letters,
};
use crate::data::page_data;
use crate::tracker::components::{ConfirmDelete, id_param};

/// The application a letter is for: a select of the person's applications (its options are
/// data, so not the fixed-option `Select`).
#[component]
fn ApplicationPicker(
    applications: Vec<(ApplicationId, String)>,
    selected: Option<ApplicationId>,
    error: Signal<Option<careerhub_domain::FormError>>,
    #[prop(optional)] form: Option<&'static str>,
) -> impl IntoView {
    let message = move || {
        error
            .get()
            .and_then(|error| error.field_error("application").map(str::to_owned))
    };
    let prefix = form.map(|form| format!("{form}-")).unwrap_or_default();
    let id = format!("{prefix}field-application");
    view! {
        <div class="field" class:field-invalid=move || message().is_some()>
            <label for=id.clone()>"For the application"</label>
            <select id=id name="application">
                <option value="">"None: no company or role to fill in"</option>
                {applications.into_iter().map(|(application, label)| view! {
                    <option value=application.to_string() selected=selected == Some(application)>{label}</option>
                }).collect_view()}
            </select>
            <p class="field-hint">"Its company, role and hiring manager fill the placeholders."</p>
            <p class="field-error" aria-live="polite">{message}</p>
        </div>
    }
}

#[component]
fn PlaceholderHelp() -> impl IntoView {
    view! {
        <details class="placeholder-help">
            <summary>"Placeholders"</summary>
            <ul class="small">
                {PLACEHOLDERS.iter().map(|(name, what)| view! {
                    <li><code>{format!("{{{{{name}}}}}")}</code>" — "{*what}</li>
                }).collect_view()}
            </ul>
        </details>
    }
}

#[component]
pub fn LettersPage() -> impl IntoView {
    view! {
        <Title text="Cover letters" />
        <section class="container cv-page">
            <div class="page-head">
                <h1>"Cover letters"</h1>
                <a class="button" href=paths::LETTER_TEMPLATES>"Letter templates"</a>
            </div>
            <Protected next=paths::LETTERS>{|| view! { <Letters /> }}</Protected>
        </section>
    }
}

#[component]
fn Letters() -> impl IntoView {
    let create = FormAction::<CreateLetter>::new();
    let error = action_error(create);
    let data = page_data(move || create.version().get(), |_| load_letters());
    view! {
        <Load data loading="Loading your letters…" let:data>
            {
                let (letters, templates, applications) = data;
                let template_options: Vec<(String, String)> = templates
                    .iter()
                    .map(|template| (template.id.to_string(), if template.own { format!("{} (yours)", template.name) } else { template.name.clone() }))
                    .collect();
                view! {
                    {if letters.is_empty() {
                        view! { <div class="card empty-state"><p>"No letters yet. Start one from a template below."</p></div> }.into_any()
                    } else {
                        view! {
                            <ul class="cv-list">
                                {letters.into_iter().map(|letter| view! {
                                    <li class="card cv-card">
                                        <h2><a href=paths::letter(letter.id)>{letter.title.clone()}</a></h2>
                                        <p class="muted small">
                                            {letter.application.clone().unwrap_or_else(|| "Not for an application".to_owned())}
                                            " · "{careerhub_domain::counted(letter.versions, "version", "versions")}
                                            " · updated "{letter.updated_on.clone()}
                                        </p>
                                        <div class="button-row">
                                            <a class="button button-small" href=paths::letter(letter.id)>"Edit"</a>
                                            <a class="button button-small" href=paths::letter_download(letter.id, CvFormat::Pdf) download="">"PDF"</a>
                                            <a class="button button-small" href=paths::letter_download(letter.id, CvFormat::Docx) download="">"DOCX"</a>
                                        </div>
                                    </li>
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                    <div class="card" id="new">
                        <h2>"New cover letter"</h2>
                        <FormMessage error />
                        <ServerForm action=create attr:class="form">
                            <Field label="Title" name="title" error maxlength=200 hint="For example “Acme, platform team”." />
                            <div class="field">
                                <label for="field-template">"Start from"</label>
                                <select id="field-template" name="template">
                                    {template_options.into_iter().map(|(value, label)| view! { <option value=value>{label}</option> }).collect_view()}
                                </select>
                            </div>
                            <ApplicationPicker applications selected=None error />
                            <button class="button button-primary" type="submit">"Create"</button>
                        </ServerForm>
                    </div>
                }
            }
        </Load>
    }
}

#[component]
pub fn LetterPage() -> impl IntoView {
    let id = id_param::<LetterId>();
    view! {
        <Title text="Cover letter" />
        <section class="container cv-page">
            <p><a href=paths::LETTERS>"← Cover letters"</a></p>
            <Protected next=paths::LETTERS>
                {move || match id() {
                    Some(id) => view! { <LetterEditor id /> }.into_any(),
                    None => view! { <Missing what="Letter" back=paths::LETTERS /> }.into_any(),
                }}
            </Protected>
        </section>
    }
}

#[component]
fn LetterEditor(id: LetterId) -> impl IntoView {
    let save = FormAction::<SaveLetter>::new();
    let delete = FormAction::<DeleteLetter>::new();
    let error = action_error(save);
    let delete_error = action_error(delete);
    let letter = page_data(move || save.version().get(), move |_| load_letter(id));
    view! {
        <Load data=letter record=Record { what: "Letter", back: paths::LETTERS } let:data>
            {
                let (view, applications) = data;
                let selected = view.application.as_ref().map(|(application, _)| *application);
                let (title, body, number) = (view.title.clone(), view.body.clone(), view.number);
                view! {
                    <div class="page-head">
                        <h1>{title.clone()}</h1>
                        <div class="button-row">
                            <a class="button button-primary" href=paths::letter_download(id, CvFormat::Pdf) download="">"Download PDF"</a>
                            <a class="button" href=paths::letter_download(id, CvFormat::Docx) download="">"DOCX"</a>
                            <a class="button" href=paths::letter_download(id, CvFormat::Text) download="">"Text"</a>
                        </div>
                    </div>
                    <div class="cv-editor">
                        <div class="card">
                            <h2>{format!("Text (version {number})")}</h2>
                            <FormMessage error />
                            <ServerForm action=save attr:class="form">
                                <input type="hidden" name="id" value=id.to_string() />
                                <Field label="Title" name="title" error maxlength=200 value=title />
                                <ApplicationPicker applications selected error />
                                <TextArea label="Letter" name="body" error value=body rows=16 maxlength=20000 required=true />
                                <PlaceholderHelp />
                                <button class="button button-primary" type="submit">"Save as a new version"</button>
                            </ServerForm>
                        </div>
                        <LetterPreview view=view.clone() />
                    </div>
                    <Versions view=view.clone() />
                    <ConfirmDelete what="letter" error=delete_error>
                        <ServerForm action=delete attr:class="form">
                            <input type="hidden" name="id" value=id.to_string() />
                            <p class="muted small">"Applications keep the copy that was sent."</p>
                            <label class="checkbox">
                                <input type="checkbox" name="confirm" value="yes" required=true />
                                " Yes, delete this letter and all its versions."
                            </label>
                            <button class="button button-danger" type="submit">"Delete letter"</button>
                        </ServerForm>
                    </ConfirmDelete>
                }
            }
        </Load>
    }
}

#[component]
fn LetterPreview(view: LetterView) -> impl IntoView {
    view! {
        <div class="card">
            <h2>"As it prints"</h2>
            {(!view.unfilled.is_empty()).then(|| view! {
                <p class="alert alert-warning small" role="status">
                    {format!(
                        "Nothing fills {} yet: {}",
                        view.unfilled.iter().map(|name| format!("{{{{{name}}}}}")).collect::<Vec<_>>().join(", "),
                        if view.application.is_none() { "choose the application this letter is for." } else { "add it to the application or your profile." },
                    )}
                </p>
            })}
            <div class="letter-preview">
                {view.filled.split("\n\n").filter(|block| !block.trim().is_empty()).map(|block| view! {
                    <p class="prewrap">{block.trim().to_owned()}</p>
                }).collect_view()}
            </div>
        </div>
    }
}

#[component]
fn Versions(view: LetterView) -> impl IntoView {
    let id = view.id;
    let newest = view.number;
    view! {
        <div class="card" id="versions">
            <h2>"Versions"</h2>
            <table class="versions">
                <thead><tr><th scope="col">"Version"</th><th scope="col">"Saved"</th><th scope="col">"Length"</th><th scope="col"><span class="sr-only">"Actions"</span></th></tr></thead>
                <tbody>
                    {view.versions.into_iter().map(|version| view! {
                        <tr>
                            <td>{version.number}{(version.number == newest).then_some(" (current)")}</td>
                            <td>{version.saved_at.clone()}</td>
                            <td>{format!("{} characters", version.chars)}</td>
                            <td class="button-row">
                                <a class="button button-small" href=paths::letter_version(id, version.number)>"View"</a>
                                {(version.number != newest).then(|| view! {
                                    <a class="button button-small" href=paths::letter_compare(id, newest, version.number)>"Compare with current"</a>
                                })}
                            </td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}

#[component]
pub fn LetterVersionPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let wanted = move || {
        let params = params.read();
        let id: LetterId = params.get("id")?.parse().ok()?;
        let number: i32 = params.get("number")?.parse().ok()?;
        let with: Option<i32> = query.read().get("with").and_then(|with| with.parse().ok());
        Some((id, number, with))
    };
    view! {
        <Title text="Letter version" />
        <section class="container cv-page narrow">
            <Protected next=paths::LETTERS>
                {move || match wanted() {
                    Some((id, number, with)) => view! { <Version id number with /> }.into_any(),
                    None => view! { <Missing what="Letter version" back=paths::LETTERS /> }.into_any(),
                }}
            </Protected>
        </section>
    }
}

#[component]
fn Version(id: LetterId, number: i32, with: Option<i32>) -> impl IntoView {
    let restore = FormAction::<RestoreLetterVersion>::new();
    let error = action_error(restore);
    let version = page_data(
        move || (id, number, with),
        |(id, number, with)| load_letter_version(id, number, with),
    );
    view! {
        <p><a href=paths::letter(id)>"← The letter"</a></p>
        <Load data=version record=Record { what: "Letter version", back: paths::LETTERS } let:data>
            {
                let (body, diff) = data;
                view! {
                    {match (diff, with) {
                        (Some(lines), Some(with)) => view! {
                            <h1>{format!("Version {with} → version {number}")}</h1>
                            <p class="muted small">"Lines removed since version "{with}" are struck through; lines added are marked."</p>
                            <Diff lines />
                        }.into_any(),
                        _ => view! {
                            <h1>{format!("Version {number}")}</h1>
                            <div class="card letter-preview"><p class="prewrap">{body}</p></div>
                        }.into_any(),
                    }}
                    <div class="card">
                        <FormMessage error />
                        <ServerForm action=restore attr:class="form">
                            <input type="hidden" name="id" value=id.to_string() />
                            <input type="hidden" name="number" value=number.to_string() />
                            <p class="muted small">"Restoring saves this text again as the newest version; nothing is lost."</p>
                            <button class="button" type="submit">{format!("Restore version {number}")}</button>
                        </ServerForm>
                    </div>
                }
            }
        </Load>
    }
}

/// A line comparison: removed lines struck through, added lines marked, for screen readers too.
#[component]
pub fn Diff(lines: Vec<DiffLine>) -> impl IntoView {
    view! {
        <div class="diff card" role="group" aria-label="Changes">
            {lines.into_iter().map(|line| match line {
                DiffLine::Same(text) => view! { <div class="diff-same">{text}</div> }.into_any(),
                DiffLine::Added(text) => view! { <ins class="diff-added"><span class="sr-only">"Added: "</span>{text}</ins> }.into_any(),
                DiffLine::Removed(text) => view! { <del class="diff-removed"><span class="sr-only">"Removed: "</span>{text}</del> }.into_any(),
            }).collect_view()}
        </div>
    }
}

#[component]
pub fn LetterTemplatesPage() -> impl IntoView {
    view! {
        <Title text="Letter templates" />
        <section class="container cv-page">
            <p><a href=paths::LETTERS>"← Cover letters"</a></p>
            <h1>"Letter templates"</h1>
            <p class="muted">"A new letter starts from a template. The defaults are everyone's; yours are yours alone."</p>
            <Protected next=paths::LETTER_TEMPLATES>{|| view! { <Templates /> }}</Protected>
        </section>
    }
}

#[component]
fn Templates() -> impl IntoView {
    let create = FormAction::<CreateLetterTemplate>::new();
    let update = FormAction::<UpdateLetterTemplate>::new();
    let delete = FormAction::<DeleteLetterTemplate>::new();
    let error = action_error(create);
    let data = page_data(
        move || create.version().get() + update.version().get() + delete.version().get(),
        |_| load_letters(),
    );
    view! {
        <Load data loading="Loading templates…" let:data>
            {data.1.into_iter().map(|template| view! { <TemplateCard template update delete /> }).collect_view()}
        </Load>
        <div class="card" id="new">
            <h2>"New template"</h2>
            <FormMessage error />
            <ServerForm action=create attr:class="form">
                <Field label="Name" name="name" error maxlength=100 form="new" />
                <TextArea label="Text" name="body" error rows=12 required=true form="new" />
                <PlaceholderHelp />
                <button class="button button-primary" type="submit">"Add template"</button>
            </ServerForm>
        </div>
    }
}

#[component]
fn TemplateCard(
    template: LetterTemplate,
    update: FormAction<UpdateLetterTemplate>,
    delete: FormAction<DeleteLetterTemplate>,
) -> impl IntoView {
    let error = action_error(update);
    let delete_error = action_error(delete);
    let id = template.id;
    if !template.own {
        return view! {
            <details class="card">
                <summary><strong>{template.name.clone()}</strong>" "<span class="badge badge-muted">"Default"</span></summary>
                <p class="prewrap">{template.body.clone()}</p>
            </details>
        }
        .into_any();
    }
    view! {
        <details class="card">
            <summary><strong>{template.name.clone()}</strong>" "<span class="badge">"Yours"</span></summary>
            <FormMessage error />
            <ServerForm action=update attr:class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <Field label="Name" name="name" error maxlength=100 value=template.name.clone() />
                <TextArea label="Text" name="body" error value=template.body.clone() rows=12 required=true />
                <button class="button button-primary" type="submit">"Save template"</button>
            </ServerForm>
            <FormMessage error=delete_error />
            <ServerForm action=delete attr:class="form">
                <input type="hidden" name="id" value=id.to_string() />
                <label class="checkbox">
                    <input type="checkbox" name="confirm" value="yes" required=true />
                    " Yes, delete this template (letters made from it stay)."
                </label>
                <button class="button button-danger" type="submit">"Delete template"</button>
            </ServerForm>
        </details>
    }
    .into_any()
}
