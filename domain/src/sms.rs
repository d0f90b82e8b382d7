//! The one-time code sent by SMS at registration and password reset.
//!
//! ```
//! use zeinet_domain::sms::{parse_code, CodeProblem};
//! assert_eq!(parse_code(" 123 456 ").as_deref(), Ok("123456"));
//! assert_eq!(parse_code("12a456"), Err(CodeProblem::NotDigits));
//! ```

/// Digits in a code.
pub const CODE_DIGITS: usize = 6;

/// Why a typed code is refused before asking the backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CodeProblem {
    Required,
    NotDigits,
    WrongLength,
}

/// The code without spaces, if it is exactly [`CODE_DIGITS`] ASCII digits.
pub fn parse_code(typed: &str) -> Result<String, CodeProblem> {
    let code: String = typed.chars().filter(|c| !c.is_whitespace()).collect();
    if code.is_empty() {
        Err(CodeProblem::Required)
    } else if !code.chars().all(|c| c.is_ascii_digit()) {
        Err(CodeProblem::NotDigits)
    } else if code.len() != CODE_DIGITS {
        Err(CodeProblem::WrongLength)
    } else {
        Ok(code)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_rules() {
        assert_eq!(parse_code(""), Err(CodeProblem::Required));
        assert_eq!(parse_code("  "), Err(CodeProblem::Required));
        assert_eq!(parse_code("12a456"), Err(CodeProblem::NotDigits));
        // Other scripts' digits are not the code's digits.
        assert_eq!(parse_code("١٢٣٤٥٦"), Err(CodeProblem::NotDigits));
        assert_eq!(parse_code("12345"), Err(CodeProblem::WrongLength));
        assert_eq!(parse_code("1234567"), Err(CodeProblem::WrongLength));
        assert_eq!(parse_code("123 456"), Ok("123456".to_owned()));
    }
}
