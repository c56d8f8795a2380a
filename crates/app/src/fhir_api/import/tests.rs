//! Splitting an upload into chunks: line numbers survive blank lines, and the chunk limits
//! (lines and bytes) are crossed exactly where they say.

#![allow(clippy::unwrap_used, clippy::expect_used, reason = "tests")]

use super::upload::split;
use super::{CHUNK_BYTES, CHUNK_LINES};

fn lines(n: u64) -> Vec<u8> {
    (1..=n)
        .map(|i| format!("{{\"n\":{i}}}\n"))
        .collect::<String>()
        .into_bytes()
}

#[test]
fn blank_lines_are_skipped_but_keep_the_numbering() {
    let body = b"\n\n{\"a\":1}\r\n\n  \n{\"b\":2}\n\n";
    let (chunks, total) = split(body);
    assert_eq!(total, 2);
    assert_eq!(chunks.len(), 1);
    assert_eq!(chunks[0].first_line, 3);
    // Line 3, then the blank lines 4 and 5, then line 6: numbering from first_line holds.
    let text = String::from_utf8(chunks[0].data.clone()).unwrap();
    let numbered: Vec<(usize, &str)> = text
        .split('\n')
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 3, l.trim_end()))
        .collect();
    assert_eq!(numbered, vec![(3, "{\"a\":1}"), (6, "{\"b\":2}")]);
}

#[test]
fn nothing_but_blank_lines_is_empty() {
    assert_eq!(split(b"").1, 0);
    assert_eq!(split(b"\n \n\t\r\n").1, 0);
    assert!(split(b"\n\n").0.is_empty());
}

#[test]
fn a_chunk_holds_at_most_the_line_limit() {
    let (chunks, total) = split(&lines(CHUNK_LINES));
    assert_eq!((chunks.len(), total), (1, CHUNK_LINES));
    let (chunks, total) = split(&lines(CHUNK_LINES + 1));
    assert_eq!((chunks.len(), total), (2, CHUNK_LINES + 1));
    assert_eq!(chunks[1].first_line, CHUNK_LINES + 1);
    assert_eq!(chunks[1].data, b"{\"n\":501}\n".to_vec());
    // No trailing newline: the last line still counts.
    let (chunks, total) = split(b"{\"a\":1}\n{\"b\":2}");
    assert_eq!((chunks.len(), total), (1, 2));
}

#[test]
fn a_chunk_is_cut_at_the_byte_limit() {
    let big = format!("{{\"x\":\"{}\"}}", "a".repeat(CHUNK_BYTES / 2));
    let body = format!("{big}\n{big}\n{{\"small\":1}}\n");
    let (chunks, total) = split(body.as_bytes());
    assert_eq!(total, 3);
    // The second line brings the first chunk over the limit: the third starts a new one.
    assert_eq!(chunks.len(), 2);
    assert_eq!(chunks[1].first_line, 3);
}
