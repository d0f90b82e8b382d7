"""schemathesis hooks of scripts/contract-fuzz.sh (loaded through SCHEMATHESIS_HOOKS).

positive_data_acceptance sends requests valid by contract/openapi.json and fails on a 4xx it
does not expect. The request schemas say all that JSON Schema can (patterns, lengths, enums);
what it cannot say is below: a check digit, a mod-97 checksum, a CMS that must verify, an id or
a code the server must have handed out, a bank of the directory, the person's own orders. A
refusal of schema-valid data is dropped only when the answer names such a rule, by its status
and error code, and for 422 `validation` only when every field's code is one of these rules.
Any other refusal (a `required`, a format, a 400 `bad_request`) still fails the run: that is
the contract letting through something the server refuses. Dropped failures are counted in
the run's summary ("dropped by `filter_failure`") and, one line each, in the file named by
CONTRACT_FUZZ_DROPPED (target/contract-fuzz/dropped.log), to see what they were.
"""

import json
import os

import schemathesis
from schemathesis.openapi.checks import RejectedPositiveData

CMS_MUST_VERIFY = {
    (400, "invalid_cms"): None,
    (422, "invalid_signature"): None,
    (422, "wrong_key_usage"): None,
    (422, "signer_mismatch"): None,
}

# Operation label -> {(status, code): None (any body) or {field: codes beyond the schema}}.
BEYOND_SCHEMA = {
    # The IIN's check digit.
    "POST /api/auth/password": {(422, "validation"): {"iin": {"invalid_iin"}}},
    "POST /api/register/start": {(422, "validation"): {"iin": {"invalid_iin"}}},
    "POST /api/password-reset/start": {(422, "validation"): {"iin": {"invalid_iin"}}},
    # A live challenge (one use), and a CMS over it that verifies.
    "POST /api/auth/eds": {(410, "challenge_expired"): None, (400, "invalid_cms"): None},
    # The code sent by SMS (the fuzzer cannot read it).
    "POST /api/register/verify": {
        (422, "invalid_code"): None,
        (422, "code_expired"): None,
        (422, "too_many_attempts"): None,
    },
    "POST /api/password-reset/verify": {
        (422, "invalid_code"): None,
        (422, "code_expired"): None,
        (422, "too_many_attempts"): None,
    },
    # A letter of any script (Unicode Alphabetic) and not the IIN: beyond an ECMA pattern.
    "POST /api/register/complete": {
        (422, "code_expired"): None,
        (422, "weak_password"): {"password": {"no_letter", "contains_iin"}},
    },
    "POST /api/password-reset/complete": {
        (422, "code_expired"): None,
        (422, "weak_password"): {"password": {"no_letter", "contains_iin"}},
    },
    # A document handed out (live, for this person and application), signed for real.
    "POST /api/applications/{id}/cancel": {(410, "document_expired"): None, **CMS_MUST_VERIFY},
    "POST /api/refund/applications": {(410, "document_expired"): None, **CMS_MUST_VERIFY},
    "POST /api/refund/egov": {(410, "document_expired"): None},
    # A bank of the directory, the IBAN's mod-97 and bank code, the "bank's" account table.
    "POST /api/refund/bank-check": {
        (422, "validation"): {"bic": {"unknown_bic"}, "iban": {"invalid_iban"}},
        (422, "bank_mismatch"): None,
        (422, "account_closed"): None,
        (422, "name_mismatch"): None,
    },
    # The person's own orders, of one bank, refundable; the IBAN as above.
    "POST /api/refund/documents": {
        (422, "validation"): {
            "order_ids": {"unknown_order", "mixed_banks"},
            "iban": {"invalid_iban", "bank_mismatch"},
        },
        (422, "account_closed"): None,
        (422, "name_mismatch"): None,
        (422, "amount_out_of_range"): None,
    },
    # A live procedure, and a CMS of its document that verifies.
    "PUT /api/egov/sign/{id}/document": {(410, "expired"): None, (400, "invalid_cms"): None},
}


def beyond_schema(label, status, body):
    """Whether this refusal names only rules that JSON Schema cannot express."""
    rules = BEYOND_SCHEMA.get(label, {})
    if not isinstance(body, dict) or (status, body.get("code")) not in rules:
        return False
    fields = rules[(status, body.get("code"))]
    if fields is None:
        return True
    named = body.get("fields")
    return (
        isinstance(named, dict)
        and bool(named)
        and all(code in fields.get(field, ()) for field, code in named.items())
    )


@schemathesis.hook
def filter_failure(context, failure, case, response):
    if not isinstance(failure, RejectedPositiveData):
        return True
    try:
        body = response.json()
    except ValueError:
        return True
    if not beyond_schema(case.operation.label, response.status_code, body):
        return True
    log = os.environ.get("CONTRACT_FUZZ_DROPPED")
    if log:
        what = {"code": body.get("code"), "fields": body.get("fields")}
        with open(log, "a", encoding="utf-8") as f:
            f.write(f"{case.operation.label} {response.status_code} {json.dumps(what)}\n")
    return False
