//! Every page is a lazy route: its code is in its area's wasm chunks (`cargo xtask` splits the
//! bundle at each `#[lazy]` area below), fetched when a page of the area is first shown. The first
//! download then holds only what all pages share: the router, the layout, the components and
//! Leptos itself (186 KiB brotli; the whole bundle was 1,012 before the split), and a dashboard
//! adds 51 KiB (`cargo xtask dist` prints each area's figure).
//!
//! Areas, not single pages, because wasm-split puts the code that several split points share
//! into one chunk per combination of them, and a browser instantiates each chunk on its own: a
//! split point per page (39) made 733 chunks, of which an application's page needed 346. Nineteen
//! areas make about 470, of which a page needs 63 to 232, in one file (its area's pack). Every
//! page downloads under 300 KB of wasm with the main module (221–284 KiB). An area joins pages
//! that share most of their code (docs/scaling.md has every area's figure).

use leptos::prelude::*;
use leptos_router::LazyRoute;

/// `area / Page { Route = path::to::PageComponent, … }, …`: per area a module `area` whose lazily
/// loaded `pages` renders any page of the area, and a lazy route per page that calls it; and
/// [`load_page_code`] for all areas.
///
/// A page names its area in the head (`<meta name="careerhub-area">`): the front end loads that
/// area's code first and then hydrates synchronously, as without lazy routes (asynchronous
/// hydration, which waits at every node, doubled the blocking time of a direct load). A route's
/// `preload` loads the code on client-side navigation before the router renders the page.
macro_rules! lazy_areas {
    ($($area:ident / $pages:ident { $($route:ident = $page:path),* $(,)? }),* $(,)?) => {
        $(
            mod $area {
                use leptos::prelude::*;
                use leptos_meta::Meta;

                // Named after the routes, which may share a prefix (CvList, CvEditor, …).
                #[allow(clippy::enum_variant_names)]
                #[derive(Clone, Copy)]
                pub enum $pages {
                    $($route),*
                }

                // Named after the area: the split point's name must be unique in the bundle.
                #[leptos::lazy($area)]
                pub fn pages(page: $pages) -> AnyView {
                    let page = match page {
                        $($pages::$route => {
                            use $page as Page;
                            view! { <Page /> }.into_any()
                        })*
                    };
                    view! {
                        <Meta name=AREA_META content=stringify!($area) />
                        {page}
                    }
                    .into_any()
                }

                use super::AREA_META;
            }

            $(
                pub struct $route;

                impl LazyRoute for $route {
                    fn data() -> Self {
                        $route
                    }

                    async fn view(_this: Self) -> AnyView {
                        $area::pages($area::$pages::$route).await
                    }

                    async fn preload() {
                        #[cfg(target_arch = "wasm32")]
                        $area::__preload_pages().await;
                    }
                }
            )*
        )*

        /// Loads the code of the area a server-rendered page names (see [`AREA_META`]), so that
        /// hydration finds it in place. An unknown name loads nothing.
        #[cfg(target_arch = "wasm32")]
        pub async fn load_page_code(area: &str) {
            match area {
                $(stringify!($area) => $area::__preload_pages().await,)*
                _ => {}
            }
        }
    };
}

/// The `<meta>` through which a server-rendered page names its area of code.
pub const AREA_META: &str = "careerhub-area";

lazy_areas! {
    account_pages / AccountPage {
        Landing = crate::pages::landing::LandingPage,
        SignIn = crate::accounts::pages::SignInPage,
        SignUp = crate::accounts::pages::SignUpPage,
        ForgotPassword = crate::accounts::pages::ForgotPasswordPage,
        ResetPassword = crate::accounts::pages::ResetPasswordPage,
        VerifyEmail = crate::accounts::pages::VerifyEmailPage,
        ConfirmEmail = crate::accounts::pages::ConfirmEmailPage,
    },

    settings_pages / SettingsPage {
        Security = crate::accounts::security::SecurityPage,
        NotificationSettings = crate::tracker::pages::notifications::NotificationSettingsPage,
    },

    dashboard_pages / DashboardPage {
        Dashboard = crate::tracker::pages::dashboard::DashboardPage,
        Analytics = crate::tracker::pages::analytics::AnalyticsPage,
    },

    board_pages / BoardPage {
        Board = crate::tracker::pages::applications::BoardPage,
    },

    pipeline_pages / PipelinePage {
        ApplicationList = crate::tracker::pages::applications::ApplicationListPage,
        NewApplication = crate::tracker::pages::applications::NewApplicationPage,
    },

    application_pages / ApplicationPage {
        Application = crate::tracker::pages::application::ApplicationPage,
    },

    contact_list_pages / ContactListPage {
        Contacts = crate::tracker::pages::contacts::ContactsPage,
        NewContact = crate::tracker::pages::contacts::NewContactPage,
    },

    contact_pages / ContactPage {
        Contact = crate::tracker::pages::contacts::ContactPage,
    },

    learning_pages / LearningPage {
        Learning = crate::tracker::pages::learning::LearningPage,
        Activity = crate::tracker::pages::learning::ActivityPage,
        Notifications = crate::tracker::pages::notifications::NotificationsPage,
    },

    profile_pages / ProfilePage {
        Profile = crate::profile::pages::editor::ProfilePage,
    },

    profile_import_pages / ProfileImportPage {
        ProfileImport = crate::profile::pages::import::ProfileImportPage,
    },

    profile_item_pages / ProfileItemPage {
        ProfileEntry = crate::profile::pages::entry::ProfileEntryPage,
        ProfileSkill = crate::profile::pages::skill::ProfileSkillPage,
    },

    public_profile_pages / PublicProfilePage {
        PublicProfile = crate::profile::pages::public::PublicProfilePage,
    },

    cv_pages / CvPage {
        CvList = crate::cv::pages::list::CvListPage,
        CvPreview = crate::cv::pages::preview::CvPreviewPage,
        CvItem = crate::cv::pages::item::CvItemPage,
    },

    cv_editor_pages / CvEditorPage {
        CvEditor = crate::cv::pages::editor::CvEditorPage,
    },

    letter_pages / LetterPage {
        Letters = crate::cv::pages::letters::LettersPage,
        LetterTemplates = crate::cv::pages::letters::LetterTemplatesPage,
        Letter = crate::cv::pages::letters::LetterPage,
        LetterVersion = crate::cv::pages::letters::LetterVersionPage,
    },

    job_pages / JobPage {
        Jobs = crate::jobs::pages::JobsPage,
    },

    posting_pages / PostingPage {
        Job = crate::jobs::pages::JobPage,
    },

    job_list_pages / JobListPage {
        SavedJobs = crate::jobs::pages::SavedJobsPage,
        SavedSearches = crate::jobs::pages::SavedSearchesPage,
        NewJob = crate::jobs::pages::NewJobPage,
    },
}
