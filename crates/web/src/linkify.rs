//! Plain text to safe HTML: everything escaped, web addresses made clickable. Used to show
//! e-mails on the dev outbox page, report bodies on the care page and the chart's texts.

pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes `text` and wraps each `http://` or `https://` address in a link.
pub fn linkify(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut rest = text;
    while let Some(start) = ["https://", "http://"]
        .iter()
        .filter_map(|p| rest.find(p))
        .min()
    {
        out.push_str(&escape(&rest[..start]));
        let tail = &rest[start..];
        let end = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"' | '\''))
            .unwrap_or(tail.len());
        // A sentence's closing punctuation is not part of the address.
        let url = tail[..end].trim_end_matches(['.', ',', ')', ';', ':']);
        let escaped = escape(url);
        out.push_str(&format!("<a href=\"{escaped}\">{escaped}</a>"));
        rest = &tail[url.len()..];
    }
    out.push_str(&escape(rest));
    out
}

#[cfg(test)]
mod tests {
    use super::linkify;

    #[test]
    fn addresses_become_links_and_the_rest_is_escaped() {
        assert_eq!(
            linkify("Klik: http://127.0.0.1:8080/a?b=1&c=2."),
            "Klik: <a href=\"http://127.0.0.1:8080/a?b=1&amp;c=2\">http://127.0.0.1:8080/a?b=1&amp;c=2</a>."
        );
        assert_eq!(
            linkify("<script>x</script>"),
            "&lt;script&gt;x&lt;/script&gt;"
        );
        assert_eq!(
            linkify("https://a.example/\"onclick=x"),
            "<a href=\"https://a.example/\">https://a.example/</a>&quot;onclick=x"
        );
        assert_eq!(linkify("javascript:alert(1)"), "javascript:alert(1)");
    }
}
