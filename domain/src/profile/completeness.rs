//! How complete a profile is, 0–100, and what would raise it. Computed from the profile each time
//! it is shown, never stored, so it cannot go stale.

use serde::{Deserialize, Serialize};

use super::{EntryDetails, ProfileView, Section};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NextStep {
    /// "Add a summary".
    pub action: String,
    pub points: u8,
    /// The id of the editor element where it is done ("field-summary", "experience" …).
    pub anchor: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Completeness {
    pub score: u8,
    /// The missing steps, worth most first.
    pub next_steps: Vec<NextStep>,
}

/// Skills it takes for the full skills points.
const SKILLS_WANTED: usize = 5;

pub fn completeness(profile: &ProfileView) -> Completeness {
    let basics = &profile.basics;
    let has = |section| !profile.entries(section).is_empty();
    let described_experience = profile.entries(Section::Experience).iter().any(|entry| {
        matches!(&entry.details, EntryDetails::Experience(details)
            if details.description.is_some() || !details.highlights.is_empty())
    });
    let steps: [(bool, &str, u8, &str); 11] = [
        (
            has(Section::Experience),
            "Add a position you held",
            20,
            "experience",
        ),
        (
            basics.summary.is_some(),
            "Add a summary",
            15,
            "field-summary",
        ),
        (
            profile.skills.len() >= SKILLS_WANTED,
            "List at least five skills",
            15,
            "skills",
        ),
        (
            basics.headline.is_some(),
            "Add a headline",
            10,
            "field-headline",
        ),
        (
            has(Section::Education),
            "Add your education",
            10,
            "education",
        ),
        (
            described_experience,
            "Describe what you did in a position",
            5,
            "experience",
        ),
        (
            basics.location.is_some(),
            "Say where you are based",
            5,
            "location",
        ),
        (
            basics.website_url.is_some()
                || basics.linkedin_url.is_some()
                || basics.github_url.is_some(),
            "Add a link (website, LinkedIn or GitHub)",
            5,
            "links",
        ),
        (
            !basics.target_roles.is_empty(),
            "Name the roles you are looking for",
            5,
            "target_roles",
        ),
        (
            has(Section::Language),
            "Add the languages you speak",
            5,
            "language",
        ),
        (
            has(Section::Certification) || has(Section::Project) || has(Section::Achievement),
            "Add a certification, project or achievement",
            5,
            "project",
        ),
    ];
    let score = steps
        .iter()
        .filter(|(done, ..)| *done)
        .map(|(_, _, points, _)| *points)
        .sum();
    let next_steps = steps
        .iter()
        .filter(|(done, ..)| !*done)
        .map(|(_, action, points, anchor)| NextStep {
            action: (*action).to_owned(),
            points: *points,
            anchor: (*anchor).to_owned(),
        })
        .collect();
    Completeness { score, next_steps }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::profile::{Basics, Publishing, SectionItems, Visibility};

    fn empty() -> ProfileView {
        ProfileView {
            display_name: "Ada".into(),
            email: "ada@example.com".into(),
            basics: Basics::default(),
            publishing: Publishing {
                slug: "ada".into(),
                visibility: Visibility::Private,
                has_link: false,
            },
            sections: Section::ALL
                .iter()
                .map(|&section| SectionItems {
                    section,
                    entries: Vec::new(),
                })
                .collect(),
            skills: Vec::new(),
        }
    }

    #[test]
    fn an_empty_profile_scores_zero_and_the_steps_add_up_to_a_hundred() {
        let result = completeness(&empty());
        assert_eq!(result.score, 0);
        let total: u32 = result
            .next_steps
            .iter()
            .map(|step| u32::from(step.points))
            .sum();
        assert_eq!(total, 100);
        assert_eq!(result.next_steps[0].action, "Add a position you held");
    }

    #[test]
    fn a_summary_is_worth_its_points() {
        let mut profile = empty();
        profile.basics.summary = Some("Engineer.".into());
        let result = completeness(&profile);
        assert_eq!(result.score, 15);
        assert!(
            result
                .next_steps
                .iter()
                .all(|step| step.anchor != "field-summary")
        );
    }
}
