//! Pagination. Every list is read a page at a time with a keyset cursor, so a page costs the
//! same on the first and the thousandth page.

/// The largest page any list hands out.
pub const MAX_PAGE_SIZE: u32 = 100;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageRequest {
    /// The opaque cursor of the previous page's last item, if any.
    pub after: Option<String>,
    pub limit: u32,
}

impl PageRequest {
    pub fn first(limit: u32) -> Self {
        Self {
            after: None,
            limit: limit.clamp(1, MAX_PAGE_SIZE),
        }
    }

    pub fn after(cursor: impl Into<String>, limit: u32) -> Self {
        Self {
            after: Some(cursor.into()),
            limit: limit.clamp(1, MAX_PAGE_SIZE),
        }
    }

    /// The page size, bounded by [`MAX_PAGE_SIZE`] whatever a caller asked for.
    pub fn size(&self) -> u32 {
        self.limit.clamp(1, MAX_PAGE_SIZE)
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// The cursor to ask for the next page, when there is one.
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// A page with nothing on it and nothing after it.
    pub fn empty() -> Self {
        Self {
            items: Vec::new(),
            next: None,
        }
    }

    /// Builds a page from up to `size + 1` fetched rows: the extra row only proves that a next
    /// page exists.
    pub fn from_rows(mut rows: Vec<T>, size: u32, cursor_of: impl Fn(&T) -> String) -> Self {
        let size = size as usize;
        let more = rows.len() > size;
        rows.truncate(size);
        let next = if more {
            rows.last().map(cursor_of)
        } else {
            None
        };
        Self { items: rows, next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_extra_row_only_signals_a_next_page() {
        let page = Page::from_rows(vec![1, 2, 3], 2, |n| n.to_string());
        assert_eq!(page.items, vec![1, 2]);
        assert_eq!(page.next.as_deref(), Some("2"));
        let last = Page::from_rows(vec![1, 2], 2, |n| n.to_string());
        assert_eq!(last.next, None);
    }

    #[test]
    fn page_sizes_are_bounded() {
        assert_eq!(PageRequest::first(0).size(), 1);
        assert_eq!(PageRequest::first(10_000).size(), MAX_PAGE_SIZE);
    }
}
