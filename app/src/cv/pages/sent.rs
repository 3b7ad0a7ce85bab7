//! The application page's "What was sent" card: the copies of the CV and letter the application
//! went out with (downloads, and what changed since), and recording them.

use careerhub_domain::cv::CvFormat;
use careerhub_domain::ids::ApplicationId;
use careerhub_domain::letters::{DiffLine, SentChoices, SentDocument};
use careerhub_domain::paths;
use leptos::prelude::*;

use crate::components::form::{FormMessage, action_error};
use crate::components::load::Load;
use crate::components::server_form::{FormAction, ServerForm};
use crate::cv::letters::{MarkSent, RemoveSentDocument, load_sent_documents};
use crate::cv::pages::letters::Diff;
use crate::data::page_data;

#[component]
pub fn SentCard(application: ApplicationId) -> impl IntoView {
    let mark = FormAction::<MarkSent>::new();
    let remove = FormAction::<RemoveSentDocument>::new();
    let error = action_error(mark);
    let remove_error = action_error(remove);
    let choices = page_data(
        move || mark.version().get() + remove.version().get(),
        move |_| load_sent_documents(application),
    );
    view! {
        <div class="card" id="sent">
            <h2>"What was sent"</h2>
            <FormMessage error=remove_error />
            <Load data=choices loading="Loading…" let:choices>
                <SentList application choices=choices.clone() remove />
                <FormMessage error />
                <SentForm application choices mark />
            </Load>
        </div>
    }
}

#[component]
fn SentList(
    application: ApplicationId,
    choices: SentChoices,
    remove: FormAction<RemoveSentDocument>,
) -> impl IntoView {
    if choices.sent.is_empty() {
        return view! {
            <p class="muted small">"Nothing recorded yet. When you send the application, record the CV and letter: Careerhub keeps a copy exactly as they are then."</p>
        }
        .into_any();
    }
    view! {
        <ul class="sent-list">
            {choices.sent.into_iter().map(|copy| view! { <SentItem application copy remove /> }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn SentItem(
    application: ApplicationId,
    copy: SentDocument,
    remove: FormAction<RemoveSentDocument>,
) -> impl IntoView {
    let changes = match &copy.changed_since {
        None => "Its source was deleted; the copy stays.".to_owned(),
        Some(lines) if lines.is_empty() => "Unchanged since.".to_owned(),
        Some(lines) => {
            let changed = lines
                .iter()
                .filter(|line| !matches!(line, DiffLine::Same(_)))
                .count();
            careerhub_domain::counted(changed, "line changed since", "lines changed since")
        }
    };
    let what = if copy.kind == careerhub_domain::letters::SentKind::Cv {
        "the CV you sent"
    } else {
        "the letter you sent"
    };
    let diff = copy
        .changed_since
        .clone()
        .filter(|lines| !lines.is_empty())
        .map(|lines| {
            let shown: Vec<DiffLine> = lines
                .into_iter()
                .filter(|line| !matches!(line, DiffLine::Same(_)))
                .collect();
            view! {
                <details>
                    <summary class="small">"What changed since"</summary>
                    <Diff lines=shown />
                </details>
            }
        });
    view! {
        <li>
            <p>
                <strong>{copy.kind.label()}</strong>": "{copy.name.clone()}
                <span class="muted small">" · sent "{copy.sent_on.clone()}" · "{changes}</span>
            </p>
            <div class="button-row">
                <a class="button button-small" href=paths::sent_download(copy.id, CvFormat::Pdf) download="" aria-label=format!("Download {what} (PDF)")>
                    {format!("Download {what}")}
                </a>
                <a class="button button-small" href=paths::sent_download(copy.id, CvFormat::Docx) download="">"DOCX"</a>
            </div>
            {diff}
            <details class="small">
                <summary>"Remove this record"</summary>
                <ServerForm action=remove attr:class="form">
                    <input type="hidden" name="id" value=copy.id.to_string() />
                    <input type="hidden" name="application" value=application.to_string() />
                    <label class="checkbox">
                        <input type="checkbox" name="confirm" value="yes" required=true />
                        " Yes, remove the copy (to record another)."
                    </label>
                    <button class="button button-small button-danger" type="submit">"Remove"</button>
                </ServerForm>
            </details>
        </li>
    }
}

#[component]
fn SentForm(
    application: ApplicationId,
    choices: SentChoices,
    mark: FormAction<MarkSent>,
) -> impl IntoView {
    let has_cv = choices
        .sent
        .iter()
        .any(|copy| copy.kind == careerhub_domain::letters::SentKind::Cv);
    let has_letter = choices
        .sent
        .iter()
        .any(|copy| copy.kind == careerhub_domain::letters::SentKind::CoverLetter);
    if has_cv && has_letter {
        return ().into_any();
    }
    view! {
        <ServerForm action=mark attr:class="form">
            <input type="hidden" name="application" value=application.to_string() />
            {(!has_cv).then(|| view! {
                <div class="field">
                    <label for="sent-cv">"CV version sent"</label>
                    <select id="sent-cv" name="cv_version">
                        <option value="">"None"</option>
                        {choices.cv_versions.iter().map(|(id, name)| view! { <option value=id.to_string()>{name.clone()}</option> }).collect_view()}
                    </select>
                </div>
            })}
            {(!has_letter).then(|| view! {
                <div class="field">
                    <label for="sent-letter">"Cover letter sent"</label>
                    <select id="sent-letter" name="letter">
                        <option value="">"None"</option>
                        {choices.letters.iter().map(|(id, title)| view! { <option value=id.to_string()>{title.clone()}</option> }).collect_view()}
                    </select>
                </div>
            })}
            <button class="button button-primary" type="submit">"Record as sent"</button>
            <p class="small"><a href=paths::CVS>"CV versions"</a>" · "<a href=paths::LETTERS>"Cover letters"</a></p>
        </ServerForm>
    }
    .into_any()
}
