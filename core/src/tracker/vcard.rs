//! vCard 4.0 (RFC 6350) export of contacts, written through `ContentLines` (escaping, folding).

use careerhub_domain::tracker::ContactData;

use crate::content_lines::ContentLines;

/// One card per contact, CRLF line ends, ready to serve as text/vcard.
pub fn cards(contacts: &[ContactData]) -> String {
    let mut out = ContentLines::new();
    for contact in contacts {
        out.value("BEGIN", "VCARD").value("VERSION", "4.0");
        out.value("UID", &format!("urn:uuid:{}", contact.id));
        out.text("FN", &contact.full_name);
        let (given, family) = split_name(&contact.full_name);
        out.text_components("N", &[family, given, "", "", ""]);
        if let Some(company) = &contact.company {
            out.text("ORG", company);
        }
        if let Some(role) = &contact.role_title {
            out.text("TITLE", role);
        }
        if let Some(email) = &contact.email {
            out.text("EMAIL;TYPE=work", email);
        }
        if let Some(phone) = &contact.phone {
            out.value(
                "TEL;VALUE=uri;TYPE=voice",
                &format!("tel:{}", tel_uri(phone)),
            );
        }
        if let Some(url) = &contact.profile_url {
            out.value("URL", url);
        }
        out.text("CATEGORIES", contact.relationship.label());
        if let Some(notes) = &contact.notes {
            out.text("NOTE", notes);
        }
        out.value(
            "REV",
            &contact.updated_at.format("%Y%m%dT%H%M%SZ").to_string(),
        );
        out.value("END", "VCARD");
    }
    out.finish()
}

/// "Ada King Lovelace" → ("Ada King", "Lovelace"); a single word is the given name.
fn split_name(full: &str) -> (&str, &str) {
    match full.trim().rsplit_once(' ') {
        Some((given, family)) => (given.trim(), family.trim()),
        None => (full.trim(), ""),
    }
}

fn tel_uri(phone: &str) -> String {
    phone
        .chars()
        .filter(|c| c.is_ascii_digit() || *c == '+')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_split_at_the_last_space() {
        assert_eq!(split_name("Ada King Lovelace"), ("Ada King", "Lovelace"));
    }
}
