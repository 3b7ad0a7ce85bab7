//! The CV as Markdown and as plain text (for pasting into an application form).

use std::fmt::Write;

use careerhub_domain::cv::CvDocument;

/// `text` with every character Markdown could read as syntax escaped, so a person's "*" or
/// "[link](…)" prints as typed.
fn escaped(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if "\\`*_{}[]()<>#+-.!|~".contains(c) {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

pub fn markdown(cv: &CvDocument) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "# {}\n", escaped(&cv.name));
    if let Some(headline) = &cv.headline {
        let _ = writeln!(out, "**{}**\n", escaped(headline));
    }
    let mut contact: Vec<String> = cv.contact.iter().map(|part| escaped(part)).collect();
    contact.extend(cv.links.iter().map(|link| {
        format!(
            "[{}](<{}>)",
            escaped(&link.text),
            link.url.replace('>', "%3E")
        )
    }));
    if !contact.is_empty() {
        let _ = writeln!(out, "{}\n", contact.join(" · "));
    }
    if let Some(summary) = &cv.summary {
        let _ = writeln!(out, "## Summary\n\n{}\n", escaped(summary));
    }
    for section in &cv.sections {
        let _ = writeln!(out, "## {}\n", escaped(&section.title));
        for item in &section.items {
            let mut title = format!("### {}", escaped(&item.title));
            if let Some(organisation) = &item.organisation {
                let _ = write!(title, " — {}", escaped(organisation));
            }
            let _ = writeln!(out, "{title}\n");
            let meta: Vec<String> = [&item.span, &item.subtitle]
                .into_iter()
                .flatten()
                .map(|part| escaped(part))
                .collect();
            if !meta.is_empty() {
                let _ = writeln!(out, "*{}*\n", meta.join(" · "));
            }
            if let Some(description) = &item.description {
                let _ = writeln!(out, "{}\n", escaped(description));
            }
            for highlight in &item.highlights {
                let _ = writeln!(out, "- {}", escaped(highlight));
            }
            if !item.highlights.is_empty() {
                out.push('\n');
            }
            if !item.technologies.is_empty() {
                let _ = writeln!(out, "*{}*\n", escaped(&item.technologies.join(", ")));
            }
            if let Some(url) = &item.url {
                let _ = writeln!(out, "<{}>\n", url.replace('>', "%3E"));
            }
        }
    }
    if !cv.skills.is_empty() {
        let skills: Vec<String> = cv
            .skills
            .iter()
            .map(|skill| {
                if skill.highlighted {
                    format!("**{}**", escaped(&skill.name))
                } else {
                    escaped(&skill.name)
                }
            })
            .collect();
        let _ = writeln!(out, "## Skills\n\n{}", skills.join(", "));
    }
    out
}

pub fn plain(cv: &CvDocument) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "{}", cv.name);
    if let Some(headline) = &cv.headline {
        let _ = writeln!(out, "{headline}");
    }
    let mut contact = cv.contact.clone();
    contact.extend(
        cv.links
            .iter()
            .map(|link| format!("{}: {}", link.label, link.url)),
    );
    let _ = writeln!(out, "{}", contact.join(" | "));
    let heading = |out: &mut String, title: &str| {
        let _ = writeln!(
            out,
            "\n{}\n{}",
            title.to_uppercase(),
            "=".repeat(title.chars().count())
        );
    };
    if let Some(summary) = &cv.summary {
        heading(&mut out, "Summary");
        let _ = writeln!(out, "{summary}");
    }
    for section in &cv.sections {
        heading(&mut out, &section.title);
        for item in &section.items {
            let mut title = item.title.clone();
            if let Some(organisation) = &item.organisation {
                let _ = write!(title, ", {organisation}");
            }
            if let Some(span) = &item.span {
                let _ = write!(title, " ({span})");
            }
            let _ = writeln!(out, "{title}");
            for part in [&item.subtitle, &item.description].into_iter().flatten() {
                let _ = writeln!(out, "{part}");
            }
            for highlight in &item.highlights {
                let _ = writeln!(out, "  * {highlight}");
            }
            if !item.technologies.is_empty() {
                let _ = writeln!(out, "{}", item.technologies.join(", "));
            }
            if let Some(url) = &item.url {
                let _ = writeln!(out, "{url}");
            }
            out.push('\n');
        }
    }
    if !cv.skills.is_empty() {
        heading(&mut out, "Skills");
        let names: Vec<&str> = cv.skills.iter().map(|skill| skill.name.as_str()).collect();
        let _ = writeln!(out, "{}", names.join(", "));
    }
    out
}
