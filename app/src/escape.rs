//! Leptos escapes text everywhere except in two places that it writes raw while rendering on the
//! server: the children of `<textarea>` (tachys marks the element raw text, like `<script>`) and
//! the document `<title>` that leptos_meta assembles. Both go through `raw_text_on_server`; in the
//! browser both are set as DOM text, so there it changes nothing and nothing is escaped twice.
//! The only markup written raw is JSON-LD ([`JsonLd`]) and a job posting's sanitised description
//! ([`SanitisedHtml`]).

/// `text` escaped for HTML when rendering on the server, unchanged in the browser.
pub fn raw_text_on_server(text: String) -> String {
    #[cfg(feature = "ssr")]
    {
        let mut escaped = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                '&' => escaped.push_str("&amp;"),
                '<' => escaped.push_str("&lt;"),
                '>' => escaped.push_str("&gt;"),
                // NUL is not allowed in HTML text at all; the parser would replace it anyway.
                '\0' => escaped.push('\u{FFFD}'),
                other => escaped.push(other),
            }
        }
        escaped
    }
    #[cfg(not(feature = "ssr"))]
    {
        text
    }
}

/// JSON made safe to sit inside a `<script>` element, whose text the HTML parser does not decode:
/// `<`, `>` and `&` (and the two line separators JavaScript once rejected) become JSON escapes,
/// so no value can close the element or open a comment. Still the same JSON to a JSON parser.
pub fn script_safe_json(json: &str) -> String {
    let mut safe = String::with_capacity(json.len());
    for c in json.chars() {
        match c {
            '<' => safe.push_str("\\u003c"),
            '>' => safe.push_str("\\u003e"),
            '&' => safe.push_str("\\u0026"),
            '\u{2028}' => safe.push_str("\\u2028"),
            '\u{2029}' => safe.push_str("\\u2029"),
            other => safe.push(other),
        }
    }
    safe
}

/// A JSON-LD block (structured data for search engines). The one element written with raw
/// content: `json` goes through [`script_safe_json`]. The injection crawl
/// (server/tests/it/injection.rs) stores its payloads in a profile, publishes it and parses this
/// block back: every payload must come out as a JSON string, never as markup.
#[leptos::component]
pub fn JsonLd(json: String) -> impl leptos::IntoView {
    use leptos::prelude::*;
    view! { <script type="application/ld+json" inner_html=script_safe_json(&json)></script> }
}

/// A job posting's description: HTML from a job board that ammonia cleaned when it was imported
/// (no scripts, handlers, unsafe links or images). The type says it went through the sanitiser.
#[leptos::component]
pub fn SanitisedHtml(
    html: careerhub_domain::jobs::SanitisedHtml,
    class: &'static str,
) -> impl leptos::IntoView {
    use leptos::prelude::*;
    view! { <div class=class inner_html=html.as_str().to_owned()></div> }
}

#[cfg(test)]
mod tests {
    /// Every `<textarea>` and `<Title formatter>` goes through this module: a new one written
    /// elsewhere would render untrusted text raw, so the source is checked here.
    #[test]
    fn raw_text_elements_are_only_written_by_their_one_component() {
        let root = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let mut offenders = Vec::new();
        visit(std::path::Path::new(root), &mut |path, text| {
            let name = path.to_string_lossy();
            if text.contains("<textarea") && !name.ends_with("components/form.rs") {
                offenders.push(format!(
                    "{name}: <textarea> outside components/form.rs TextArea"
                ));
            }
            if text.contains("formatter=") && !name.ends_with("src/lib.rs") {
                offenders.push(format!("{name}: a Title formatter outside App"));
            }
            // Spelled in two halves so this guard is not itself a hit of the same search.
            let raw_html = concat!("inner", "_html");
            if text.contains(raw_html) {
                offenders.push(format!("{name}: {raw_html}"));
            }
        });
        assert!(offenders.is_empty(), "{offenders:#?}");
    }

    fn visit(dir: &std::path::Path, check: &mut impl FnMut(&std::path::Path, &str)) {
        for entry in std::fs::read_dir(dir).expect("source directory") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                visit(&path, check);
            } else if path.extension().is_some_and(|ext| ext == "rs")
                && !path.ends_with("escape.rs")
            {
                check(&path, &std::fs::read_to_string(&path).expect("source"));
            }
        }
    }

    #[test]
    fn json_in_a_script_cannot_end_the_script() {
        let json = r#"{"name":"</script><script>alert(1)</script> & <!--"}"#;
        let safe = super::script_safe_json(json);
        assert!(!safe.contains('<') && !safe.contains('>') && !safe.contains('&'));
        assert_eq!(
            safe.replace("\\u003c", "<")
                .replace("\\u003e", ">")
                .replace("\\u0026", "&"),
            json
        );
    }

    #[cfg(feature = "ssr")]
    #[test]
    fn markup_becomes_text() {
        assert_eq!(
            super::raw_text_on_server("</textarea><b>&\0".into()),
            "&lt;/textarea&gt;&lt;b&gt;&amp;\u{FFFD}"
        );
    }
}
