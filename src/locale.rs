//! The person's language: Kazakh by default, remembered in localStorage (the locale code
//! only; nothing personal is stored).
use crate::i18n::Locale;
use zeinet_domain::Lang;

const STORAGE_KEY: &str = "zeinet.locale";

/// The language chosen earlier on this device, or Kazakh.
pub fn remembered() -> Locale {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|code| from_code(&code))
        .unwrap_or(Locale::kk)
}

/// Remembers the choice for the next visit.
pub fn remember(locale: Locale) {
    if let Some(storage) = storage() {
        // Private browsing may refuse storage: the choice then lasts for this page only.
        let _ = storage.set_item(STORAGE_KEY, code(locale));
    }
}

/// The locale's code as used in `lang` attributes and by NCALayer (`kk`, `ru`, `en`).
pub fn code(locale: Locale) -> &'static str {
    match locale {
        Locale::kk => "kk",
        Locale::ru => "ru",
        Locale::en => "en",
    }
}

/// The locale for a code, if it is one of ours.
pub fn from_code(code: &str) -> Option<Locale> {
    match code {
        "kk" => Some(Locale::kk),
        "ru" => Some(Locale::ru),
        "en" => Some(Locale::en),
        _ => None,
    }
}

/// The domain's formatting language for a UI locale.
pub fn lang(locale: Locale) -> Lang {
    match locale {
        Locale::kk => Lang::Kk,
        Locale::ru => Lang::Ru,
        Locale::en => Lang::En,
    }
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok()?
}
