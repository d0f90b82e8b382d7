//! Money on arbitrary text and arbitrary amounts. Never panics, and `parse` reads back what
//! `format` and `format_number` write, in every language:
//! - for any text that parses to an amount, formatting it and parsing again gives that amount;
//! - for any `i64` tiyn (the first 8 bytes, so `i64::MIN`/`MAX` too), the same round trip.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zeinet_domain::money::TENGE_SIGN;
use zeinet_domain::{Lang, Tiyn};

fn round_trips(t: Tiyn) {
    for lang in Lang::ALL {
        let full = t.format(lang);
        let number = t.format_number(lang);
        assert!(full.contains(TENGE_SIGN));
        assert!(!number.contains(TENGE_SIGN));
        assert_eq!(number.starts_with('-'), t.0 < 0);
        assert_eq!(Tiyn::parse(&full), Ok(t), "{full:?}");
        assert_eq!(Tiyn::parse(&number), Ok(t), "{number:?}");
    }
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    match Tiyn::parse(&text) {
        Ok(t) => round_trips(t),
        Err(e) => {
            let _ = e.to_string();
        }
    }
    if let Some(bytes) = data.first_chunk::<8>() {
        round_trips(Tiyn(i64::from_le_bytes(*bytes)));
    }
});
