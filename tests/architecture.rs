//! The shape of the code: the steps of the pipeline only ever use the
//! steps before them, so no two top-level modules reach each other, and a
//! newcomer can read the crate in one direction (see ARCHITECTURE.md).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Every top-level module of the library, with the other top-level modules it names (`crate::x`).
fn module_graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for entry in walkdir::WalkDir::new(&src) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = path.strip_prefix(&src).unwrap();
        let first = rel.components().next().unwrap().as_os_str().to_string_lossy().into_owned();
        let module = first.trim_end_matches(".rs").to_string();
        // The crate root and the binary (main.rs, cmd/) sit above every module.
        if ["lib", "main", "cmd"].contains(&module.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap();
        let uses = graph.entry(module.clone()).or_default();
        for (i, _) in text.match_indices("crate::") {
            let name: String = text[i + 7..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '_').collect();
            if !name.is_empty() && name != module && name.chars().next().is_some_and(|c| c.is_ascii_lowercase()) {
                uses.insert(name);
            }
        }
    }
    graph
}

/// A path of modules that leads back to where it started, if there is one.
fn find_cycle(graph: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|p| p == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.to_string());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    graph.keys().find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

#[test]
fn no_two_top_level_modules_reach_each_other() {
    let graph = module_graph();
    assert!(graph.len() > 10, "the modules were found: {graph:?}");
    if let Some(cycle) = find_cycle(&graph) {
        panic!("module cycle: {}\nfull graph: {graph:#?}", cycle.join(" → "));
    }
}

#[test]
fn leaf_modules_use_nothing_of_the_crate() {
    let graph = module_graph();
    for leaf in ["text", "error"] {
        assert!(graph[leaf].is_empty(), "`{leaf}` must stay a leaf, but uses {:?}", graph[leaf]);
    }
}

#[test]
fn the_pipeline_runs_one_way() {
    let graph = module_graph();
    // Each step, and the steps it may never use: those that come after it.
    let order =
        ["text", "error", "yaml", "config", "content", "links", "markdown", "site", "theme", "render", "output"];
    for (i, step) in order.iter().enumerate() {
        for later in &order[i + 1..] {
            assert!(!graph[*step].contains(*later), "`{step}` uses `{later}`, a later step of the pipeline");
        }
    }
    // The commands' modules sit on top: no step uses them.
    for step in order {
        for command in ["build", "live", "serve", "check", "init", "new", "publish"] {
            assert!(!graph[step].contains(command), "the step `{step}` uses the command module `{command}`");
        }
    }
}

#[test]
fn the_cycle_finder_finds_cycles() {
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    graph.entry("a".into()).or_default().insert("b".into());
    graph.entry("b".into()).or_default().insert("c".into());
    graph.entry("c".into()).or_default();
    assert_eq!(find_cycle(&graph), None);
    graph.entry("c".into()).or_default().insert("a".into());
    assert_eq!(find_cycle(&graph), Some(vec!["a".into(), "b".into(), "c".into(), "a".into()]));
}
