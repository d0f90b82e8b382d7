//! Long lists shown a page at a time: which page a request means, which rows it holds and
//! which page links to offer.
//!
//! A person reads a few dozen applications, not thousands: a page of [`PAGE_SIZE`] rows keeps
//! every paint and every screen-reader table walk short however long the history is.
//!
//! ```
//! use zeinet_domain::pagination::{Page, PageLink};
//! let page = Page::new(Some("3"), 1_000);
//! assert_eq!((page.number(), page.count()), (3, 20));
//! assert_eq!(page.rows(), 100..150);
//! assert_eq!(page.first_shown_row(), 101);
//! assert_eq!(
//!     page.links(),
//!     vec![
//!         PageLink::Page(1),
//!         PageLink::Page(2),
//!         PageLink::Page(3),
//!         PageLink::Page(4),
//!         PageLink::Gap,
//!         PageLink::Page(20),
//!     ]
//! );
//! ```

use std::ops::Range;

/// Rows on one page.
pub const PAGE_SIZE: usize = 50;

/// One page of a list of `total` rows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Page {
    number: usize,
    count: usize,
    total: usize,
}

/// An entry of the page navigation.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageLink {
    /// A link to this page (1-based).
    Page(usize),
    /// Pages left out between two links ("…").
    Gap,
}

impl Page {
    /// The page a request names (`?page=N`, 1-based) in a list of `total` rows. A missing,
    /// unreadable or out-of-range number gives the nearest page that exists, so an old link
    /// to a shorter list still shows something.
    pub fn new(requested: Option<&str>, total: usize) -> Page {
        let count = total.div_ceil(PAGE_SIZE).max(1);
        let number = requested
            .and_then(|text| text.trim().parse::<usize>().ok())
            .unwrap_or(1)
            .clamp(1, count);
        Page {
            number,
            count,
            total,
        }
    }

    /// This page's number, 1-based.
    pub fn number(self) -> usize {
        self.number
    }

    /// How many pages the list has (1 for an empty list).
    pub fn count(self) -> usize {
        self.count
    }

    /// Rows in the whole list.
    pub fn total(self) -> usize {
        self.total
    }

    /// Whether the list needs page navigation at all.
    pub fn is_paged(self) -> bool {
        self.count > 1
    }

    /// The indexes (0-based) of the rows on this page.
    pub fn rows(self) -> Range<usize> {
        let start = (self.number - 1) * PAGE_SIZE;
        start.min(self.total)..(start + PAGE_SIZE).min(self.total)
    }

    /// The 1-based position of the first row shown ("Showing 51–100 of 1,000"); 0 when empty.
    pub fn first_shown_row(self) -> usize {
        let rows = self.rows();
        if rows.is_empty() {
            0
        } else {
            rows.start + 1
        }
    }

    /// The 1-based position of the last row shown.
    pub fn last_shown_row(self) -> usize {
        self.rows().end
    }

    /// The previous page, if any.
    pub fn previous(self) -> Option<usize> {
        (self.number > 1).then(|| self.number - 1)
    }

    /// The next page, if any.
    pub fn next(self) -> Option<usize> {
        (self.number < self.count).then(|| self.number + 1)
    }

    /// The numbered links: the first and last page, this page and its neighbours, with a gap
    /// where pages are left out (a gap of one page shows that page instead).
    pub fn links(self) -> Vec<PageLink> {
        let shown = |n: usize| n == 1 || n == self.count || n.abs_diff(self.number) <= 1;
        let mut links = Vec::new();
        let mut n = 1;
        while n <= self.count {
            if shown(n) || (shown(n - 1) && shown(n + 1) && n < self.count) {
                links.push(PageLink::Page(n));
                n += 1;
            } else {
                links.push(PageLink::Gap);
                while n <= self.count && !shown(n) {
                    n += 1;
                }
            }
        }
        links
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use PageLink::{Gap, Page as P};

    #[test]
    fn short_lists_have_one_page_and_no_navigation() {
        for total in [0, 1, 38, PAGE_SIZE] {
            let page = Page::new(None, total);
            assert_eq!((page.number(), page.count()), (1, 1), "{total}");
            assert!(!page.is_paged());
            assert_eq!(page.rows(), 0..total);
        }
        assert_eq!(Page::new(None, 0).first_shown_row(), 0);
        assert!(Page::new(None, PAGE_SIZE + 1).is_paged());
    }

    #[test]
    fn the_requested_page_is_read_and_kept_in_range() {
        assert_eq!(Page::new(Some("2"), 120).number(), 2);
        assert_eq!(Page::new(Some(" 3 "), 120).number(), 3);
        // Past the end (a list that got shorter), zero, negative, junk: the nearest page.
        assert_eq!(Page::new(Some("9"), 120).number(), 3);
        assert_eq!(Page::new(Some("0"), 120).number(), 1);
        assert_eq!(Page::new(Some("-2"), 120).number(), 1);
        assert_eq!(Page::new(Some("двa"), 120).number(), 1);
        assert_eq!(Page::new(Some("99999999999999999999999"), 120).number(), 1);
    }

    #[test]
    fn the_last_page_holds_the_remainder() {
        let page = Page::new(Some("3"), 120);
        assert_eq!(page.rows(), 100..120);
        assert_eq!((page.first_shown_row(), page.last_shown_row()), (101, 120));
        assert_eq!((page.previous(), page.next()), (Some(2), None));
        assert_eq!(Page::new(Some("1"), 120).previous(), None);
        assert_eq!(Page::new(Some("1"), 120).next(), Some(2));
    }

    #[test]
    fn links_show_the_ends_and_the_neighbourhood() {
        let links = |n: &str, total: usize| Page::new(Some(n), total).links();
        assert_eq!(links("1", 120), vec![P(1), P(2), P(3)]);
        assert_eq!(links("1", 1000), vec![P(1), P(2), Gap, P(20)]);
        assert_eq!(
            links("10", 1000),
            vec![P(1), Gap, P(9), P(10), P(11), Gap, P(20)]
        );
        assert_eq!(links("20", 1000), vec![P(1), Gap, P(19), P(20)]);
        // A gap of a single page shows that page instead of "…".
        assert_eq!(
            links("4", 1000),
            vec![P(1), P(2), P(3), P(4), P(5), Gap, P(20)]
        );
        assert_eq!(links("3", 250), vec![P(1), P(2), P(3), P(4), P(5)]);
        assert_eq!(links("1", 0), vec![P(1)]);
    }

    #[test]
    fn every_row_is_on_exactly_one_page() {
        for total in [0, 1, 49, 50, 51, 99, 100, 101, 10_000] {
            let count = Page::new(None, total).count();
            let mut seen = 0;
            for n in 1..=count {
                let rows = Page::new(Some(&n.to_string()), total).rows();
                assert_eq!(rows.start, seen, "total {total}, page {n}");
                assert!(rows.len() <= PAGE_SIZE);
                seen = rows.end;
            }
            assert_eq!(seen, total);
        }
    }
}
