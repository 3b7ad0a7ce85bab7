//! How well a posting fits a person, as a score out of 100 with the reasons that make it up. No
//! model, no hidden weights: the formula below is the whole of it, and every point it gives or
//! takes is one of the reasons shown.
//!
//! - **Skills, 70 points.** Each required skill counts 2, each preferred skill 1; you earn a
//!   skill's count when your profile has it (half of it when you rate yourself a beginner, level
//!   1 or 2 of 5). A posting that names no skills gives half (35): nothing to compare.
//! - **Experience, minus up to 10.** When the description asks for "N+ years", your most years
//!   with any required skill you have are compared: each year short costs 2 points, at most 10.
//! - **Place, 15 points.** A remote posting, or one whose workplace is the one you prefer, or one
//!   in a place your profile's location names: 15. You are willing to relocate: 10. Nothing known
//!   on either side: 8. Otherwise 0.
//! - **Salary, 15 points.** Both sides known, in the same currency, compared per year: the
//!   posting's range reaching your minimum gives 15, else 0. Not comparable: 8.

use serde::{Deserialize, Serialize};

use super::{Salary, SalaryInterval, Workplace};
use crate::tracker::WorkArrangement;

/// What the posting asks for.
#[derive(Debug, Clone, Default)]
pub struct Asked<'a> {
    pub required_skills: &'a [String],
    pub preferred_skills: &'a [String],
    pub workplace: Option<Workplace>,
    pub locations: &'a [String],
    pub salary: Option<&'a Salary>,
    /// The years of experience it asks for: [`years_asked`] of its description, as stored.
    pub years_asked: Option<i16>,
}

/// One of the person's skills, by skill key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HeldSkill {
    pub key: String,
    pub name: String,
    /// 1–5, as rated on the profile.
    pub level: Option<i16>,
    pub years: Option<i16>,
}

/// What the person's profile offers.
#[derive(Debug, Clone, Default)]
pub struct Offered {
    pub skills: Vec<HeldSkill>,
    pub location: Option<String>,
    pub work_arrangement: Option<WorkArrangement>,
    pub willing_to_relocate: bool,
    /// The yearly minimum the person asks for, and its currency.
    pub salary_min: Option<i32>,
    pub salary_currency: Option<String>,
}

/// Whether a reason helps or hurts the score.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Verdict {
    Fits,
    Gap,
    Unknown,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Reason {
    pub verdict: Verdict,
    pub text: String,
}

/// A required skill the person lacks, which the page offers to put on their learning plan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingSkill {
    pub key: String,
    pub name: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fit {
    /// 0–100.
    pub score: u8,
    pub reasons: Vec<Reason>,
    pub missing: Vec<MissingSkill>,
}

const SKILL_POINTS: f64 = 70.0;
const PLACE_POINTS: u32 = 15;
const SALARY_POINTS: u32 = 15;
const NEITHER_KNOWN: u32 = 8;

/// The fit of `asked` for `offered`, with its reasons in the order the formula adds them.
pub fn fit(asked: &Asked, offered: &Offered) -> Fit {
    let mut reasons = Vec::new();
    let mut missing = Vec::new();
    let held = |key: &str| offered.skills.iter().find(|skill| skill.key == key);
    let name = |key: &str| {
        crate::skills::canonical(key).map_or_else(|| key.to_owned(), |skill| skill.name)
    };

    // Skills.
    let (mut earned, mut possible) = (0.0, 0.0);
    let mut have = Vec::new();
    let mut beginner = Vec::new();
    for key in asked.required_skills {
        possible += 2.0;
        match held(key) {
            Some(skill) if skill.level.is_some_and(|level| level <= 2) => {
                earned += 1.0;
                beginner.push(skill.name.clone());
            }
            Some(skill) => {
                earned += 2.0;
                have.push(skill.name.clone());
            }
            None => missing.push(MissingSkill {
                key: key.clone(),
                name: name(key),
            }),
        }
    }
    let mut preferred_have = Vec::new();
    for key in asked.preferred_skills {
        possible += 1.0;
        if let Some(skill) = held(key) {
            earned += if skill.level.is_some_and(|level| level <= 2) {
                0.5
            } else {
                1.0
            };
            preferred_have.push(skill.name.clone());
        }
    }
    let skill_points = if possible == 0.0 {
        reasons.push(Reason {
            verdict: Verdict::Unknown,
            text: "The posting names no skills to compare.".into(),
        });
        SKILL_POINTS / 2.0
    } else {
        SKILL_POINTS * earned / possible
    };
    if !have.is_empty() {
        reasons.push(Reason {
            verdict: Verdict::Fits,
            text: format!("You have the required {}.", list(&have)),
        });
    }
    if !beginner.is_empty() {
        reasons.push(Reason {
            verdict: Verdict::Gap,
            text: format!(
                "You rate yourself a beginner in the required {}.",
                list(&beginner)
            ),
        });
    }
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|skill| skill.name.clone()).collect();
        reasons.push(Reason {
            verdict: Verdict::Gap,
            text: format!("Your profile lacks the required {}.", list(&names)),
        });
    }
    if !preferred_have.is_empty() {
        reasons.push(Reason {
            verdict: Verdict::Fits,
            text: format!("You have the preferred {}.", list(&preferred_have)),
        });
    }

    // Experience.
    let mut penalty = 0;
    if let Some(asked_years) = asked.years_asked {
        let yours = asked
            .required_skills
            .iter()
            .filter_map(|key| held(key).and_then(|skill| skill.years))
            .max();
        match yours {
            Some(years) if years >= asked_years => reasons.push(Reason {
                verdict: Verdict::Fits,
                text: format!(
                    "It asks for {asked_years}+ years; you list {years} with its skills."
                ),
            }),
            Some(years) => {
                penalty = (2 * u32::from((asked_years - years).unsigned_abs())).min(10);
                reasons.push(Reason {
                    verdict: Verdict::Gap,
                    text: format!(
                        "It asks for {asked_years}+ years; you list {years} with its skills."
                    ),
                });
            }
            None => reasons.push(Reason {
                verdict: Verdict::Unknown,
                text: format!(
                    "It asks for {asked_years}+ years; your profile gives no years for its skills."
                ),
            }),
        }
    }

    let (place_points, place) = place_fit(asked, offered);
    reasons.push(place);
    let (salary_points, salary) = salary_fit(asked.salary, offered);
    reasons.push(salary);

    let total = skill_points.round() as u32 + place_points + salary_points;
    Fit {
        score: total.saturating_sub(penalty).min(100) as u8,
        reasons,
        missing,
    }
}

fn place_fit(asked: &Asked, offered: &Offered) -> (u32, Reason) {
    let fits = |text: String| {
        (
            PLACE_POINTS,
            Reason {
                verdict: Verdict::Fits,
                text,
            },
        )
    };
    if asked.workplace == Some(Workplace::Remote) {
        return fits("It is remote.".into());
    }
    let preferred = offered
        .work_arrangement
        .map(|arrangement| match arrangement {
            WorkArrangement::Remote => Workplace::Remote,
            WorkArrangement::Hybrid => Workplace::Hybrid,
            WorkArrangement::Onsite => Workplace::OnSite,
        });
    let home = offered
        .location
        .as_deref()
        .map(str::to_lowercase)
        .unwrap_or_default();
    let nearby = asked.locations.iter().find(|place| {
        place
            .split([',', '/', '(', ')', '-'])
            .map(|part| part.trim().to_lowercase())
            .any(|part| part.len() >= 3 && home.contains(&part))
    });
    if let Some(place) = nearby {
        return fits(format!("It is in {place}, where you are."));
    }
    if let (Some(workplace), Some(wanted)) = (asked.workplace, preferred)
        && workplace == wanted
        && workplace != Workplace::OnSite
    {
        return fits(format!(
            "It is {}, as you prefer.",
            workplace.label().to_lowercase()
        ));
    }
    if asked.locations.is_empty() && asked.workplace.is_none() {
        return (
            NEITHER_KNOWN,
            Reason {
                verdict: Verdict::Unknown,
                text: "It does not say where the work is.".into(),
            },
        );
    }
    let place = asked
        .locations
        .first()
        .cloned()
        .unwrap_or_else(|| "another place".into());
    if offered.willing_to_relocate {
        return (
            10,
            Reason {
                verdict: Verdict::Fits,
                text: format!("It is in {place}; you are willing to relocate."),
            },
        );
    }
    if home.is_empty() {
        return (
            NEITHER_KNOWN,
            Reason {
                verdict: Verdict::Unknown,
                text: format!("It is in {place}; your profile has no location."),
            },
        );
    }
    (
        0,
        Reason {
            verdict: Verdict::Gap,
            text: format!("It is in {place}, not where you are."),
        },
    )
}

fn salary_fit(salary: Option<&Salary>, offered: &Offered) -> (u32, Reason) {
    let unknown = |text: &str| {
        (
            NEITHER_KNOWN,
            Reason {
                verdict: Verdict::Unknown,
                text: text.to_owned(),
            },
        )
    };
    let Some(salary) = salary else {
        return unknown("It does not say what it pays.");
    };
    let (Some(wanted), Some(currency)) = (offered.salary_min, offered.salary_currency.as_deref())
    else {
        return unknown("Your profile has no salary expectation to compare.");
    };
    if !salary.currency.eq_ignore_ascii_case(currency) {
        return unknown(&format!(
            "It pays in {}, your expectation is in {currency}.",
            salary.currency
        ));
    }
    let Some(top) = salary.max.or(salary.min) else {
        return unknown("It does not say what it pays.");
    };
    let yearly = i64::from(top) * per_year(salary.interval);
    if yearly >= i64::from(wanted) {
        (
            SALARY_POINTS,
            Reason {
                verdict: Verdict::Fits,
                text: format!("It pays {}, reaching your minimum.", salary.display()),
            },
        )
    } else {
        (
            0,
            Reason {
                verdict: Verdict::Gap,
                text: format!("It pays {}, below your minimum.", salary.display()),
            },
        )
    }
}

/// How many of `interval` make a working year (the search's minimum-salary filter uses the same).
pub fn per_year(interval: SalaryInterval) -> i64 {
    match interval {
        SalaryInterval::Hour => 2080,
        SalaryInterval::Day => 260,
        SalaryInterval::Week => 52,
        SalaryInterval::Month => 12,
        SalaryInterval::Year => 1,
    }
}

/// "5+ years", "at least 3 years", "7 yrs": the first figure of years a description asks for
/// (1 to 30).
pub fn years_asked(text: &str) -> Option<i16> {
    let words: Vec<&str> = text.split_whitespace().collect();
    words.windows(2).find_map(|pair| {
        let figure = pair[0].trim_end_matches(['+', '-']).trim_start_matches('(');
        let unit = pair[1]
            .trim_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        let years: i16 = figure.parse().ok()?;
        (matches!(unit.as_str(), "years" | "yrs" | "year") && (1..=30).contains(&years))
            .then_some(years)
    })
}

fn list(names: &[String]) -> String {
    match names {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn skill(key: &str, level: Option<i16>, years: Option<i16>) -> HeldSkill {
        HeldSkill {
            key: key.into(),
            name: crate::skills::canonical(key).map_or_else(|| key.into(), |skill| skill.name),
            level,
            years,
        }
    }

    fn keys(list: &[&str]) -> Vec<String> {
        list.iter().map(|key| key.to_string()).collect()
    }

    fn euros(min: i32, max: i32) -> Salary {
        Salary {
            min: Some(min),
            max: Some(max),
            currency: "EUR".into(),
            interval: SalaryInterval::Year,
        }
    }

    #[test]
    fn a_posting_asking_for_everything_you_have_scores_full_marks() {
        let required = keys(&["rust", "postgresql"]);
        let preferred = keys(&["kubernetes"]);
        let salary = euros(80_000, 100_000);
        let asked = Asked {
            required_skills: &required,
            preferred_skills: &preferred,
            workplace: Some(Workplace::Remote),
            salary: Some(&salary),
            years_asked: years_asked("You have 5+ years of Rust."),
            ..Default::default()
        };
        let offered = Offered {
            skills: vec![
                skill("rust", Some(5), Some(7)),
                skill("postgresql", Some(4), Some(6)),
                skill("kubernetes", None, None),
            ],
            salary_min: Some(90_000),
            salary_currency: Some("EUR".into()),
            ..Default::default()
        };
        let fit = fit(&asked, &offered);
        assert_eq!(fit.score, 100);
        assert!(fit.missing.is_empty());
        assert!(
            fit.reasons
                .iter()
                .all(|reason| reason.verdict == Verdict::Fits)
        );
        assert!(
            fit.reasons
                .iter()
                .any(|reason| reason.text == "It asks for 5+ years; you list 7 with its skills.")
        );
    }

    #[test]
    fn each_gap_costs_what_the_formula_says_and_is_named() {
        let required = keys(&["rust", "go"]);
        let preferred = keys(&["kubernetes", "terraform"]);
        let locations = keys(&["Berlin, Germany"]);
        let salary = euros(50_000, 60_000);
        let asked = Asked {
            required_skills: &required,
            preferred_skills: &preferred,
            workplace: Some(Workplace::OnSite),
            locations: &locations,
            salary: Some(&salary),
            years_asked: years_asked("At least 8 years (Go)."),
        };
        let offered = Offered {
            skills: vec![
                skill("rust", Some(2), Some(5)),
                skill("kubernetes", Some(4), None),
            ],
            location: Some("Kraków, Poland".into()),
            salary_min: Some(70_000),
            salary_currency: Some("EUR".into()),
            ..Default::default()
        };
        let fit = fit(&asked, &offered);
        // Skills: rust as a beginner 1 of 2, go 0 of 2, kubernetes 1 of 1, terraform 0 of 1:
        // 70 × 2/6 = 23. Years: 8 asked, 5 listed: −6. Place 0, salary 0.
        assert_eq!(fit.score, 17);
        assert_eq!(
            fit.missing,
            vec![MissingSkill {
                key: "go".into(),
                name: "Go".into()
            }]
        );
        let gaps: Vec<&str> = fit
            .reasons
            .iter()
            .filter(|reason| reason.verdict == Verdict::Gap)
            .map(|reason| reason.text.as_str())
            .collect();
        assert_eq!(
            gaps,
            [
                "You rate yourself a beginner in the required Rust.",
                "Your profile lacks the required Go.",
                "It asks for 8+ years; you list 5 with its skills.",
                "It is in Berlin, Germany, not where you are.",
                "It pays €50,000–60,000 per year, below your minimum.",
            ]
        );
    }

    #[test]
    fn what_neither_side_says_counts_half() {
        let fit = fit(&Asked::default(), &Offered::default());
        assert_eq!(fit.score, 35 + 8 + 8);
        assert!(
            fit.reasons
                .iter()
                .all(|reason| reason.verdict == Verdict::Unknown)
        );
    }

    #[test]
    fn place_counts_a_city_named_on_both_sides_or_a_move() {
        let locations = keys(&["Kraków (Hybrid)"]);
        let asked = Asked {
            workplace: Some(Workplace::Hybrid),
            locations: &locations,
            ..Default::default()
        };
        let home = Offered {
            location: Some("Kraków, Poland".into()),
            ..Default::default()
        };
        assert_eq!(place_fit(&asked, &home).0, 15);
        let mover = Offered {
            location: Some("Lisbon".into()),
            willing_to_relocate: true,
            ..Default::default()
        };
        assert_eq!(place_fit(&asked, &mover).0, 10);
        let hybrid = Offered {
            location: Some("Lisbon".into()),
            work_arrangement: Some(WorkArrangement::Hybrid),
            ..Default::default()
        };
        assert_eq!(place_fit(&asked, &hybrid).0, 15);
    }

    #[test]
    fn an_hourly_rate_is_compared_per_year_and_another_currency_is_not_compared() {
        let hourly = Salary {
            min: Some(40),
            max: Some(50),
            currency: "USD".into(),
            interval: SalaryInterval::Hour,
        };
        let offered = Offered {
            salary_min: Some(100_000),
            salary_currency: Some("USD".into()),
            ..Default::default()
        };
        assert_eq!(salary_fit(Some(&hourly), &offered).0, 15);
        let in_euros = Offered {
            salary_currency: Some("EUR".into()),
            ..offered
        };
        assert_eq!(salary_fit(Some(&hourly), &in_euros).0, 8);
    }

    #[test]
    fn years_are_read_as_people_write_them() {
        assert_eq!(years_asked("5+ years of experience"), Some(5));
        assert_eq!(years_asked("at least 3 years."), Some(3));
        assert_eq!(years_asked("(7 yrs)"), Some(7));
        assert_eq!(years_asked("founded 2004, 300 years of history"), None);
        assert_eq!(years_asked("no figure here"), None);
    }
}
