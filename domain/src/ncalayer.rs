//! The NCALayer wire protocol, pure: requests encoded to JSON text and every reply shape of
//! `shared/reference/signing-protocols.md` decoded into a typed outcome. Host-tested and
//! fuzzed (`fuzz/fuzz_targets/ncalayer_reply.rs`); the WebSocket client lives in the app
//! (`zeinet::signing::ncalayer`).
use serde_json::{json, Value};

/// Which key the person must choose: NCALayer filters the key list by extended key usage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum KeyUsage {
    /// Client authentication (the AUTH_RSA key): for logging in.
    Authentication,
    /// E-mail protection, i.e. signing (RSA256_… or GOSTKNCA_… key): for applications.
    Signing,
}

impl KeyUsage {
    /// The extended key usage OID NCALayer filters by.
    pub fn oid(self) -> &'static str {
        match self {
            KeyUsage::Authentication => "1.3.6.1.5.5.7.3.2",
            KeyUsage::Signing => "1.3.6.1.5.5.7.3.4",
        }
    }
}

/// What to sign and with which key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignRequest {
    /// The bytes to sign, base64 (as the backend issued them).
    pub data_base64: String,
    pub usage: KeyUsage,
    /// Restricts the choosable keys to this person's certificates.
    pub iin: Option<String>,
    /// The language of NCALayer's own dialogs: `kk`, `ru` or `en`.
    pub locale: &'static str,
}

/// The `kz.gov.pki.knca.basics` `sign` request for an attached CMS.
///
/// ```
/// use zeinet_domain::ncalayer::*;
/// let text = encode_sign(&SignRequest {
///     data_base64: "aGVsbG8=".into(), usage: KeyUsage::Authentication, iin: None, locale: "kk",
/// });
/// assert!(text.contains(r#""method":"sign""#));
/// ```
pub fn encode_sign(request: &SignRequest) -> String {
    let mut signer_params = json!({
        "extKeyUsageOids": [request.usage.oid()],
        "chain": [],
    });
    if let Some(iin) = &request.iin {
        signer_params["iin"] = json!(iin);
    }
    json!({
        "module": "kz.gov.pki.knca.basics",
        "method": "sign",
        "args": {
            "allowedStorages": null,
            "format": "cms",
            "data": request.data_base64,
            "signingParams": { "decode": true, "encapsulate": true, "digested": false },
            "signerParams": signer_params,
            "locale": request.locale,
        }
    })
    .to_string()
}

/// A successful sign request: the CMS, or the person closed NCALayer's dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SignOutcome {
    /// The attached CMS SignedData, base64.
    Signed(String),
    /// The person cancelled: not an error to shout about.
    Cancelled,
}

/// Everything that can go wrong talking to NCALayer.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum NcaError {
    /// The socket could not be opened: NCALayer is not installed or not running.
    #[error("NCALayer is not running")]
    NotRunning,
    /// The browser refused the socket: the person denied (or dismissed) its "apps on this
    /// device" permission (`loopback-network`), or a policy blocks it.
    #[error("the browser blocked the connection to NCALayer")]
    Blocked,
    /// NCALayer closed the connection before answering.
    #[error("NCALayer closed the connection")]
    Closed,
    /// No answer within the time allowed (minutes: a person may be typing a key password).
    #[error("NCALayer did not answer in time")]
    Timeout,
    /// A reply that is not the protocol (not JSON, or an unknown shape).
    #[error("unreadable reply from NCALayer")]
    Garbage,
    /// NCALayer refused or failed: its code (`SIGNING_FAILURE`, `MODULE_NOT_FOUND`, …) and message.
    #[error("NCALayer error {code}: {message}")]
    Failed { code: String, message: String },
}

/// The message NCALayer sends unasked when the socket opens: `{"result":{"version":"1.4"}}`.
/// Anything else means we are not talking to NCALayer. Read through [`Value`] rather than a
/// derived struct, because serde also fills a struct from a JSON array (`[["1.4"]]`), and
/// that is not a greeting.
pub fn decode_greeting(text: &str) -> Result<String, NcaError> {
    let value: Value = serde_json::from_str(text).map_err(|_| NcaError::Garbage)?;
    value
        .as_object()
        .and_then(|o| o.get("result")?.as_object()?.get("version")?.as_str())
        .map(str::to_owned)
        .ok_or(NcaError::Garbage)
}

/// Decodes the reply to a `sign` request (basics module, or the legacy commonUtils shape).
/// An empty CMS is [`NcaError::Garbage`] in every shape: it is never a signature.
pub fn decode_sign_reply(text: &str) -> Result<SignOutcome, NcaError> {
    let value: Value = serde_json::from_str(text).map_err(|_| NcaError::Garbage)?;
    let text_of = |v: &Value| v.as_str().map(str::to_owned);
    // basics: {"status":true,"body":{"result":"…"}} | {"status":true,"body":{}} | {"status":false,…}
    if let Some(status) = value.get("status").and_then(Value::as_bool) {
        if !status {
            return Err(NcaError::Failed {
                code: value.get("code").and_then(text_of).unwrap_or_default(),
                message: value
                    .get("message")
                    .and_then(text_of)
                    .or_else(|| value.get("details").and_then(text_of))
                    .unwrap_or_default(),
            });
        }
        // Only an object body can mean "cancelled" (no result): `"x"`, `null`, `[1]` are garbage.
        let body = value
            .get("body")
            .and_then(Value::as_object)
            .ok_or(NcaError::Garbage)?;
        return match body.get("result") {
            None | Some(Value::Null) => Ok(SignOutcome::Cancelled),
            Some(Value::String(cms)) if !cms.is_empty() => Ok(SignOutcome::Signed(cms.clone())),
            Some(Value::Array(items)) => items
                .first()
                .and_then(text_of)
                .filter(|cms| !cms.is_empty())
                .map(SignOutcome::Signed)
                .ok_or(NcaError::Garbage),
            Some(_) => Err(NcaError::Garbage),
        };
    }
    // {"success":false,"errorCode":"MODULE_NOT_FOUND"}
    if value.get("success").and_then(Value::as_bool) == Some(false) {
        return Err(NcaError::Failed {
            code: value.get("errorCode").and_then(text_of).unwrap_or_default(),
            message: String::new(),
        });
    }
    // commonUtils: {"code":"200","responseObject":"…"} | {"code":"500","message":"action.canceled"}
    if let Some(code) = value.get("code").and_then(text_of) {
        let message = value.get("message").and_then(text_of).unwrap_or_default();
        return match (code.as_str(), value.get("responseObject")) {
            ("200", Some(Value::String(cms))) if !cms.is_empty() => {
                Ok(SignOutcome::Signed(cms.clone()))
            }
            (_, _) if message == "action.canceled" => Ok(SignOutcome::Cancelled),
            ("200", _) => Err(NcaError::Garbage),
            _ => Err(NcaError::Failed { code, message }),
        };
    }
    Err(NcaError::Garbage)
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_body_that_is_not_an_object_is_garbage_not_a_cancel() {
        for body in ["\"x\"", "null", "[1]", "true", "0"] {
            let reply = format!("{{\"status\":true,\"body\":{body}}}");
            assert_eq!(decode_sign_reply(&reply), Err(NcaError::Garbage), "{reply}");
        }
        assert_eq!(
            decode_sign_reply(r#"{"status":true,"body":{}}"#),
            Ok(SignOutcome::Cancelled)
        );
    }

    use super::*;

    #[test]
    fn sign_request_carries_the_key_usage_iin_and_locale() {
        let text = encode_sign(&SignRequest {
            data_base64: "Y2hhbGxlbmdl".into(),
            usage: KeyUsage::Signing,
            iin: Some("900101300007".into()),
            locale: "ru",
        });
        let v: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(v["module"], "kz.gov.pki.knca.basics");
        assert_eq!(v["method"], "sign");
        assert_eq!(v["args"]["format"], "cms");
        assert_eq!(v["args"]["data"], "Y2hhbGxlbmdl");
        assert_eq!(v["args"]["locale"], "ru");
        assert_eq!(v["args"]["signingParams"]["decode"], true);
        assert_eq!(v["args"]["signingParams"]["encapsulate"], true);
        assert_eq!(
            v["args"]["signerParams"]["extKeyUsageOids"][0],
            "1.3.6.1.5.5.7.3.4"
        );
        assert_eq!(v["args"]["signerParams"]["iin"], "900101300007");

        let auth = encode_sign(&SignRequest {
            data_base64: "eA==".into(),
            usage: KeyUsage::Authentication,
            iin: None,
            locale: "kk",
        });
        let v: Value = serde_json::from_str(&auth).unwrap();
        assert_eq!(
            v["args"]["signerParams"]["extKeyUsageOids"][0],
            "1.3.6.1.5.5.7.3.2"
        );
        assert!(v["args"]["signerParams"].get("iin").is_none());
    }

    #[test]
    fn greeting_is_required() {
        assert_eq!(
            decode_greeting(r#"{"result":{"version":"1.4"}}"#),
            Ok("1.4".into())
        );
        assert_eq!(
            decode_greeting(r#"{"result":{"version":"1.2"}}"#),
            Ok("1.2".into())
        );
        assert_eq!(
            decode_greeting(r#"{"status":true}"#),
            Err(NcaError::Garbage)
        );
        assert_eq!(decode_greeting("hello"), Err(NcaError::Garbage));
    }

    /// Found by `cargo fuzz run ncalayer_reply` (`[["[[[   [t  "]]`): serde fills a derived
    /// struct from a JSON array too, so an array of arrays passed as a greeting.
    #[test]
    fn greeting_as_array_is_garbage() {
        for text in [
            r#"[["1.4"]]"#,
            r#"[["[[[   [t  "]]"#,
            r#"[{"version":"1.4"}]"#,
            r#"{"result":["1.4"]}"#,
        ] {
            assert_eq!(decode_greeting(text), Err(NcaError::Garbage), "{text:?}");
        }
        assert_eq!(
            decode_greeting(r#"{"result":{"version":"1.4","extra":1},"more":[]}"#),
            Ok("1.4".into())
        );
    }

    #[test]
    fn every_reply_shape_of_the_reference() {
        assert_eq!(
            decode_sign_reply(r#"{"status":true,"body":{"result":"MIIB"}}"#),
            Ok(SignOutcome::Signed("MIIB".into()))
        );
        assert_eq!(
            decode_sign_reply(r#"{"status":true,"body":{"result":["MIIA","MIIB"]}}"#),
            Ok(SignOutcome::Signed("MIIA".into()))
        );
        assert_eq!(
            decode_sign_reply(r#"{"status":true,"body":{}}"#),
            Ok(SignOutcome::Cancelled)
        );
        assert_eq!(
            decode_sign_reply(
                r#"{"status":false,"code":"INVOCATION_ERROR","message":"m","details":"d"}"#
            ),
            Err(NcaError::Failed {
                code: "INVOCATION_ERROR".into(),
                message: "m".into()
            })
        );
        assert_eq!(
            decode_sign_reply(r#"{"status":false,"code":"SIGNING_FAILURE","details":"no key"}"#),
            Err(NcaError::Failed {
                code: "SIGNING_FAILURE".into(),
                message: "no key".into()
            })
        );
        assert_eq!(
            decode_sign_reply(r#"{"success":false,"errorCode":"MODULE_NOT_FOUND"}"#),
            Err(NcaError::Failed {
                code: "MODULE_NOT_FOUND".into(),
                message: String::new()
            })
        );
        assert_eq!(
            decode_sign_reply(r#"{"code":"200","responseObject":"MIIC"}"#),
            Ok(SignOutcome::Signed("MIIC".into()))
        );
        assert_eq!(
            decode_sign_reply(r#"{"code":"500","message":"action.canceled"}"#),
            Ok(SignOutcome::Cancelled)
        );
        assert_eq!(
            decode_sign_reply(r#"{"code":"500","message":"storage.empty"}"#),
            Err(NcaError::Failed {
                code: "500".into(),
                message: "storage.empty".into()
            })
        );
    }

    #[test]
    fn garbage_is_named_as_such() {
        for text in [
            "",
            "not json",
            "{}",
            "[]",
            r#"{"status":true}"#,
            r#"{"status":true,"body":{"result":42}}"#,
            r#"{"status":true,"body":{"result":""}}"#,
            r#"{"code":"200"}"#,
        ] {
            assert_eq!(decode_sign_reply(text), Err(NcaError::Garbage), "{text:?}");
        }
    }

    /// Found by `cargo fuzz run ncalayer_reply` (`{"code":"200","responseObject":""}`): an
    /// empty CMS was `Signed("")` in the commonUtils and array shapes, though the basics
    /// string shape already called it garbage. An empty signature is never a signature.
    #[test]
    fn empty_cms_is_garbage_in_every_shape() {
        for text in [
            r#"{"code":"200","responseObject":""}"#,
            r#"{"status":true,"body":{"result":[""]}}"#,
            r#"{"status":true,"body":{"result":["","MIIB"]}}"#,
            r#"{"status":true,"body":{"result":""}}"#,
        ] {
            assert_eq!(decode_sign_reply(text), Err(NcaError::Garbage), "{text:?}");
        }
        // Cancelling still wins over an empty responseObject.
        assert_eq!(
            decode_sign_reply(r#"{"code":"200","responseObject":"","message":"action.canceled"}"#),
            Ok(SignOutcome::Cancelled)
        );
    }
}
