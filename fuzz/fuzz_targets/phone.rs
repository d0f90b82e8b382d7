//! Kazakh mobile numbers on arbitrary text. Never panics, and an accepted number:
//! - is `+77` and 9 more digits (12 characters) with a known operator code;
//! - re-parses to itself from `as_str()` and from `display()`;
//! - `display()` and `masked()` agree on the visible parts, and `masked()` hides the middle.
#![no_main]

use libfuzzer_sys::fuzz_target;
use zeinet_domain::phone::OPERATOR_CODES;
use zeinet_domain::KzMobile;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);

    match KzMobile::parse(&text) {
        Ok(phone) => {
            let s = phone.as_str();
            assert_eq!(s.len(), 12);
            assert!(s.starts_with("+77"));
            assert!(s[1..].bytes().all(|b| b.is_ascii_digit()));
            assert!(OPERATOR_CODES.contains(&phone.operator_code()));
            assert_eq!(&s[2..5], phone.operator_code());
            assert_eq!(KzMobile::parse(s).as_ref(), Ok(&phone));
            let display = phone.display();
            assert_eq!(KzMobile::parse(&display).as_ref(), Ok(&phone), "{display}");
            let masked = phone.masked();
            assert_eq!(masked, format!("{} *** ** {}", &display[..6], &s[10..]));
            assert_eq!(phone.to_string(), s);
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }
});
