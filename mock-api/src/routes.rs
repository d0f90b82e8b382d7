//! The route table: every operation of contract/openapi.json. The router is built from it, and
//! tests/contract.rs checks it against the document both ways, so the two cannot drift.

use axum::middleware::{from_fn, from_fn_with_state};
use axum::routing::{any, on, MethodFilter, MethodRouter};
use axum::Router;

use crate::handlers::{self as h};
use crate::middleware::{
    api_headers, faults, json_errors, maintenance, require_session, session_cookies,
};
use crate::registration as reg;
use crate::Ctx;

type MakeHandler = fn(MethodFilter) -> MethodRouter<Ctx>;

/// One API operation.
#[derive(Clone, Copy)]
pub struct Route {
    /// `GET`, `POST`, `PUT`, `DELETE`.
    pub method: &'static str,
    /// The OpenAPI path template, e.g. `/api/applications/{id}` (also axum's syntax).
    pub path: &'static str,
    pub operation_id: &'static str,
    /// Needs a session: answers 401 `unauthenticated` without one (before anything else).
    pub auth: bool,
    /// `None`: answers 501 `not_implemented`.
    pub(crate) handler: Option<MakeHandler>,
}

impl Route {
    pub fn implemented(&self) -> bool {
        self.handler.is_some()
    }
}

impl std::fmt::Debug for Route {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {} ({})", self.method, self.path, self.operation_id)
    }
}

const fn r(
    method: &'static str,
    path: &'static str,
    operation_id: &'static str,
    auth: bool,
    handler: Option<MakeHandler>,
) -> Route {
    Route {
        method,
        path,
        operation_id,
        auth,
        handler,
    }
}

const AUTH: bool = true;
const OPEN: bool = false;
/// An operation in the contract that the mock does not serve yet: it answers 501.
#[allow(dead_code)] // every operation is implemented at the moment
const TODO: Option<MakeHandler> = None;

/// Every API operation the router serves.
#[rustfmt::skip]
pub const ROUTES: &[Route] = &[
    r("GET",  "/api/status",                            "getStatus",               OPEN, Some(|m| on(m, h::status))),
    r("POST", "/api/auth/password",                     "loginWithPassword",       OPEN, Some(|m| on(m, h::login_password))),
    r("POST", "/api/auth/logout",                       "logout",                  OPEN, Some(|m| on(m, h::logout))),
    r("GET",  "/api/session",                           "getSession",              AUTH, Some(|m| on(m, h::profile))),
    r("GET",  "/api/session/status",                    "getSessionStatus",        OPEN, Some(|m| on(m, h::session_status))),
    r("GET",  "/api/profile",                           "getProfile",              AUTH, Some(|m| on(m, h::profile))),
    r("POST", "/api/auth/eds/challenge",                "createEdsChallenge",      OPEN, Some(|m| on(m, crate::eds::create_challenge))),
    r("POST", "/api/auth/eds",                          "loginWithEds",            OPEN, Some(|m| on(m, crate::eds::login))),
    r("POST", "/api/auth/egov",                         "startEgovLogin",          OPEN, Some(|m| on(m, crate::egov::start))),
    r("GET",  "/api/auth/egov/{id}",                    "getEgovLogin",            OPEN, Some(|m| on(m, crate::egov::poll))),
    r("POST", "/api/auth/egov/{id}/session",            "completeEgovLogin",       OPEN, Some(|m| on(m, crate::egov::complete))),
    r("POST", "/api/register/start",                    "startRegistration",       OPEN, Some(|m| on(m, reg::register_start))),
    r("POST", "/api/register/verify",                   "verifyRegistration",      OPEN, Some(|m| on(m, reg::register_verify))),
    r("POST", "/api/register/complete",                 "completeRegistration",    OPEN, Some(|m| on(m, reg::register_complete))),
    r("POST", "/api/password-reset/start",              "startPasswordReset",      OPEN, Some(|m| on(m, reg::reset_start))),
    r("POST", "/api/password-reset/verify",             "verifyPasswordReset",     OPEN, Some(|m| on(m, reg::reset_verify))),
    r("POST", "/api/password-reset/complete",           "completePasswordReset",   OPEN, Some(|m| on(m, reg::reset_complete))),
    r("GET",  "/api/applications",                      "listApplications",        AUTH, Some(|m| on(m, h::list_applications))),
    r("GET",  "/api/applications/{id}",                 "getApplication",          AUTH, Some(|m| on(m, h::get_application))),
    r("POST", "/api/applications/{id}/cancel/document", "createCancelDocument",    AUTH, Some(|m| on(m, crate::cancel::create_document))),
    r("POST", "/api/applications/{id}/cancel",          "cancelApplication",       AUTH, Some(|m| on(m, crate::cancel::cancel))),
    r("GET",  "/api/refund/payment-orders",             "listPaymentOrders",       AUTH, Some(|m| on(m, h::list_payment_orders))),
    r("GET",  "/api/banks",                             "listBanks",               OPEN, Some(|m| on(m, h::list_banks))),
    r("POST", "/api/refund/bank-check",                 "checkBankDetails",        AUTH, Some(|m| on(m, crate::refund::bank_check))),
    r("POST", "/api/refund/documents",                  "createRefundDocument",    AUTH, Some(|m| on(m, crate::refund::create_document))),
    r("POST", "/api/refund/applications",               "submitRefundApplication", AUTH, Some(|m| on(m, crate::refund::submit))),
    r("GET",  "/api/refund/applications",               "listRefundApplications",  AUTH, Some(|m| on(m, h::list_refund_applications))),
    r("POST", "/api/refund/egov",                       "startRefundEgov",         AUTH, Some(|m| on(m, crate::refund::egov_start))),
    r("GET",  "/api/refund/egov/{id}",                  "getRefundEgov",           AUTH, Some(|m| on(m, crate::refund::egov_poll))),
    r("GET",  "/api/egov/sign/{id}",                    "egovApi1",                OPEN, Some(|m| on(m, crate::egov::api1))),
    r("GET",  "/api/egov/sign/{id}/document",           "egovApi2Get",             OPEN, Some(|m| on(m, crate::egov::api2_get))),
    r("PUT",  "/api/egov/sign/{id}/document",           "egovApi2Put",             OPEN, Some(|m| on(m, crate::egov::api2_put))),
];

/// `(method, path)` of every operation, as the brief's tests want them.
pub fn operations() -> Vec<(&'static str, &'static str)> {
    ROUTES.iter().map(|r| (r.method, r.path)).collect()
}

fn method_filter(method: &str) -> MethodFilter {
    match method {
        "GET" => MethodFilter::GET,
        "POST" => MethodFilter::POST,
        "PUT" => MethodFilter::PUT,
        "DELETE" => MethodFilter::DELETE,
        "PATCH" => MethodFilter::PATCH,
        other => panic!("ROUTES: unsupported method {other}"),
    }
}

/// Everything under /api: the table, a JSON 404/405 for the rest, and the API layers
/// (outermost first): `Cache-Control: no-store`, JSON errors, session cookies (rotation,
/// `Secure`), faults, maintenance; sessions per route.
pub(crate) fn api_router(ctx: &Ctx) -> Router<Ctx> {
    let mut router = Router::new();
    for route in ROUTES {
        let filter = method_filter(route.method);
        let mut method_router = match route.handler {
            Some(make) => make(filter),
            None => on(filter, h::not_implemented),
        };
        if route.auth {
            method_router =
                method_router.route_layer(from_fn_with_state(ctx.clone(), require_session));
        }
        router = router.route(route.path, method_router);
    }
    router
        .route("/api", any(h::api_not_found))
        .route("/api/", any(h::api_not_found))
        .route("/api/{*rest}", any(h::api_not_found))
        .method_not_allowed_fallback(h::method_not_allowed)
        .layer(from_fn_with_state(ctx.clone(), maintenance))
        .layer(from_fn_with_state(ctx.clone(), faults))
        .layer(from_fn_with_state(ctx.clone(), session_cookies))
        .layer(from_fn(json_errors))
        .layer(from_fn(api_headers))
}
