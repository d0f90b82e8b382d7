//! Pure rules of the cabinet; no browser APIs, unit-tested on the host.
//!
//! Everything here is plain Rust so that the same rules run in the wasm frontend, in the mock
//! backend and in `cargo test` on the host: identifiers (IIN/BIN, IBAN, phone), money in
//! tiyn, and dates in Almaty time. Errors are small `Copy` enums whose variants the UI
//! translates; their `Display` messages are for developers only.
//!
//! ```
//! use zeinet_domain::{Iban, Iin, KzMobile, Lang, Tiyn};
//! assert!(Iin::parse("900101300007").is_ok());
//! assert_eq!(Iban::parse("kz86 125k zt50 0410 0100").unwrap().bank_code(), "125");
//! assert_eq!(KzMobile::parse("87012345678").unwrap().display(), "+7 701 234 56 78");
//! assert_eq!(Tiyn::from_tenge(500).format(Lang::En), "₸500.00");
//! ```

pub mod applications;
pub mod banks;
pub mod dates;
pub mod iban;
pub mod iin;
pub mod lang;
pub mod loopback;
pub mod money;
pub mod ncalayer;
pub mod pagination;
pub mod password;
pub mod phone;
pub mod refund;
pub mod session;
pub mod sms;

pub use banks::KnownBank;
pub use dates::{Date, DateError, DateTime};
pub use iban::{BankMatch, Iban, IbanError};
pub use iin::{is_valid_bin, is_valid_iin, Bin, BinError, Iin, IinError};
pub use lang::Lang;
pub use money::{MoneyError, Tiyn};
pub use phone::{KzMobile, PhoneError};
