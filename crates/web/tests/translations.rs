#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]
//! Every text the code and the templates ask for by name exists in Dutch and in English: a key
//! missing in both languages would show its name to the user instead of a sentence.

use std::collections::BTreeSet;
use std::path::Path;
use zk_web::i18n::{I18n, Lang};

/// Every file under `dir` ending in one of `exts`.
fn files(dir: &Path, exts: &[&str], out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            files(&path, exts, out);
        } else if exts
            .iter()
            .any(|e| path.extension().is_some_and(|x| x == *e))
        {
            out.push(path);
        }
    }
}

/// The literal keys in `t("key"` and `t_with("key"` calls, also when the call spans lines;
/// comment lines are skipped.
fn keys_asked_for(text: &str) -> Vec<String> {
    let text: String = text
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n");
    let text = text.as_str();
    let mut keys = Vec::new();
    for call in ["t(", "t_with("] {
        for (at, _) in text.match_indices(call) {
            let before = text[..at].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                continue;
            }
            let rest = text[at + call.len()..].trim_start();
            let Some(rest) = rest.strip_prefix('"') else {
                continue;
            };
            let key: String = rest.chars().take_while(|c| *c != '"').collect();
            if !key.is_empty()
                && key
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
            {
                keys.push(key);
            }
        }
    }
    keys
}

#[test]
fn every_key_the_code_asks_for_exists_in_both_languages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut paths = Vec::new();
    files(&root.join("src"), &["rs"], &mut paths);
    files(&root.join("templates"), &["html"], &mut paths);
    let mut asked = BTreeSet::new();
    for path in &paths {
        asked.extend(keys_asked_for(&std::fs::read_to_string(path).unwrap()));
    }
    assert!(asked.len() > 300, "found only {} keys", asked.len());
    for lang in Lang::ALL {
        let known: BTreeSet<String> = I18n::keys(lang).into_iter().collect();
        let missing: Vec<_> = asked.difference(&known).collect();
        assert!(
            missing.is_empty(),
            "missing in {}: {missing:?}",
            lang.code()
        );
    }
}

#[test]
fn the_scanner_finds_keys_across_lines_and_skips_other_calls() {
    let code = "page.t(\"a-b\") page.tr.t_with(\n    \"c-d\",\n) format(\"x-y\") page.t(&key)\n  /// `t(\"e-f\")`";
    assert_eq!(keys_asked_for(code), ["a-b", "c-d"]);
}
