//! contract/openapi.json against the mock: the same operations both ways, and every answer of
//! every implemented operation valid against the document (a small JSON-schema validator below).

mod common;

use std::collections::{BTreeMap, BTreeSet};

use axum::http::StatusCode;
use axum::Router;
use common::*;
use mock_api::model::ServiceStatus;
use mock_api::{AppState, ROUTES};
use regex_lite::Regex;
use serde_json::{json, Value};

const METHODS: [&str; 5] = ["get", "post", "put", "delete", "patch"];

fn document() -> Value {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/../contract/openapi.json");
    let text = std::fs::read_to_string(path).expect("contract/openapi.json");
    serde_json::from_str(&text).expect("contract/openapi.json is JSON")
}

// ---- the validator ------------------------------------------------------------------------

/// The subset of JSON Schema / OpenAPI 3.0 the contract may use. Anything else fails, so that
/// a keyword this validator does not check can never pass silently.
const KEYWORDS: &[&str] = &[
    "type",
    "properties",
    "required",
    "additionalProperties",
    "items",
    "enum",
    "$ref",
    "format",
    "nullable",
    "pattern",
    "minimum",
    "maximum",
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "description",
    "example",
    "title",
];

struct Validator<'d> {
    doc: &'d Value,
}

impl<'d> Validator<'d> {
    fn new(doc: &'d Value) -> Self {
        Validator { doc }
    }

    /// Follows `$ref` (local references only) until a non-reference.
    fn resolve(&self, mut v: &'d Value) -> Result<&'d Value, String> {
        for _ in 0..32 {
            let Some(r) = v.get("$ref") else { return Ok(v) };
            let r = r.as_str().ok_or("$ref is not a string")?;
            let pointer = r
                .strip_prefix('#')
                .ok_or_else(|| format!("non-local $ref {r}"))?;
            v = self
                .doc
                .pointer(pointer)
                .ok_or_else(|| format!("dangling $ref {r}"))?;
        }
        Err("$ref loop".into())
    }

    fn validate(&self, schema: &'d Value, value: &Value, at: &str) -> Result<(), String> {
        let schema = self.resolve(schema)?;
        let obj = schema
            .as_object()
            .ok_or_else(|| format!("{at}: schema is not an object"))?;
        if let Some(k) = obj.keys().find(|k| !KEYWORDS.contains(&k.as_str())) {
            return Err(format!("{at}: unsupported schema keyword {k:?}"));
        }
        if value.is_null() {
            return if obj.get("nullable") == Some(&Value::Bool(true)) {
                Ok(())
            } else {
                Err(format!("{at}: null where the schema is not nullable"))
            };
        }
        if let Some(allowed) = obj.get("enum") {
            let allowed = allowed.as_array().ok_or("enum is not an array")?;
            if !allowed.contains(value) {
                return Err(format!("{at}: {value} is not one of {allowed:?}"));
            }
        }
        let ty = obj
            .get("type")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("{at}: schema without a type"))?;
        let type_ok = match ty {
            "string" => value.is_string(),
            "integer" => value.is_i64() || value.is_u64(),
            "number" => value.is_number(),
            "boolean" => value.is_boolean(),
            "object" => value.is_object(),
            "array" => value.is_array(),
            other => return Err(format!("{at}: unknown type {other}")),
        };
        if !type_ok {
            return Err(format!("{at}: expected {ty}, got {value}"));
        }
        match value {
            Value::String(s) => self.check_string(obj, s, at),
            Value::Number(n) => {
                let x = n.as_f64().unwrap_or(f64::NAN);
                if obj
                    .get("minimum")
                    .and_then(Value::as_f64)
                    .is_some_and(|m| x < m)
                    || obj
                        .get("maximum")
                        .and_then(Value::as_f64)
                        .is_some_and(|m| x > m)
                {
                    return Err(format!("{at}: {x} out of range"));
                }
                Ok(())
            }
            Value::Array(items) => {
                if obj
                    .get("minItems")
                    .and_then(Value::as_u64)
                    .is_some_and(|m| (items.len() as u64) < m)
                {
                    return Err(format!("{at}: fewer than minItems"));
                }
                if obj
                    .get("maxItems")
                    .and_then(Value::as_u64)
                    .is_some_and(|m| (items.len() as u64) > m)
                {
                    return Err(format!("{at}: more than maxItems"));
                }
                let item_schema = obj
                    .get("items")
                    .ok_or_else(|| format!("{at}: array without items"))?;
                for (i, item) in items.iter().enumerate() {
                    self.validate(item_schema, item, &format!("{at}[{i}]"))?;
                }
                Ok(())
            }
            Value::Object(map) => {
                let props = obj.get("properties").and_then(Value::as_object);
                for req in obj
                    .get("required")
                    .and_then(Value::as_array)
                    .into_iter()
                    .flatten()
                {
                    let req = req.as_str().ok_or("required holds a non-string")?;
                    if !map.contains_key(req) {
                        return Err(format!("{at}: missing required property {req:?}"));
                    }
                }
                for (k, v) in map {
                    match props.and_then(|p| p.get(k)) {
                        Some(s) => self.validate(s, v, &format!("{at}.{k}"))?,
                        None => match obj.get("additionalProperties") {
                            Some(Value::Bool(false)) => {
                                return Err(format!("{at}: property {k:?} is not in the schema"))
                            }
                            Some(Value::Bool(true)) | None => {}
                            Some(s) => self.validate(s, v, &format!("{at}.{k}"))?,
                        },
                    }
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }

    fn check_string(
        &self,
        obj: &serde_json::Map<String, Value>,
        s: &str,
        at: &str,
    ) -> Result<(), String> {
        let len = s.chars().count() as u64;
        if obj
            .get("minLength")
            .and_then(Value::as_u64)
            .is_some_and(|m| len < m)
            || obj
                .get("maxLength")
                .and_then(Value::as_u64)
                .is_some_and(|m| len > m)
        {
            return Err(format!("{at}: length {len} out of bounds"));
        }
        if let Some(p) = obj.get("pattern").and_then(Value::as_str) {
            let re = Regex::new(p).map_err(|e| format!("{at}: bad pattern {p}: {e}"))?;
            if !re.is_match(s) {
                return Err(format!("{at}: {s:?} does not match {p}"));
            }
        }
        let format_re = match obj.get("format").and_then(Value::as_str) {
            None | Some("password") => return Ok(()),
            Some("date") => r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$",
            Some("date-time") => {
                r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])T([01]\d|2[0-3]):[0-5]\d:[0-5]\d(\.\d+)?(Z|[+-]\d{2}:\d{2})$"
            }
            Some("byte") => r"^[A-Za-z0-9+/]*={0,2}$",
            Some(other) => return Err(format!("{at}: unknown format {other}")),
        };
        if !Regex::new(format_re).unwrap().is_match(s) {
            return Err(format!("{at}: {s:?} is not a valid {:?}", obj["format"]));
        }
        Ok(())
    }

    fn operation(&self, method: &str, template: &str) -> Result<&'d Value, String> {
        self.doc["paths"]
            .get(template)
            .and_then(|p| p.get(method.to_ascii_lowercase()))
            .ok_or_else(|| format!("{method} {template} is not in the document"))
    }

    /// The response's status must be documented for the operation, and its body (or its
    /// absence) must be what the document says for that status.
    fn validate_response(&self, method: &str, template: &str, reply: &Reply) -> Result<(), String> {
        let op = self.operation(method, template)?;
        let status = reply.status.as_str().to_owned();
        let documented = op["responses"]
            .get(&status)
            .ok_or_else(|| format!("{method} {template}: status {status} is not documented"))?;
        let documented = self.resolve(documented)?;
        let at = format!("{method} {template} {status}");
        match documented.pointer("/content/application~1json/schema") {
            Some(schema) => {
                let ct = reply.header("content-type").unwrap_or("");
                if !ct.starts_with("application/json") {
                    return Err(format!("{at}: content-type {ct:?}"));
                }
                let body: Value = serde_json::from_slice(&reply.body)
                    .map_err(|e| format!("{at}: body is not JSON: {e}"))?;
                self.validate(schema, &body, "$")
                    .map_err(|e| format!("{at}: {e}\nbody: {body}"))
            }
            None if documented.get("content").is_some() => {
                Err(format!("{at}: only JSON content is supported"))
            }
            None if reply.body.is_empty() => Ok(()),
            None => Err(format!("{at}: a body where the document has none")),
        }
    }

    fn validate_request(&self, method: &str, template: &str, body: &Value) -> Result<(), String> {
        let op = self.operation(method, template)?;
        let schema = op
            .pointer("/requestBody/content/application~1json/schema")
            .ok_or_else(|| format!("{method} {template}: no JSON request body documented"))?;
        self.validate(schema, body, "request")
    }
}

// ---- the validator's own tests -------------------------------------------------------------

#[test]
fn validator_catches_what_it_must() {
    let doc = document();
    let v = Validator::new(&doc);
    let schema = |name: &str| doc.pointer(&format!("/components/schemas/{name}")).unwrap();
    let profile = json!({"id":"5b0c1f3e9a7d42c88e61f2a4d9b3c7e0","iin":"900101300007","full_name":"Иванов Иван Иванович","phone_masked":"+7 701 *** ** 07"});
    v.validate(schema("Profile"), &profile, "$").unwrap();

    let mut renamed = profile.clone();
    let name = renamed
        .as_object_mut()
        .unwrap()
        .remove("full_name")
        .unwrap();
    renamed["fullName"] = name;
    assert!(
        v.validate(schema("Profile"), &renamed, "$").is_err(),
        "renamed field"
    );
    let mut extra = profile.clone();
    extra["password"] = json!("x");
    assert!(
        v.validate(schema("Profile"), &extra, "$").is_err(),
        "additional property"
    );
    let mut wrong_type = profile.clone();
    wrong_type["iin"] = json!(900101300007u64);
    assert!(
        v.validate(schema("Profile"), &wrong_type, "$").is_err(),
        "number for string"
    );
    let mut bad_pattern = profile.clone();
    bad_pattern["iin"] = json!("90010130000");
    assert!(
        v.validate(schema("Profile"), &bad_pattern, "$").is_err(),
        "pattern"
    );

    let summary = json!({"id":"app-188041","number":"188041","kind":"housing_lump_sum","contract":"opv",
        "filed_on":"2021-02-18","status":"executed","cancellable":false});
    v.validate(schema("ApplicationSummary"), &summary, "$")
        .unwrap();
    for (field, bad) in [
        ("kind", json!("housing")),
        ("status", json!("EXECUTED")),
        ("filed_on", json!("18.02.2021")),
        ("filed_on", json!(null)),
        ("cancellable", json!("false")),
        ("number", json!("18804a")),
    ] {
        let mut s = summary.clone();
        s[field] = bad.clone();
        assert!(
            v.validate(schema("ApplicationSummary"), &s, "$").is_err(),
            "{field} = {bad}"
        );
    }
    let list = json!({"items":[summary.clone(), {"id":"x"}]});
    assert!(
        v.validate(schema("ApplicationList"), &list, "$").is_err(),
        "bad array item"
    );
    let signed = |docs: usize| {
        let doc = json!({"id": 1, "document": {"file": {"mime": "", "data": "MA=="}}});
        json!({"signMethod": "CMS_WITH_DATA", "documentsToSign": vec![doc; docs]})
    };
    v.validate(schema("EgovApi2Signed"), &signed(1), "$")
        .unwrap();
    assert!(
        v.validate(schema("EgovApi2Signed"), &signed(2), "$")
            .is_err(),
        "maxItems"
    );
    assert!(
        v.validate(schema("ApplicationList"), &json!({"items": {}}), "$")
            .is_err(),
        "object for array"
    );

    // nullable: purpose and deadline may be null, received_at not; date-time needs an offset
    let details = json!({"id":"a","number":"1","kind":"payment","contract":"opv","filed_on":"2021-11-23",
        "status":"executed","cancellable":false,"purpose":null,"submitted":true,
        "received_at":"2021-11-23T10:02:41+06:00","bank":{"bic":"HSBKKZKX","name":"Halyk"},"currency":"KZT",
        "deadline":null,"history":[{"status":"accepted","at":"2021-11-23"}],"refusal_reason":null});
    v.validate(schema("ApplicationDetails"), &details, "$")
        .unwrap();
    for (field, bad) in [
        ("received_at", json!(null)),
        ("received_at", json!("2021-11-23T10:02:41")),
        ("purpose", json!("housing")),
        ("currency", json!("USD")),
        ("bank", json!({"bic":"HSBKKZKX"})),
    ] {
        let mut d = details.clone();
        d[field] = bad.clone();
        assert!(
            v.validate(schema("ApplicationDetails"), &d, "$").is_err(),
            "{field} = {bad}"
        );
    }
    // Error.fields is a map of strings
    let err = json!({"code":"validation","message":"m","fields":{"iin":"invalid_iin"}});
    v.validate(schema("Error"), &err, "$").unwrap();
    assert!(v
        .validate(
            schema("Error"),
            &json!({"code":"validation","message":"m","fields":{"iin":1}}),
            "$"
        )
        .is_err());
    assert!(
        v.validate(schema("Error"), &json!({"code":"x"}), "$")
            .is_err(),
        "missing message"
    );

    // a bad document: unsupported keyword, dangling reference
    let bad_doc = json!({"components":{"schemas":{
        "A":{"oneOf":[{"type":"string"}]},
        "B":{"$ref":"#/components/schemas/Nope"},
        "C":{"type":"string","format":"uuid"}}}});
    let bv = Validator::new(&bad_doc);
    for name in ["A", "B", "C"] {
        let s = bad_doc
            .pointer(&format!("/components/schemas/{name}"))
            .unwrap();
        assert!(
            bv.validate(s, &json!("x"), "$").is_err(),
            "bad document schema {name}"
        );
    }
}

#[tokio::test]
async fn validator_rejects_undocumented_statuses() {
    let doc = document();
    let v = Validator::new(&doc);
    let ok = Reply {
        status: StatusCode::OK,
        headers: {
            let mut h = axum::http::HeaderMap::new();
            h.insert("content-type", "application/json".parse().unwrap());
            h
        },
        body: r#"{"maintenance":false,"until":null}"#.into(),
    };
    v.validate_response("GET", "/api/status", &ok).unwrap();
    let teapot = Reply {
        status: StatusCode::IM_A_TEAPOT,
        ..ok
    };
    let e = v
        .validate_response("GET", "/api/status", &teapot)
        .unwrap_err();
    assert!(e.contains("not documented"), "{e}");
    let unavailable = Reply {
        status: StatusCode::SERVICE_UNAVAILABLE,
        ..teapot
    };
    assert!(
        v.validate_response("GET", "/api/status", &unavailable)
            .is_err(),
        "getStatus never 503"
    );
    let no_content = Reply {
        status: StatusCode::NO_CONTENT,
        headers: axum::http::HeaderMap::new(),
        body: "{}".into(),
    };
    assert!(
        v.validate_response("POST", "/api/auth/logout", &no_content)
            .is_err(),
        "body on 204"
    );
}

// ---- the document and the route table --------------------------------------------------------

fn document_operations(doc: &Value) -> BTreeMap<(String, String), &Value> {
    let mut ops = BTreeMap::new();
    for (path, item) in doc["paths"].as_object().expect("paths") {
        for (method, op) in item.as_object().expect("path item") {
            assert!(
                METHODS.contains(&method.as_str()),
                "{path}: unexpected key {method}"
            );
            ops.insert((method.to_ascii_uppercase(), path.clone()), op);
        }
    }
    ops
}

#[test]
fn document_operations_equal_routes() {
    let doc = document();
    assert_eq!(doc["openapi"], "3.0.3");
    let ops = document_operations(&doc);
    let in_doc: BTreeSet<(String, String)> = ops.keys().cloned().collect();
    let in_mock: BTreeSet<(String, String)> = ROUTES
        .iter()
        .map(|r| (r.method.to_owned(), r.path.to_owned()))
        .collect();
    assert_eq!(in_mock.len(), ROUTES.len(), "ROUTES has duplicates");
    let only_doc: Vec<_> = in_doc.difference(&in_mock).collect();
    let only_mock: Vec<_> = in_mock.difference(&in_doc).collect();
    assert!(
        only_doc.is_empty() && only_mock.is_empty(),
        "operations differ\n  in the document only: {only_doc:?}\n  in ROUTES only: {only_mock:?}"
    );
    assert_eq!(mock_api::operations().len(), ROUTES.len());

    let mut ids = BTreeSet::new();
    for route in ROUTES {
        let op = ops[&(route.method.to_owned(), route.path.to_owned())];
        let id = op["operationId"].as_str().unwrap_or_default();
        assert_eq!(id, route.operation_id, "{route:?}: operationId");
        assert!(ids.insert(id), "duplicate operationId {id}");
        let responses = op["responses"].as_object().expect("responses");
        let secured = op
            .get("security")
            .and_then(Value::as_array)
            .is_some_and(|s| s.iter().any(|r| r.get("cookieAuth").is_some()));
        assert_eq!(
            secured, route.auth,
            "{route:?}: security cookieAuth vs ROUTES.auth"
        );
        let unauthenticated = json!({"$ref": "#/components/responses/Unauthenticated"});
        assert_eq!(
            responses.get("401") == Some(&unauthenticated),
            route.auth,
            "{route:?}: 401 unauthenticated documented iff auth"
        );
        assert_eq!(
            responses.contains_key("501"),
            !route.implemented(),
            "{route:?}: 501 documented iff not implemented"
        );
        assert_eq!(
            responses.contains_key("503"),
            route.path != "/api/status",
            "{route:?}: 503 documented for all but /api/status"
        );
        for (status, response) in responses {
            let v = Validator::new(&doc);
            let response = v.resolve(response).unwrap();
            if !status.starts_with('2') {
                let schema = response
                    .pointer("/content/application~1json/schema/$ref")
                    .and_then(Value::as_str);
                assert_eq!(
                    schema,
                    Some("#/components/schemas/Error"),
                    "{route:?} {status}: errors are Error"
                );
            }
        }
    }
}

/// Every schema of the document uses only what the validator checks, every $ref resolves.
#[test]
fn document_is_within_the_validated_subset() {
    let doc = document();
    let v = Validator::new(&doc);
    fn walk<'a>(v: &'a Value, key: Option<&str>, out: &mut Vec<&'a Value>) {
        match v {
            Value::Object(m) => {
                if matches!(key, Some("schema")) {
                    out.push(v);
                }
                if let Some(r) = m.get("$ref") {
                    assert!(r.is_string());
                }
                for (k, child) in m {
                    walk(child, Some(k), out);
                }
            }
            Value::Array(a) => a.iter().for_each(|c| walk(c, None, out)),
            _ => {}
        }
    }
    let mut schemas = Vec::new();
    walk(&doc, None, &mut schemas);
    schemas.extend(doc["components"]["schemas"].as_object().unwrap().values());
    // Validating against an impossible value walks the top level; checking every keyword of
    // every nested schema is done by walking them all.
    fn check_all<'a>(v: &Validator<'a>, s: &'a Value) {
        let s = v.resolve(s).unwrap_or_else(|e| panic!("{e}"));
        let obj = s.as_object().expect("schema object");
        for k in obj.keys() {
            assert!(
                KEYWORDS.contains(&k.as_str()),
                "unsupported keyword {k} in {s}"
            );
        }
        if let Some(props) = obj.get("properties").and_then(Value::as_object) {
            props.values().for_each(|p| check_all(v, p));
        }
        if let Some(items) = obj.get("items") {
            check_all(v, items);
        }
        if let Some(ap @ Value::Object(_)) = obj.get("additionalProperties") {
            check_all(v, ap);
        }
    }
    for s in schemas {
        check_all(&v, s);
    }
    let text = doc.to_string();
    for r in Regex::new(r#""\$ref":"([^"]+)""#)
        .unwrap()
        .captures_iter(&text)
    {
        let pointer = r[1].strip_prefix('#').expect("local ref");
        assert!(doc.pointer(pointer).is_some(), "dangling {}", &r[1]);
    }
}

// ---- the mock's answers against the document ----------------------------------------------------

struct Checker<'d> {
    v: Validator<'d>,
    app: Router,
    covered: BTreeSet<(String, String, String)>,
}

impl Checker<'_> {
    /// Sends a request and validates the answer; returns it for further checks.
    async fn check(
        &mut self,
        method: &str,
        template: &str,
        path: &str,
        body: Option<Value>,
        cookie: Option<&str>,
    ) -> Reply {
        self.check_with(method, template, path, body, cookie, &[])
            .await
    }

    /// [`Checker::check`] with extra request headers.
    async fn check_with(
        &mut self,
        method: &str,
        template: &str,
        path: &str,
        body: Option<Value>,
        cookie: Option<&str>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut req = request(method, path, body.as_ref(), cookie);
        for (name, value) in headers {
            req.headers_mut().insert(
                axum::http::HeaderName::from_bytes(name.as_bytes()).unwrap(),
                value.parse().unwrap(),
            );
        }
        let reply = send(&self.app, req).await;
        if let Err(e) = self.v.validate_response(method, template, &reply) {
            panic!("{method} {path}: {e}");
        }
        assert_eq!(
            reply.header("cache-control"),
            Some("no-store"),
            "{method} {path}: Cache-Control"
        );
        if reply.status.is_success() {
            if let Some(b) = &body {
                self.v.validate_request(method, template, b).unwrap();
            }
        }
        self.covered.insert((
            method.to_owned(),
            template.to_owned(),
            reply.status.as_str().to_owned(),
        ));
        reply
    }
}

fn sample_id(template: &str) -> &'static str {
    if template.starts_with("/api/applications/") {
        "app-188041"
    } else {
        "x"
    }
}

#[tokio::test]
async fn every_answer_matches_the_document() {
    let doc = document();
    let state = AppState::from_fixtures();
    let app = mock_api::app(state.clone(), quiet(mock_api::Options::default()));
    let mut c = Checker {
        v: Validator::new(&doc),
        app,
        covered: BTreeSet::new(),
    };
    let ivanov = login(&c.app, IVANOV).await;
    let aigul = login(&c.app, AIGUL).await;
    let petrov = login(&c.app, PETROV).await;

    // status
    c.check("GET", "/api/status", "/api/status", None, None)
        .await;

    // log-in: success, wrong password, validation, bad JSON, lock-out
    let login_path = "/api/auth/password";
    let reply = c
        .check(
            "POST",
            login_path,
            login_path,
            Some(json!({"iin": IVANOV, "password": PASSWORD})),
            None,
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK);
    assert!(reply
        .header("set-cookie")
        .unwrap()
        .starts_with("zeinet_session="));
    let reply = c
        .check(
            "POST",
            login_path,
            login_path,
            Some(json!({"iin": IVANOV, "password": "nope"})),
            None,
        )
        .await;
    assert_eq!(reply.code(), "invalid_credentials");
    for body in [
        json!({}),
        json!({"iin": "", "password": ""}),
        json!({"iin": "900101300008", "password": "x"}),
    ] {
        let reply = c
            .check("POST", login_path, login_path, Some(body), None)
            .await;
        assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(reply.code(), "validation");
    }
    let reply = call(&c.app, "POST", login_path, None, None).await;
    assert_eq!(reply.status, StatusCode::BAD_REQUEST);
    c.v.validate_response("POST", login_path, &reply).unwrap();
    let raw = axum::http::Request::builder()
        .method("POST")
        .uri(login_path)
        .header("content-type", "application/json")
        .body(axum::body::Body::from("{not json"))
        .unwrap();
    let reply = send(&c.app, raw).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
    c.v.validate_response("POST", login_path, &reply).unwrap();
    c.covered
        .insert(("POST".into(), login_path.into(), "400".into()));
    for _ in 0..5 {
        c.check(
            "POST",
            login_path,
            login_path,
            Some(json!({"iin": NOT_REGISTERED, "password": "x"})),
            None,
        )
        .await;
    }
    let reply = c
        .check(
            "POST",
            login_path,
            login_path,
            Some(json!({"iin": NOT_REGISTERED, "password": "x"})),
            None,
        )
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::FORBIDDEN, "account_locked")
    );
    assert!(reply.header("retry-after").is_some());
    // the client throttle: another client address, so that the rest of this test can log in
    // (refused attempts on the locked IIN count too)
    let sprayer = std::net::SocketAddr::from(([192, 0, 2, 7], 40000));
    let mut last = None;
    for _ in 0..=mock_api::throttle::MAX_CLIENT_FAILURES {
        let body = json!({"iin": NOT_REGISTERED, "password": "spray"});
        let mut req = request("POST", login_path, Some(&body), None);
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(sprayer));
        last = Some(send(&c.app, req).await);
    }
    let reply = last.unwrap();
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::TOO_MANY_REQUESTS, "too_many_attempts")
    );
    c.v.validate_response("POST", login_path, &reply).unwrap();
    c.covered
        .insert(("POST".into(), login_path.into(), "429".into()));

    // session status: 200 with and without a session (the app's first request)
    let status_path = "/api/session/status";
    for (cookie, logged_in) in [(Some(ivanov.as_str()), true), (None, false)] {
        let reply = c.check("GET", status_path, status_path, None, cookie).await;
        assert_eq!(reply.status, StatusCode::OK);
        assert_eq!(reply.json()["authenticated"], logged_in);
        assert_eq!(reply.json()["profile"].is_object(), logged_in);
    }

    // session, profile, lists: with each user and without a session
    for template in [
        "/api/session",
        "/api/profile",
        "/api/applications",
        "/api/refund/payment-orders",
        "/api/refund/applications",
    ] {
        for cookie in [&ivanov, &aigul, &petrov] {
            let reply = c.check("GET", template, template, None, Some(cookie)).await;
            assert_eq!(reply.status, StatusCode::OK, "{template}");
        }
        let reply = c.check("GET", template, template, None, None).await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::UNAUTHORIZED, "unauthenticated")
        );
        let reply = c
            .check(
                "GET",
                template,
                template,
                None,
                Some("zeinet_session=forged"),
            )
            .await;
        assert_eq!(reply.status, StatusCode::UNAUTHORIZED);
    }
    c.check("GET", "/api/banks", "/api/banks", None, None).await;

    // every application's details, of every user
    for cookie in [&ivanov, &petrov] {
        let list = call(&c.app, "GET", "/api/applications", None, Some(cookie))
            .await
            .json();
        for item in list["items"].as_array().unwrap() {
            let path = format!("/api/applications/{}", item["id"].as_str().unwrap());
            let details = c
                .check("GET", "/api/applications/{id}", &path, None, Some(cookie))
                .await
                .json();
            for key in [
                "id",
                "number",
                "kind",
                "contract",
                "filed_on",
                "status",
                "cancellable",
            ] {
                assert_eq!(details[key], item[key], "{path}: {key} as in the list");
            }
        }
    }
    let reply = c
        .check(
            "GET",
            "/api/applications/{id}",
            "/api/applications/app-188041",
            None,
            Some(&petrov),
        )
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::NOT_FOUND, "not_found")
    );
    c.check(
        "GET",
        "/api/applications/{id}",
        "/api/applications/app-188041",
        None,
        None,
    )
    .await;

    // logout (last: it ends Ivanov's session)
    let reply = c
        .check(
            "POST",
            "/api/auth/logout",
            "/api/auth/logout",
            None,
            Some(&ivanov),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NO_CONTENT);

    // every operation not implemented yet: 501 with the Error shape (after 401 without a session)
    let ivanov = login(&c.app, IVANOV).await;
    for route in ROUTES.iter().filter(|r| !r.implemented()) {
        let path = concrete(route.path, sample_id(route.path));
        let body = (route.method != "GET").then(|| json!({}));
        let reply = c
            .check(route.method, route.path, &path, body.clone(), Some(&ivanov))
            .await;
        assert_eq!(reply.status, StatusCode::NOT_IMPLEMENTED, "{route:?}");
        assert_eq!(reply.code(), "not_implemented", "{route:?}");
        assert!(!reply.json()["message"].as_str().unwrap().is_empty());
        if route.auth {
            let reply = c.check(route.method, route.path, &path, body, None).await;
            assert_eq!(reply.status, StatusCode::UNAUTHORIZED, "{route:?}");
        }
    }

    eds_answers(&mut c).await;
    cancel_answers(&mut c, &state, &ivanov, &petrov).await;
    refund_answers(&mut c, &state, &ivanov, &petrov).await;
    // eGov before registration: registration gives 900101300823 an account.
    egov_answers(&mut c, &state).await;
    registration_answers(&mut c, &state).await;

    // maintenance: 503 everywhere but /api/status, which says so
    let until = "2026-12-01T06:00:00+05:00";
    state.lock().maintenance = ServiceStatus {
        maintenance: true,
        until: Some(until.into()),
    };
    for route in ROUTES {
        let path = concrete(route.path, sample_id(route.path));
        let body = (route.method != "GET").then(|| json!({"iin": IVANOV, "password": PASSWORD}));
        let reply = c
            .check(route.method, route.path, &path, body, Some(&ivanov))
            .await;
        if route.path == "/api/status" {
            assert_eq!(reply.json(), json!({"maintenance": true, "until": until}));
        } else {
            assert_eq!(reply.status, StatusCode::SERVICE_UNAVAILABLE, "{route:?}");
            assert_eq!(reply.json()["until"], until, "{route:?}");
            assert_eq!(reply.code(), "maintenance");
        }
    }

    // every documented status of every implemented operation was seen
    let ops = document_operations(&doc);
    let mut missing = Vec::new();
    for route in ROUTES.iter().filter(|r| r.implemented()) {
        let op = ops[&(route.method.to_owned(), route.path.to_owned())];
        for status in op["responses"].as_object().unwrap().keys() {
            let key = (
                route.method.to_owned(),
                route.path.to_owned(),
                status.clone(),
            );
            if !c.covered.contains(&key) {
                missing.push(key);
            }
        }
    }
    assert!(
        missing.is_empty(),
        "documented but never exercised: {missing:?}"
    );
}

/// Registration and password reset: every documented status of their six operations.
async fn registration_answers(c: &mut Checker<'_>, state: &AppState) {
    let code_of = |id: &str| {
        state
            .lock()
            .registrations
            .get(id)
            .and_then(|r| r.code.clone())
            .unwrap()
    };
    for (flow, iin, phone, taken) in [
        // reset first: registration then gives NOT_REGISTERED an account
        ("password-reset", PETROV, "8 705 000 08 11", NOT_REGISTERED),
        ("register", NOT_REGISTERED, "+7 (707) 000-08-23", IVANOV),
    ] {
        let start = format!("/api/{flow}/start");
        let verify = format!("/api/{flow}/verify");
        let complete = format!("/api/{flow}/complete");
        let reply = call(&c.app, "POST", &start, None, None).await;
        c.v.validate_response("POST", &start, &reply).unwrap();
        assert_eq!(reply.status, StatusCode::BAD_REQUEST);
        for (path, status) in [(&start, "400"), (&verify, "400"), (&complete, "400")] {
            let reply = call(&c.app, "POST", path, None, None).await;
            c.v.validate_response("POST", path, &reply).unwrap();
            assert_eq!(reply.status.as_str(), status, "{path}");
            c.covered
                .insert(("POST".into(), path.clone(), status.into()));
        }
        // 422 validation only; a phone not on record, or a flow that does not apply (an
        // account that exists, none yet): 200 all the same (issue 20, item 4)
        let reply = c
            .check(
                "POST",
                &start,
                &start,
                Some(json!({"iin": "1", "phone": "x"})),
                None,
            )
            .await;
        assert_eq!(reply.code(), "validation");
        let taken_phone = state.lock().users[taken].phone.clone();
        for body in [
            json!({"iin": iin, "phone": "+77010000000"}),
            json!({"iin": taken, "phone": taken_phone}),
        ] {
            let reply = c.check("POST", &start, &start, Some(body), None).await;
            assert_eq!(reply.status, StatusCode::OK);
        }
        // 403 verification_locked: ten wrong codes for one IIN and phone over two requests
        // (verify's tenth, then start)
        let pair = json!({"iin": iin, "phone": "+77010000001"});
        let mut last = String::new();
        for round in 0..2 {
            state.lock().registrations.clock_offset += 61 * round;
            let reply = call(&c.app, "POST", &start, Some(pair.clone()), None).await;
            assert_eq!(reply.status, StatusCode::OK);
            let id = reply.json()["request_id"].as_str().unwrap().to_owned();
            for _ in 0..5 {
                let body = json!({"request_id": id, "code": "123456"});
                last = c
                    .check("POST", &verify, &verify, Some(body), None)
                    .await
                    .code();
            }
        }
        assert_eq!(last, "verification_locked");
        let reply = c.check("POST", &start, &start, Some(pair), None).await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::FORBIDDEN, "verification_locked")
        );
        state.lock().registrations.clock_offset -= 61;
        // 200, then 429 resend_too_soon
        let body = json!({"iin": iin, "phone": phone});
        let reply = c
            .check("POST", &start, &start, Some(body.clone()), None)
            .await;
        assert_eq!(reply.status, StatusCode::OK);
        let id = reply.json()["request_id"].as_str().unwrap().to_owned();
        let reply = c.check("POST", &start, &start, Some(body), None).await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::TOO_MANY_REQUESTS, "resend_too_soon")
        );
        // verify: 404, 422, 204; complete: 404, 409 (before verify), 422 weak, 200
        let reply = c
            .check(
                "POST",
                &verify,
                &verify,
                Some(json!({"request_id": "nope", "code": "123456"})),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        let code = code_of(&id);
        let wrong = if code == "000000" { "111111" } else { "000000" };
        let reply = c
            .check(
                "POST",
                &verify,
                &verify,
                Some(json!({"request_id": id, "code": wrong})),
                None,
            )
            .await;
        assert_eq!(reply.code(), "invalid_code");
        let reply = c
            .check(
                "POST",
                &complete,
                &complete,
                Some(json!({"request_id": "nope", "password": "abcdefg1"})),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND);
        let reply = c
            .check(
                "POST",
                &complete,
                &complete,
                Some(json!({"request_id": id, "password": "abcdefg1"})),
                None,
            )
            .await;
        assert_eq!(reply.code(), "not_verified");
        let reply = c
            .check(
                "POST",
                &verify,
                &verify,
                Some(json!({"request_id": id, "code": code})),
                None,
            )
            .await;
        assert_eq!(reply.status, StatusCode::NO_CONTENT);
        let reply = c
            .check(
                "POST",
                &complete,
                &complete,
                Some(json!({"request_id": id, "password": "short"})),
                None,
            )
            .await;
        assert_eq!(reply.code(), "weak_password");
        assert_eq!(reply.json()["fields"]["password"], "too_short");
        let reply = c
            .check(
                "POST",
                &complete,
                &complete,
                Some(json!({"request_id": id, "password": "Zeinet-2027"})),
                None,
            )
            .await;
        assert_eq!(
            reply.status,
            StatusCode::OK,
            "{}",
            String::from_utf8_lossy(&reply.body)
        );
        assert_eq!(reply.json()["iin"], iin);
        let cookie = reply.session_cookie().unwrap();
        assert!(cookie.starts_with("zeinet_session="));
    }
}

/// EDS log-in: a challenge, then every documented answer of loginWithEds (with CMS made by the
/// stand-in NCALayer's signing code). Before registration, which gives NOT_REGISTERED an account.
async fn eds_answers(c: &mut Checker<'_>) {
    use base64::Engine;
    use mock_api::pki::{KeyKind, Pki};
    let b64 = base64::engine::general_purpose::STANDARD;
    let pki = Pki::get().await;
    let (challenge, login) = ("/api/auth/eds/challenge", "/api/auth/eds");
    let cases = [
        (IVANOV, KeyKind::Auth, StatusCode::OK, ""),
        (
            IVANOV,
            KeyKind::Sign,
            StatusCode::UNAUTHORIZED,
            "wrong_key_usage",
        ),
        (
            NOT_REGISTERED,
            KeyKind::Auth,
            StatusCode::UNAUTHORIZED,
            "unknown_user",
        ),
    ];
    for (iin, kind, status, code) in cases {
        let reply = c.check("POST", challenge, challenge, None, None).await;
        assert_eq!(reply.status, StatusCode::OK);
        let id = reply.json()["challenge_id"].as_str().unwrap().to_owned();
        let data = b64.decode(reply.json()["data"].as_str().unwrap()).unwrap();
        let store = pki.identity(iin).unwrap().key(kind);
        let cms = b64.encode(mock_api::cms::sign_attached(&store.key, &store.cert, &data).unwrap());
        let body = json!({"challenge_id": id, "cms": cms});
        let reply = c
            .check("POST", login, login, Some(body.clone()), None)
            .await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (status, code),
            "{iin} {kind:?}"
        );
        if status == StatusCode::OK {
            assert!(reply.session_cookie().is_some());
            // The same challenge again.
            let reply = c.check("POST", login, login, Some(body), None).await;
            assert_eq!(reply.status, StatusCode::GONE);
        }
    }
    // a client holding its quota of challenges: 429
    flood_until_429(c, challenge, None, None, 0xc1).await;
    let reply = c.check("POST", challenge, challenge, None, None).await;
    let id = reply.json()["challenge_id"].as_str().unwrap().to_owned();
    let reply = c
        .check(
            "POST",
            login,
            login,
            Some(json!({"challenge_id": id, "cms": "bm90IGEgQ01T"})),
            None,
        )
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::BAD_REQUEST, "invalid_cms")
    );
    let reply = c.check("POST", login, login, Some(json!({})), None).await;
    assert_eq!(reply.status, StatusCode::UNPROCESSABLE_ENTITY);
    let reply = c
        .check(
            "POST",
            login,
            login,
            Some(json!({"challenge_id": "x", "cms": "AQID"})),
            None,
        )
        .await;
    // an unknown challenge is refused before the CMS is looked at
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::GONE, "challenge_expired")
    );
}

/// Cancelling a transfer to an IPM: every documented status of createCancelDocument and
/// cancelApplication (CMS made with the test PKI's keys).
async fn cancel_answers(c: &mut Checker<'_>, state: &AppState, ivanov: &str, petrov: &str) {
    use base64::Engine;
    use mock_api::pki::{KeyKind, Pki};
    let b64 = base64::engine::general_purpose::STANDARD;
    let pki = Pki::get().await;
    let (doc_t, cancel_t) = (
        "/api/applications/{id}/cancel/document",
        "/api/applications/{id}/cancel",
    );
    let doc_path = |id: &str| format!("/api/applications/{id}/cancel/document");
    let cancel_path = |id: &str| format!("/api/applications/{id}/cancel");
    let sign = |iin: &str, kind: KeyKind, data: &[u8]| {
        let store = pki.identity(iin).unwrap().key(kind);
        b64.encode(mock_api::cms::sign_attached(&store.key, &store.cert, data).unwrap())
    };
    let app = "app-1210001";

    // createCancelDocument: 401, 404 (another person's), 409, 200
    let reply = c.check("POST", doc_t, &doc_path(app), None, None).await;
    assert_eq!(reply.code(), "unauthenticated");
    let reply = c
        .check("POST", doc_t, &doc_path("app-1178890"), None, Some(ivanov))
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::NOT_FOUND, "not_found")
    );
    let reply = c
        .check("POST", doc_t, &doc_path("app-188041"), None, Some(ivanov))
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::CONFLICT, "not_cancellable")
    );
    let (doc_id, data) = cancel_document(c, ivanov, app).await;

    // cancelApplication: 401, 400 bad_request, 404, 422 validation, 409, 410
    let body = json!({"document_id": doc_id, "cms": sign(IVANOV, KeyKind::Sign, &data)});
    let reply = c
        .check(
            "POST",
            cancel_t,
            &cancel_path(app),
            Some(body.clone()),
            None,
        )
        .await;
    assert_eq!(reply.code(), "unauthenticated");
    let raw = axum::http::Request::builder()
        .method("POST")
        .uri(cancel_path(app))
        .header("content-type", "application/json")
        .header("cookie", ivanov)
        .body(axum::body::Body::from("{not json"))
        .unwrap();
    let reply = send(&c.app, raw).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::BAD_REQUEST, "bad_request")
    );
    c.v.validate_response("POST", cancel_t, &reply).unwrap();
    c.covered
        .insert(("POST".into(), cancel_t.into(), "400".into()));
    let reply = c
        .check(
            "POST",
            cancel_t,
            &cancel_path(app),
            Some(body.clone()),
            Some(petrov),
        )
        .await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = c
        .check(
            "POST",
            cancel_t,
            &cancel_path(app),
            Some(json!({"document_id": "", "cms": " "})),
            Some(ivanov),
        )
        .await;
    assert_eq!(reply.code(), "validation");
    assert_eq!(
        reply.json()["fields"],
        json!({"document_id": "required", "cms": "required"})
    );
    let reply = c
        .check(
            "POST",
            cancel_t,
            &cancel_path("app-1209100"),
            Some(body.clone()),
            Some(ivanov),
        )
        .await;
    assert_eq!(reply.code(), "not_cancellable");
    let reply = c
        .check(
            "POST",
            cancel_t,
            &cancel_path(app),
            Some(json!({"document_id": "nope", "cms": "AQID"})),
            Some(ivanov),
        )
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::GONE, "document_expired")
    );
    // expired on the dev clock
    state.lock().registrations.clock_offset += mock_api::cancel::DOCUMENT_SECONDS;
    let reply = c
        .check(
            "POST",
            cancel_t,
            &cancel_path(app),
            Some(body.clone()),
            Some(ivanov),
        )
        .await;
    assert_eq!(reply.code(), "document_expired");
    state.lock().registrations.clock_offset -= mock_api::cancel::DOCUMENT_SECONDS;

    // 400 invalid_cms, 422 wrong_key_usage / signer_mismatch / invalid_signature: each a new document
    let (doc_id, _) = cancel_document(c, ivanov, app).await;
    let reply = c
        .check(
            "POST",
            cancel_t,
            &cancel_path(app),
            Some(json!({"document_id": doc_id, "cms": "bm90IGEgQ01T"})),
            Some(ivanov),
        )
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::BAD_REQUEST, "invalid_cms")
    );
    for (iin, kind, content, code) in [
        (IVANOV, KeyKind::Auth, None, "wrong_key_usage"),
        (PETROV, KeyKind::Sign, None, "signer_mismatch"),
        (
            IVANOV,
            KeyKind::Sign,
            Some(b"another document".as_slice()),
            "invalid_signature",
        ),
    ] {
        let (doc_id, data) = cancel_document(c, ivanov, app).await;
        let cms = sign(iin, kind, content.unwrap_or(&data));
        let reply = c
            .check(
                "POST",
                cancel_t,
                &cancel_path(app),
                Some(json!({"document_id": doc_id, "cms": cms})),
                Some(ivanov),
            )
            .await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, code)
        );
    }

    // 200: cancel_requested, then 409
    let (doc_id, data) = cancel_document(c, ivanov, app).await;
    let body = json!({"document_id": doc_id, "cms": sign(IVANOV, KeyKind::Sign, &data)});
    let reply = c
        .check(
            "POST",
            cancel_t,
            &cancel_path(app),
            Some(body.clone()),
            Some(ivanov),
        )
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    assert_eq!(reply.json()["status"], "cancel_requested");
    assert_eq!(reply.json()["cancellable"], false);
    let reply = c
        .check(
            "POST",
            cancel_t,
            &cancel_path(app),
            Some(body),
            Some(ivanov),
        )
        .await;
    assert_eq!(reply.code(), "not_cancellable");
    let reply = c
        .check("POST", doc_t, &doc_path(app), None, Some(ivanov))
        .await;
    assert_eq!(reply.code(), "not_cancellable");
}

/// A cancellation document for `app`: its id and the bytes to sign.
async fn cancel_document(c: &mut Checker<'_>, cookie: &str, app: &str) -> (String, Vec<u8>) {
    use base64::Engine;
    let template = "/api/applications/{id}/cancel/document";
    let path = format!("/api/applications/{app}/cancel/document");
    let reply = c.check("POST", template, &path, None, Some(cookie)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let v = reply.json();
    let data = base64::engine::general_purpose::STANDARD
        .decode(v["data"].as_str().unwrap())
        .unwrap();
    (v["document_id"].as_str().unwrap().to_owned(), data)
}

/// eGov mobile QR log-in: every documented status of its six operations. The page's
/// operations (poll, session) answer only the browser that opened the procedure.
async fn egov_answers(c: &mut Checker<'_>, state: &AppState) {
    use base64::Engine;
    use mock_api::pki::{KeyKind, Pki};
    let b64 = base64::engine::general_purpose::STANDARD;
    let pki = Pki::get().await;
    let (poll_t, session_t, api1_t, api2_t) = (
        "/api/auth/egov/{id}",
        "/api/auth/egov/{id}/session",
        "/api/egov/sign/{id}",
        "/api/egov/sign/{id}/document",
    );
    let sign_doc = |iin: &str, kind: KeyKind, doc: &Value, data: &[u8]| {
        let store = pki.identity(iin).unwrap().key(kind);
        let cms = b64.encode(mock_api::cms::sign_attached(&store.key, &store.cert, data).unwrap());
        let mut doc = doc.clone();
        doc["documentsToSign"][0]["document"]["file"]["data"] = json!(cms);
        doc
    };

    // a client holding its quota of procedures: 429
    flood_until_429(c, "/api/auth/egov", None, None, 0xc2).await;

    // created → scanned → signed, polled at each step by the browser that opened it
    let (id, mine) = egov_open(c).await;
    let (_, theirs) = egov_open(c).await;
    let (poll, session, api1, api2) = (
        format!("/api/auth/egov/{id}"),
        format!("/api/auth/egov/{id}/session"),
        format!("/api/egov/sign/{id}"),
        format!("/api/egov/sign/{id}/document"),
    );
    let me = Some(mine.as_str());
    let reply = c.check("GET", poll_t, &poll, None, me).await;
    assert_eq!(reply.json(), json!({"state": "created"}));
    let reply = c.check("POST", session_t, &session, None, me).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::CONFLICT, "not_signed")
    );
    let bearer = egov_scan_bearer(c, &id).await;
    let auth = [("authorization", bearer.as_str())];
    let reply = c.check("GET", poll_t, &poll, None, me).await;
    assert_eq!(reply.json(), json!({"state": "scanned"}));
    // the token is handed out once; API №2 answers only with it
    let reply = c.check("GET", api1_t, &api1, None, None).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::CONFLICT, "already_scanned")
    );
    for (method, body) in [("GET", None), ("PUT", Some(json!({})))] {
        let reply = c.check(method, api2_t, &api2, body, None).await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::UNAUTHORIZED, "invalid_token")
        );
    }
    let doc = c
        .check_with("GET", api2_t, &api2, None, None, &auth)
        .await
        .json();
    let data = b64
        .decode(
            doc["documentsToSign"][0]["document"]["file"]["data"]
                .as_str()
                .unwrap(),
        )
        .unwrap();
    // bad JSON shape, bad sign method, not a CMS, wrong document, unknown signer
    let reply = c
        .check_with(
            "PUT",
            api2_t,
            &api2,
            Some(json!({"signMethod": "XML", "documentsToSign": []})),
            None,
            &auth,
        )
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNPROCESSABLE_ENTITY, "validation")
    );
    let mut not_cms = doc.clone();
    not_cms["documentsToSign"][0]["document"]["file"]["data"] = json!("bm90IGEgQ01T");
    let reply = c
        .check_with("PUT", api2_t, &api2, Some(not_cms), None, &auth)
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::BAD_REQUEST, "invalid_cms")
    );
    let wrong = sign_doc(IVANOV, KeyKind::Sign, &doc, b"another document");
    let reply = c
        .check_with("PUT", api2_t, &api2, Some(wrong), None, &auth)
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_signature")
    );
    let stranger = sign_doc(NOT_REGISTERED, KeyKind::Sign, &doc, &data);
    let reply = c
        .check_with("PUT", api2_t, &api2, Some(stranger), None, &auth)
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "unknown_user")
    );
    let signed = sign_doc(IVANOV, KeyKind::Sign, &doc, &data);
    let reply = c
        .check_with("PUT", api2_t, &api2, Some(signed.clone()), None, &auth)
        .await;
    assert_eq!((reply.status, reply.json()), (StatusCode::OK, json!({})));
    // signed: another browser (or none) gets 404 from both, the state only for this one
    for cookie in [None, Some(theirs.as_str())] {
        for (method, template, path) in [("GET", poll_t, &poll), ("POST", session_t, &session)] {
            let reply = c.check(method, template, path, None, cookie).await;
            assert_eq!(
                (reply.status, reply.code().as_str()),
                (StatusCode::NOT_FOUND, "not_found"),
                "{method} {path} with {cookie:?}"
            );
            assert!(reply.header("set-cookie").is_none());
        }
    }
    let reply = c.check("GET", poll_t, &poll, None, me).await;
    assert_eq!(reply.json(), json!({"state": "signed"}));
    assert!(reply.header("set-cookie").is_none());
    let reply = c.check("POST", session_t, &session, None, me).await;
    assert_eq!(reply.json()["profile"]["iin"], IVANOV);
    assert!(reply
        .session_cookie()
        .unwrap()
        .starts_with("zeinet_session="));
    let reply = c.check("POST", session_t, &session, None, me).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::CONFLICT, "already_used")
    );
    // used: 409 at API №1; the token died with the signature: 401 at API №2
    let reply = c
        .check_with("PUT", api2_t, &api2, Some(signed), None, &auth)
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::UNAUTHORIZED, "invalid_token")
    );
    let reply = c.check("GET", api1_t, &api1, None, None).await;
    assert_eq!(reply.status, StatusCode::CONFLICT);
    let reply = c.check_with("GET", api2_t, &api2, None, None, &auth).await;
    assert_eq!(reply.status, StatusCode::UNAUTHORIZED);

    // expired: 410
    let (id, mine) = egov_open(c).await;
    let me = Some(mine.as_str());
    let doc_path = format!("/api/egov/sign/{id}/document");
    let bearer = egov_scan_bearer(c, &id).await;
    let auth = [("authorization", bearer.as_str())];
    let doc = c
        .check_with("GET", api2_t, &doc_path, None, None, &auth)
        .await
        .json();
    state.lock().registrations.clock_offset += mock_api::egov::PROCEDURE_SECONDS;
    // the token expired with the procedure
    for (method, body) in [("GET", None), ("PUT", Some(doc))] {
        let reply = c
            .check_with(method, api2_t, &doc_path, body, None, &auth)
            .await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::UNAUTHORIZED, "invalid_token"),
            "{method} {doc_path}"
        );
    }
    for (method, template, path, body, cookie) in [
        ("GET", api1_t, format!("/api/egov/sign/{id}"), None, None),
        (
            "POST",
            session_t,
            format!("/api/auth/egov/{id}/session"),
            None,
            me,
        ),
    ] {
        let reply = c.check(method, template, &path, body, cookie).await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::GONE, "expired"),
            "{method} {path}"
        );
    }
    let reply = c
        .check("GET", poll_t, &format!("/api/auth/egov/{id}"), None, me)
        .await;
    assert_eq!(reply.json(), json!({"state": "expired"}));
    state.lock().registrations.clock_offset -= mock_api::egov::PROCEDURE_SECONDS;

    // unknown procedure: 404; at API №2 the 401 of any request without its token
    for (method, template, path, body, cookie) in [
        ("GET", poll_t, "/api/auth/egov/nope", None, me),
        ("POST", session_t, "/api/auth/egov/nope/session", None, me),
        ("GET", api1_t, "/api/egov/sign/nope", None, None),
    ] {
        let reply = c.check(method, template, path, body, cookie).await;
        assert_eq!(reply.status, StatusCode::NOT_FOUND, "{method} {path}");
    }
    for (method, body) in [
        ("GET", None),
        (
            "PUT",
            Some(json!({"signMethod": "CMS_WITH_DATA", "documentsToSign": []})),
        ),
    ] {
        let path = "/api/egov/sign/nope/document";
        let reply = c.check_with(method, api2_t, path, body, None, &auth).await;
        assert_eq!(reply.code(), "invalid_token", "{method} {path}");
    }
}

/// eGov mobile reads API №1 of procedure `id` (validated): the `Authorization` value it then
/// sends to API №2, `Bearer <auth_token>`.
async fn egov_scan_bearer(c: &mut Checker<'_>, id: &str) -> String {
    let api1 = format!("/api/egov/sign/{id}");
    let reply = c
        .check("GET", "/api/egov/sign/{id}", &api1, None, None)
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let token = reply.json()["document"]["auth_token"]
        .as_str()
        .unwrap()
        .to_owned();
    format!("Bearer {token}")
}

/// Opens a log-in procedure in a new browser: its id and the browser's binding cookie.
async fn egov_open(c: &mut Checker<'_>) -> (String, String) {
    let start = "/api/auth/egov";
    let reply = c.check("POST", start, start, None, None).await;
    assert_eq!(reply.status, StatusCode::OK);
    let binding = reply
        .headers
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("zeinet_egov="))
        .expect("the binding cookie");
    (
        reply.json()["id"].as_str().unwrap().to_owned(),
        binding.split(';').next().unwrap().to_owned(),
    )
}

/// Floods `template` (POST with this body and cookie) from a client network of its own until
/// the answer is 429 `too_many_requests`: validated (with `Retry-After`) and counted.
async fn flood_until_429(
    c: &mut Checker<'_>,
    template: &str,
    body: Option<Value>,
    cookie: Option<&str>,
    network: u16,
) {
    let ip = std::net::Ipv6Addr::new(0x2001, 0xdb8, network, 0, 0, 0, 0, 1);
    for _ in
        0..=mock_api::egov::MAX_PROCEDURES_PER_CLIENT.max(mock_api::eds::MAX_CHALLENGES_PER_CLIENT)
    {
        let mut req = request("POST", template, body.as_ref(), cookie);
        req.extensions_mut()
            .insert(axum::extract::ConnectInfo(std::net::SocketAddr::from((
                ip, 40000,
            ))));
        let reply = send(&c.app, req).await;
        if reply.status == StatusCode::OK {
            continue;
        }
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::TOO_MANY_REQUESTS, "too_many_requests"),
            "{template}"
        );
        assert!(reply.header("retry-after").is_some(), "{template}");
        c.v.validate_response("POST", template, &reply).unwrap();
        c.covered
            .insert(("POST".into(), template.into(), "429".into()));
        return;
    }
    panic!("{template}: never 429");
}

/// A bad-JSON POST with this cookie: 400 `bad_request`, validated and counted.
async fn bad_json(c: &mut Checker<'_>, template: &str, cookie: &str, headers: &[(&str, &str)]) {
    let mut raw = axum::http::Request::builder()
        .method("POST")
        .uri(template)
        .header("content-type", "application/json")
        .header("cookie", cookie);
    for (name, value) in headers {
        raw = raw.header(*name, *value);
    }
    let raw = raw.body(axum::body::Body::from("{not json")).unwrap();
    let reply = send(&c.app, raw).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::BAD_REQUEST, "bad_request"),
        "{template}"
    );
    c.v.validate_response("POST", template, &reply).unwrap();
    c.covered
        .insert(("POST".into(), template.into(), "400".into()));
}

/// VPC refund: every documented status of checkBankDetails, createRefundDocument,
/// submitRefundApplication, startRefundEgov and getRefundEgov (and the refund side of the
/// phone's API №2 PUT), with CMS made from the test PKI's keys.
async fn refund_answers(c: &mut Checker<'_>, state: &AppState, ivanov: &str, petrov: &str) {
    use base64::Engine;
    use mock_api::pki::{KeyKind, Pki};
    let b64 = base64::engine::general_purpose::STANDARD;
    let pki = Pki::get().await;
    let sign = |iin: &str, kind: KeyKind, data: &[u8]| {
        let store = pki.identity(iin).unwrap().key(kind);
        b64.encode(mock_api::cms::sign_attached(&store.key, &store.cert, data).unwrap())
    };
    let (check_t, doc_t, submit_t, egov_t, poll_t, api2_t) = (
        "/api/refund/bank-check",
        "/api/refund/documents",
        "/api/refund/applications",
        "/api/refund/egov",
        "/api/refund/egov/{id}",
        "/api/egov/sign/{id}/document",
    );
    const KASPI_CARD: &str = "KZ32 7225 0000 0068 0371";

    // checkBankDetails: 200, 401, 400, every 422
    let ok = json!({"bic": "CASPKZKA", "iban": KASPI_CARD, "account_type": "card"});
    let reply = c
        .check("POST", check_t, check_t, Some(ok.clone()), Some(ivanov))
        .await;
    assert_eq!(
        (reply.status, reply.json()),
        (StatusCode::OK, json!({"ok": true}))
    );
    let reply = c.check("POST", check_t, check_t, Some(ok), None).await;
    assert_eq!(reply.code(), "unauthenticated");
    bad_json(c, check_t, ivanov, &[]).await;
    for (body, code) in [
        (json!({}), "validation"),
        (
            json!({"bic": "CASPKZKA", "iban": "KZ397225000000680371", "account_type": "card"}),
            "validation",
        ),
        (
            json!({"bic": "HSBKKZKX", "iban": KASPI_CARD, "account_type": "card"}),
            "bank_mismatch",
        ),
        (
            json!({"bic": "CASPKZKA", "iban": "KZ927225000000100007", "account_type": "card"}),
            "account_closed",
        ),
        (
            json!({"bic": "CASPKZKA", "iban": "KZ697225000000300823", "account_type": "card"}),
            "name_mismatch",
        ),
    ] {
        let reply = c
            .check("POST", check_t, check_t, Some(body), Some(ivanov))
            .await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, code)
        );
    }

    // createRefundDocument: 401, 400, 422, 409, 200
    let memo_order =
        json!({"order_ids": ["po-49756052"], "account_type": "card", "iban": KASPI_CARD});
    let reply = c
        .check("POST", doc_t, doc_t, Some(memo_order.clone()), None)
        .await;
    assert_eq!(reply.code(), "unauthenticated");
    bad_json(c, doc_t, ivanov, &[]).await;
    let reply = c
        .check(
            "POST",
            doc_t,
            doc_t,
            Some(json!({"order_ids": ["po-49756052", "po-50102417"], "account_type": "card", "iban": KASPI_CARD})),
            Some(ivanov),
        )
        .await;
    assert_eq!(reply.json()["fields"], json!({"order_ids": "mixed_banks"}));
    let reply = c
        .check(
            "POST",
            doc_t,
            doc_t,
            Some(json!({"order_ids": ["po-50011873"], "account_type": "current", "iban": "KZ696010002000300007"})),
            Some(ivanov),
        )
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::CONFLICT, "order_conflict")
    );

    // submitRefundApplication: 401, 400 (no key, bad JSON, invalid_cms), 422, 410, 409, 201
    let (doc_id, data) = refund_document(c, memo_order.clone(), ivanov).await;
    let body = json!({"document_id": doc_id, "cms": sign(IVANOV, KeyKind::Sign, &data)});
    let key = [("idempotency-key", "contract-1")];
    let reply = c
        .check_with("POST", submit_t, submit_t, Some(body.clone()), None, &key)
        .await;
    assert_eq!(reply.code(), "unauthenticated");
    let reply = c
        .check("POST", submit_t, submit_t, Some(body.clone()), Some(ivanov))
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::BAD_REQUEST, "idempotency_key_required")
    );
    bad_json(c, submit_t, ivanov, &key).await;
    let reply = c
        .check_with(
            "POST",
            submit_t,
            submit_t,
            Some(json!({"document_id": " "})),
            Some(ivanov),
            &[("idempotency-key", "contract-0")],
        )
        .await;
    assert_eq!(
        reply.json()["fields"],
        json!({"document_id": "required", "cms": "required"})
    );
    let reply = c
        .check_with(
            "POST",
            submit_t,
            submit_t,
            Some(json!({"document_id": "nope", "cms": "AQID"})),
            Some(ivanov),
            &[("idempotency-key", "contract-0")],
        )
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::GONE, "document_expired")
    );
    let (bad_id, _) = refund_document(c, memo_order.clone(), ivanov).await;
    let reply = c
        .check_with(
            "POST",
            submit_t,
            submit_t,
            Some(json!({"document_id": bad_id, "cms": "bm90IGEgQ01T"})),
            Some(ivanov),
            &[("idempotency-key", "contract-0")],
        )
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::BAD_REQUEST, "invalid_cms")
    );
    for (iin, kind, code) in [
        (IVANOV, KeyKind::Auth, "wrong_key_usage"),
        (PETROV, KeyKind::Sign, "signer_mismatch"),
    ] {
        let (id, data) = refund_document(c, memo_order.clone(), ivanov).await;
        let reply = c
            .check_with(
                "POST",
                submit_t,
                submit_t,
                Some(json!({"document_id": id, "cms": sign(iin, kind, &data)})),
                Some(ivanov),
                &[("idempotency-key", "contract-0")],
            )
            .await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::UNPROCESSABLE_ENTITY, code)
        );
    }
    let reply = c
        .check_with(
            "POST",
            submit_t,
            submit_t,
            Some(body.clone()),
            Some(ivanov),
            &key,
        )
        .await;
    assert_eq!(reply.status, StatusCode::CREATED, "{:?}", reply.body);
    let filed = reply.json();
    assert_eq!(filed["order_numbers"], json!(["49756052"]));
    let reply = c
        .check_with("POST", submit_t, submit_t, Some(body), Some(ivanov), &key)
        .await;
    assert_eq!(
        (reply.status, reply.json()),
        (StatusCode::CREATED, filed.clone())
    );
    let reply = c
        .check_with(
            "POST",
            submit_t,
            submit_t,
            Some(json!({"document_id": "other", "cms": "AQID"})),
            Some(ivanov),
            &key,
        )
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::CONFLICT, "idempotency_mismatch")
    );
    // the list shows it first
    let reply = c.check("GET", submit_t, submit_t, None, Some(ivanov)).await;
    assert_eq!(reply.json()["items"][0]["id"], filed["id"]);

    // startRefundEgov and getRefundEgov (Petrov's Halyk orders): 401, 400, 404, 410, 200
    let petrov_order = json!({"order_ids": ["po-50410066"], "account_type": "card", "iban": "KZ896010002000300811"});
    let reply = start_refund_egov(c, json!("x"), None).await;
    assert_eq!(reply.code(), "unauthenticated");
    bad_json(c, egov_t, petrov, &[]).await;
    let reply = start_refund_egov(c, json!("nope"), Some(petrov)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // Ivanov's used document: 410 for him, 404 for Petrov
    let reply = start_refund_egov(c, json!(doc_id), Some(petrov)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = start_refund_egov(c, json!(doc_id), Some(ivanov)).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::GONE, "document_expired")
    );
    // a client holding its quota of procedures: 429 (a document of Petrov's of its own)
    let (flood_doc, _) = refund_document(c, petrov_order.clone(), petrov).await;
    let body = json!({"document_id": flood_doc});
    flood_until_429(c, egov_t, Some(body), Some(petrov), 0xc3).await;
    let poll = |id: &str| format!("/api/refund/egov/{id}");
    for cookie in [None, Some(petrov)] {
        let reply = c.check("GET", poll_t, &poll("nope"), None, cookie).await;
        assert_eq!(
            reply.status,
            if cookie.is_some() {
                StatusCode::NOT_FOUND
            } else {
                StatusCode::UNAUTHORIZED
            }
        );
    }
    // a refund procedure signed by the phone: API №2 PUT refusals, then 200 and the application
    let (pdoc, _) = refund_document(c, petrov_order.clone(), petrov).await;
    let reply = start_refund_egov(c, json!(pdoc), Some(petrov)).await;
    assert_eq!(reply.status, StatusCode::OK);
    let id = reply.json()["id"].as_str().unwrap().to_owned();
    let reply = c.check("GET", poll_t, &poll(&id), None, Some(petrov)).await;
    assert_eq!(reply.json(), json!({"state": "created"}));
    // not Ivanov's, and not a log-in
    let reply = c.check("GET", poll_t, &poll(&id), None, Some(ivanov)).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    let reply = call(&c.app, "GET", &format!("/api/auth/egov/{id}"), None, None).await;
    assert_eq!(reply.status, StatusCode::NOT_FOUND);
    // a second procedure for the same document, scanned: it is used up under it (below)
    let reply = start_refund_egov(c, json!(pdoc), Some(petrov)).await;
    let second = reply.json()["id"].as_str().unwrap().to_owned();
    let second_bearer = egov_scan_bearer(c, &second).await;
    let second_auth = [("authorization", second_bearer.as_str())];
    let second_api2 = format!("/api/egov/sign/{second}/document");
    let bearer = egov_scan_bearer(c, &id).await;
    let auth = [("authorization", bearer.as_str())];
    let api2 = format!("/api/egov/sign/{id}/document");
    let doc = c
        .check_with("GET", api2_t, &api2, None, None, &auth)
        .await
        .json();
    let pdata = b64
        .decode(
            doc["documentsToSign"][0]["document"]["file"]["data"]
                .as_str()
                .unwrap(),
        )
        .unwrap();
    let signed_by = |iin: &str, kind: KeyKind| {
        let mut d = doc.clone();
        d["documentsToSign"][0]["document"]["file"]["data"] = json!(sign(iin, kind, &pdata));
        d
    };
    for (iin, kind, code) in [
        (PETROV, KeyKind::Auth, "wrong_key_usage"),
        (IVANOV, KeyKind::Sign, "signer_mismatch"),
    ] {
        let reply = c
            .check_with(
                "PUT",
                api2_t,
                &api2,
                Some(signed_by(iin, kind)),
                None,
                &auth,
            )
            .await;
        assert_eq!(
            (reply.status, reply.code().as_str()),
            (StatusCode::UNAUTHORIZED, code)
        );
    }
    let reply = c
        .check_with(
            "PUT",
            api2_t,
            &api2,
            Some(signed_by(PETROV, KeyKind::Sign)),
            None,
            &auth,
        )
        .await;
    assert_eq!((reply.status, reply.json()), (StatusCode::OK, json!({})));
    // the second procedure's document was filed under the first: 410 expired
    let reply = c
        .check_with(
            "PUT",
            api2_t,
            &second_api2,
            Some(signed_by(PETROV, KeyKind::Sign)),
            None,
            &second_auth,
        )
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::GONE, "expired")
    );
    let reply = c.check("GET", poll_t, &poll(&id), None, Some(petrov)).await;
    assert_eq!(reply.json()["state"], "signed");
    assert_eq!(
        reply.json()["application"]["order_numbers"],
        json!(["50410066"])
    );
    assert_eq!(reply.json()["application"]["iban_last4"], "0811");

    // 409 order_conflict on the PUT and the poll: the order refunded after the document
    let (pdoc, _) = refund_document(
        c,
        json!({"order_ids": ["po-50488123"], "account_type": "card", "iban": "KZ896010002000300811"}),
        petrov,
    )
    .await;
    let reply = start_refund_egov(c, json!(pdoc), Some(petrov)).await;
    let id = reply.json()["id"].as_str().unwrap().to_owned();
    let bearer = egov_scan_bearer(c, &id).await;
    let auth = [("authorization", bearer.as_str())];
    let api2 = format!("/api/egov/sign/{id}/document");
    let doc = c
        .check_with("GET", api2_t, &api2, None, None, &auth)
        .await
        .json();
    let pdata = b64
        .decode(
            doc["documentsToSign"][0]["document"]["file"]["data"]
                .as_str()
                .unwrap(),
        )
        .unwrap();
    state
        .lock()
        .payment_orders
        .get_mut(PETROV)
        .unwrap()
        .iter_mut()
        .find(|o| o.id == "po-50488123")
        .unwrap()
        .available_tiyn = 1;
    let mut signed = doc.clone();
    signed["documentsToSign"][0]["document"]["file"]["data"] =
        json!(sign(PETROV, KeyKind::Sign, &pdata));
    let reply = c
        .check_with("PUT", api2_t, &api2, Some(signed), None, &auth)
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::CONFLICT, "order_conflict")
    );
    let reply = c.check("GET", poll_t, &poll(&id), None, Some(petrov)).await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::CONFLICT, "order_conflict")
    );
    // the same by NCALayer: 409 order_conflict at submission
    let (sdoc, sdata) = refund_document(
        c,
        json!({"order_ids": ["po-50488123"], "account_type": "card", "iban": "KZ896010002000300811"}),
        petrov,
    )
    .await;
    state
        .lock()
        .payment_orders
        .get_mut(PETROV)
        .unwrap()
        .iter_mut()
        .find(|o| o.id == "po-50488123")
        .unwrap()
        .available_tiyn = 0;
    let reply = c
        .check_with(
            "POST",
            submit_t,
            submit_t,
            Some(json!({"document_id": sdoc, "cms": sign(PETROV, KeyKind::Sign, &sdata)})),
            Some(petrov),
            &[("idempotency-key", "contract-2")],
        )
        .await;
    assert_eq!(
        (reply.status, reply.code().as_str()),
        (StatusCode::CONFLICT, "order_conflict")
    );
}

/// startRefundEgov for `document_id` in the session `cookie` (validated and counted).
async fn start_refund_egov(c: &mut Checker<'_>, document_id: Value, cookie: Option<&str>) -> Reply {
    let template = "/api/refund/egov";
    let body = json!({ "document_id": document_id });
    c.check("POST", template, template, Some(body), cookie)
        .await
}

/// A refund document for `body`: its id and the bytes to sign.
async fn refund_document(c: &mut Checker<'_>, body: Value, cookie: &str) -> (String, Vec<u8>) {
    use base64::Engine;
    let template = "/api/refund/documents";
    let reply = c
        .check("POST", template, template, Some(body), Some(cookie))
        .await;
    assert_eq!(reply.status, StatusCode::OK, "{:?}", reply.body);
    let v = reply.json();
    let data = base64::engine::general_purpose::STANDARD
        .decode(v["data"].as_str().unwrap())
        .unwrap();
    (v["document_id"].as_str().unwrap().to_owned(), data)
}

// ---- the request schemas against what the mock accepts ------------------------------------------

/// Each request schema says what the mock accepts, both ways: a body the contract refuses is
/// refused by the mock (4xx), and a body the contract accepts gets past the mock's checks of
/// its shape (no 400 `bad_request`, no 422 `validation`). The accepted rows are valid for the
/// domain too (check digits, a listed bank, the person's own order), so any shape refusal is a
/// disagreement. Contract fuzzing checks the same at random (positive_data_acceptance,
/// negative_data_rejection); these rows pin the edges: whitespace, notations, empties.
#[tokio::test]
async fn request_schemas_say_what_the_mock_accepts() {
    let doc = document();
    let v = Validator::new(&doc);
    let (_, app) = dev_app();
    let cookie = login(&app, IVANOV).await;
    // Ivanov's order at Kaspi (bank code 722), and an IBAN of that bank.
    let iban_722 = zeinet_domain::Iban::with_check_digits("722KZT0000000042")
        .unwrap()
        .as_str()
        .to_lowercase();
    let cancel = "/api/applications/app-1210001/cancel";
    #[rustfmt::skip]
    let rows: Vec<(&str, &str, Value, bool)> = vec![
        ("/api/auth/password", "/api/auth/password", json!({"iin": "", "password": "x"}), false),
        ("/api/auth/password", "/api/auth/password", json!({"iin": IVANOV, "password": ""}), false),
        // The log-in takes the IIN as sent: no trimming.
        ("/api/auth/password", "/api/auth/password", json!({"iin": format!(" {IVANOV}"), "password": "x"}), false),
        ("/api/auth/password", "/api/auth/password", json!({"iin": IVANOV, "password": "not it", "extra": 1}), true),
        ("/api/auth/eds", "/api/auth/eds", json!({"challenge_id": "", "cms": "MA=="}), false),
        ("/api/auth/eds", "/api/auth/eds", json!({"challenge_id": "c", "cms": " \n\u{3000}"}), false),
        ("/api/auth/eds", "/api/auth/eds", json!({"challenge_id": "c", "cms": "MA=="}), true),
        ("/api/register/start", "/api/register/start", json!({"iin": "", "phone": ""}), false),
        ("/api/register/start", "/api/register/start", json!({"iin": "90010130082", "phone": "+77010000823"}), false),
        // Registration trims the IIN and reads the phone as people type it.
        ("/api/register/start", "/api/register/start", json!({"iin": " 900101300823\t", "phone": "8 (701) 000-08-23"}), true),
        ("/api/register/start", "/api/register/start", json!({"iin": NOT_REGISTERED, "phone": "\u{a0}+7 701 000.08.23 "}), true),
        ("/api/register/start", "/api/register/start", json!({"iin": NOT_REGISTERED, "phone": "7010000823"}), true),
        ("/api/register/start", "/api/register/start", json!({"iin": NOT_REGISTERED, "phone": "+7 709 000 08 23"}), false),
        ("/api/register/start", "/api/register/start", json!({"iin": NOT_REGISTERED, "phone": "(+7) 701 000 08 23"}), false),
        ("/api/register/start", "/api/register/start", json!({"iin": NOT_REGISTERED, "phone": "+7\t701 000 08 23"}), false),
        ("/api/register/start", "/api/register/start", json!({"iin": NOT_REGISTERED, "phone": "+7010000823"}), false),
        ("/api/password-reset/start", "/api/password-reset/start", json!({"iin": IVANOV, "phone": "87010000007"}), true),
        ("/api/password-reset/start", "/api/password-reset/start", json!({"iin": IVANOV, "phone": "+7 701"}), false),
        ("/api/register/verify", "/api/register/verify", json!({"request_id": "r", "code": "12345"}), false),
        ("/api/register/verify", "/api/register/verify", json!({"request_id": "r", "code": "12 3456"}), false),
        ("/api/register/verify", "/api/register/verify", json!({"request_id": "", "code": "123456"}), false),
        ("/api/password-reset/verify", "/api/password-reset/verify", json!({"request_id": "r", "code": " 123456\n"}), true),
        ("/api/register/complete", "/api/register/complete", json!({"request_id": "", "password": "Long enough 1"}), false),
        ("/api/register/complete", "/api/register/complete", json!({"request_id": "r", "password": "Long enough 1"}), true),
        ("/api/password-reset/complete", "/api/password-reset/complete", json!({"request_id": "r", "password": "Short1"}), false),
        (cancel, "/api/applications/{id}/cancel", json!({"document_id": " ", "cms": "MA=="}), false),
        (cancel, "/api/applications/{id}/cancel", json!({"document_id": "d", "cms": ""}), false),
        (cancel, "/api/applications/{id}/cancel", json!({"document_id": "d", "cms": "MA=="}), true),
        ("/api/refund/bank-check", "/api/refund/bank-check", json!({"bic": "", "iban": "KZ86125KZT5004100100", "account_type": "card"}), false),
        ("/api/refund/bank-check", "/api/refund/bank-check", json!({"bic": "HSBKKZKX", "iban": "KZ86-125K-ZT50-0410-0100", "account_type": "card"}), false),
        ("/api/refund/bank-check", "/api/refund/bank-check", json!({"bic": "HSBKKZKX", "iban": "KZ86125KZT5004100100", "account_type": "savings"}), false),
        // Check digits 01 pass mod-97 but are never issued.
        ("/api/refund/bank-check", "/api/refund/bank-check", json!({"bic": "HSBKKZKX", "iban": "KZ01125KZT5004100100", "account_type": "card"}), false),
        ("/api/refund/bank-check", "/api/refund/bank-check", json!({"bic": " caspkzkaXXX", "iban": format!(" {iban_722}\u{a0}"), "account_type": "current"}), true),
        ("/api/refund/documents", "/api/refund/documents", json!({"order_ids": [], "account_type": "card", "iban": iban_722}), false),
        ("/api/refund/documents", "/api/refund/documents", json!({"order_ids": [""], "account_type": "card", "iban": iban_722}), false),
        ("/api/refund/documents", "/api/refund/documents", json!({"order_ids": ["po-49756052"], "account_type": "card", "iban": iban_722}), true),
    ];
    for (path, template, body, accepts) in rows {
        let what = format!("POST {path} {body}");
        let verdict = v.validate_request("POST", template, &body);
        assert_eq!(
            verdict.is_ok(),
            accepts,
            "{what}: the contract says {verdict:?}"
        );
        let reply = call(&app, "POST", path, Some(body), Some(&cookie)).await;
        let (status, code) = (reply.status, reply.code());
        if accepts {
            assert!(
                !matches!(code.as_str(), "bad_request" | "validation"),
                "{what}: the mock refused a body the contract accepts: {status} {:?}",
                reply.json()
            );
        } else {
            assert!(
                status.is_client_error(),
                "{what}: the mock accepted a body the contract refuses: {status}"
            );
        }
    }
}
