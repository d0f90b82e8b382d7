//! Whatever arrives on the NCALayer socket (any bytes, any JSON) must decode to a value or a
//! named error, never a panic: a panic aborts the whole wasm app. Beyond that:
//! - a greeting is accepted only as `{"result":{"version":"…"}}` and yields that version;
//! - a sign reply depends only on the JSON value, not on its spelling (re-serialised, it
//!   decodes the same), and `Signed` never carries an empty CMS;
//! - a request built from arbitrary strings is valid JSON that carries them unchanged.
#![no_main]

use libfuzzer_sys::fuzz_target;
use serde_json::Value;
use zeinet_domain::ncalayer::{
    decode_greeting, decode_sign_reply, encode_sign, KeyUsage, SignOutcome, SignRequest,
};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let value = serde_json::from_str::<Value>(&text).ok();

    match decode_greeting(&text) {
        Ok(version) => {
            let said = value
                .as_ref()
                .and_then(|v| v.as_object()?.get("result")?.as_object()?.get("version"))
                .and_then(Value::as_str);
            assert_eq!(said, Some(version.as_str()), "greeting accepted: {text:?}");
        }
        Err(e) => {
            let _ = e.to_string();
        }
    }

    let reply = decode_sign_reply(&text);
    match &reply {
        Ok(SignOutcome::Signed(cms)) => assert!(!cms.is_empty(), "empty CMS from {text:?}"),
        Ok(SignOutcome::Cancelled) => {}
        Err(e) => {
            let _ = e.to_string();
        }
    }
    if let Some(value) = &value {
        assert_eq!(
            decode_sign_reply(&value.to_string()),
            reply,
            "the same JSON spelled differently decodes differently: {text:?}"
        );
    } else {
        assert!(reply.is_err(), "non-JSON accepted: {text:?}");
    }

    // A request from arbitrary parts: the first byte picks the key usage, locale and whether
    // an IIN is given; the rest is split at the first NUL into data and IIN.
    let Some((&flags, rest)) = data.split_first() else {
        return;
    };
    let rest = String::from_utf8_lossy(rest);
    let (payload, iin) = rest.split_once('\0').unwrap_or((&rest, ""));
    let request = SignRequest {
        data_base64: payload.to_owned(),
        usage: if flags & 1 == 0 {
            KeyUsage::Authentication
        } else {
            KeyUsage::Signing
        },
        iin: (flags & 2 != 0).then(|| iin.to_owned()),
        locale: ["kk", "ru", "en"][usize::from(flags >> 2) % 3],
    };
    let sent: Value = serde_json::from_str(&encode_sign(&request)).expect("a request is JSON");
    let args = &sent["args"];
    assert_eq!(sent["method"], "sign");
    assert_eq!(args["data"].as_str(), Some(request.data_base64.as_str()));
    assert_eq!(args["locale"].as_str(), Some(request.locale));
    assert_eq!(
        args["signerParams"]["extKeyUsageOids"][0].as_str(),
        Some(request.usage.oid())
    );
    assert_eq!(
        args["signerParams"].get("iin").and_then(Value::as_str),
        request.iin.as_deref()
    );
});
