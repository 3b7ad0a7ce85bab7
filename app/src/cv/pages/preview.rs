//! A CV version as HTML: what the PDF prints, laid out like its template, and what a browser
//! prints (the print style sheet hides everything else). Every string is text, escaped by the
//! view macro like all page text.

use careerhub_domain::cv::{CvDocument, CvFormat, CvItem, Template};
use careerhub_domain::ids::CvVersionId;
use careerhub_domain::paths;
use leptos::prelude::*;
use leptos_meta::Title;

use crate::components::load::{Load, Missing, Protected, Record};
use crate::cv::server::load_cv_document;
use crate::data::page_data;
use crate::tracker::components::id_param;

#[component]
pub fn CvPreviewPage() -> impl IntoView {
    let id = id_param::<CvVersionId>();
    view! {
        <Title text="CV preview" />
        <section class="container cv-preview-page">
            <Protected next=paths::CVS>
                {move || match id() {
                    Some(id) => view! { <Preview id /> }.into_any(),
                    None => view! { <Missing what="CV version" back=paths::CVS /> }.into_any(),
                }}
            </Protected>
        </section>
    }
}

#[component]
fn Preview(id: CvVersionId) -> impl IntoView {
    let document = page_data(move || id, load_cv_document);
    view! {
        <div class="page-head no-print">
            <a href=paths::cv_version(id)>"← Edit this version"</a>
            <div class="button-row">
                <a class="button button-primary" href=paths::cv_download(id, CvFormat::Pdf) download="">"Download PDF"</a>
                <a class="button" href=paths::cv_download(id, CvFormat::Docx) download="">"Download DOCX"</a>
            </div>
        </div>
        <Load data=document record=Record { what: "CV version", back: paths::CVS } let:cv>
            <Paper cv />
        </Load>
    }
}

#[component]
fn Paper(cv: CvDocument) -> impl IntoView {
    let class = format!(
        "cv-paper cv-{} cv-{}",
        cv.template.as_str(),
        cv.page_size.as_str()
    );
    let two_columns = cv.template == Template::Modern;
    let (side, main): (Vec<_>, Vec<_>) = cv
        .sections
        .iter()
        .cloned()
        .partition(|section| two_columns && section.key == "language");
    let contact = view! {
        <p class="cv-contact">
            {cv.contact.iter().map(|part| view! { <span>{part.clone()}</span> }).collect_view()}
            {cv.links.iter().map(|link| view! {
                <a href=link.url.clone() rel="nofollow noopener">{link.text.clone()}</a>
            }).collect_view()}
        </p>
    };
    let skills = (!cv.skills.is_empty()).then(|| {
        view! {
            <section class="cv-section">
                <h2>"Skills"</h2>
                <p class="cv-skills-line">
                    {cv.skills.iter().map(|skill| if skill.highlighted {
                        view! { <strong>{skill.name.clone()}</strong> }.into_any()
                    } else {
                        view! { <span>{skill.name.clone()}</span> }.into_any()
                    }).collect_view()}
                </p>
            </section>
        }
    });
    let summary = cv.summary.clone().map(|summary| view! {
        <section class="cv-section">
            <h2>{if two_columns { "Profile" } else { "Summary" }}</h2>
            {summary.lines().filter(|line| !line.trim().is_empty()).map(|line| view! { <p>{line.to_owned()}</p> }).collect_view()}
        </section>
    });
    let sections = move |sections: Vec<careerhub_domain::cv::CvSection>| {
        sections.into_iter().map(|section| view! {
            <section class="cv-section">
                <h2>{section.title.clone()}</h2>
                {section.items.into_iter().map(|item| view! { <Item item /> }).collect_view()}
            </section>
        }).collect_view()
    };
    let header = view! {
        <header class="cv-header">
            <h1>{cv.name.clone()}</h1>
            {cv.headline.clone().map(|headline| view! { <p class="cv-headline">{headline}</p> })}
        </header>
    };
    if two_columns {
        view! {
            <article class=class aria-label="CV preview">
                <aside class="cv-side">
                    {header}
                    <section class="cv-section"><h2>"Contact"</h2>{contact}</section>
                    {skills}
                    {sections(side)}
                </aside>
                <div class="cv-main">
                    {summary}
                    {sections(main)}
                </div>
            </article>
        }
        .into_any()
    } else {
        view! {
            <article class=class aria-label="CV preview">
                {header}
                {contact}
                {summary}
                {sections(main)}
                {skills}
            </article>
        }
        .into_any()
    }
}

#[component]
fn Item(item: CvItem) -> impl IntoView {
    view! {
        <div class="cv-item">
            <div class="cv-item-head">
                <span>
                    <strong>{item.title.clone()}</strong>
                    {item.organisation.clone().map(|organisation| format!(" — {organisation}"))}
                </span>
                {item.span.clone().map(|span| view! { <span class="cv-span">{span}</span> })}
            </div>
            {item.subtitle.clone().map(|subtitle| view! { <p class="cv-subtitle">{subtitle}</p> })}
            {item.description.clone().map(|description| view! { <p>{description}</p> })}
            {(!item.highlights.is_empty()).then(|| view! {
                <ul>{item.highlights.iter().map(|line| view! { <li>{line.clone()}</li> }).collect_view()}</ul>
            })}
            {(!item.technologies.is_empty()).then(|| view! {
                <p class="cv-technologies">{item.technologies.join(", ")}</p>
            })}
            {item.url.clone().map(|url| view! { <p><a href=url.clone() rel="nofollow noopener">{url.clone()}</a></p> })}
        </div>
    }
}
