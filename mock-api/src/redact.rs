//! What the log may say about a person: never a full IIN, IBAN, password or session id.

/// `********0007`: the last four digits of an IIN (enough to tell the test users apart).
pub fn mask_iin(iin: &str) -> String {
    let chars: Vec<char> = iin.chars().collect();
    let keep = chars.len().min(4);
    let tail: String = chars[chars.len() - keep..].iter().collect();
    format!("{}{tail}", "*".repeat(chars.len() - keep))
}

/// A request path for the log: runs of 12 or more digits (an IIN, a BIN, a card or account
/// number) and IBAN-like words (`KZ` + 2 digits + 16 letters or digits) keep their last four
/// characters only. The API's ids (`app-188041`, `po-49756052`, 32-hex tokens) pass unchanged.
pub fn mask_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    for (i, segment) in path.split('/').enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&mask_segment(segment));
    }
    out
}

fn mask_segment(segment: &str) -> String {
    let upper = segment.to_ascii_uppercase();
    let b = upper.as_bytes();
    if b.len() >= 20
        && b.starts_with(b"KZ")
        && b[2..4].iter().all(u8::is_ascii_digit)
        && b[4..20].iter().all(u8::is_ascii_alphanumeric)
    {
        return format!("{}{}", "*".repeat(16), &segment[16..]);
    }
    // Mask every run of 12+ ASCII digits.
    let mut out = String::with_capacity(segment.len());
    let mut run = String::new();
    let flush = |run: &mut String, out: &mut String| {
        if run.len() >= 12 {
            out.push_str(&mask_iin(run));
        } else {
            out.push_str(run);
        }
        run.clear();
    };
    for c in segment.chars() {
        if c.is_ascii_digit() {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iins_and_ibans_are_masked_ids_are_not() {
        assert_eq!(mask_iin("900101300007"), "********0007");
        assert_eq!(mask_iin("12"), "12");
        assert_eq!(
            mask_path("/api/users/900101300007/x"),
            "/api/users/********0007/x"
        );
        assert_eq!(
            mask_path("/api/KZ327225000000680371"),
            "/api/****************0371"
        );
        assert_eq!(mask_path("/api/a9001013000071b"), "/api/a*********0071b");
        for path in [
            "/api/applications/app-188041",
            "/api/refund/payment-orders",
            "/api/egov/sign/3f2a1b9c8d7e6f503f2a1b9c8d7e6f50/document",
        ] {
            assert_eq!(mask_path(path), path);
        }
    }
}
