//! The mock's short-lived stores (challenges, documents, eGov procedures) stay bounded.
use std::collections::{BTreeMap, HashMap};

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

/// A store that anyone may add to (EDS challenges, eGov procedures), bounded per client and in
/// all: a client holding `per_client` entries is refused until its oldest ends, and when the
/// whole table is full the oldest entry of a client holding the most makes room. So a flood,
/// from one network or from many, evicts the flooders' own entries first: a person who asked
/// for one is evicted only once every client holds just one (`max` clients at once).
#[derive(Debug)]
pub struct PerClient<T> {
    entries: HashMap<String, Held<T>>,
    /// Client → its entries' ids by age (the insertion number: seconds tie under a flood).
    by_client: HashMap<String, BTreeMap<u64, String>>,
    next: u64,
}

#[derive(Debug)]
struct Held<T> {
    value: T,
    client: String,
    seq: u64,
    /// When it may be forgotten (Unix seconds).
    ends: i64,
}

impl<T> Default for PerClient<T> {
    fn default() -> Self {
        PerClient {
            entries: HashMap::new(),
            by_client: HashMap::new(),
            next: 0,
        }
    }
}

impl<T> PerClient<T> {
    pub fn get(&self, id: &str) -> Option<&T> {
        self.entries.get(id).map(|h| &h.value)
    }

    pub fn get_mut(&mut self, id: &str) -> Option<&mut T> {
        self.entries.get_mut(id).map(|h| &mut h.value)
    }

    pub fn remove(&mut self, id: &str) -> Option<T> {
        let held = self.entries.remove(id)?;
        if let Some(ids) = self.by_client.get_mut(&held.client) {
            ids.remove(&held.seq);
            if ids.is_empty() {
                self.by_client.remove(&held.client);
            }
        }
        Some(held.value)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Adds `value` of `client` under `id`, to be kept until `ends`; `Err(until)`, when the
    /// client's oldest entry ends, while `client` already holds `per_client` entries.
    pub fn insert(
        &mut self,
        id: String,
        value: T,
        client: &str,
        ends: i64,
        now: i64,
        (max, per_client): (usize, usize),
    ) -> Result<(), i64> {
        self.forget_ended_of(client, now);
        if let Some(ids) = self.by_client.get(client) {
            if ids.len() >= per_client {
                let oldest = ids.values().filter_map(|id| self.entries.get(id));
                return Err(oldest.map(|h| h.ends).min().unwrap_or(now + 1));
            }
        }
        if self.entries.len() >= max {
            // Under a flood only: the ended ones first, then a biggest client's oldest.
            let ended: Vec<String> = self
                .entries
                .iter()
                .filter(|(_, h)| h.ends <= now)
                .map(|(id, _)| id.clone())
                .collect();
            for id in ended {
                self.remove(&id);
            }
            if self.entries.len() >= max {
                let victim = self
                    .by_client
                    .values()
                    .max_by_key(|ids| (ids.len(), std::cmp::Reverse(ids.keys().next().copied())))
                    .and_then(|ids| ids.values().next().cloned());
                if let Some(id) = victim {
                    self.remove(&id);
                }
            }
        }
        let seq = self.next;
        self.next += 1;
        self.by_client
            .entry(client.to_owned())
            .or_default()
            .insert(seq, id.clone());
        let held = Held {
            value,
            client: client.to_owned(),
            seq,
            ends,
        };
        if let Some(old) = self.entries.insert(id, held) {
            // an id drawn twice (128 random bits: never); keep the index right anyway
            if let Some(ids) = self.by_client.get_mut(&old.client) {
                ids.remove(&old.seq);
            }
        }
        Ok(())
    }

    fn forget_ended_of(&mut self, client: &str, now: i64) {
        let Some(ids) = self.by_client.get(client) else {
            return;
        };
        let ended: Vec<String> = ids
            .values()
            .filter(|id| self.entries.get(*id).is_some_and(|h| h.ends <= now))
            .cloned()
            .collect();
        for id in ended {
            self.remove(&id);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{make_room, PerClient};
    use std::collections::HashMap;

    #[test]
    fn a_client_over_its_quota_is_refused_until_its_oldest_ends() {
        let mut t = PerClient::default();
        t.insert("a1".into(), (), "a", 100, 0, (10, 2)).unwrap();
        t.insert("a2".into(), (), "a", 150, 1, (10, 2)).unwrap();
        assert_eq!(t.insert("a3".into(), (), "a", 200, 2, (10, 2)), Err(100));
        t.insert("b1".into(), (), "b", 200, 2, (10, 2)).unwrap();
        assert_eq!(t.remove("a1"), Some(()));
        t.insert("a3".into(), (), "a", 200, 3, (10, 2)).unwrap();
        assert_eq!(t.insert("a4".into(), (), "a", 300, 149, (10, 2)), Err(150));
        // a2 ended: room again for one
        t.insert("a4".into(), (), "a", 300, 150, (10, 2)).unwrap();
        assert!(t.get("a2").is_none());
        assert_eq!(t.insert("a5".into(), (), "a", 300, 150, (10, 2)), Err(200));
    }

    #[test]
    fn a_full_table_evicts_the_oldest_of_a_biggest_client() {
        let mut t = PerClient::default();
        t.insert("person".into(), (), "p", 1000, 0, (4, 3)).unwrap();
        for i in 0..3 {
            t.insert(format!("f{i}"), (), "f", 1000, 1, (4, 3)).unwrap();
        }
        t.insert("g0".into(), (), "g", 1000, 2, (4, 3)).unwrap();
        assert_eq!(t.len(), 4);
        assert!(t.get("f0").is_none() && t.get("f1").is_some());
        t.insert("h0".into(), (), "h", 1000, 2, (4, 3)).unwrap();
        assert!(t.get("f1").is_none() && t.get("person").is_some());
        t.insert("i0".into(), (), "i", 1000, 2, (4, 3)).unwrap();
        // every client holds one: the oldest of them goes
        assert!(t.get("person").is_none() && t.get("f2").is_some());
        assert_eq!(t.len(), 4);
    }

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
