//! The mock's short-lived stores (challenges, documents, eGov procedures) stay bounded.
use std::collections::HashMap;

/// Drops the entries `keep` refuses, then, when `max` are still there, the oldest by
/// `issued`, so that one more can be added.
pub fn make_room<T>(
    entries: &mut HashMap<String, T>,
    max: usize,
    keep: impl Fn(&T) -> bool,
    issued: impl Fn(&T) -> i64,
) {
    entries.retain(|_, entry| keep(entry));
    if entries.len() >= max {
        if let Some(oldest) = entries
            .iter()
            .min_by_key(|(_, entry)| issued(entry))
            .map(|(id, _)| id.clone())
        {
            entries.remove(&oldest);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::make_room;
    use std::collections::HashMap;

    #[test]
    fn expired_go_first_then_the_oldest() {
        let mut entries: HashMap<String, (i64, i64)> =
            [("a", (1, 10)), ("b", (2, 100)), ("c", (3, 100))]
                .into_iter()
                .map(|(id, v)| (id.to_owned(), v))
                .collect();
        make_room(
            &mut entries,
            3,
            |(_, expires)| *expires > 50,
            |(issued, _)| *issued,
        );
        assert_eq!(entries.len(), 2, "the expired one is gone, room left");
        make_room(&mut entries, 2, |_| true, |(issued, _)| *issued);
        assert!(
            entries.contains_key("c") && entries.len() == 1,
            "the oldest made room"
        );
    }
}
