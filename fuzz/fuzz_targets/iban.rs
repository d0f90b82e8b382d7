//! IBAN parsing and the typing helpers on arbitrary text. Never panics, and:
//! - `normalise` is idempotent and leaves no whitespace or ASCII lower case;
//! - `group_in_fours` normalises back to `normalise(input)`, in groups of at most four;
//! - a parsed IBAN is 20 characters, `KZ`, 2 digits, its 3-digit bank code, the account; its
//!   `as_str()` and `grouped()` forms re-parse to the same IBAN, and recomputing the check
//!   digits of its BBAN gives the IBAN back (check digits are canonical);
//! - `with_check_digits` of any BBAN that it accepts yields a valid IBAN ending in that BBAN,
//!   and no other check digits pass with that BBAN (ISO 7064 check digits are 02..=98).
#![no_main]

use libfuzzer_sys::fuzz_target;
use zeinet_domain::iban::{group_in_fours, normalise, IBAN_LEN};
use zeinet_domain::{Iban, IbanError};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    let norm = normalise(&text);
    assert_eq!(normalise(&norm), norm);
    assert!(!norm
        .chars()
        .any(|c| c.is_whitespace() || c.is_ascii_lowercase()));

    let grouped = group_in_fours(&text);
    assert_eq!(normalise(&grouped), norm);
    assert!(
        grouped
            .split(' ')
            .all(|g| (1..=4).contains(&g.chars().count()))
            || norm.is_empty()
    );

    match Iban::parse(&text) {
        Ok(iban) => {
            let s = iban.as_str();
            assert_eq!(s, norm);
            assert_eq!(s.len(), IBAN_LEN);
            assert!(s.starts_with("KZ"));
            assert!(s[2..4].bytes().all(|b| b.is_ascii_digit()));
            let code = iban.bank_code();
            assert_eq!(code.len(), 3);
            assert!(code.bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(&s[4..7], code, "the bank code is characters 5-7");
            assert_eq!(Iban::parse(s).as_ref(), Ok(&iban));
            assert_eq!(normalise(&iban.grouped()), s);
            assert_eq!(Iban::parse(&iban.grouped()).as_ref(), Ok(&iban));
            assert_eq!(iban.to_string(), s);
            assert_eq!(
                Iban::with_check_digits(&s[4..]).as_ref(),
                Ok(&iban),
                "{s}: the check digits are not the computed ones"
            );
        }
        Err(IbanError::WrongLength { len }) => {
            assert_ne!(len, IBAN_LEN);
            assert_eq!(len, norm.len());
        }
        Err(IbanError::BankMismatch) => panic!("parse never compares banks"),
        Err(e) => {
            let _ = e.to_string();
        }
    }

    match Iban::with_check_digits(&text) {
        Ok(iban) => {
            assert_eq!(&iban.as_str()[4..], norm);
            assert_eq!(Iban::parse(iban.as_str()).as_ref(), Ok(&iban));
            // One BBAN, one pair of check digits: the other two-digit numbers congruent mod 97
            // (00 for 97, 01 for 98, 99 for 02) must not pass.
            let check: u8 = iban.as_str()[2..4]
                .parse()
                .expect("check digits are digits");
            for other in [check.checked_sub(97), Some(check + 97)]
                .into_iter()
                .flatten()
            {
                if other < 100 {
                    let twin = format!("KZ{other:02}{norm}");
                    assert_eq!(Iban::parse(&twin), Err(IbanError::Checksum), "{twin}");
                }
            }
        }
        Err(IbanError::WrongLength { len }) => assert_eq!(len, norm.len() + 4),
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
