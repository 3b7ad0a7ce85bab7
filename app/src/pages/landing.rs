use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

use crate::components::form::Notice;

struct Feature {
    /// SVG path data on a 24×24 grid, drawn as strokes (no icon font or emoji font needed).
    icon: &'static str,
    title: &'static str,
    text: &'static str,
}

const FEATURES: [Feature; 6] = [
    Feature {
        icon: "M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21a8 8 0 0 1 16 0",
        title: "One profile, many CVs",
        text: "Keep your experience, education, skills and projects in one place, then build a CV version for each role from it — without copying text between files.",
    },
    Feature {
        icon: "M11 18a7 7 0 1 0 0-14 7 7 0 0 0 0 14zM21 21l-5-5",
        title: "Job search that explains itself",
        text: "Search postings with full text and fuzzy company names, save searches, and see why a job matches: the skills you have and the ones you are missing.",
    },
    Feature {
        icon: "M4 4h4v16H4zM10 4h4v10h-4zM16 4h4v6h-4z",
        title: "An application pipeline",
        text: "From wishlist to offer: a board and a list, a timeline of every status change and note, interviews, salaries and the CV you sent.",
    },
    Feature {
        icon: "M6 8a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM18 8a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM12 21a2.5 2.5 0 1 0 0-5 2.5 2.5 0 0 0 0 5zM7.5 7.5l3.5 8.5M16.5 7.5 13 16M8.5 5.5h7",
        title: "Your network and your learning",
        text: "Contacts with an interaction log and their own follow-up dates; courses, certifications and projects that keep your skills current.",
    },
    Feature {
        icon: "M3 5h18v14H3zM3 6l9 7 9-7",
        title: "Email at the right moment",
        text: "Follow-ups due, interviews tomorrow, new postings for a saved search — one digest in your time zone, never twice.",
    },
    Feature {
        icon: "M12 3 4 6v6c0 5 3.5 8 8 9 4.5-1 8-4 8-9V6zM8.5 12l2.5 2.5 4.5-5",
        title: "Operations you can trust",
        text: "Erasure on request, retention policies, verified backups, analytics without personal data, and scheduled jobs that run once across instances.",
    },
];

#[component]
pub fn LandingPage() -> impl IntoView {
    let query = use_query_map();
    // Where an account flow lands after it finished.
    let notice = move || {
        let query = query.read();
        if query.get("verified").is_some() {
            Some("Your email address is confirmed.")
        } else if query.get("email_changed").is_some() {
            Some("Your new email address is confirmed and in use.")
        } else if query.get("deleted").is_some() {
            Some(
                "Your account is disabled and will be erased in 14 days. Sign in before then to cancel.",
            )
        } else {
            None
        }
    };
    view! {
        <Title text="Your career, in one place" />
        {move || notice().map(|text| view! { <div class="container notice-bar"><Notice>{text}</Notice></div> })}
        <section class="hero">
            <div class="container">
                <p class="eyebrow">"Self-hosted career hub"</p>
                <h1>"Your career, in one place — on your own server."</h1>
                <p class="lead">
                    "Careerhub keeps your professional profile, builds CV versions from it, tracks
                    every application through your pipeline, and reminds you by email when a
                    follow-up is due or an interview is tomorrow."
                </p>
                <div class="hero-actions">
                    <a class="button button-primary" href="#features">"See what it does"</a>
                    <a class="button" href="#self-host">"Run your own"</a>
                </div>
            </div>
        </section>

        <section id="features" class="section" aria-labelledby="features-title">
            <div class="container">
                <h2 id="features-title">"Everything a job search needs"</h2>
                <ul class="feature-grid">
                    {FEATURES
                        .iter()
                        .map(|feature| {
                            view! {
                                <li class="card feature">
                                    <svg
                                        class="feature-icon"
                                        viewBox="0 0 24 24"
                                        aria-hidden="true"
                                    >
                                        <path d=feature.icon />
                                    </svg>
                                    <h3>{feature.title}</h3>
                                    <p>{feature.text}</p>
                                </li>
                            }
                        })
                        .collect_view()}
                </ul>
            </div>
        </section>

        <section id="privacy" class="section section-alt" aria-labelledby="privacy-title">
            <div class="container two-column">
                <div>
                    <h2 id="privacy-title">"Your data stays yours"</h2>
                    <p>
                        "A job search is personal: salaries, rejections, the people you talk to.
                        Careerhub runs on a server you control. Export everything at any time;
                        delete your account and it is erased, not hidden."
                    </p>
                </div>
                <ul class="checklist">
                    <li>"Passwords hashed with Argon2id"</li>
                    <li>"Sessions you can see and revoke"</li>
                    <li>"Full export as JSON and CSV"</li>
                    <li>"Erasure that reaches every table"</li>
                </ul>
            </div>
        </section>

        <section id="self-host" class="section" aria-labelledby="self-host-title">
            <div class="container">
                <h2 id="self-host-title">"Run your own"</h2>
                <p>
                    "Careerhub is one Rust binary with PostgreSQL, and Redis when you run more than
                    one instance. With a local PostgreSQL, one command builds and starts it:"
                </p>
                <pre class="code"><code>"./scripts/run"</code></pre>
                <p>
                    "Operators get "<code>"careerhub-admin"</code>": "<code>"doctor"</code>
                    " to check an installation, migrations, backups with restore checks,
                    erasure and retention."
                </p>
            </div>
        </section>
    }
}
