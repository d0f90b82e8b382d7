//! `/__dev`: development controls, only with `--dev` (404 otherwise).

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, post, put};
use axum::{Json, Router};
use serde::Deserialize;

use crate::error::{ApiError, ApiJson, ApiPath};
use crate::model::{ApplicationStatus, Items, ServiceStatus, StatusChange};
use crate::state::Fault;
use crate::time::{almaty_date, parse_rfc3339};
use crate::Ctx;

/// The most a generated fixture may hold.
pub const MAX_GENERATED: usize = 200_000;

pub(crate) fn router(ctx: &Ctx) -> Router<Ctx> {
    let not_found = || any(|| async { ApiError::not_found() });
    let router = Router::new()
        .route("/__dev", not_found())
        .route("/__dev/{*rest}", not_found());
    if !ctx.options.dev {
        return router;
    }
    routes(router)
        .layer(axum::middleware::from_fn(crate::middleware::json_errors))
        .layer(axum::middleware::from_fn(crate::middleware::api_headers))
}

fn routes(router: Router<Ctx>) -> Router<Ctx> {
    router
        .route("/__dev/health", get(health))
        .route("/__dev/reset", post(reset))
        .route(
            "/__dev/faults",
            get(get_faults).put(put_faults).delete(delete_faults),
        )
        .route("/__dev/maintenance", put(put_maintenance))
        .route("/__dev/fixture", put(put_fixture))
        .route("/__dev/sessions", axum::routing::delete(delete_sessions))
        .route(
            "/__dev/ncalayer",
            get(crate::ncalayer::get_control).put(crate::ncalayer::put_control),
        )
        .route("/__dev/sms", get(crate::registration::dev_sms))
        .route("/__dev/clock", post(crate::registration::dev_clock))
        .route("/__dev/egov/sign", post(crate::egov::dev_sign))
        .route("/__dev/egov/{id}/reject", put(crate::egov::dev_reject))
        .route(
            "/__dev/applications/{id}/status",
            put(put_application_status),
        )
        .route(
            "/__dev/payment-orders/{id}",
            put(crate::refund::dev_payment_order),
        )
}

async fn health() -> Json<serde_json::Value> {
    Json(serde_json::json!({"ok": true}))
}

async fn reset(State(ctx): State<Ctx>) -> StatusCode {
    ctx.state.reset();
    eprintln!("dev: state reset to the fixtures");
    StatusCode::NO_CONTENT
}

/// One fault or a list of them: they replace the current list.
#[derive(Deserialize)]
#[serde(untagged)]
enum FaultsBody {
    One(Fault),
    Many(Vec<Fault>),
}

fn invalid(message: String) -> ApiError {
    ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, "validation", message)
}

async fn get_faults(State(ctx): State<Ctx>) -> Json<Items<Fault>> {
    Json(Items {
        items: ctx.state.lock().faults.clone(),
    })
}

async fn put_faults(
    State(ctx): State<Ctx>,
    ApiJson(body): ApiJson<FaultsBody>,
) -> Result<Json<Items<Fault>>, ApiError> {
    let faults = match body {
        FaultsBody::One(f) => vec![f],
        FaultsBody::Many(list) => list,
    };
    for f in &faults {
        if !f.path.starts_with('/') {
            return Err(invalid(format!("path must start with /: {}", f.path)));
        }
        if f.status.is_some_and(|s| !(200..=599).contains(&s)) {
            return Err(invalid("status must be 200..=599".into()));
        }
        if f.times == Some(0) {
            return Err(invalid("times must be at least 1 (or null)".into()));
        }
    }
    ctx.state.lock().faults = faults.clone();
    eprintln!("dev: faults set: {faults:?}");
    Ok(Json(Items { items: faults }))
}

async fn delete_faults(State(ctx): State<Ctx>) -> StatusCode {
    ctx.state.lock().faults.clear();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MaintenanceBody {
    on: bool,
    #[serde(default)]
    until: Option<String>,
}

async fn put_maintenance(
    State(ctx): State<Ctx>,
    ApiJson(body): ApiJson<MaintenanceBody>,
) -> Result<Json<ServiceStatus>, ApiError> {
    if let Some(until) = &body.until {
        if parse_rfc3339(until).is_none() {
            return Err(invalid(format!(
                "until is not an RFC 3339 date-time: {until}"
            )));
        }
    }
    let status = ServiceStatus {
        maintenance: body.on,
        until: body.until.filter(|_| body.on),
    };
    ctx.state.lock().maintenance = status.clone();
    Ok(Json(status))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FixtureBody {
    iin: String,
    #[serde(default)]
    applications: Option<usize>,
    #[serde(default)]
    payment_orders: Option<usize>,
}

async fn put_fixture(
    State(ctx): State<Ctx>,
    ApiJson(body): ApiJson<FixtureBody>,
) -> Result<Response, ApiError> {
    let mut store = ctx.state.lock();
    if !store.users.contains_key(&body.iin) {
        return Err(ApiError::not_found());
    }
    if body
        .applications
        .into_iter()
        .chain(body.payment_orders)
        .any(|n| n > MAX_GENERATED)
    {
        return Err(invalid(format!("at most {MAX_GENERATED}")));
    }
    if let Some(n) = body.applications {
        store.generate_applications(&body.iin, n);
    }
    if let Some(n) = body.payment_orders {
        store.generate_payment_orders(&body.iin, n);
    }
    let answer = serde_json::json!({
        "iin": body.iin,
        "applications": store.applications.get(&body.iin).map_or(0, Vec::len),
        "payment_orders": store.payment_orders.get(&body.iin).map_or(0, Vec::len),
    });
    Ok(Json(answer).into_response())
}

async fn delete_sessions(State(ctx): State<Ctx>) -> StatusCode {
    ctx.state.lock().end_all_sessions();
    StatusCode::NO_CONTENT
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ApplicationStatusBody {
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    reason: Option<String>,
}

/// The refusal reason when none is given.
pub const DEFAULT_REFUSAL_REASON: &str = "Refused by the back office (mock-api /__dev).";

/// `PUT /__dev/applications/{id}/status {"status": "executed", "reason"?}`: the back office moves
/// an application on (whoever owns it). 204; a history entry dated today (Almaty, dev clock);
/// `reason` becomes the refusal reason when the status is `refused` (cleared otherwise).
async fn put_application_status(
    State(ctx): State<Ctx>,
    ApiPath(id): ApiPath<String>,
    ApiJson(body): ApiJson<ApplicationStatusBody>,
) -> Result<StatusCode, ApiError> {
    let code = body.status.unwrap_or_default();
    let Some(status) = ApplicationStatus::from_code(&code) else {
        let mut fields = std::collections::BTreeMap::new();
        fields.insert(
            "status",
            if code.is_empty() {
                "required"
            } else {
                "unknown_status"
            },
        );
        return Err(ApiError {
            message: format!(
                "status must be one of {}",
                ApplicationStatus::ALL
                    .map(ApplicationStatus::code)
                    .join(", ")
            ),
            ..ApiError::validation(fields)
        });
    };
    let mut store = ctx.state.lock();
    let today = almaty_date(store.registrations.now());
    if let Some(app) = store
        .applications
        .values_mut()
        .flat_map(|list| list.iter_mut())
        .find(|a| a.id == id)
    {
        app.status = status;
        app.refusal_reason = (status == ApplicationStatus::Refused).then(|| {
            body.reason
                .filter(|r| !r.trim().is_empty())
                .unwrap_or_else(|| DEFAULT_REFUSAL_REASON.to_owned())
        });
        app.history.push(StatusChange { status, at: today });
        eprintln!("dev: application {} is now {}", app.number, status.code());
        return Ok(StatusCode::NO_CONTENT);
    }
    // A refund application (`rf-…`) moves on the same way.
    let refund = store
        .refund_applications
        .values_mut()
        .flat_map(|list| list.iter_mut())
        .find(|r| r.id == id)
        .ok_or_else(ApiError::not_found)?;
    refund.status = status;
    refund.history.push(StatusChange { status, at: today });
    eprintln!(
        "dev: refund application {} is now {}",
        refund.number,
        status.code()
    );
    Ok(StatusCode::NO_CONTENT)
}
