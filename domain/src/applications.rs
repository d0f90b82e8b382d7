//! Rules about the person's applications: their order in the lists.
use std::cmp::Ordering;

/// Sorts applications newest first, as the memo requires ("кему ретімен хронология бойынша"):
/// by filing date descending, and on the same day by application number descending (a higher
/// number was registered later). `key` gives the ISO date (`YYYY-MM-DD`) and the number.
///
/// ```
/// let mut rows = vec![("2021-02-18", "188041"), ("2021-11-23", "898300"), ("2021-11-23", "898301")];
/// zeinet_domain::applications::newest_first(&mut rows, |r| (r.0, r.1));
/// assert_eq!(rows, [("2021-11-23", "898301"), ("2021-11-23", "898300"), ("2021-02-18", "188041")]);
/// ```
pub fn newest_first<T>(items: &mut [T], key: impl Fn(&T) -> (&str, &str)) {
    items.sort_by(|a, b| {
        let (date_a, number_a) = key(a);
        let (date_b, number_b) = key(b);
        date_b
            .cmp(date_a)
            .then_with(|| compare_numbers(number_b, number_a))
    });
}

/// Compares application numbers as numbers (`99` < `100`), falling back to text for anything
/// that is not all digits, so the order is total whatever the backend sends.
fn compare_numbers(a: &str, b: &str) -> Ordering {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    if digits(a) && digits(b) {
        let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    } else {
        a.cmp(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_descending_then_numbers_descending() {
        let mut rows = vec![
            ("2021-02-18", "188041"),
            ("2023-05-01", "99"),
            ("2023-05-01", "100"),
            ("2021-11-23", "898300"),
            ("2023-05-01", "1000"),
        ];
        newest_first(&mut rows, |r| (r.0, r.1));
        assert_eq!(
            rows,
            [
                ("2023-05-01", "1000"),
                ("2023-05-01", "100"),
                ("2023-05-01", "99"),
                ("2021-11-23", "898300"),
                ("2021-02-18", "188041"),
            ]
        );
    }

    #[test]
    fn non_numeric_numbers_still_sort_totally() {
        let mut rows = vec![
            ("2021-01-01", "A-2"),
            ("2021-01-01", "A-10"),
            ("2021-01-01", "7"),
        ];
        newest_first(&mut rows, |r| (r.0, r.1));
        assert_eq!(rows[0].1, "A-2");
        assert_eq!(rows.len(), 3);
    }
}
