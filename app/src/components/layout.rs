use careerhub_domain::Theme;
use leptos::prelude::*;
use leptos_router::components::A;

use super::theme_toggle::ThemeToggle;

/// Header with navigation, the page, and a footer. A skip link lets keyboard users jump past the
/// navigation.
#[component]
pub fn Layout(theme: Theme, children: Children) -> impl IntoView {
    view! {
        <a class="skip-link" href="#main">"Skip to content"</a>
        <header class="site-header">
            <div class="container header-inner">
                <A href="/" attr:class="brand">
                    <span class="brand-mark" aria-hidden="true">"◆"</span>
                    <span>"Careerhub"</span>
                </A>
                <nav class="site-nav" aria-label="Main">
                    <ul>
                        <li><a href="/#features">"Features"</a></li>
                        <li><a href="/#privacy">"Privacy"</a></li>
                        <li><a href="/#self-host">"Self-host"</a></li>
                    </ul>
                </nav>
                <ThemeToggle initial=theme />
            </div>
        </header>
        <main id="main" class="site-main" tabindex="-1">
            {children()}
        </main>
        <footer class="site-footer">
            <div class="container">
                <p>"Careerhub — your career, on your own server. Free software under the AGPL."</p>
            </div>
        </footer>
    }
}
