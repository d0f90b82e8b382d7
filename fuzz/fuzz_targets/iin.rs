//! IIN and BIN validation on arbitrary text. Never panics, and:
//! - `Iin::parse`, `Bin::parse`, `is_valid_iin`, `is_valid_bin` always agree;
//! - an accepted number is the trimmed input, 12 ASCII digits, and re-parses to itself;
//! - the check digit is unique: any other last digit is rejected as `CheckDigit`;
//! - `WrongLength { len }` reports the digit count, never 12.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zeinet_domain::iin::ID_LEN;
use zeinet_domain::{is_valid_bin, is_valid_iin, Bin, Iin, IinError};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    let iin = Iin::parse(&text);
    let bin = Bin::parse(&text);
    assert_eq!(iin.is_ok(), is_valid_iin(&text));
    assert_eq!(bin.is_ok(), is_valid_bin(&text));
    assert_eq!(
        iin.as_ref().map(Iin::as_str).map_err(|e| *e),
        bin.as_ref().map(Bin::as_str).map_err(|e| *e)
    );

    match iin {
        Ok(iin) => {
            let s = iin.as_str();
            assert_eq!(s, text.trim());
            assert_eq!(s.len(), ID_LEN);
            assert!(s.bytes().all(|b| b.is_ascii_digit()));
            assert_eq!(Iin::parse(s).as_ref(), Ok(&iin));
            assert_eq!(iin.to_string(), s);
            for d in b'0'..=b'9' {
                if d != s.as_bytes()[ID_LEN - 1] {
                    let other = format!("{}{}", &s[..ID_LEN - 1], char::from(d));
                    assert_eq!(Iin::parse(&other), Err(IinError::CheckDigit), "{other}");
                }
            }
        }
        Err(IinError::WrongLength { len }) => {
            assert_ne!(len, ID_LEN);
            assert_eq!(len, text.trim().len());
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
