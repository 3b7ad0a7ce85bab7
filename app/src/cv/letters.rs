//! Cover letters' and sent copies' server functions: parse the form, one call into
//! `careerhub_core::cv`, say where a plain form goes next.

use crate::data::PageDataEncoding;
use careerhub_domain::FormError;
use careerhub_domain::ids::{ApplicationId, LetterId, LetterTemplateId, SentDocumentId};
use careerhub_domain::letters::{
    DiffLine, LetterForm, LetterSummary, LetterTemplate, LetterTemplateForm, LetterView,
    NewLetterForm, SentChoices,
};
#[cfg(feature = "ssr")]
use careerhub_domain::paths;
use leptos::prelude::*;

#[cfg(feature = "ssr")]
use super::server::ssr;

/// Applications a letter can be for: (id, "Role at Company").
pub type ApplicationChoices = Vec<(ApplicationId, String)>;

#[server(prefix = "/api", endpoint = "letters", output = PageDataEncoding)]
pub async fn load_letters()
-> Result<(Vec<LetterSummary>, Vec<LetterTemplate>, ApplicationChoices), FormError> {
    let (cvs, owner) = ssr::context()?;
    let letters = cvs.letters(owner).await.map_err(ssr::error)?;
    let templates = cvs.letter_templates(owner).await.map_err(ssr::error)?;
    let applications = cvs.letter_applications(owner).await.map_err(ssr::error)?;
    Ok((letters, templates, applications))
}

#[server(prefix = "/api", endpoint = "create_letter")]
pub async fn create_letter(#[server(flatten)] form: NewLetterForm) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    let new = form.parse().map_err(ssr::invalid)?;
    let id = cvs.create_letter(owner, new).await.map_err(ssr::error)?;
    leptos_axum::redirect(&paths::letter(id));
    Ok(())
}

#[server(prefix = "/api", endpoint = "letter", output = PageDataEncoding)]
pub async fn load_letter(id: LetterId) -> Result<(LetterView, ApplicationChoices), FormError> {
    let (cvs, owner) = ssr::context()?;
    let view = cvs.letter(owner, id).await.map_err(ssr::error)?;
    let applications = cvs.letter_applications(owner).await.map_err(ssr::error)?;
    Ok((view, applications))
}

/// Saves the letter; changed text becomes its newest version.
#[server(prefix = "/api", endpoint = "save_letter")]
pub async fn save_letter(
    id: LetterId,
    #[server(flatten)] form: LetterForm,
) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    cvs.save_letter(owner, id, input)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&paths::letter(id));
    Ok(())
}

/// One version's text, and its comparison with version `with` when asked.
#[server(prefix = "/api", endpoint = "letter_version", output = PageDataEncoding)]
pub async fn load_letter_version(
    id: LetterId,
    number: i32,
    #[server(default)] with: Option<i32>,
) -> Result<(String, Option<Vec<DiffLine>>), FormError> {
    let (cvs, owner) = ssr::context()?;
    let body = cvs
        .letter_version(owner, id, number)
        .await
        .map_err(ssr::error)?;
    let diff = match with {
        Some(with) => Some(
            cvs.compare_letter_versions(owner, id, with, number)
                .await
                .map_err(ssr::error)?,
        ),
        None => None,
    };
    Ok((body, diff))
}

#[server(prefix = "/api", endpoint = "restore_letter_version")]
pub async fn restore_letter_version(id: LetterId, number: i32) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    cvs.restore_letter_version(owner, id, number)
        .await
        .map_err(ssr::error)?;
    leptos_axum::redirect(&paths::letter(id));
    Ok(())
}

#[server(prefix = "/api", endpoint = "delete_letter")]
pub async fn delete_letter(
    id: LetterId,
    #[server(default)] confirm: Option<String>,
) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    ssr::confirmed(confirm.as_deref())?;
    cvs.delete_letter(owner, id).await.map_err(ssr::error)?;
    leptos_axum::redirect(paths::LETTERS);
    Ok(())
}

#[server(prefix = "/api", endpoint = "create_letter_template")]
pub async fn create_letter_template(
    #[server(flatten)] form: LetterTemplateForm,
) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    cvs.create_letter_template(owner, input)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(paths::LETTER_TEMPLATES);
    Ok(())
}

#[server(prefix = "/api", endpoint = "update_letter_template")]
pub async fn update_letter_template(
    id: LetterTemplateId,
    #[server(flatten)] form: LetterTemplateForm,
) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    let input = form.parse().map_err(ssr::invalid)?;
    cvs.update_letter_template(owner, id, input)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(paths::LETTER_TEMPLATES);
    Ok(())
}

#[server(prefix = "/api", endpoint = "delete_letter_template")]
pub async fn delete_letter_template(
    id: LetterTemplateId,
    #[server(default)] confirm: Option<String>,
) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    ssr::confirmed(confirm.as_deref())?;
    cvs.delete_letter_template(owner, id)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(paths::LETTER_TEMPLATES);
    Ok(())
}

/// What the application page shows of what was sent, and what could be recorded.
#[server(prefix = "/api", endpoint = "sent_documents", output = PageDataEncoding)]
pub async fn load_sent_documents(application: ApplicationId) -> Result<SentChoices, FormError> {
    let (cvs, owner) = ssr::context()?;
    cvs.sent_documents(owner, application)
        .await
        .map_err(ssr::error)
}

/// Records the CV version and/or letter sent (copies, kept as they are now).
#[server(prefix = "/api", endpoint = "mark_sent")]
pub async fn mark_sent(
    application: ApplicationId,
    #[server(default)] cv_version: String,
    #[server(default)] letter: String,
) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    let unreadable = || ssr::invalid(FormError::unreadable());
    let cv_version = match cv_version.trim() {
        "" => None,
        id => Some(id.parse().map_err(|_| unreadable())?),
    };
    let letter = match letter.trim() {
        "" => None,
        id => Some(id.parse().map_err(|_| unreadable())?),
    };
    cvs.mark_sent(owner, application, cv_version, letter)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&format!("{}#sent", paths::application(application)));
    Ok(())
}

#[server(prefix = "/api", endpoint = "remove_sent_document")]
pub async fn remove_sent_document(
    id: SentDocumentId,
    application: ApplicationId,
    #[server(default)] confirm: Option<String>,
) -> Result<(), FormError> {
    let (cvs, owner) = ssr::context()?;
    ssr::confirmed(confirm.as_deref())?;
    cvs.remove_sent_document(owner, id)
        .await
        .map_err(ssr::error)?;
    ssr::back_to_page(&format!("{}#sent", paths::application(application)));
    Ok(())
}
