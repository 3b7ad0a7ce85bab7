//! vCard 4.0 (RFC 6350) export of contacts. The format is small; what matters is escaping
//! (backslash, comma, semicolon, newline) and folding lines at 75 octets on character boundaries.

use careerhub_domain::tracker::ContactData;

/// One card per contact, CRLF line ends, ready to serve as text/vcard.
pub fn cards(contacts: &[ContactData]) -> String {
    let mut out = String::new();
    for contact in contacts {
        line(&mut out, "BEGIN:VCARD");
        line(&mut out, "VERSION:4.0");
        line(&mut out, &format!("UID:urn:uuid:{}", contact.id));
        line(&mut out, &format!("FN:{}", escape(&contact.full_name)));
        let (given, family) = split_name(&contact.full_name);
        line(
            &mut out,
            &format!("N:{};{};;;", escape(family), escape(given)),
        );
        if let Some(company) = &contact.company {
            line(&mut out, &format!("ORG:{}", escape(company)));
        }
        if let Some(role) = &contact.role_title {
            line(&mut out, &format!("TITLE:{}", escape(role)));
        }
        if let Some(email) = &contact.email {
            line(&mut out, &format!("EMAIL;TYPE=work:{}", escape(email)));
        }
        if let Some(phone) = &contact.phone {
            line(
                &mut out,
                &format!("TEL;VALUE=uri;TYPE=voice:tel:{}", tel_uri(phone)),
            );
        }
        if let Some(url) = &contact.profile_url {
            line(&mut out, &format!("URL:{}", escape(url)));
        }
        line(
            &mut out,
            &format!("CATEGORIES:{}", escape(contact.relationship.label())),
        );
        if let Some(notes) = &contact.notes {
            line(&mut out, &format!("NOTE:{}", escape(notes)));
        }
        line(
            &mut out,
            &format!("REV:{}", contact.updated_at.format("%Y%m%dT%H%M%SZ")),
        );
        line(&mut out, "END:VCARD");
    }
    out
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

fn escape(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\n' => out.push_str("\\n"),
            '\r' => {}
            other => out.push(other),
        }
    }
    out
}

/// Appends `content` folded into lines of at most 75 octets (continuations start with a space).
fn line(out: &mut String, content: &str) {
    let mut width = 0;
    for c in content.chars() {
        if width + c.len_utf8() > 75 {
            out.push_str("\r\n ");
            width = 1;
        }
        out.push(c);
        width += c.len_utf8();
    }
    out.push_str("\r\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_on_character_boundaries() {
        let mut out = String::new();
        line(&mut out, &format!("NOTE:{}", "é".repeat(100)));
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{physical:?}");
        }
        let unfolded = out.replace("\r\n ", "");
        assert_eq!(unfolded, format!("NOTE:{}\r\n", "é".repeat(100)));
    }

    #[test]
    fn special_characters_are_escaped() {
        assert_eq!(escape("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(split_name("Ada King Lovelace"), ("Ada King", "Lovelace"));
    }
}
