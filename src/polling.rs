//! Asking the backend for news at a steady pace, but only while the person can see the page.
use leptos::prelude::*;
use std::time::Duration;

/// Calls `tick` every `period` while the document is visible, and once at once when it
/// becomes visible again after `period` or more out of sight. Stops when the calling
/// component goes away. `tick` runs inside the caller's reactive owner, so the requests it
/// starts with `spawn_local_scoped_with_cancellation` are aborted with the page.
///
/// ```ignore
/// poll_while_visible(Duration::from_secs(30), move || refresh());
/// ```
pub fn poll_while_visible(period: Duration, tick: impl Fn() + Clone + 'static) {
    let owner = Owner::current();
    let last_run = StoredValue::new_local(js_sys::Date::now());
    let run = move || {
        last_run.set_value(js_sys::Date::now());
        match &owner {
            Some(owner) => owner.with(&tick),
            None => tick(),
        }
    };

    let on_interval = run.clone();
    let interval = gloo_timers::callback::Interval::new(period.as_millis() as u32, move || {
        if is_visible() {
            on_interval();
        }
    });
    let on_visible = window_event_listener_untyped("visibilitychange", move |_| {
        let waited = js_sys::Date::now() - last_run.get_value();
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
