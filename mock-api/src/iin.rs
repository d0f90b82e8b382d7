//! IIN/BIN check digit (shared/reference/kz-identifiers.md). The domain crate has the same rule
//! for the frontend; the mock keeps its own copy so that it builds on its own.

/// True when `s` is 12 ASCII digits whose 12th digit is the IIN/BIN check digit.
pub fn is_valid_iin(s: &str) -> bool {
    let b = s.as_bytes();
    if b.len() != 12 || !b.iter().all(u8::is_ascii_digit) {
        return false;
    }
    let d: Vec<u32> = b.iter().map(|c| u32::from(c - b'0')).collect();
    let weighted = |w: &dyn Fn(usize) -> u32| (0..11).map(|i| d[i] * w(i)).sum::<u32>() % 11;
    let mut c = weighted(&|i| i as u32 + 1);
    if c == 10 {
        c = weighted(&|i| (i as u32 + 2) % 11 + 1);
    }
    c != 10 && c == d[11]
}

#[cfg(test)]
mod tests {
    use super::is_valid_iin;

    #[test]
    fn reference_values() {
        for ok in [
            "061211600012",
            "800416100254",
            "680503250034",
            "940140000385",
            "900101300007",
            "900101300017",
            "900101300811",
            "900101300823",
        ] {
            assert!(is_valid_iin(ok), "{ok}");
        }
        for bad in [
            "821214240092",
            "900101300008",
            "90010130000",
            "9001013000070",
            "90010130000a",
            "",
        ] {
            assert!(!is_valid_iin(bad), "{bad}");
        }
    }
}
