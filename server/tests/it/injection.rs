//! Untrusted text is only ever text (docs/security.md, D.16a).
//!
//! A table of payloads goes through every form of every page, found by crawling: the pages come
//! from the app's own route list (record pages through the links the crawl finds), the forms and
//! their fields from the HTML. A new page, form or field is therefore in the table from its first
//! commit, with nothing to register. Each form is sent twice without JavaScript:
//! - "stored": free-text fields carry payloads and the rest keeps its defaults, so the record is
//!   saved and the payloads come back in pages, titles and every export format;
//! - "echoed": every field carries a payload, so the form fails and its values come back through
//!   the signed error redirect.
//!
//! Every page is then read with a real HTML parser (html5ever, as browsers parse) and must hold no
//! element, attribute or meta tag from a payload; the exports are read with real iCalendar, vCard
//! and CSV parsers; an email with payloads in it is parsed as HTML too. Forged error payloads in a
//! URL (the reported attack) and another browser's signed ones are dropped.

use std::collections::{BTreeMap, BTreeSet};

use careerhub_domain::profile::ProfileView;
use careerhub_domain::tracker::NotificationSettings;
use scraper::{Html, Selector};

use crate::harness::{PASSWORD, Visitor, db_conn, signed_up, spawn_app, wait_for_mail};

/// Each one tries to leave the text it is written into: an element, a raw-text element, an
/// attribute, a URL, a property line of ICS/vCard, a spreadsheet formula.
const PAYLOADS: &[&str] = &[
    "</textarea></form><form id=\"pwn-form\" action=\"/api/move_application\" method=\"post\"><button>Continue</button></form>",
    "T</title><meta http-equiv=\"refresh\" content=\"0;url=https://evil.example/\">",
    "\"><svg id=\"pwn-svg\" onload=\"alert(1)\"></svg>",
    "'><img id=\"pwn-img\" src=\"x\" onerror=\"alert(1)\">",
    "javascript:alert(document.domain)",
    "</script><script id=\"pwn-script\">alert(1)</script>",
    "nul\0byte",
    "bare\rEND:VEVENT\rBEGIN:VEVENT\rSUMMARY:injected-bare-cr",
    "crlf\r\nX-INJECTED:1\r\nNOTE:injected",
    "=HYPERLINK(\"https://evil.example\",\"x\")",
];

/// Forms the crawl does not send: they end the visitor's session or delete what the crawl needs
/// (the rest of the destructive forms need a ticked box, which the crawl never ticks).
fn skipped(action: &str) -> bool {
    [
        "/api/sign_out",
        "/api/revoke_other_sessions",
        "/api/revoke_session",
        "/api/delete_account",
    ]
    .contains(&action)
}

#[derive(Debug, Clone)]
struct FormField {
    name: String,
    kind: String,
    value: String,
}

#[derive(Debug, Clone)]
struct PageForm {
    action: String,
    fields: Vec<FormField>,
}

/// What a person could type in (a field whose value the server keeps as text).
fn free_text(field: &FormField) -> bool {
    matches!(field.kind.as_str(), "text" | "search" | "textarea")
}

/// A valid value for a typed field left empty, so the stored pass saves its record.
fn valid_example(kind: &str) -> &'static str {
    match kind {
        "date" => "2030-07-01",
        "datetime-local" => "2030-07-01T10:00",
        "number" => "30",
        "email" => "someone@example.org",
        "url" => "https://example.org/page",
        "tel" => "+49 30 123456",
        _ => "",
    }
}

fn forms_of(html: &str) -> Vec<PageForm> {
    let document = Html::parse_document(html);
    let forms = Selector::parse("form").unwrap();
    let fields = Selector::parse("input[name], textarea[name], select[name]").unwrap();
    let options = Selector::parse("option").unwrap();
    document
        .select(&forms)
        .filter(|form| {
            form.value()
                .attr("method")
                .is_some_and(|method| method.eq_ignore_ascii_case("post"))
        })
        .filter_map(|form| {
            let action = form.value().attr("action")?.to_owned();
            let fields = form
                .select(&fields)
                // A browser sends a box only when it is ticked; the crawl never ticks one.
                .filter(|field| {
                    let element = field.value();
                    !matches!(element.attr("type"), Some("checkbox" | "radio"))
                        || element.attr("checked").is_some()
                })
                .map(|field| {
                    let element = field.value();
                    let kind = match element.name() {
                        "input" => element.attr("type").unwrap_or("text").to_owned(),
                        other => other.to_owned(),
                    };
                    let value = match element.name() {
                        "select" => field
                            .select(&options)
                            .find(|option| option.value().attr("selected").is_some())
                            .or_else(|| field.select(&options).nth(1))
                            .or_else(|| field.select(&options).next())
                            .and_then(|option| option.value().attr("value"))
                            .unwrap_or_default()
                            .to_owned(),
                        "textarea" => field.text().collect(),
                        _ => element.attr("value").unwrap_or_default().to_owned(),
                    };
                    FormField {
                        name: element.attr("name").unwrap_or_default().to_owned(),
                        kind,
                        value,
                    }
                })
                .collect();
            Some(PageForm { action, fields })
        })
        .collect()
}

fn links_of(html: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let links = Selector::parse("a[href]").unwrap();
    document
        .select(&links)
        .filter_map(|link| link.value().attr("href"))
        .filter(|href| href.starts_with('/') && !href.starts_with("//"))
        .map(|href| href.split('#').next().unwrap_or_default().to_owned())
        .collect()
}

/// What the payloads must never become in a page: an element, an event handler, a meta refresh,
/// a script URL. Returns what was found.
fn markup_from_payloads(html: &str) -> Vec<String> {
    let document = Html::parse_document(html);
    let mut found = Vec::new();
    let everything = Selector::parse("*").unwrap();
    for element in document.select(&everything) {
        let value = element.value();
        if value.id().is_some_and(|id| id.starts_with("pwn")) {
            found.push(format!(
                "an element from a payload: <{} id={:?}>",
                value.name(),
                value.id()
            ));
        }
        for (name, text) in value.attrs() {
            if name.starts_with("on") {
                found.push(format!(
                    "an event handler: <{} {name}={text:?}>",
                    value.name()
                ));
            }
            if matches!(name, "href" | "src" | "action" | "formaction")
                && text
                    .trim_start()
                    .to_ascii_lowercase()
                    .starts_with("javascript:")
            {
                found.push(format!("a script URL: <{} {name}={text:?}>", value.name()));
            }
        }
        if value.name() == "meta" && value.attr("http-equiv").is_some() {
            found.push("a <meta http-equiv>".into());
        }
    }
    let titles = Selector::parse("head > title").unwrap();
    if document.select(&titles).count() > 1 {
        found.push("more than one <title>".into());
    }
    found
}

/// Every value a form shows (inputs and textareas), as the browser reads them.
fn shown_values(html: &str) -> BTreeSet<String> {
    let document = Html::parse_document(html);
    let inputs = Selector::parse("input[value]").unwrap();
    let areas = Selector::parse("textarea").unwrap();
    document
        .select(&inputs)
        .filter_map(|input| input.value().attr("value").map(str::to_owned))
        .chain(document.select(&areas).map(|area| area.text().collect()))
        .collect()
}

/// A browser's trip through the site: every page it saw, with what it was checked for.
struct Crawl {
    visitor: Visitor,
    seen: BTreeMap<String, String>,
    sent: BTreeSet<String>,
    echoes: usize,
    problems: Vec<String>,
}

impl Crawl {
    fn new(visitor: Visitor) -> Self {
        Self {
            visitor,
            seen: BTreeMap::new(),
            sent: BTreeSet::new(),
            echoes: 0,
            problems: Vec::new(),
        }
    }

    async fn page(&mut self, path: &str) -> Option<String> {
        let reply = self.visitor.get(path).await;
        if reply.status >= 500 {
            self.problems.push(format!("GET {path}: {}", reply.status));
        }
        if reply.status >= 300 && reply.status < 400 {
            return None;
        }
        for found in markup_from_payloads(&reply.body) {
            self.problems.push(format!("GET {path}: {found}"));
        }
        self.seen.insert(path.to_owned(), reply.body.clone());
        Some(reply.body)
    }

    /// Sends `fields` from the form on `page` and checks where the browser lands. A stored
    /// submission that fails is sent once more with the fields it complained about left empty
    /// (a salary is typed as text, but a payload is not a number).
    async fn send(
        &mut self,
        page: &str,
        form: &PageForm,
        fields: Vec<(String, String)>,
        echo: bool,
    ) {
        let mut reply = self.visitor.submit_from(page, &form.action, &fields).await;
        if !echo && let Some(error) = reply.form_error() {
            let flagged: BTreeSet<String> = error["fields"]
                .as_object()
                .map(|fields| fields.keys().cloned().collect())
                .unwrap_or_default();
            let retried: Vec<(String, String)> = fields
                .iter()
                .map(|(name, value)| {
                    let value = if flagged.contains(name) {
                        String::new()
                    } else {
                        value.clone()
                    };
                    (name.clone(), value)
                })
                .collect();
            reply = self.visitor.submit_from(page, &form.action, &retried).await;
        }
        if reply.status >= 500 {
            self.problems.push(format!(
                "POST {} from {page}: {}",
                form.action, reply.status
            ));
            return;
        }
        if std::env::var_os("INJECTION_TRACE").is_some() {
            eprintln!(
                "{} {} {} -> {} {:?}",
                if echo { "echo" } else { "store" },
                page,
                form.action,
                reply.status,
                reply.form_error().map(|e| e.to_string())
            );
        }
        let location = reply.location().to_owned();
        if location.is_empty() {
            return;
        }
        let location = if location.starts_with('/') {
            location
        } else {
            self.problems.push(format!(
                "{} redirected to an absolute address: {location}",
                form.action
            ));
            match location
                .split_once("://")
                .and_then(|(_, rest)| rest.find('/').map(|at| rest[at..].to_owned()))
            {
                Some(path) => path,
                None => return,
            }
        };
        let Some(body) = self.page(&location).await else {
            return;
        };
        if echo && location.contains("__err=") {
            let typed: BTreeSet<&str> = fields
                .iter()
                .filter(|(name, _)| !name.contains("password"))
                .map(|(_, value)| value.as_str())
                .collect();
            // The form came back with what was typed, as text (NUL is not valid in HTML text and
            // becomes U+FFFD; a bare CR in a value is read as LF).
            if shown_values(&body)
                .iter()
                .any(|shown| typed.contains(shown.as_str()))
            {
                self.echoes += 1;
            }
        }
    }

    /// Sends every form of `path` twice (stored, then echoed).
    async fn fill_forms_of(&mut self, path: &str) {
        let Some(body) = self.page(path).await else {
            return;
        };
        for form in forms_of(&body) {
            if skipped(&form.action) || !form.action.starts_with("/api/") {
                continue;
            }
            // Once per server function and record (a form in the header is on every page).
            let record = form
                .fields
                .iter()
                .find(|field| field.kind == "hidden" && field.value.len() == 36)
                .map(|field| field.value.clone())
                .unwrap_or_default();
            if !self.sent.insert(format!("{} {record}", form.action)) {
                continue;
            }
            let payload = |index: usize| PAYLOADS[index % PAYLOADS.len()].to_owned();
            let stored = form
                .fields
                .iter()
                .enumerate()
                .map(|(index, field)| {
                    let value = if !field.value.is_empty() {
                        field.value.clone()
                    } else if free_text(field) {
                        payload(index)
                    } else {
                        valid_example(&field.kind).to_owned()
                    };
                    (field.name.clone(), value)
                })
                .collect();
            self.send(path, &form, stored, false).await;
            let echoed = form
                .fields
                .iter()
                .enumerate()
                .map(|(index, field)| {
                    let value = if field.kind == "hidden" {
                        field.value.clone()
                    } else {
                        payload(index + 1)
                    };
                    (field.name.clone(), value)
                })
                .collect();
            self.send(path, &form, echoed, true).await;
        }
    }

    /// Every page of the route list, then the record pages their links lead to.
    async fn everything(&mut self) {
        let static_pages: Vec<String> = careerhub_server::routes::page_paths()
            .into_iter()
            .filter(|path| !path.contains('{') && !path.contains(':'))
            .collect();
        assert!(static_pages.len() >= 15, "{static_pages:?}");
        for path in &static_pages {
            self.fill_forms_of(path).await;
        }
        for path in &static_pages {
            self.page(path).await;
        }
        // A record's page ends in its id: /contacts/{id}, /profile/entries/{id}.
        let record_page = |href: &str| {
            let segments: Vec<&str> = href.trim_start_matches('/').split('/').collect();
            (2..=3).contains(&segments.len()) && segments.last().is_some_and(|id| id.len() == 36)
        };
        let mut records: Vec<String> = self
            .seen
            .values()
            .flat_map(|body| links_of(body))
            .filter(|href| record_page(href))
            .collect::<BTreeSet<_>>()
            .into_iter()
            .collect();
        records.truncate(40);
        for path in &records {
            self.fill_forms_of(path).await;
        }
        // Read every page again: what the forms stored shows everywhere now.
        for path in static_pages.iter().chain(&records) {
            self.page(path).await;
        }
    }
}

/// Every string in a JSON document.
fn strings(value: &serde_json::Value, found: &mut Vec<String>) {
    match value {
        serde_json::Value::String(text) => found.push(text.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|item| strings(item, found)),
        serde_json::Value::Object(map) => map.values().for_each(|item| strings(item, found)),
        _ => {}
    }
}

fn forged_error(values: &[(&str, &str)]) -> String {
    use base64::Engine;
    let values: serde_json::Map<String, serde_json::Value> = values
        .iter()
        .map(|(name, value)| ((*name).to_owned(), serde_json::json!(value)))
        .collect();
    let error = serde_json::json!({
        "message": "Session check: click Continue to keep your changes",
        "fields": {}, "values": values, "retry_after": null,
    });
    base64::engine::general_purpose::URL_SAFE.encode(error.to_string())
}

#[tokio::test]
async fn payloads_in_every_form_stay_text_in_every_page_and_export() {
    let app = spawn_app().await;

    // Anonymous pages (sign-in, sign-up, reset) first.
    let mut anonymous = Crawl::new(Visitor::new(&app));
    for path in [
        "/signin",
        "/signup",
        "/forgot-password",
        "/reset-password",
        "/",
    ] {
        anonymous.fill_forms_of(path).await;
    }

    let (visitor, _) = signed_up(&app).await;
    let mut crawl = Crawl::new(visitor);
    crawl.everything().await;

    // The public profile page, made public, shows what the crawl stored in the profile: as text
    // in the page, and as JSON (not markup) in its JSON-LD.
    let editor = crawl
        .visitor
        .call("/api/profile", &[])
        .await
        .page_data::<(ProfileView, Option<String>)>();
    let slug = editor[0]["publishing"]["slug"]
        .as_str()
        .expect("the profile's address")
        .to_owned();
    let published = crawl
        .visitor
        .submit(
            "/api/save_profile_publishing",
            &[("slug", slug.as_str()), ("visibility", "public")],
        )
        .await;
    assert_eq!(published.status, 302, "{:?}", published.form_error());
    let public = crawl
        .page(&format!("/p/{slug}"))
        .await
        .expect("the public profile page");
    let document = Html::parse_document(&public);
    let json_ld: Vec<String> = document
        .select(&Selector::parse(r#"script[type="application/ld+json"]"#).unwrap())
        .map(|script| script.inner_html())
        .collect();
    assert_eq!(json_ld.len(), 1, "one JSON-LD block");
    let person: serde_json::Value = serde_json::from_str(&json_ld[0]).expect("valid JSON-LD");
    assert_eq!(person["@type"], "Person");
    let mut texts = Vec::new();
    strings(&person, &mut texts);
    assert!(
        texts
            .iter()
            .any(|text| text.contains("<svg id=\"pwn-svg\"") || text.contains("</script>")),
        "the stored payloads reach the JSON-LD as JSON strings: {texts:?}"
    );

    eprintln!(
        "crawl: {} pages, {} forms sent twice, {} echoed the payloads back; anonymous: {} forms, {} echoed",
        crawl.seen.len(),
        crawl.sent.len(),
        crawl.echoes,
        anonymous.sent.len(),
        anonymous.echoes
    );
    let mut problems = anonymous.problems;
    problems.extend(crawl.problems.iter().cloned());
    assert!(problems.is_empty(), "{problems:#?}");
    // The crawl really did reach the forms: records were stored and errors came back with values.
    assert!(
        crawl.seen.len() >= 20,
        "pages seen: {:?}",
        crawl.seen.keys()
    );
    assert!(
        crawl.echoes >= 10,
        "forms that showed typed payloads back: {}",
        crawl.echoes
    );
    assert!(
        anonymous.echoes >= 2,
        "anonymous forms echoed: {}",
        anonymous.echoes
    );
    let stored_titles = crawl
        .seen
        .values()
        .filter(|body| body.contains("T&lt;/title&gt;&lt;meta http-equiv"))
        .count();
    assert!(stored_titles > 0, "a stored payload reached a page as text");
    let mut visitor = crawl.visitor;

    // Exports: each read back by a parser of its format.
    use diesel::RunQueryDsl;
    let mut conn = db_conn(&app);
    #[derive(diesel::QueryableByName)]
    struct Count {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let count = |conn: &mut diesel::PgConnection, sql: &str| {
        diesel::sql_query(sql).get_result::<Count>(conn).unwrap().n
    };
    let contacts = count(&mut conn, "SELECT count(*) AS n FROM contacts");
    assert!(contacts > 0, "the crawl stored a contact");

    let cards = visitor.get("/export/contacts.vcf").await;
    assert_eq!(cards.status, 200);
    let parsed: Vec<_> = ical::VcardParser::new(cards.body.as_bytes())
        .collect::<Result<_, _>>()
        .expect("valid vCards");
    assert_eq!(
        parsed.len() as i64,
        contacts,
        "one card per contact, none injected"
    );
    for card in &parsed {
        for property in &card.properties {
            assert!(
                !property.name.starts_with("X-INJECTED") && property.name != "SUMMARY",
                "a property from a payload: {property:?}"
            );
        }
    }

    let rotated = visitor.call("/api/rotate_calendar_feed", &[]).await;
    assert_eq!(rotated.status, 200);
    let settings = visitor
        .call("/api/notification_settings", &[])
        .await
        .page_data::<NotificationSettings>();
    let feed = settings["calendar_url"]
        .as_str()
        .expect("the new address")
        .to_owned();
    let ics = app
        .get(feed.trim_start_matches(&app.base_url))
        .await
        .text()
        .await
        .unwrap();
    let calendar = ical::IcalParser::new(ics.as_bytes())
        .next()
        .expect("a calendar")
        .expect("a valid calendar");
    let interviews = count(&mut conn, "SELECT count(*) AS n FROM interviews");
    let follow_ups = count(
        &mut conn,
        "SELECT (SELECT count(*) FROM applications WHERE follow_up_on IS NOT NULL \
         AND status NOT IN ('accepted','rejected','withdrawn')) \
         + (SELECT count(*) FROM contacts WHERE next_follow_up_on IS NOT NULL) AS n",
    );
    assert_eq!(
        calendar.events.len() as i64,
        interviews + follow_ups,
        "one event per interview and follow-up, none injected:\n{ics}"
    );
    assert!(interviews > 0, "the crawl stored an interview");
    for event in &calendar.events {
        for property in &event.properties {
            assert!(
                !property.name.starts_with("X-INJECTED") && property.name != "NOTE",
                "a property from a payload: {property:?}"
            );
            if property.name == "SUMMARY" {
                assert!(
                    !property
                        .value
                        .as_deref()
                        .unwrap_or_default()
                        .starts_with("injected"),
                    "an event from a payload: {property:?}"
                );
            }
        }
    }
    for line in ics.split("\r\n") {
        assert!(
            !line.contains('\r') && !line.contains('\n'),
            "a bare line break: {line:?}"
        );
    }

    for file in ["applications.csv", "contacts.csv", "learning.csv"] {
        let csv = visitor.get(&format!("/export/{file}")).await;
        assert_eq!(csv.status, 200);
        let mut reader = csv::Reader::from_reader(csv.body.as_bytes());
        let rows = reader
            .records()
            .collect::<Result<Vec<_>, _>>()
            .expect("valid CSV");
        assert!(!rows.is_empty(), "{file} has the crawl's rows");
        for cell in rows.iter().flat_map(|row| row.iter()) {
            assert!(
                !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
                "{file}: a cell a spreadsheet would run: {cell:?}"
            );
        }
    }

    // Email: a name full of markup, in the HTML part of a real message.
    let mut someone = Visitor::new(&app);
    let address = format!("inj-{}@example.org", uuid::Uuid::now_v7().simple());
    let reply = someone
        .submit(
            "/api/sign_up",
            &[
                ("email", &address),
                ("display_name", "\"><svg id=\"pwn-svg\" onload=\"alert(1)\"></svg></title><meta http-equiv=\"refresh\" content=\"0\">"),
                ("password", PASSWORD),
                ("invite", ""),
            ],
        )
        .await;
    assert_eq!(reply.status, 302, "{:?}", reply.form_error());
    wait_for_mail(&app, &address, 1).await;
    let message = app
        .smtp
        .messages()
        .into_iter()
        .find(|mail| mail.to.iter().any(|to| to == &address))
        .expect("the verification email");
    let parsed = mail_parser::MessageParser::default()
        .parse(message.data.as_bytes())
        .expect("a message");
    let html = parsed.body_html(0).expect("an HTML part");
    assert!(html.contains("&lt;svg"), "the name is in the email as text");
    assert_eq!(markup_from_payloads(&html), Vec::<String>::new());
}

/// The reported attack: a link whose `__err` puts a form into a signed-in victim's page. Forged,
/// or signed for another browser, the payload is dropped before the page renders.
#[tokio::test]
async fn forged_form_errors_in_a_link_are_dropped() {
    let app = spawn_app().await;
    let (mut victim, _) = signed_up(&app).await;
    let attack = PAYLOADS[0];
    let link = format!(
        "/applications/new?__path=/api/create_application&__err={}",
        forged_error(&[("notes", attack), ("company", "Acme")])
    );
    let reply = victim.get(&link).await;
    assert_eq!(reply.status, 303, "a forged payload is redirected away");
    assert_eq!(reply.location(), "/applications/new");
    let page = victim.get(reply.location()).await;
    assert!(!page.body.contains("Session check"), "no forged message");
    assert_eq!(markup_from_payloads(&page.body), Vec::<String>::new());

    // A real failed form, signed for the attacker's browser, does not work in the victim's.
    let (mut attacker, _) = signed_up(&app).await;
    let failed = attacker
        .submit_from(
            "/applications/new",
            "/api/create_application",
            &[
                ("company".to_owned(), String::new()),
                ("role_title".to_owned(), "x".to_owned()),
                ("notes".to_owned(), attack.to_owned()),
                ("status".to_owned(), "wishlist".to_owned()),
            ],
        )
        .await;
    let signed = failed.location().to_owned();
    assert!(signed.contains("__sig="), "{signed}");
    let shown = attacker.get(&signed).await;
    assert_eq!(
        shown.status, 200,
        "the attacker's own browser sees its error"
    );
    assert!(
        shown_values(&shown.body).contains(attack),
        "typed text comes back as text"
    );
    assert_eq!(markup_from_payloads(&shown.body), Vec::<String>::new());
    let replayed = victim.get(&signed).await;
    assert_eq!(
        replayed.status, 303,
        "another browser's signature is not this one's"
    );

    // A forged Referer does not send the browser off the site.
    let reply = victim
        .submit_with_referer(
            "https://evil.example/phish",
            "/api/create_application",
            &[("company".to_owned(), String::new())],
        )
        .await;
    assert_eq!(reply.status, 302);
    assert!(reply.location().starts_with('/'), "{}", reply.location());
}

/// Job postings come from feeds nobody here wrote: every payload, as a feed's title, company,
/// location and HTML description, goes through the importer's own path (`add_own` stores exactly
/// what an import stores) and must come out of the search page and the posting's page (whose
/// description is the one sanitised HTML a page writes as markup) with nothing executable. The
/// same for postings typed in at /jobs/new (their description is text made into paragraphs), for
/// postings read from a pasted link (a page whose schema.org JSON-LD carries the payload) and for
/// saved searches named with a payload.
#[tokio::test(flavor = "multi_thread")]
async fn feed_and_typed_payloads_stay_text_in_job_pages() {
    use careerhub_domain::jobs::{CompanyInfo, FeedPosting};
    let careers = payload_careers_pages().await;
    // This machine's careers pages are allowed, as an operator allows an intranet board.
    let app = crate::harness::spawn_app_with(|settings| {
        settings.insert("JOBS_LINK_PRIVATE_NETWORKS", "127.0.0.1/32".to_owned());
    })
    .await;
    let (mut visitor, email) = signed_up(&app).await;
    let mut conn = db_conn(&app);
    let owner = careerhub_core::ops::gdpr::find_user(&mut conn, &email)
        .unwrap()
        .expect("the visitor's account");
    let mut ids = Vec::new();
    for (index, payload) in PAYLOADS.iter().enumerate() {
        let posting = FeedPosting {
            external_id: format!("payload-{index}"),
            title: format!("Payload {index} {payload}"),
            company: CompanyInfo {
                name: format!("Company {index} {payload}"),
                website: Some(payload.to_string()),
            },
            locations: vec![payload.to_string()],
            workplace: None,
            employment_type: None,
            salary: None,
            description_html: format!(
                "<p>Payload {index}</p>{payload}<a href=\"{payload}\">link</a>"
            ),
            url: Some(payload.to_string()),
            posted_at: None,
            valid_through: None,
            listed_skills: vec![payload.to_string()],
        };
        ids.push(careerhub_core::jobs::import::add_own(&mut conn, owner, &posting).unwrap());
    }
    let mut pages = vec![
        "/jobs".to_owned(),
        "/jobs?q=payload".to_owned(),
        "/jobs/searches".to_owned(),
    ];
    for (index, payload) in PAYLOADS.iter().enumerate() {
        let title = format!("Payload typed {index} {payload}");
        let description = format!("Payload {index}\n{payload}\n\n{payload}");
        let added = visitor
            .call(
                "/api/add_own_posting",
                &[
                    ("title", title.as_str()),
                    ("company", payload),
                    ("location", payload),
                    ("description", description.as_str()),
                ],
            )
            .await;
        // A form refuses control characters (NUL) with a message; the rest is stored.
        if payload.contains('\0') {
            assert_eq!(added.status, 422, "{}", added.body);
            continue;
        }
        assert_eq!(added.status, 200, "{}", added.body);
        let page = added
            .headers
            .get("location")
            .and_then(|value| value.to_str().ok())
            .expect("the new posting's page")
            .to_owned();
        pages.push(page);
        // A name is at most 100 characters.
        let name: String = format!("Payload {index} {payload}")
            .chars()
            .take(100)
            .collect();
        let query = format!("q={}", careerhub_domain::paths::query_value(payload));
        let saved = visitor
            .call(
                "/api/save_search",
                &[
                    ("name", name.as_str()),
                    ("frequency", "daily"),
                    ("query", query.as_str()),
                ],
            )
            .await;
        assert_eq!(saved.status, 200, "{}", saved.body);
    }
    let mut pasted_pages = 0;
    for index in 0..PAYLOADS.len() {
        let pasted = visitor
            .submit_from(
                "/jobs/new",
                "/api/add_posting_from_link",
                &[("url".to_owned(), format!("{careers}/postings/{index}"))],
            )
            .await;
        assert_eq!(pasted.status, 302, "payload {index}: {}", pasted.body);
        let page = pasted.location().to_owned();
        if page.starts_with("/jobs/new") {
            // Refused with a reason next to the field (a NUL in the title), nothing stored.
            let error = pasted.form_error().expect("a reason");
            assert!(error["fields"]["url"].is_string(), "payload {index}");
            continue;
        }
        assert!(page.starts_with("/jobs/"), "payload {index}: {page}");
        let shown = visitor.get(&page).await;
        assert!(
            shown.body.contains(&format!("Payload pasted {index}")),
            "payload {index}: the pasted posting's page"
        );
        pasted_pages += 1;
        pages.push(page);
    }
    assert!(
        pasted_pages >= PAYLOADS.len() - 1,
        "only {pasted_pages} payload pages were read from their links"
    );
    pages.extend(ids.iter().map(|id| format!("/jobs/{id}")));
    for page in pages {
        let reply = visitor.get(&page).await;
        assert_eq!(reply.status, 200, "{page}");
        assert!(reply.body.contains("Payload"), "{page} shows the postings");
        assert_eq!(
            markup_from_payloads(&reply.body),
            Vec::<String>::new(),
            "{page}"
        );
    }
}

/// A careers site on this machine with one page per payload: `/postings/{n}` holds a schema.org
/// JobPosting whose every text field is payload `n`. Returns its address.
async fn payload_careers_pages() -> String {
    let page = |axum::extract::Path(index): axum::extract::Path<usize>| async move {
        let payload = PAYLOADS[index];
        let posting = serde_json::json!({
            "@context": "https://schema.org",
            "@type": "JobPosting",
            "title": format!("Payload pasted {index} {payload}"),
            "hiringOrganization": {"@type": "Organization", "name": payload, "sameAs": payload},
            "jobLocation": {"@type": "Place", "address": payload},
            "description": format!("<p>Payload {index}</p>{payload}<a href=\"{payload}\">link</a>"),
            "url": payload,
            "datePosted": "2026-11-30",
        });
        // In a script element "</" would end it early; JSON allows "<\/" for it.
        let json = posting.to_string().replace("</", "<\\/");
        axum::response::Html(format!(
            "<html><head><script type=\"application/ld+json\">{json}</script></head>\
             <body>Careers</body></html>"
        ))
    };
    let app = axum::Router::new().route("/postings/{index}", axum::routing::get(page));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let base = format!("http://{}", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    base
}
