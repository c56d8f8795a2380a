//! The forms on a page as a browser reads them (method and action, entities undone), and the
//! check that every one posts to an address the router itself knows, written as the browser
//! will use it: no `.` or `..` steps, no encoded slash, no other host.

use super::TestApp;
use axum::body::Body;
use axum::http::{Request, StatusCode};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FormTag {
    pub method: String,
    /// The `action` attribute as the browser reads it; `None` when there is none.
    pub action: Option<String>,
}

/// Every `<form>` on the page.
pub fn forms(html: &str) -> Vec<FormTag> {
    let mut found = Vec::new();
    let mut rest = html;
    while let Some(at) = rest.find("<form") {
        let tag = &rest[at..];
        let end = tag.find('>').expect("a closed form tag");
        let attributes = attributes(&tag["<form".len()..end]);
        let get = |name: &str| {
            attributes
                .iter()
                .find(|(n, _)| n == name)
                .map(|(_, v)| v.clone())
        };
        found.push(FormTag {
            method: get("method").unwrap_or_else(|| "get".into()).to_lowercase(),
            action: get("action"),
        });
        rest = &tag[end..];
    }
    found
}

/// The forms inside `<main>`: the page's own, without the header's logout button.
pub fn main_forms(html: &str) -> Vec<FormTag> {
    let start = html.find("<main").expect("a main element");
    let end = html.find("</main>").expect("a closed main element");
    forms(&html[start..end])
}

/// `name="value"` pairs of a tag (double or single quotes, or none), with entities undone.
fn attributes(mut s: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    loop {
        s = s.trim_start();
        if s.is_empty() || s.starts_with('/') {
            return out;
        }
        let name_end = s
            .find(|c: char| c == '=' || c.is_whitespace())
            .unwrap_or(s.len());
        let name = s[..name_end].to_lowercase();
        s = s[name_end..].trim_start();
        let Some(after) = s.strip_prefix('=') else {
            out.push((name, String::new()));
            continue;
        };
        let after = after.trim_start();
        let (value, rest) = match after.chars().next() {
            Some(q @ ('"' | '\'')) => {
                let close = after[1..].find(q).expect("a closed attribute value") + 1;
                (&after[1..close], &after[close + 1..])
            }
            _ => {
                let end = after.find(char::is_whitespace).unwrap_or(after.len());
                (&after[..end], &after[end..])
            }
        };
        out.push((name, unescape(value)));
        s = rest;
    }
}

fn unescape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        let tail = &rest[at..];
        let Some(semi) = tail.find(';') else {
            out.push_str(tail);
            return out;
        };
        let entity = &tail[1..semi];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .or_else(|| entity.strip_prefix("#X"))
                .and_then(|h| u32::from_str_radix(h, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &tail[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &tail[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Where a form goes: its action, or the page's own address when it has none (or an empty one).
pub fn target(form: &FormTag, page_url: &str) -> String {
    match form.action.as_deref() {
        None | Some("") => page_url.to_owned(),
        Some(a) => a.to_owned(),
    }
}

/// Asserts that every form on the page goes to a path the router has a route for, written as
/// is: a browser would resolve `..`, `%2F` or `//host` to somewhere else than it says.
pub async fn assert_forms_go_to_known_routes(t: &TestApp, page_url: &str, html: &str) {
    for form in forms(html) {
        let to = target(&form, page_url);
        assert_written_as_used(&to, page_url);
        assert!(
            is_route(t, &to).await,
            "a form on {page_url} goes to {to:?}, which no route has"
        );
    }
}

/// The path as a browser uses it is the path as written.
fn assert_written_as_used(to: &str, page_url: &str) {
    let why = format!("a form on {page_url} goes to {to:?}");
    assert!(to.starts_with('/') && !to.starts_with("//"), "{why}");
    assert!(
        to.bytes().all(|b| b.is_ascii_graphic()),
        "{why}: spaces or control characters"
    );
    assert!(!to.contains('\\'), "{why}: a backslash");
    let path = to.split(['?', '#']).next().unwrap_or_default();
    let lower = path.to_ascii_lowercase();
    for encoded in ["%2f", "%5c", "%2e"] {
        assert!(!lower.contains(encoded), "{why}: {encoded} in the path");
    }
    for segment in path.split('/').skip(1) {
        assert!(
            segment != "." && segment != ".." && !segment.is_empty() || path == "/",
            "{why}: an empty, '.' or '..' step"
        );
    }
}

/// Whether the router has a route for `to`, asked with a method no page route takes: a known
/// path answers 405, an unknown one 404. No handler runs, so this changes nothing.
pub async fn is_route(t: &TestApp, to: &str) -> bool {
    let request = Request::builder()
        .method("PUT")
        .uri(to)
        .header("sec-fetch-site", "same-origin")
        .body(Body::empty())
        .unwrap();
    let status = t.send(request).await.status;
    assert!(
        status == StatusCode::METHOD_NOT_ALLOWED || status == StatusCode::NOT_FOUND,
        "PUT {to}: {status}"
    );
    status == StatusCode::METHOD_NOT_ALLOWED
}
