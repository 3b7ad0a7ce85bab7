//! The job-search tracker's values: statuses and kinds, the forms as typed, their parsed inputs,
//! and what pages show, one file per feature of the tracker.

mod applications;
mod contacts;
mod dashboard;
mod learning;
mod notifications;

pub use applications::*;
pub use contacts::*;
pub use dashboard::*;
pub use learning::*;
pub use notifications::*;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn statuses_round_trip() {
        for status in ApplicationStatus::ALL {
            assert_eq!(ApplicationStatus::parse(status.as_str()), Some(*status));
        }
        assert_eq!(ApplicationStatus::parse("hired"), None);
    }

    #[test]
    fn application_form_reports_every_problem() {
        let form = ApplicationForm {
            company: "".into(),
            role_title: "Engineer".into(),
            salary_min: "90000".into(),
            salary_max: "80000".into(),
            status: "hired".into(),
            ..ApplicationForm::default()
        };
        let error = form.parse().unwrap_err();
        assert!(error.field_error("company").is_some());
        assert!(error.field_error("salary_max").is_some());
        assert!(error.field_error("salary_currency").is_some());
        assert!(error.field_error("status").is_some());
        assert_eq!(error.value("role_title"), Some("Engineer"));
    }

    #[test]
    fn application_form_accepts_a_minimal_entry() {
        let form = ApplicationForm {
            company: " Acme ".into(),
            role_title: "Rust engineer".into(),
            salary_min: "60 000".into(),
            salary_currency: "eur".into(),
            ..ApplicationForm::default()
        };
        let input = form.parse().unwrap();
        assert_eq!(input.company, "Acme");
        assert_eq!(input.status, ApplicationStatus::Wishlist);
        assert_eq!(input.salary_currency.as_deref(), Some("EUR"));
        assert_eq!(input.salary_min, Some(60_000));
    }

    #[test]
    fn salary_reads_naturally() {
        assert_eq!(grouped(1_234_567), "1,234,567");
        assert_eq!(grouped(950), "950");
    }

    #[test]
    fn list_query_is_lenient() {
        let query = ListQuery::from_params(Some("  "), Some("nope"), Some("x"), Some("-3"));
        assert_eq!(query.q, None);
        assert_eq!(query.status, None);
        assert_eq!(query.sort, ListSort::Updated);
        assert_eq!(query.page, 1);
    }
}
