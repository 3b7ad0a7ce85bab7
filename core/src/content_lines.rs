//! Content lines, the text format shared by iCalendar (RFC 5545 §3.1) and vCard (RFC 6350 §3.2):
//! `NAME;PARAM=VALUE:value`, CRLF line ends, lines folded at 75 octets on character boundaries.
//!
//! Every value reaches the output through this writer, so untrusted text can only ever be text:
//! a TEXT value is escaped (backslash, semicolon, comma, and every line break — CRLF, a bare LF or a
//! bare CR — becomes `\n`), and control characters, which neither format allows in a value, are
//! dropped from values of every type. A value can therefore never end its line and start a
//! property or a component of its own.

#[derive(Debug, Default)]
pub struct ContentLines {
    out: String,
}

impl ContentLines {
    pub fn new() -> Self {
        Self::default()
    }

    /// A property whose value is TEXT (summaries, descriptions, names, notes).
    pub fn text(&mut self, name: &str, value: &str) -> &mut Self {
        let value = escape_text(value);
        self.line(name, &value)
    }

    /// A TEXT property of several components separated by `;` (vCard's `N`).
    pub fn text_components(&mut self, name: &str, components: &[&str]) -> &mut Self {
        let value = components
            .iter()
            .map(|component| escape_text(component))
            .collect::<Vec<_>>()
            .join(";");
        self.line(name, &value)
    }

    /// A property of another value type (dates, durations, URIs, keywords): written as given,
    /// without control characters.
    pub fn value(&mut self, name: &str, value: &str) -> &mut Self {
        let value: String = value.chars().filter(|c| !c.is_control()).collect();
        self.line(name, &value)
    }

    pub fn finish(self) -> String {
        self.out
    }

    fn line(&mut self, name: &str, value: &str) -> &mut Self {
        debug_assert!(
            name.bytes()
                .all(|b| b.is_ascii_alphanumeric() || b"-;=\"".contains(&b)),
            "property names and parameters are ours: {name}"
        );
        let mut width = 0;
        for c in name
            .chars()
            .chain(std::iter::once(':'))
            .chain(value.chars())
        {
            if width + c.len_utf8() > 75 {
                self.out.push_str("\r\n ");
                width = 1;
            }
            self.out.push(c);
            width += c.len_utf8();
        }
        self.out.push_str("\r\n");
        self
    }
}

/// RFC 5545 §3.3.11 / RFC 6350 §3.4 TEXT escaping, with every kind of line break as `\n`.
pub fn escape_text(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    let mut chars = value.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.push_str("\\\\"),
            ',' => out.push_str("\\,"),
            ';' => out.push_str("\\;"),
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push_str("\\n");
            }
            '\n' => out.push_str("\\n"),
            '\t' => out.push('\t'),
            c if c.is_control() => {}
            other => out.push(other),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_fold_on_character_boundaries() {
        let mut lines = ContentLines::new();
        lines.text("NOTE", &"é".repeat(100));
        let out = lines.finish();
        for physical in out.split("\r\n").filter(|l| !l.is_empty()) {
            assert!(physical.len() <= 75, "{physical:?}");
        }
        assert_eq!(
            out.replace("\r\n ", ""),
            format!("NOTE:{}\r\n", "é".repeat(100))
        );
    }

    #[test]
    fn text_cannot_end_its_line() {
        assert_eq!(escape_text("a,b;c\\d\ne"), "a\\,b\\;c\\\\d\\ne");
        assert_eq!(
            escape_text("x\rEND:VEVENT\r\nBEGIN:VEVENT\n\0y"),
            "x\\nEND:VEVENT\\nBEGIN:VEVENT\\ny"
        );
        let mut lines = ContentLines::new();
        lines.value("URL", "https://example.org/\r\nX-EVIL:1");
        assert_eq!(lines.finish(), "URL:https://example.org/X-EVIL:1\r\n");
    }
}
