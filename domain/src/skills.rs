//! Skill names, normalised: "JS", "javascript" and "JavaScript" are one skill. The profile stores
//! a skill under its [`key`]; job matching (the jobs area) compares keys through the same
//! functions, so both always agree.
//!
//! The names come from `skills/aliases.txt`, a curated list shipped with the code; a skill that is
//! not on it is kept as the person wrote it, under its folded key.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use crate::profile::SkillCategory;

const ALIASES: &str = include_str!("skills/aliases.txt");

/// A skill's normalised identity and the name to show for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanonicalSkill {
    pub key: String,
    pub name: String,
    /// The category the list files it under, if it knows the skill.
    pub category: Option<SkillCategory>,
}

/// The comparison key of a skill name: lowercase letters and digits only, where "+", "#" and a
/// leading "." are spelled out so that C, C++, C# and .NET stay four skills. Empty when the name
/// has no letters or digits.
pub fn key(name: &str) -> String {
    if !name.chars().any(char::is_alphanumeric) {
        return String::new();
    }
    let mut folded = String::new();
    for c in name.trim().chars().flat_map(char::to_lowercase) {
        match c {
            '+' => folded.push_str("plus"),
            '#' => folded.push_str("sharp"),
            '.' if folded.is_empty() => folded.push_str("dot"),
            c if c.is_alphanumeric() => folded.push(c),
            _ => {}
        }
    }
    folded
}

struct Known {
    name: &'static str,
    category: Option<SkillCategory>,
}

/// Folded key of every name and alias → the skill it means.
fn known() -> &'static HashMap<String, Known> {
    static KNOWN: OnceLock<HashMap<String, Known>> = OnceLock::new();
    KNOWN.get_or_init(|| {
        let mut known = HashMap::new();
        let mut category = None;
        for line in ALIASES.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            if let Some(heading) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
                category = SkillCategory::parse(heading);
                continue;
            }
            let (name, aliases) = line.split_once(':').unwrap_or((line, ""));
            let name = name.trim();
            for spelling in std::iter::once(name).chain(aliases.split(',').map(str::trim)) {
                if !spelling.is_empty() {
                    known.insert(key(spelling), Known { name, category });
                }
            }
        }
        known
    })
}

/// The skill `name` means: the list's name for it when the list knows it (under that name's
/// key, so every alias lands on one key), else the name as written. None for a name with no
/// letters or digits.
pub fn canonical(name: &str) -> Option<CanonicalSkill> {
    let folded = key(name);
    if folded.is_empty() {
        return None;
    }
    Some(match known().get(&folded) {
        Some(skill) => CanonicalSkill {
            key: key(skill.name),
            name: skill.name.to_owned(),
            category: skill.category,
        },
        None => CanonicalSkill {
            key: folded,
            name: name.split_whitespace().collect::<Vec<_>>().join(" "),
            category: None,
        },
    })
}

/// Whether two names mean the same skill ("JS" and "JavaScript").
pub fn same_skill(first: &str, second: &str) -> bool {
    match (canonical(first), canonical(second)) {
        (Some(first), Some(second)) => first.key == second.key,
        _ => false,
    }
}

/// The keys of the skills `text` mentions: every run of one to three words that the list
/// knows, or whose key is in `also` (skills the caller cares about that the list may not know,
/// such as a person's own). "Senior Rust engineer (Node.js, C++)" mentions Rust, Node.js and C++.
pub fn mentioned(text: &str, also: &HashSet<String>) -> HashSet<String> {
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || ",;:()[]{}/|!?\"'".contains(c))
        .map(|word| word.trim_end_matches('.'))
        .filter(|word| !word.is_empty())
        .collect();
    let mut found = HashSet::new();
    for start in 0..words.len() {
        for length in 1..=3.min(words.len() - start) {
            let folded = key(&words[start..start + length].join(" "));
            if let Some(skill) = known().get(&folded) {
                found.insert(key(skill.name));
            } else if also.contains(&folded) {
                found.insert(folded);
            }
        }
    }
    found
}

/// How many skills the list knows (for the test that it is a few hundred).
pub fn known_count() -> usize {
    let mut names: Vec<&str> = known().values().map(|skill| skill.name).collect();
    names.sort_unstable();
    names.dedup();
    names.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skills_mentioned_in_a_posting() {
        let mine: HashSet<String> = [key("Careerhub internals")].into_iter().collect();
        let found = mentioned(
            "Senior Rust engineer: PostgreSQL, node.js and C++; Careerhub internals a plus.",
            &mine,
        );
        for skill in [
            "Rust",
            "PostgreSQL",
            "Node.js",
            "C++",
            "Careerhub internals",
        ] {
            assert!(found.contains(&key(skill)), "{skill}: {found:?}");
        }
        assert!(!found.contains(&key("C")), "{found:?}");
        assert!(!found.contains(&key("Senior")), "{found:?}");
    }

    #[test]
    fn spellings_of_one_skill_are_one_key() {
        for (first, second) in [
            ("JS", "JavaScript"),
            ("javascript", "JavaScript"),
            ("Node.js", "node js"),
            ("nodejs", "Node"),
            ("golang", "Go"),
            ("Postgres", "PostgreSQL"),
            ("k8s", "Kubernetes"),
            ("c sharp", "C#"),
            ("dot net", ".NET"),
            ("CPP", "c++"),
        ] {
            assert!(same_skill(first, second), "{first} = {second}");
        }
        let js = canonical("js").unwrap();
        assert_eq!(js.name, "JavaScript");
        assert_eq!(js.category, Some(SkillCategory::Technical));
    }

    #[test]
    fn c_languages_stay_apart() {
        let keys: Vec<String> = ["C", "C++", "C#", ".NET", "F#"]
            .iter()
            .map(|name| canonical(name).unwrap().key)
            .collect();
        let mut unique = keys.clone();
        unique.sort();
        unique.dedup();
        assert_eq!(unique.len(), keys.len(), "{keys:?}");
        assert!(!same_skill("Java", "JavaScript"));
    }

    #[test]
    fn unknown_skills_keep_their_name_and_fold_their_key() {
        let skill = canonical("  Quantum   Basket-Weaving ").unwrap();
        assert_eq!(skill.name, "Quantum Basket-Weaving");
        assert_eq!(skill.key, "quantumbasketweaving");
        assert_eq!(skill.category, None);
        assert_eq!(canonical(" -- "), None);
        assert_eq!(canonical(""), None);
    }

    #[test]
    fn the_list_is_a_few_hundred_skills_and_no_alias_means_two() {
        assert!(known_count() >= 250, "{}", known_count());
        let mut seen: HashMap<String, &str> = HashMap::new();
        for line in ALIASES.lines().map(str::trim) {
            if line.is_empty() || line.starts_with('#') || line.starts_with('[') {
                continue;
            }
            let (name, aliases) = line.split_once(':').unwrap_or((line, ""));
            for spelling in std::iter::once(name).chain(aliases.split(',')) {
                let spelling = spelling.trim();
                if spelling.is_empty() {
                    continue;
                }
                let folded = key(spelling);
                assert!(!folded.is_empty(), "{spelling}");
                if let Some(other) = seen.insert(folded.clone(), name.trim()) {
                    assert_eq!(other, name.trim(), "{spelling} ({folded}) means two skills");
                }
            }
        }
    }
}
