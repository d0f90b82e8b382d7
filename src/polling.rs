//! Asking the backend for news at a steady pace, but only while the person can see the page.
use leptos::prelude::*;
use std::time::Duration;

/// How often a list of applications asks for news while an unfinished one is on screen.
pub const REFRESH_EVERY: Duration = Duration::from_secs(30);

/// Calls `tick` every `period` while the document is visible, and once at once when it
/// becomes visible again after `period` or more out of sight. Stops when the calling
/// component goes away. `tick` runs inside the caller's reactive owner, so the requests it
/// starts with `spawn_local_scoped_with_cancellation` are aborted with the page.
///
/// ```no_run
/// # use leptos::prelude::*;
/// # use std::time::Duration;
/// # use zeinet::polling::poll_while_visible;
/// # fn demo() {
/// # let refresh = || {};
/// poll_while_visible(Duration::from_secs(30), move || refresh());
/// # }
/// ```
pub fn poll_while_visible(period: Duration, tick: impl Fn() + Clone + 'static) {
    // Weak: the timer must not keep the page's owner (and so the timer itself) alive.
    let owner = Owner::current().map(|owner| owner.downgrade());
    let last_run = StoredValue::new_local(js_sys::Date::now());
    let run = move || {
        match owner.as_ref().map(|weak| weak.upgrade()) {
            Some(Some(owner)) => owner.with(&tick),
            // The page is gone; its cleanup stops this timer.
            Some(None) => return,
            None => tick(),
        }
        last_run.try_set_value(js_sys::Date::now());
    };

    let on_interval = run.clone();
    let interval = gloo_timers::callback::Interval::new(period.as_millis() as u32, move || {
        if is_visible() {
            on_interval();
        }
    });
    let on_visible = window_event_listener_untyped("visibilitychange", move |_| {
        let Some(last) = last_run.try_get_value() else {
            return;
        };
        let waited = js_sys::Date::now() - last;
        if is_visible() && waited >= period.as_millis() as f64 {
            run();
        }
    });
    let interval = send_wrapper::SendWrapper::new(interval);
    on_cleanup(move || {
        drop(interval.take());
        on_visible.remove();
    });
}

fn is_visible() -> bool {
    document().visibility_state() == web_sys::VisibilityState::Visible
}
