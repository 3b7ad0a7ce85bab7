//! The modules of careerhub-core depend on each other without a cycle (docs/architecture.md, "No
//! cycles"): the scheduler's jobs sit on top, an area's declaration never needs the list that
//! names it, backup stays below the scheduler. A module is a top-level module of `core/src`,
//! except that each module under `ops/` counts on its own (the ops facade calls the scheduler,
//! which runs the backup job). What counts as a use is a `crate::name` path in the code
//! (comments and test modules left out) or a name in `use crate::{…}`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

type Graph = BTreeMap<String, BTreeSet<String>>;

fn module_of(relative: &str) -> String {
    let parts: Vec<&str> = relative
        .trim_end_matches(".rs")
        .split('/')
        .filter(|part| *part != "mod")
        .collect();
    match parts.as_slice() {
        ["ops", child, ..] => format!("ops::{child}"),
        [first, ..] => (*first).to_owned(),
        [] => String::new(),
    }
}

/// The words of `text` that are paths' first segments: `a`, `b::c` and `d` in "a, b::c, d".
fn names_in_braces(text: &str) -> impl Iterator<Item = &str> {
    text.split(',')
        .map(|item| item.trim().split("::").next().unwrap_or_default().trim())
        .filter(|name| !name.is_empty() && *name != "self")
}

fn uses_of(code: &str, module: &str) -> BTreeSet<String> {
    let mut uses = BTreeSet::new();
    let mut add = |name: String| {
        if name != module {
            uses.insert(name);
        }
    };
    for (index, _) in code.match_indices("crate::") {
        let rest = &code[index + "crate::".len()..];
        if let Some(list) = rest.strip_prefix('{') {
            let list = &list[..list.find('}').unwrap_or(list.len())];
            names_in_braces(list)
                .filter(|name| *name != "ops")
                .for_each(|name| add(name.to_owned()));
            continue;
        }
        let first: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if first != "ops" {
            add(first);
            continue;
        }
        let after = &rest["ops".len()..];
        if let Some(list) = after.strip_prefix("::{") {
            let list = &list[..list.find('}').unwrap_or(list.len())];
            names_in_braces(list).for_each(|name| add(format!("ops::{name}")));
        } else if let Some(path) = after.strip_prefix("::") {
            let child: String = path
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            let is_module = path[child.len()..].starts_with("::");
            add(if is_module {
                format!("ops::{child}")
            } else {
                // An item of the ops facade itself, e.g. `crate::ops::Operations`.
                "ops".to_owned()
            });
        }
    }
    uses
}

fn source_without_tests_and_comments(text: &str) -> String {
    let code = text.split("#[cfg(test)]").next().unwrap_or_default();
    code.lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn graph() -> Graph {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph = Graph::new();
    let mut folders = vec![root.clone()];
    while let Some(folder) = folders.pop() {
        for entry in std::fs::read_dir(&folder).expect("read core/src") {
            let path = entry.expect("entry").path();
            if path.is_dir() {
                folders.push(path);
                continue;
            }
            if path.extension().and_then(|e| e.to_str()) != Some("rs") {
                continue;
            }
            let relative = path
                .strip_prefix(&root)
                .expect("under src")
                .to_string_lossy()
                .replace('\\', "/");
            let module = module_of(&relative);
            if module == "lib" || module == "testing" {
                continue;
            }
            let code = source_without_tests_and_comments(
                &std::fs::read_to_string(&path).expect("read source"),
            );
            let mut uses = uses_of(&code, &module);
            if let Some(child) = module.strip_prefix("ops::") {
                // `super::x` inside ops/ names a sibling (or the facade).
                for (index, _) in code.match_indices("super::") {
                    let name: String = code[index + "super::".len()..]
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if !name.is_empty() && name != child {
                        uses.insert(format!("ops::{name}"));
                    }
                }
            }
            uses.remove("testing");
            graph.entry(module).or_default().extend(uses);
        }
    }
    graph
}

/// A cycle through `start`, if there is one.
fn cycle_through(graph: &Graph, start: &str) -> Option<Vec<String>> {
    fn walk(
        graph: &Graph,
        start: &str,
        path: &mut Vec<String>,
        seen: &mut BTreeSet<String>,
    ) -> bool {
        let node = path.last().cloned().unwrap_or_default();
        for next in graph.get(&node).into_iter().flatten() {
            if next == start {
                return true;
            }
            if seen.insert(next.clone()) {
                path.push(next.clone());
                if walk(graph, start, path, seen) {
                    return true;
                }
                path.pop();
            }
        }
        false
    }
    let mut path = vec![start.to_owned()];
    walk(graph, start, &mut path, &mut BTreeSet::new()).then_some(path)
}

#[test]
fn core_modules_depend_on_each_other_without_a_cycle() {
    let graph = graph();
    assert!(
        graph.len() > 15
            && graph.contains_key("ops::backup")
            && graph["cron"].contains("ops::backup"),
        "the module graph was not read: {graph:?}"
    );
    for module in graph.keys() {
        if let Some(cycle) = cycle_through(&graph, module) {
            panic!("a cycle: {} -> {module}", cycle.join(" -> "));
        }
    }
}

#[test]
fn the_cycle_check_sees_a_cycle() {
    let mut graph = Graph::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    assert_eq!(cycle_through(&graph, "a"), None);
    graph.entry("c".into()).or_default().insert("a".into());
    assert_eq!(
        cycle_through(&graph, "a"),
        Some(vec!["a".to_owned(), "b".to_owned(), "c".to_owned()])
    );
}
