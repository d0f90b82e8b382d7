//! The bad-input matrix of issue 7, host side: every rule the cabinet applies to what a person
//! types, against the inputs a person (or an attacker) actually types. One table, each row an
//! input and the answer the rule must give; the run writes the table with its outcome to
//! `target/reliability/bad-input.md`. The screens' side (the message at the field and in the
//! summary, nothing typed lost) is in the Playwright suite.
//!
//! Backend-side cases of the same fields (an SMS code wrong, expired or tried too often; a
//! password refused by the backend) are in mock-api's tests: they need the backend's state.

use std::fmt::Debug;
use zeinet_domain::{
    banks,
    iban::{Iban, IbanError},
    iin::{Iin, IinError},
    password::{PasswordProblem, MAX_PASSWORD_CHARS},
    phone::{KzMobile, PhoneError},
    sms::{parse_code, CodeProblem},
    Tiyn,
};

struct Row {
    field: &'static str,
    case: &'static str,
    input: String,
    expected: String,
    got: String,
}

#[derive(Default)]
struct Matrix {
    rows: Vec<Row>,
}

impl Matrix {
    fn check<T: Debug, E: Debug>(
        &mut self,
        field: &'static str,
        case: &'static str,
        input: &str,
        expected: Result<&str, E>,
        got: Result<T, E>,
        shown: impl Fn(&T) -> String,
    ) {
        let expected = match expected {
            Ok(value) => format!("accepted as {value}"),
            Err(error) => format!("{error:?}"),
        };
        let got = match got {
            Ok(value) => format!("accepted as {}", shown(&value)),
            Err(error) => format!("{error:?}"),
        };
        self.rows.push(Row {
            field,
            case,
            input: input.to_owned(),
            expected,
            got,
        });
    }

    fn write_and_assert(self) {
        let failed: Vec<&Row> = self.rows.iter().filter(|r| r.expected != r.got).collect();
        let mut md = String::from(
            "# Bad-input matrix (host rules)\n\nWritten by `cargo test -p zeinet-domain --test \
             bad_input_matrix`.\n\n| field | case | input | expected | result |\n|---|---|---|---|---|\n",
        );
        for r in &self.rows {
            let mut input: String = r.input.chars().take(40).collect();
            if r.input.chars().count() > 40 {
                input.push_str(&format!("… ({} chars)", r.input.chars().count()));
            }
            let mark = if r.expected == r.got { "✓" } else { "✗" };
            md.push_str(&format!(
                "| {} | {} | `{}` | {} | {} {} |\n",
                r.field,
                r.case,
                input.replace('|', "\\|"),
                r.expected,
                mark,
                r.got
            ));
        }
        md.push_str(&format!(
            "\n{} rows, {} passed, {} failed.\n",
            self.rows.len(),
            self.rows.len() - failed.len(),
            failed.len()
        ));
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../target/reliability");
        if std::fs::create_dir_all(&dir).is_ok() {
            let _ = std::fs::write(dir.join("bad-input.md"), &md);
        }
        assert!(
            failed.is_empty(),
            "bad-input rows not answered as expected:\n{}",
            failed
                .iter()
                .map(|r| format!(
                    "  {} / {} ({:?}): expected {}, got {}",
                    r.field, r.case, r.input, r.expected, r.got
                ))
                .collect::<Vec<_>>()
                .join("\n")
        );
    }
}

#[test]
fn every_rule_answers_every_bad_input() {
    let mut m = Matrix::default();

    // IIN: 12 digits, the check digit of the two weightings.
    let iin = |m: &mut Matrix, case, input: &str, expected: Result<&str, IinError>| {
        m.check("IIN", case, input, expected, Iin::parse(input), |i| {
            i.as_str().to_owned()
        })
    };
    iin(&mut m, "valid", "900101300007", Ok("900101300007"));
    iin(
        &mut m,
        "spaces around",
        "  900101300007 ",
        Ok("900101300007"),
    );
    iin(&mut m, "empty", "", Err(IinError::Empty));
    iin(&mut m, "only spaces", "   ", Err(IinError::Empty));
    iin(
        &mut m,
        "11 digits",
        "90010130000",
        Err(IinError::WrongLength { len: 11 }),
    );
    iin(
        &mut m,
        "13 digits",
        "9001013000071",
        Err(IinError::WrongLength { len: 13 }),
    );
    iin(&mut m, "letters", "90010130000A", Err(IinError::NotDigits));
    iin(
        &mut m,
        "inner space",
        "900101 300007",
        Err(IinError::NotDigits),
    );
    iin(
        &mut m,
        "Arabic-Indic digits",
        "٩٠٠١٠١٣٠٠٠٠٧",
        Err(IinError::NotDigits),
    );
    iin(
        &mut m,
        "bad check digit",
        "900101300008",
        Err(IinError::CheckDigit),
    );
    // 90010130080: the first weighting gives 10, the second too; no 12th digit is valid.
    for last in ['0', '5', '9'] {
        let input = format!("90010130080{last}");
        iin(
            &mut m,
            "both passes = 10",
            &input,
            Err(IinError::Uncheckable),
        );
    }

    // Password at log-in and for a new one: required, at most 128 characters.
    let password = |m: &mut Matrix, case, input: &str, expected: Option<PasswordProblem>| {
        let got = PasswordProblem::check(input, "900101300823").map_or(Ok(()), Err);
        let expected = expected.map_or(Ok("it"), Err);
        m.check("password", case, input, expected, got, |_| "it".to_owned())
    };
    password(&mut m, "empty", "", Some(PasswordProblem::Required));
    password(&mut m, "valid", "Құпиясөз2026", None);
    let longest = format!("a1{}", "x".repeat(MAX_PASSWORD_CHARS - 2));
    password(&mut m, "128 characters", &longest, None);
    let too_long = format!("{longest}y");
    password(
        &mut m,
        "129 characters",
        &too_long,
        Some(PasswordProblem::TooLong),
    );
    let huge = "Zeinet-2026!".repeat(10_000);
    password(
        &mut m,
        "120,000 characters",
        &huge,
        Some(PasswordProblem::TooLong),
    );
    password(
        &mut m,
        "contains the IIN",
        "x900101300823",
        Some(PasswordProblem::ContainsIin),
    );

    // Phone: a Kazakhstan mobile number in any of the ways people write it.
    let phone = |m: &mut Matrix, case, input: &str, expected: Result<&str, PhoneError>| {
        m.check(
            "phone",
            case,
            input,
            expected,
            KzMobile::parse(input),
            |p| p.as_str().to_owned(),
        )
    };
    for (case, input) in [
        ("+7 and spaces", "+7 701 234 56 78"),
        ("8 and brackets, dashes", "8 (701) 234-56-78"),
        ("digits only, 8", "87012345678"),
        ("digits only, 7", "77012345678"),
        ("10 digits", "7012345678"),
        ("+7 no spaces", "+77012345678"),
        ("dots", "8.701.234.56.78"),
    ] {
        phone(&mut m, case, input, Ok("+77012345678"));
    }
    phone(&mut m, "empty", "", Err(PhoneError::Empty));
    phone(
        &mut m,
        "letters",
        "+7 701 ABC 56 78",
        Err(PhoneError::InvalidCharacters),
    );
    phone(
        &mut m,
        "too short",
        "+7 701 234 56",
        Err(PhoneError::WrongLength),
    );
    phone(
        &mut m,
        "too long",
        "+7 701 234 56 789",
        Err(PhoneError::WrongLength),
    );
    phone(
        &mut m,
        "foreign (Germany)",
        "+49 151 23456789",
        Err(PhoneError::NotKazakhstan),
    );
    phone(
        &mut m,
        "foreign (Russia, +7 9xx)",
        "+7 916 123 45 67",
        Err(PhoneError::NotKazakhstan),
    );
    phone(
        &mut m,
        "landline (Almaty 727)",
        "+7 727 258 00 00",
        Err(PhoneError::NotMobile),
    );
    phone(
        &mut m,
        "landline (Astana 7172)",
        "8 7172 55 00 00",
        Err(PhoneError::NotMobile),
    );
    phone(
        &mut m,
        "unknown operator code",
        "+7 799 123 45 67",
        Err(PhoneError::UnknownOperator),
    );

    // SMS code: 6 digits (wrong, expired and too many tries are the backend's answers).
    let code = |m: &mut Matrix, case, input: &str, expected: Result<&str, CodeProblem>| {
        m.check("SMS code", case, input, expected, parse_code(input), |c| {
            c.clone()
        })
    };
    code(&mut m, "valid", "123456", Ok("123456"));
    code(&mut m, "spaces inside", " 123 456 ", Ok("123456"));
    code(&mut m, "empty", "", Err(CodeProblem::Required));
    code(&mut m, "letters", "12a456", Err(CodeProblem::NotDigits));
    code(&mut m, "5 digits", "12345", Err(CodeProblem::WrongLength));
    code(&mut m, "7 digits", "1234567", Err(CodeProblem::WrongLength));

    // IBAN: 20 characters, KZ, mod-97, the bank code of the orders' bank (BIC).
    let iban = |m: &mut Matrix, case, input: &str, expected: Result<&str, IbanError>| {
        m.check("IBAN", case, input, expected, Iban::parse(input), |i| {
            i.as_str().to_owned()
        })
    };
    iban(
        &mut m,
        "valid",
        "KZ327225000000680371",
        Ok("KZ327225000000680371"),
    );
    iban(
        &mut m,
        "lower case, spaces",
        "kz32 7225 0000 0068 0371",
        Ok("KZ327225000000680371"),
    );
    iban(&mut m, "empty", "", Err(IbanError::Empty));
    iban(
        &mut m,
        "19 characters",
        "KZ32722500000068037",
        Err(IbanError::WrongLength { len: 19 }),
    );
    iban(
        &mut m,
        "21 characters",
        "KZ3272250000006803711",
        Err(IbanError::WrongLength { len: 21 }),
    );
    iban(
        &mut m,
        "other country",
        "DE89370400440532013000",
        Err(IbanError::NotKazakh),
    );
    iban(
        &mut m,
        "bad checksum",
        "KZ337225000000680371",
        Err(IbanError::Checksum),
    );
    iban(
        &mut m,
        "the memo's placeholder",
        "KZ397225000000680371",
        Err(IbanError::Checksum),
    );
    iban(
        &mut m,
        "punctuation",
        "KZ32-7225-0000-0068-0371",
        Err(IbanError::InvalidCharacters),
    );
    iban(
        &mut m,
        "Cyrillic К",
        "КZ327225000000680371",
        Err(IbanError::InvalidCharacters),
    );
    let bank = |m: &mut Matrix, case, input: &str, bic: &str, expected: Result<&str, IbanError>| {
        let got = Iban::parse(input).and_then(|i| i.check_bank(bic, banks::entries()).map(|()| i));
        m.check("IBAN + BIC", case, input, expected, got, |i| {
            i.as_str().to_owned()
        })
    };
    bank(
        &mut m,
        "Kaspi IBAN, Kaspi BIC",
        "KZ327225000000680371",
        "CASPKZKA",
        Ok("KZ327225000000680371"),
    );
    bank(
        &mut m,
        "Kaspi IBAN, Halyk BIC",
        "KZ327225000000680371",
        "HSBKKZKX",
        Err(IbanError::BankMismatch),
    );

    // Amounts from the backend (tiyn): text that is not a sum is refused, never guessed.
    let money = |m: &mut Matrix, case, input: &str, ok: bool| {
        let got = Tiyn::parse(input).map(|_| ()).map_err(|_| "refused");
        let expected = if ok { Ok("it") } else { Err("refused") };
        m.check("amount", case, input, expected, got, |_| "it".to_owned())
    };
    money(&mut m, "valid", "500.00", true);
    money(&mut m, "empty", "", false);
    money(&mut m, "letters", "5OO", false);
    money(&mut m, "four decimals", "500,1234", false);
    money(&mut m, "wrong grouping", "1,23,456", false);
    money(&mut m, "overflow", "99999999999999999999999", false);
    money(&mut m, "script", "<script>alert(1)</script>", false);

    m.write_and_assert();
}
