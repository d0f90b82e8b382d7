use super::ApiErrorAlert;
use crate::api::ApiError;
use crate::session::use_session;
use leptos::prelude::*;

/// Shows a failed load with its way forward; an expired session goes to log-in.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use zeinet::components::{load_error, Loading};
/// # fn demo() -> impl IntoView {
/// let list = LocalResource::new(zeinet::api::applications::list);
/// let retry = Callback::new(move |_| list.refetch());
/// view! {
///     <Transition fallback=|| view! { <Loading rows=3 /> }>
///         {move || Suspend::new(async move {
///             match list.await {
///                 Err(error) => load_error(error, retry),
///                 Ok(items) => items.len().to_string().into_any(),
///             }
///         })}
///     </Transition>
/// }
/// # }
/// ```
pub fn load_error(error: ApiError, retry: Callback<()>) -> AnyView {
    let error = use_session().check(error);
    view! { <ApiErrorAlert error on_retry=retry /> }.into_any()
}
