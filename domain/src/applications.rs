//! Rules about the person's applications: their kinds and statuses, which may be cancelled,
//! which are still moving, and their order in the lists.
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;

/// What an application asks for. The backend sends the snake_case code (`ipm_transfer`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Kind {
    /// Lump-sum payment to improve housing conditions.
    HousingLumpSum,
    /// Lump-sum payment for treatment.
    TreatmentLumpSum,
    /// A payment ("Төлемге өтініш").
    Payment,
    /// Payment by age.
    Age,
    /// Payment on disability.
    Disability,
    /// Payment to heirs.
    Heirs,
    /// Payment for burial.
    Burial,
    /// Payment on leaving Kazakhstan for permanent residence.
    Emigration,
    /// Payment of voluntary pension contributions.
    VpcPayment,
    /// Transfer to an insurance company.
    InsurerTransfer,
    /// Transfer to an investment portfolio manager (ИПБ) for trust management.
    IpmTransfer,
    /// Change of bank details.
    BankDetailsChange,
}

impl Kind {
    pub const ALL: [Kind; 12] = [
        Kind::HousingLumpSum,
        Kind::TreatmentLumpSum,
        Kind::Payment,
        Kind::Age,
        Kind::Disability,
        Kind::Heirs,
        Kind::Burial,
        Kind::Emigration,
        Kind::VpcPayment,
        Kind::InsurerTransfer,
        Kind::IpmTransfer,
        Kind::BankDetailsChange,
    ];

    /// The backend's code; `None` for a code this build does not know (a newer backend).
    ///
    /// ```
    /// use zeinet_domain::applications::Kind;
    /// assert_eq!(Kind::from_code("ipm_transfer"), Some(Kind::IpmTransfer));
    /// assert_eq!(Kind::from_code("teleport"), None);
    /// ```
    pub fn from_code(code: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|kind| kind.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            Kind::HousingLumpSum => "housing_lump_sum",
            Kind::TreatmentLumpSum => "treatment_lump_sum",
            Kind::Payment => "payment",
            Kind::Age => "age",
            Kind::Disability => "disability",
            Kind::Heirs => "heirs",
            Kind::Burial => "burial",
            Kind::Emigration => "emigration",
            Kind::VpcPayment => "vpc_payment",
            Kind::InsurerTransfer => "insurer_transfer",
            Kind::IpmTransfer => "ipm_transfer",
            Kind::BankDetailsChange => "bank_details_change",
        }
    }
}

/// Where an application is at ENPF ("БЖЗҚ-дағы өтініштің мәртебесі").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// «Өңдеуге қабылданды»: accepted for processing.
    Accepted,
    /// In progress.
    InProgress,
    /// «Орындалды»: executed.
    Executed,
    /// Refused, with a reason.
    Refused,
    /// Cancelled by the applicant.
    CancelledByApplicant,
    /// The applicant asked to cancel; ENPF has not yet confirmed.
    CancelRequested,
}

impl Status {
    pub const ALL: [Status; 6] = [
        Status::Accepted,
        Status::InProgress,
        Status::Executed,
        Status::Refused,
        Status::CancelledByApplicant,
        Status::CancelRequested,
    ];

    /// The backend's code; `None` for an unknown one.
    ///
    /// ```
    /// use zeinet_domain::applications::Status;
    /// assert_eq!(Status::from_code("accepted"), Some(Status::Accepted));
    /// ```
    pub fn from_code(code: &str) -> Option<Status> {
        Status::ALL.into_iter().find(|status| status.code() == code)
    }

    pub fn code(self) -> &'static str {
        match self {
            Status::Accepted => "accepted",
            Status::InProgress => "in_progress",
            Status::Executed => "executed",
            Status::Refused => "refused",
            Status::CancelledByApplicant => "cancelled_by_applicant",
            Status::CancelRequested => "cancel_requested",
        }
    }

    /// Still moving at ENPF: the page keeps asking for news while one is shown.
    ///
    /// ```
    /// use zeinet_domain::applications::Status;
    /// assert!(Status::CancelRequested.is_pending());
    /// assert!(!Status::Executed.is_pending());
    /// ```
    pub fn is_pending(self) -> bool {
        matches!(
            self,
            Status::Accepted | Status::InProgress | Status::CancelRequested
        )
    }

    /// Final: nothing more will happen to the application.
    pub fn is_final(self) -> bool {
        !self.is_pending()
    }
}

/// The memo's rule: «күшін жою» is available only for a transfer of pension savings to an
/// investment portfolio manager in status «Өңдеуге қабылданды».
///
/// ```
/// use zeinet_domain::applications::{cancel_allowed, Kind, Status};
/// assert!(cancel_allowed(Kind::IpmTransfer, Status::Accepted));
/// assert!(!cancel_allowed(Kind::IpmTransfer, Status::InProgress));
/// assert!(!cancel_allowed(Kind::InsurerTransfer, Status::Accepted));
/// ```
pub fn cancel_allowed(kind: Kind, status: Status) -> bool {
    kind == Kind::IpmTransfer && status == Status::Accepted
}

/// [`cancel_allowed`] over the backend's codes; an unknown code is never cancellable.
pub fn cancel_allowed_codes(kind: &str, status: &str) -> bool {
    matches!(
        (Kind::from_code(kind), Status::from_code(status)),
        (Some(kind), Some(status)) if cancel_allowed(kind, status)
    )
}

/// Sorts applications newest first, as the memo requires ("кему ретімен хронология бойынша"):
/// by filing date descending, and on the same day by application number descending (a higher
/// number was registered later). `key` gives the ISO date (`YYYY-MM-DD`) and the number.
///
/// ```
/// let mut rows = vec![("2021-02-18", "188041"), ("2021-11-23", "898300"), ("2021-11-23", "898301")];
/// zeinet_domain::applications::newest_first(&mut rows, |r| (r.0, r.1));
/// assert_eq!(rows, [("2021-11-23", "898301"), ("2021-11-23", "898300"), ("2021-02-18", "188041")]);
/// ```
pub fn newest_first<T>(items: &mut [T], key: impl Fn(&T) -> (&str, &str)) {
    items.sort_by(|a, b| {
        let (date_a, number_a) = key(a);
        let (date_b, number_b) = key(b);
        date_b
            .cmp(date_a)
            .then_with(|| compare_numbers(number_b, number_a))
    });
}

/// Compares application numbers as numbers (`99` < `100`), falling back to text for anything
/// that is not all digits, so the order is total whatever the backend sends.
fn compare_numbers(a: &str, b: &str) -> Ordering {
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    if digits(a) && digits(b) {
        let (a, b) = (a.trim_start_matches('0'), b.trim_start_matches('0'));
        a.len().cmp(&b.len()).then_with(|| a.cmp(b))
    } else {
        a.cmp(b)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_descending_then_numbers_descending() {
        let mut rows = vec![
            ("2021-02-18", "188041"),
            ("2023-05-01", "99"),
            ("2023-05-01", "100"),
            ("2021-11-23", "898300"),
            ("2023-05-01", "1000"),
        ];
        newest_first(&mut rows, |r| (r.0, r.1));
        assert_eq!(
            rows,
            [
                ("2023-05-01", "1000"),
                ("2023-05-01", "100"),
                ("2023-05-01", "99"),
                ("2021-11-23", "898300"),
                ("2021-02-18", "188041"),
            ]
        );
    }

    #[test]
    fn cancel_rule_over_every_kind_and_status() {
        let mut allowed = Vec::new();
        for kind in Kind::ALL {
            for status in Status::ALL {
                let verdict = cancel_allowed(kind, status);
                assert_eq!(verdict, cancel_allowed_codes(kind.code(), status.code()));
                if verdict {
                    allowed.push((kind, status));
                }
            }
        }
        assert_eq!(allowed, [(Kind::IpmTransfer, Status::Accepted)]);
        assert_eq!(Kind::ALL.len() * Status::ALL.len(), 72);
    }

    #[test]
    fn unknown_codes_are_never_cancellable() {
        assert!(!cancel_allowed_codes("ipm_transfer", "on_hold"));
        assert!(!cancel_allowed_codes("ipm_transfer_v2", "accepted"));
        assert!(!cancel_allowed_codes("", ""));
    }

    #[test]
    fn codes_round_trip_and_match_serde() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_code(kind.code()), Some(kind));
            assert_eq!(
                serde_json::to_string(&kind).unwrap(),
                format!("\"{}\"", kind.code())
            );
        }
        for status in Status::ALL {
            assert_eq!(Status::from_code(status.code()), Some(status));
            assert_eq!(
                serde_json::to_string(&status).unwrap(),
                format!("\"{}\"", status.code())
            );
        }
    }

    #[test]
    fn pending_statuses_are_the_unfinished_ones() {
        let pending: Vec<_> = Status::ALL.into_iter().filter(|s| s.is_pending()).collect();
        assert_eq!(
            pending,
            [
                Status::Accepted,
                Status::InProgress,
                Status::CancelRequested
            ]
        );
        assert!(Status::Refused.is_final() && Status::CancelledByApplicant.is_final());
    }

    #[test]
    fn non_numeric_numbers_still_sort_totally() {
        let mut rows = vec![
            ("2021-01-01", "A-2"),
            ("2021-01-01", "A-10"),
            ("2021-01-01", "7"),
        ];
        newest_first(&mut rows, |r| (r.0, r.1));
        assert_eq!(rows[0].1, "A-2");
        assert_eq!(rows.len(), 3);
    }
}
