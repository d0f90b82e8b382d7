//! The person's language: Kazakh by default, remembered in localStorage (the locale code
//! only; nothing personal is stored).
use crate::i18n::{I18nLocaleTrait, Locale};
use zeinet_domain::Lang;

const STORAGE_KEY: &str = "zeinet.locale";

/// The language chosen earlier on this device, or Kazakh.
pub fn remembered() -> Locale {
    storage()
        .and_then(|s| s.get_item(STORAGE_KEY).ok().flatten())
        .and_then(|code| code.parse().ok())
        .unwrap_or(Locale::kk)
}

/// Remembers the choice for the next visit.
pub fn remember(locale: Locale) {
    if let Some(storage) = storage() {
        // Private browsing may refuse storage: the choice then lasts for this page only.
        let _ = storage.set_item(STORAGE_KEY, code(locale));
    }
}

/// The locale's code as used in `lang` attributes and by NCALayer (`kk`, `ru`, `en`):
/// leptos_i18n's own, from `locales/`.
pub fn code(locale: Locale) -> &'static str {
    I18nLocaleTrait::as_str(locale)
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
