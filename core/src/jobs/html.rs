//! Descriptions arrive as HTML from sources we do not control: kept only as ammonia cleans it,
//! and read as plain text for search and skill matching.

use scraper::{Html, Node};

/// The description with only harmless markup left: no scripts, styles, event handlers or
/// `javascript:` links; links open without giving the page a handle on ours; no images, which
/// would tell a third party (a tracking pixel) who reads the posting and from where.
pub fn sanitise(html: &str) -> String {
    ammonia::Builder::default()
        .rm_tags(["img"])
        .url_schemes(["http", "https", "mailto"].into())
        .link_rel(Some("nofollow noopener noreferrer"))
        .clean(html)
        .to_string()
}

/// The text a description reads as: one line per block (paragraph, heading, list item, line
/// break), entities decoded, runs of spaces collapsed.
pub fn text(html: &str) -> String {
    const BLOCKS: &[&str] = &[
        "p",
        "div",
        "br",
        "li",
        "ul",
        "ol",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "tr",
        "section",
        "article",
        "header",
        "footer",
        "blockquote",
        "pre",
        "dt",
        "dd",
        "table",
        "hr",
    ];
    let fragment = Html::parse_fragment(html);
    let mut out = String::new();
    for edge in fragment.root_element().traverse() {
        match edge {
            ego_tree::iter::Edge::Open(node) => match node.value() {
                Node::Text(text) => out.push_str(text),
                Node::Element(element) if BLOCKS.contains(&element.name()) => {
                    out.push('\n');
                    if element.name() == "li" {
                        out.push_str("- ");
                    }
                }
                _ => {}
            },
            ego_tree::iter::Edge::Close(node) => {
                if let Node::Element(element) = node.value()
                    && BLOCKS.contains(&element.name())
                {
                    out.push('\n');
                }
            }
        }
    }
    out.lines()
        .map(|line| line.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|line| !line.is_empty() && line != "-")
        .collect::<Vec<_>>()
        .join("\n")
}

/// Text that arrives HTML-escaped (Greenhouse sends `&lt;p&gt;`): the markup it spells.
pub fn unescape(text: &str) -> String {
    Html::parse_fragment(text)
        .root_element()
        .text()
        .collect::<String>()
}

#[cfg(test)]
mod tests {
    #[test]
    fn scripts_and_handlers_are_removed_and_text_keeps_its_lines() {
        let html = r#"<h2>About</h2><p onclick="steal()">We &amp; you<script>alert(1)</script><img src="https://tracker.example/p.gif"></p>
            <ul><li>Rust</li><li><a href="javascript:alert(1)">PostgreSQL</a></li></ul>"#;
        let safe = super::sanitise(html);
        assert!(
            !safe.contains("script") && !safe.contains("onclick") && !safe.contains("javascript")
        );
        assert!(safe.contains("<li>Rust</li>"));
        assert_eq!(super::text(&safe), "About\nWe & you\n- Rust\n- PostgreSQL");
        assert_eq!(
            super::unescape("&lt;p&gt;Hi &amp;amp; bye&lt;/p&gt;"),
            "<p>Hi &amp; bye</p>"
        );
    }
}
