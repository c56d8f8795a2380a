//! The one check for "go back to" addresses (`terug` in links, forms and redirects): only a path
//! on this site that every browser reads as one. Anything else goes to the page's default, so a
//! link cannot send someone to another site after they log in again, and no input can put a
//! line break into a `Location` header.

/// `candidate` when it is a local path, else `fallback` (a constant of ours).
pub fn or(candidate: Option<&str>, fallback: &str) -> String {
    candidate
        .filter(|c| is_local(c))
        .unwrap_or(fallback)
        .to_owned()
}

/// Whether `path` is an absolute path on this site: one leading `/`, printable ASCII only (no
/// spaces, tabs or line breaks, which browsers drop or which break headers), no `//` and no
/// backslash, which browsers read as the start of another host. The same holds once percent
/// escapes are undone (as often as they nest), for parsers that decode before they look.
pub fn is_local(path: &str) -> bool {
    if !path.bytes().all(|b| b.is_ascii_graphic()) {
        return false;
    }
    let mut text = path.to_owned();
    // Each round undoes one layer of escapes; an address of ours has at most one.
    for _ in 0..4 {
        if !plain_local(&text) {
            return false;
        }
        let decoded = percent_decode(&text);
        if decoded == text {
            return true;
        }
        text = decoded;
    }
    false
}

fn plain_local(path: &str) -> bool {
    path.starts_with('/')
        && !path.contains("//")
        && !path.contains('\\')
        && !path.chars().any(|c| c.is_control() || c.is_whitespace())
}

/// `%XX` escapes undone; bytes that do not form UTF-8 become U+FFFD, which no browser reads
/// as `/` or `\`.
fn percent_decode(text: &str) -> String {
    String::from_utf8_lossy(&percent_bytes(text.as_bytes())).into_owned()
}

fn percent_bytes(input: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(input.len());
    let mut i = 0;
    while i < input.len() {
        if input[i] == b'%'
            && let (Some(h), Some(l)) = (
                input.get(i + 1).copied().and_then(hex),
                input.get(i + 2).copied().and_then(hex),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(input[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn our_own_paths_are_returned_to() {
        for ok in [
            "/",
            "/profiel",
            "/zorgpagina?pagina=0192c3d4-aaaa-7bbb-8ccc-123456789abc",
            "/hulp?over=%2Fzorgpagina",
            "/profiel/e-mail",
        ] {
            assert!(is_local(ok), "{ok}");
            assert_eq!(or(Some(ok), "/x"), ok);
        }
    }

    #[test]
    fn anything_that_may_leave_the_site_falls_back() {
        for bad in [
            "",
            "profiel",
            "//evil.example",
            "/\\evil.example",
            "\\\\evil.example",
            "/\t/evil.example",
            "/\n/evil.example",
            "/\r\nSet-Cookie: x=y",
            "/ /evil.example",
            "/%09/evil.example",
            "/%2F%2Fevil.example",
            "/%2f%2fevil.example",
            "/%5Cevil.example",
            "/%252F%252Fevil.example",
            "/%0d%0aSet-Cookie:%20x=y",
            "https://evil.example",
            "http:/evil.example",
            "javascript:alert(1)",
            "/é",
            "/a//b",
        ] {
            assert!(!is_local(bad), "{bad:?}");
            assert_eq!(or(Some(bad), "/profiel"), "/profiel", "{bad:?}");
        }
        assert_eq!(or(None, "/"), "/");
    }
}
