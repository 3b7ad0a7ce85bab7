//! DOCX through `docx-rs`: real Word styles (a heading style per section title, so Word's
//! navigation pane and ATS parsers see the structure), clickable links, the template's page size.

use careerhub_domain::cv::{CvDocument, CvItem, PageSize, Template};
use careerhub_domain::letters::LetterDocument;
use docx_rs::{
    BreakType, Docx, Hyperlink, HyperlinkType, LineSpacing, PageMargin, Paragraph, Run, RunFonts,
    SpecialIndentType, Style, StyleType, Tab, TabValueType,
};

use crate::service::Error;

const ACCENT: &str = "1F4E8C";

/// Half-points, as Word counts type sizes.
fn body_size(template: Template) -> usize {
    match template {
        Template::Classic => 22,
        Template::Modern => 20,
        Template::Compact => 17,
    }
}

fn font(template: Template) -> &'static str {
    match template {
        Template::Classic => "Cambria",
        Template::Modern | Template::Compact => "Calibri",
    }
}

fn text(text: &str) -> Run {
    Run::new().add_text(text)
}

fn link(url: &str, label: &str) -> Hyperlink {
    Hyperlink::new(url, HyperlinkType::External)
        .add_run(text(label).color(ACCENT).underline("single"))
}

fn spaced(paragraph: Paragraph, after: u32) -> Paragraph {
    paragraph.line_spacing(LineSpacing::new().before(0).after(after))
}

fn heading(title: &str) -> Paragraph {
    Paragraph::new().style("Heading1").add_run(text(title))
}

fn item(document: Docx, item: &CvItem, text_width: usize) -> Docx {
    // The dates sit against the right margin.
    let mut title = Paragraph::new()
        .add_tab(Tab::new().val(TabValueType::Right).pos(text_width))
        .add_run(text(&item.title).bold());
    if let Some(organisation) = &item.organisation {
        title = title.add_run(text(&format!(" — {organisation}")));
    }
    if let Some(span) = &item.span {
        title = title.add_run(Run::new().add_tab().add_text(span).italic());
    }
    let mut document = document.add_paragraph(spaced(title, 20));
    if let Some(subtitle) = &item.subtitle {
        document = document.add_paragraph(spaced(
            Paragraph::new().add_run(text(subtitle).italic()),
            40,
        ));
    }
    if let Some(description) = &item.description {
        for line in description.lines().filter(|line| !line.trim().is_empty()) {
            document = document.add_paragraph(spaced(Paragraph::new().add_run(text(line)), 40));
        }
    }
    for highlight in &item.highlights {
        document = document.add_paragraph(spaced(
            Paragraph::new()
                .indent(Some(360), Some(SpecialIndentType::Hanging(240)), None, None)
                .add_run(text(&format!("•\t{highlight}"))),
            20,
        ));
    }
    if !item.technologies.is_empty() {
        document = document.add_paragraph(spaced(
            Paragraph::new().add_run(text(&item.technologies.join(", ")).italic()),
            40,
        ));
    }
    if let Some(url) = &item.url {
        document =
            document.add_paragraph(spaced(Paragraph::new().add_hyperlink(link(url, url)), 40));
    }
    document.add_paragraph(spaced(Paragraph::new(), 60))
}

/// The document as a .docx file.
pub fn render(cv: &CvDocument) -> Result<Vec<u8>, Error> {
    let margin = if cv.template == Template::Compact {
        850
    } else {
        1134
    };
    let (document, text_width) = blank(
        cv.page_size,
        margin,
        font(cv.template),
        body_size(cv.template),
    );
    let mut document = document.add_style(
        Style::new("Heading1", StyleType::Paragraph)
            .name("Heading 1")
            .bold()
            .size(body_size(cv.template) + 4)
            .color(ACCENT)
            .outline_lvl(0),
    );

    let mut name = Paragraph::new().add_run(text(&cv.name).bold().size(body_size(cv.template) * 2));
    if cv.template != Template::Compact {
        name = name.align(docx_rs::AlignmentType::Center);
    }
    document = document.add_paragraph(name);
    if let Some(headline) = &cv.headline {
        document = document.add_paragraph(
            Paragraph::new()
                .align(docx_rs::AlignmentType::Center)
                .add_run(text(headline).size(body_size(cv.template) + 4)),
        );
    }
    let mut contact = Paragraph::new().align(docx_rs::AlignmentType::Center);
    let mut first = true;
    for part in &cv.contact {
        if !first {
            contact = contact.add_run(text(" · "));
        }
        contact = contact.add_run(text(part));
        first = false;
    }
    for cv_link in &cv.links {
        if !first {
            contact = contact.add_run(text(" · "));
        }
        contact = contact.add_hyperlink(link(&cv_link.url, &cv_link.text));
        first = false;
    }
    document = document.add_paragraph(contact);

    if let Some(summary) = &cv.summary {
        document = document.add_paragraph(heading("Summary"));
        for line in summary.lines().filter(|line| !line.trim().is_empty()) {
            document = document.add_paragraph(spaced(Paragraph::new().add_run(text(line)), 60));
        }
    }
    for section in &cv.sections {
        document = document.add_paragraph(heading(&section.title));
        for entry in &section.items {
            document = item(document, entry, text_width);
        }
    }
    if !cv.skills.is_empty() {
        document = document.add_paragraph(heading("Skills"));
        let mut skills = Paragraph::new();
        for (index, skill) in cv.skills.iter().enumerate() {
            if index > 0 {
                skills = skills.add_run(text(", "));
            }
            let run = text(&skill.name);
            skills = skills.add_run(if skill.highlighted { run.bold() } else { run });
        }
        document = document.add_paragraph(skills);
    }

    packed(document)
}

fn packed(document: Docx) -> Result<Vec<u8>, Error> {
    let mut bytes = std::io::Cursor::new(Vec::new());
    document
        .build()
        .pack(&mut bytes)
        .map_err(|err| Error::internal("writing a DOCX", err))?;
    Ok(bytes.into_inner())
}

/// An empty document on `size` paper with even margins (twips) and a default face and size
/// (half-points), and the width between the margins, for right-aligned tab stops.
fn blank(size: PageSize, margin: i32, face: &str, half_points: usize) -> (Docx, usize) {
    let (width, height) = match size {
        PageSize::A4 => (11906, 16838),
        PageSize::Letter => (12240, 15840),
    };
    let document = Docx::new()
        .page_size(width, height)
        .page_margin(
            PageMargin::new()
                .top(margin)
                .bottom(margin)
                .left(margin)
                .right(margin),
        )
        .default_fonts(RunFonts::new().ascii(face).hi_ansi(face))
        .default_size(half_points);
    (document, (width as i32 - 2 * margin) as usize)
}

/// A cover letter as a .docx file: the sender, date and recipient, then one paragraph per
/// paragraph of the text (its line breaks kept).
pub fn render_letter(letter: &LetterDocument) -> Result<Vec<u8>, Error> {
    let (document, _) = blank(letter.page_size, 1418, "Calibri", 21);
    let mut document = document
        .add_paragraph(Paragraph::new().add_run(text(&letter.sender).bold().size(34)))
        .add_paragraph(spaced(
            Paragraph::new().add_run(text(&letter.sender_lines.join(" · ")).size(18)),
            480,
        ));
    if let Some(recipient) = &letter.recipient {
        document = document.add_paragraph(spaced(Paragraph::new().add_run(text(recipient)), 0));
    }
    document = document.add_paragraph(spaced(Paragraph::new().add_run(text(&letter.date)), 360));
    for block in letter
        .body
        .split("\n\n")
        .filter(|block| !block.trim().is_empty())
    {
        let mut paragraph = Paragraph::new();
        for (index, line) in block.trim().lines().enumerate() {
            let run = if index > 0 {
                Run::new().add_break(BreakType::TextWrapping).add_text(line)
            } else {
                text(line)
            };
            paragraph = paragraph.add_run(run);
        }
        document = document.add_paragraph(spaced(paragraph, 200));
    }
    packed(document)
}
