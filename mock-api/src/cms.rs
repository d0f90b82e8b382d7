//! CMS SignedData (RFC 5652) as NCALayer makes it: signing (for the stand-in NCALayer) and
//! verification (for the API), with RustCrypto's 0.2 line. Every pitfall of
//! `shared/reference/mock-cms.md` is handled here:
//!
//! - the encapsulated content is ONE OCTET STRING of the raw bytes;
//! - the digest algorithm is listed in `digestAlgorithms`; signing-time is added explicitly;
//! - the signature covers the signed attributes' **wire bytes** re-tagged as a SET (der 0.7
//!   re-sorts a SET OF when decoding, so re-encoding the parsed attributes could differ);
//! - the signer certificate's TBS is taken from the wire as well, and the test CA's signature
//!   over it is checked (a fake CA with the same name is refused);
//! - both `sha256WithRSAEncryption` (what the Rust builder writes) and `rsaEncryption` (what
//!   openssl and Kalkan write) are accepted as the signature algorithm;
//! - the certificate's two algorithm fields agree, its KeyUsage allows signing
//!   (digitalSignature or nonRepudiation) and it has no critical extension unknown here.
//!
//! Revocation (OCSP, CRL) is out of the mock's reach: a real backend asks the NCA's OCSP
//! service and answers a revoked certificate with `certificate_revoked` (the contract's code).

use std::fmt;

use cms::builder::{create_signing_time_attribute, SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::content_info::ContentInfo;
use cms::signed_data::{EncapsulatedContentInfo, SignedData, SignerIdentifier};
use der::asn1::OctetString;
use der::oid::ObjectIdentifier;
use der::{Any, AnyRef, Decode, Encode, Reader, SliceReader, Tag, TagNumber, Tagged};
use rsa::pkcs1v15::{Signature, SigningKey, VerifyingKey};
use rsa::pkcs8::DecodePublicKey;
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};
use signature::Verifier;
use spki::AlgorithmIdentifierOwned;
use x509_cert::ext::pkix::{ExtendedKeyUsage, KeyUsage, SubjectKeyIdentifier};
use x509_cert::Certificate;

const ID_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.1");
const ID_SIGNED_DATA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.7.2");
const ID_CONTENT_TYPE: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.3");
const ID_MESSAGE_DIGEST: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.4");
const ID_SHA256: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.16.840.1.101.3.4.2.1");
const RSA_ENCRYPTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.1");
const SHA256_WITH_RSA: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11");
const ID_AT_SERIAL_NUMBER: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.4.5");
const ID_CE_EXT_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.37");
const ID_CE_SUBJECT_KEY_ID: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.14");
const ID_CE_KEY_USAGE: ObjectIdentifier = ObjectIdentifier::new_unwrap("2.5.29.15");

/// How to sign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Encapsulation {
    /// The content inside the CMS (NCALayer's `encapsulate: true`).
    Attached,
    /// The signature only (`encapsulate: false`).
    Detached,
    /// The data given is already the SHA-256 of the content (`digested: true`); detached.
    Digest,
}

/// A CMS SignedData with the content attached, SHA-256 with RSA, the certificate included,
/// signed attributes content-type, message-digest and signing-time. DER.
pub fn sign_attached(
    key: &RsaPrivateKey,
    cert: &Certificate,
    content: &[u8],
) -> Result<Vec<u8>, String> {
    sign(key, cert, content, Encapsulation::Attached)
}

/// cms::builder::Error does not implement std::error::Error in 0.2.3: a string.
fn e(what: &'static str) -> impl Fn(cms::builder::Error) -> String {
    move |err| format!("CMS {what}: {err}")
}

/// A CMS SignedData of `data` (see [`Encapsulation`]). DER.
pub fn sign(
    key: &RsaPrivateKey,
    cert: &Certificate,
    data: &[u8],
    encapsulation: Encapsulation,
) -> Result<Vec<u8>, String> {
    let (econtent, external_digest) = match encapsulation {
        Encapsulation::Attached => (
            Some(Any::new(Tag::OctetString, data).map_err(|err| format!("content: {err}"))?),
            None,
        ),
        Encapsulation::Detached => (None, Some(Sha256::digest(data).to_vec())),
        Encapsulation::Digest => {
            if data.len() != 32 {
                return Err(format!("a SHA-256 digest has 32 bytes, not {}", data.len()));
            }
            (None, Some(data.to_vec()))
        }
    };
    let content_info = EncapsulatedContentInfo {
        econtent_type: ID_DATA,
        econtent,
    };
    let digest_algorithm = AlgorithmIdentifierOwned {
        oid: ID_SHA256,
        parameters: None,
    };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: cert.tbs_certificate.issuer.clone(),
        serial_number: cert.tbs_certificate.serial_number.clone(),
    });
    let signer = SigningKey::<Sha256>::new(key.clone());
    let mut signer_info = SignerInfoBuilder::new(
        &signer,
        sid,
        digest_algorithm.clone(),
        &content_info,
        external_digest.as_deref(),
    )
    .map_err(e("signer"))?;
    signer_info
        .add_signed_attribute(create_signing_time_attribute().map_err(e("signing time"))?)
        .map_err(e("signing time"))?;
    let mut builder = SignedDataBuilder::new(&content_info);
    builder
        .add_digest_algorithm(digest_algorithm)
        .map_err(e("digest algorithm"))?
        .add_certificate(CertificateChoices::Certificate(cert.clone()))
        .map_err(e("certificate"))?
        .add_signer_info::<_, Signature>(signer_info)
        .map_err(e("signature"))?;
    let content_info = builder.build().map_err(e("build"))?;
    content_info
        .to_der()
        .map_err(|err| format!("CMS encoding: {err}"))
}

/// What a verified CMS says.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Verified {
    /// The signed (encapsulated) content.
    pub content: Vec<u8>,
    /// The IIN of the signer certificate's subject (`SERIALNUMBER=IIN…`).
    pub signer_iin: String,
    /// The signer certificate's extended key usages, dotted (`1.3.6.1.5.5.7.3.2`).
    pub ekus: Vec<String>,
    /// The signer certificate's subject, RFC 4514.
    pub subject: String,
}

impl Verified {
    pub fn has_eku(&self, oid: ObjectIdentifier) -> bool {
        let oid = oid.to_string();
        self.ekus.contains(&oid)
    }
}

/// Why a CMS was refused; each check has its own variant.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CmsError {
    /// Not DER, or not a ContentInfo / SignedData structure.
    Malformed(String),
    /// A ContentInfo of another type than signedData.
    NotSignedData(String),
    /// No encapsulated content (a detached signature).
    NoContent,
    /// The encapsulated content is not one OCTET STRING.
    ContentNotOctetString,
    /// Not exactly one SignerInfo.
    SignerCount(usize),
    /// A digest or signature algorithm other than SHA-256 / RSA.
    UnsupportedAlgorithm(String),
    /// No signed attributes, or one of the required ones missing or malformed.
    MissingAttribute(&'static str),
    /// The content-type attribute differs from eContentType.
    ContentTypeMismatch,
    /// The message-digest attribute is not the SHA-256 of the content.
    DigestMismatch,
    /// The CMS carries no certificates.
    NoCertificates,
    /// No certificate matches the SignerInfo's sid.
    SignerCertificateNotFound,
    /// The signature over the signed attributes does not verify with the certificate's key.
    BadSignature,
    /// The signer certificate's issuer is not the test CA (e.g. self-signed).
    UnknownIssuer(String),
    /// Issued in the test CA's name, but the CA's signature does not verify (a fake CA).
    BadCertificateSignature,
    /// Outside the certificate's (or the CA's) validity period.
    CertificateNotValidNow,
    /// The certificate's subject carries no `SERIALNUMBER=IIN<12 digits>`.
    NoIin,
    /// The certificate's KeyUsage is missing or allows neither digitalSignature nor
    /// nonRepudiation.
    KeyUsage,
    /// A critical extension this verifier does not know (RFC 5280 §4.2: refuse it).
    UnknownCriticalExtension(String),
    /// The certificate's signatureAlgorithm is not the one its TBS names (RFC 5280
    /// §4.1.1.2). (A signer algorithm that is not the certificate key's, RSA, is
    /// `UnsupportedAlgorithm`.)
    AlgorithmMismatch,
}

impl CmsError {
    /// Not a CMS SignedData at all (400 `invalid_cms`), as opposed to one that fails a check
    /// (401 `invalid_signature`).
    pub fn is_malformed(&self) -> bool {
        matches!(self, CmsError::Malformed(_) | CmsError::NotSignedData(_))
    }
}

impl fmt::Display for CmsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CmsError::Malformed(e) => write!(f, "not a CMS SignedData: {e}"),
            CmsError::NotSignedData(t) => write!(f, "a ContentInfo of type {t}, not signedData"),
            CmsError::NoContent => write!(f, "no encapsulated content (a detached signature)"),
            CmsError::ContentNotOctetString => write!(f, "the content is not an OCTET STRING"),
            CmsError::SignerCount(n) => write!(f, "{n} signers, expected exactly one"),
            CmsError::UnsupportedAlgorithm(a) => write!(f, "unsupported algorithm {a}"),
            CmsError::MissingAttribute(a) => write!(f, "signed attribute {a} missing or bad"),
            CmsError::ContentTypeMismatch => write!(f, "content-type attribute ≠ eContentType"),
            CmsError::DigestMismatch => write!(f, "message digest ≠ SHA-256 of the content"),
            CmsError::NoCertificates => write!(f, "no certificates in the CMS"),
            CmsError::SignerCertificateNotFound => write!(f, "no certificate of the signer"),
            CmsError::BadSignature => write!(f, "the signature does not verify"),
            CmsError::UnknownIssuer(i) => write!(f, "issued by {i}, not by the test CA"),
            CmsError::BadCertificateSignature => {
                write!(f, "the certificate's CA signature does not verify")
            }
            CmsError::CertificateNotValidNow => write!(f, "the certificate is not valid now"),
            CmsError::NoIin => write!(f, "the certificate's subject has no IIN"),
            CmsError::KeyUsage => write!(f, "the certificate's key usage does not allow signing"),
            CmsError::UnknownCriticalExtension(oid) => {
                write!(f, "the certificate has an unknown critical extension {oid}")
            }
            CmsError::AlgorithmMismatch => {
                write!(f, "the certificate's algorithms do not agree")
            }
        }
    }
}

impl std::error::Error for CmsError {}

fn malformed(e: impl fmt::Display) -> CmsError {
    CmsError::Malformed(e.to_string())
}

/// The TLV elements inside a constructed value, as on the wire.
fn children(value: &[u8]) -> der::Result<Vec<AnyRef<'_>>> {
    let mut reader = SliceReader::new(value)?;
    let mut out = Vec::new();
    while !reader.is_finished() {
        out.push(AnyRef::decode(&mut reader)?);
    }
    Ok(out)
}

const CONTEXT_0: Tag = Tag::ContextSpecific {
    constructed: true,
    number: TagNumber::N0,
};

/// The wire bytes the checks need: the signer's signed attributes (re-tagged as a SET) and
/// every certificate (whole DER).
struct Wire {
    signed_attrs_set: Option<Vec<u8>>,
    certificates: Vec<Vec<u8>>,
}

fn wire(signed_data_der: &[u8]) -> der::Result<Wire> {
    let signed_data = AnyRef::from_der(signed_data_der)?;
    let fields = children(signed_data.value())?;
    let mut certificates = Vec::new();
    if let Some(set) = fields.iter().find(|f| f.tag() == CONTEXT_0) {
        for cert in children(set.value())? {
            certificates.push(cert.to_der()?);
        }
    }
    let mut signed_attrs_set = None;
    if let Some(signer_infos) = fields.last() {
        if let Some(first) = children(signer_infos.value())?.first() {
            if let Some(attrs) = children(first.value())?
                .iter()
                .find(|f| f.tag() == CONTEXT_0)
            {
                signed_attrs_set = Some(AnyRef::new(Tag::Set, attrs.value())?.to_der()?);
            }
        }
    }
    Ok(Wire {
        signed_attrs_set,
        certificates,
    })
}

fn single_value<'a>(
    attrs: &'a x509_cert::attr::Attributes,
    oid: ObjectIdentifier,
    name: &'static str,
) -> Result<&'a Any, CmsError> {
    let attr = attrs
        .iter()
        .find(|a| a.oid == oid)
        .ok_or(CmsError::MissingAttribute(name))?;
    match attr.values.as_slice() {
        [value] => Ok(value),
        _ => Err(CmsError::MissingAttribute(name)),
    }
}

fn rsa_key(cert: &Certificate) -> Result<RsaPublicKey, CmsError> {
    let spki = &cert.tbs_certificate.subject_public_key_info;
    if spki.algorithm.oid != RSA_ENCRYPTION {
        return Err(CmsError::UnsupportedAlgorithm(format!(
            "public key {}",
            spki.algorithm.oid
        )));
    }
    let der = spki.to_der().map_err(malformed)?;
    RsaPublicKey::from_public_key_der(&der).map_err(malformed)
}

fn verify_rsa_sha256(key: RsaPublicKey, message: &[u8], signature: &[u8]) -> bool {
    let Ok(signature) = Signature::try_from(signature) else {
        return false;
    };
    VerifyingKey::<Sha256>::new(key)
        .verify(message, &signature)
        .is_ok()
}

fn subject_key_id(cert: &Certificate) -> Option<Vec<u8>> {
    let ext = cert
        .tbs_certificate
        .extensions
        .iter()
        .flatten()
        .find(|e| e.extn_id == ID_CE_SUBJECT_KEY_ID)?;
    let ski = SubjectKeyIdentifier::from_der(ext.extn_value.as_bytes()).ok()?;
    Some(ski.0.as_bytes().to_vec())
}

fn is_signer(cert: &Certificate, sid: &SignerIdentifier) -> bool {
    match sid {
        SignerIdentifier::IssuerAndSerialNumber(isn) => {
            cert.tbs_certificate.issuer == isn.issuer
                && cert.tbs_certificate.serial_number == isn.serial_number
        }
        SignerIdentifier::SubjectKeyIdentifier(ski) => {
            subject_key_id(cert).as_deref() == Some(ski.0.as_bytes())
        }
    }
}

fn valid_at(cert: &Certificate, now: i64) -> bool {
    let v = &cert.tbs_certificate.validity;
    let from = v.not_before.to_unix_duration().as_secs() as i64;
    let to = v.not_after.to_unix_duration().as_secs() as i64;
    (from..=to).contains(&now)
}

/// The IIN of `SERIALNUMBER=IIN<12 digits>` in the subject.
fn subject_iin(cert: &Certificate) -> Option<String> {
    for rdn in cert.tbs_certificate.subject.0.iter() {
        for atv in rdn.0.iter() {
            if atv.oid != ID_AT_SERIAL_NUMBER {
                continue;
            }
            let text = std::str::from_utf8(atv.value.value()).ok()?;
            let iin = text.strip_prefix("IIN")?;
            if iin.len() == 12 && iin.bytes().all(|b| b.is_ascii_digit()) {
                return Some(iin.to_owned());
            }
        }
    }
    None
}

/// The extensions a signing certificate may mark critical: those this verifier reads or
/// whose meaning for an end-entity key it knows (RFC 5280 §4.2: an unknown critical one is
/// refused). KeyUsage must allow signing (digitalSignature or nonRepudiation).
fn check_extensions(cert: &Certificate) -> Result<(), CmsError> {
    const KNOWN: [&str; 7] = [
        "2.5.29.15", // keyUsage
        "2.5.29.37", // extKeyUsage
        "2.5.29.19", // basicConstraints
        "2.5.29.14", // subjectKeyIdentifier
        "2.5.29.35", // authorityKeyIdentifier
        "2.5.29.32", // certificatePolicies
        "2.5.29.17", // subjectAltName
    ];
    let extensions = cert
        .tbs_certificate
        .extensions
        .as_deref()
        .unwrap_or_default();
    if let Some(unknown) = extensions
        .iter()
        .find(|e| e.critical && !KNOWN.contains(&e.extn_id.to_string().as_str()))
    {
        return Err(CmsError::UnknownCriticalExtension(
            unknown.extn_id.to_string(),
        ));
    }
    let key_usage = extensions
        .iter()
        .find(|e| e.extn_id == ID_CE_KEY_USAGE)
        .and_then(|e| KeyUsage::from_der(e.extn_value.as_bytes()).ok())
        .ok_or(CmsError::KeyUsage)?;
    if !key_usage.digital_signature() && !key_usage.non_repudiation() {
        return Err(CmsError::KeyUsage);
    }
    Ok(())
}

fn ekus(cert: &Certificate) -> Vec<String> {
    cert.tbs_certificate
        .extensions
        .iter()
        .flatten()
        .filter(|e| e.extn_id == ID_CE_EXT_KEY_USAGE)
        .filter_map(|e| ExtendedKeyUsage::from_der(e.extn_value.as_bytes()).ok())
        .flat_map(|eku| eku.0)
        .map(|oid| oid.to_string())
        .collect()
}

/// Verifies an attached CMS SignedData against the CA certificate at `now` (Unix seconds):
/// the content digest, the content type, the signature over the signed attributes, and the
/// signer certificate (issued and signed by `ca`, valid now). Returns the content, the signer's
/// IIN and EKUs; what to require of those is the caller's business.
pub fn verify_attached(cms_der: &[u8], ca: &Certificate, now: i64) -> Result<Verified, CmsError> {
    let content_info = ContentInfo::from_der(cms_der).map_err(malformed)?;
    if content_info.content_type != ID_SIGNED_DATA {
        return Err(CmsError::NotSignedData(
            content_info.content_type.to_string(),
        ));
    }
    let signed_data_der = content_info.content.to_der().map_err(malformed)?;
    let signed_data = SignedData::from_der(&signed_data_der).map_err(malformed)?;
    let wire = wire(&signed_data_der).map_err(malformed)?;

    // The content: one OCTET STRING, attached.
    let encap = &signed_data.encap_content_info;
    let econtent = encap.econtent.as_ref().ok_or(CmsError::NoContent)?;
    if econtent.tag() != Tag::OctetString {
        return Err(CmsError::ContentNotOctetString);
    }
    let content = econtent.value().to_vec();

    // One signer, SHA-256 with RSA.
    let signers = signed_data.signer_infos.0.as_slice();
    let [signer] = signers else {
        return Err(CmsError::SignerCount(signers.len()));
    };
    if signer.digest_alg.oid != ID_SHA256 {
        return Err(CmsError::UnsupportedAlgorithm(format!(
            "digest {}",
            signer.digest_alg.oid
        )));
    }
    let sig_alg = signer.signature_algorithm.oid;
    if sig_alg != SHA256_WITH_RSA && sig_alg != RSA_ENCRYPTION {
        return Err(CmsError::UnsupportedAlgorithm(format!(
            "signature {sig_alg}"
        )));
    }

    // Signed attributes: content type and message digest.
    let attrs = signer
        .signed_attrs
        .as_ref()
        .ok_or(CmsError::MissingAttribute("signedAttrs"))?;
    let content_type = single_value(attrs, ID_CONTENT_TYPE, "content-type")?
        .decode_as::<ObjectIdentifier>()
        .map_err(|_| CmsError::MissingAttribute("content-type"))?;
    if content_type != encap.econtent_type {
        return Err(CmsError::ContentTypeMismatch);
    }
    let digest = single_value(attrs, ID_MESSAGE_DIGEST, "message-digest")?
        .decode_as::<OctetString>()
        .map_err(|_| CmsError::MissingAttribute("message-digest"))?;
    if digest.as_bytes() != Sha256::digest(&content).as_slice() {
        return Err(CmsError::DigestMismatch);
    }

    // The signer's certificate, from the wire.
    if wire.certificates.is_empty() {
        return Err(CmsError::NoCertificates);
    }
    let (cert_der, cert) = wire
        .certificates
        .iter()
        .filter_map(|der| Some((der, Certificate::from_der(der).ok()?)))
        .find(|(_, cert)| is_signer(cert, &signer.sid))
        .ok_or(CmsError::SignerCertificateNotFound)?;

    // The signature over the signed attributes' wire bytes as a SET.
    let signed_attrs_set = wire
        .signed_attrs_set
        .ok_or(CmsError::MissingAttribute("signedAttrs"))?;
    if !verify_rsa_sha256(
        rsa_key(&cert)?,
        &signed_attrs_set,
        signer.signature.as_bytes(),
    ) {
        return Err(CmsError::BadSignature);
    }

    // The certificate: issued by the test CA, the CA's signature over the wire TBS, valid now.
    if cert.tbs_certificate.issuer != ca.tbs_certificate.subject {
        return Err(CmsError::UnknownIssuer(
            cert.tbs_certificate.issuer.to_string(),
        ));
    }
    if cert.signature_algorithm.oid != SHA256_WITH_RSA {
        return Err(CmsError::UnsupportedAlgorithm(format!(
            "certificate signature {}",
            cert.signature_algorithm.oid
        )));
    }
    let tbs = children(AnyRef::from_der(cert_der).map_err(malformed)?.value())
        .map_err(malformed)?
        .first()
        .map(|tbs| tbs.to_der())
        .transpose()
        .map_err(malformed)?
        .ok_or_else(|| malformed("a certificate without a TBS"))?;
    let cert_signature = cert
        .signature
        .as_bytes()
        .ok_or(CmsError::BadCertificateSignature)?;
    if !verify_rsa_sha256(rsa_key(ca)?, &tbs, cert_signature) {
        return Err(CmsError::BadCertificateSignature);
    }
    if cert.signature_algorithm != cert.tbs_certificate.signature {
        return Err(CmsError::AlgorithmMismatch);
    }
    if !valid_at(&cert, now) || !valid_at(ca, now) {
        return Err(CmsError::CertificateNotValidNow);
    }
    check_extensions(&cert)?;

    Ok(Verified {
        signer_iin: subject_iin(&cert).ok_or(CmsError::NoIin)?,
        ekus: ekus(&cert),
        subject: cert.tbs_certificate.subject.to_string(),
        content,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::pki::{self, KeyKind, Pki, CLIENT_AUTH, EMAIL_PROTECTION, NOT_AFTER_UNIX};
    use crate::time::now_unix;

    const CHALLENGE: &[u8] = b"zeinet challenge \x00\x01\xff";

    fn ivanov() -> &'static pki::Identity {
        Pki::shared().identity("900101300007").unwrap()
    }

    fn verify(cms: &[u8]) -> Result<Verified, CmsError> {
        verify_attached(cms, &Pki::shared().ca, now_unix())
    }

    /// The position of `needle` in `haystack`.
    fn find(haystack: &[u8], needle: &[u8]) -> usize {
        haystack
            .windows(needle.len())
            .position(|w| w == needle)
            .expect("present")
    }

    #[test]
    fn a_good_signature_verifies_with_iin_and_eku() {
        let id = ivanov();
        let cms = sign_attached(&id.auth.key, &id.auth.cert, CHALLENGE).unwrap();
        let v = verify(&cms).unwrap();
        assert_eq!(v.content, CHALLENGE);
        assert_eq!(v.signer_iin, "900101300007");
        assert_eq!(v.ekus, vec!["1.3.6.1.5.5.7.3.2".to_owned()]);
        assert!(v.has_eku(CLIENT_AUTH) && !v.has_eku(EMAIL_PROTECTION));
        assert!(v.subject.starts_with("CN=Иванов Иван Иванович,"));

        let cms = sign_attached(&id.sign.key, &id.sign.cert, b"").unwrap();
        let v = verify(&cms).unwrap();
        assert_eq!(
            (v.content.as_slice(), v.has_eku(EMAIL_PROTECTION)),
            (&b""[..], true)
        );
    }

    #[test]
    fn the_content_is_one_octet_string_and_the_digest_algorithm_is_listed() {
        let id = ivanov();
        let cms = sign_attached(&id.auth.key, &id.auth.cert, CHALLENGE).unwrap();
        let ci = ContentInfo::from_der(&cms).unwrap();
        let sd = ci.content.decode_as::<SignedData>().unwrap();
        let econtent = sd.encap_content_info.econtent.unwrap();
        assert_eq!(econtent.tag(), Tag::OctetString);
        assert_eq!(econtent.value(), CHALLENGE);
        assert_eq!(sd.digest_algorithms.as_slice()[0].oid, ID_SHA256);
        let attrs = sd.signer_infos.0.as_slice()[0]
            .signed_attrs
            .clone()
            .unwrap();
        let oids: Vec<String> = attrs.iter().map(|a| a.oid.to_string()).collect();
        for oid in [
            "1.2.840.113549.1.9.3",
            "1.2.840.113549.1.9.4",
            "1.2.840.113549.1.9.5",
        ] {
            assert!(oids.contains(&oid.to_owned()), "{oid} in {oids:?}");
        }
    }

    #[test]
    fn a_forged_self_signed_certificate_is_refused() {
        let id = ivanov();
        // Someone else's key with a self-made certificate in Ivanov's name.
        let forger = &Pki::shared().identity("900101300811").unwrap().auth.key;
        let subject = &id.auth.cert.tbs_certificate.subject;
        let forged = pki::self_signed("forged", subject, forger, Some(CLIENT_AUTH)).unwrap();
        let cms = sign_attached(forger, &forged, CHALLENGE).unwrap();
        assert!(matches!(verify(&cms), Err(CmsError::UnknownIssuer(_))));
    }

    #[test]
    fn a_key_of_the_fake_ca_is_refused() {
        let fake = &Pki::shared().fake_ca_key;
        let cms = sign_attached(&fake.key, &fake.cert, CHALLENGE).unwrap();
        assert_eq!(verify(&cms), Err(CmsError::BadCertificateSignature));
        // …and it does verify against the fake CA: only the CA signature is wrong.
        let v = verify_attached(&cms, &Pki::shared().fake_ca, now_unix()).unwrap();
        assert_eq!(v.signer_iin, "900101300007");
    }

    #[test]
    fn a_flipped_content_byte_is_refused() {
        let id = ivanov();
        let mut cms = sign_attached(&id.auth.key, &id.auth.cert, CHALLENGE).unwrap();
        let at = find(&cms, CHALLENGE);
        cms[at] ^= 0x01;
        assert_eq!(verify(&cms), Err(CmsError::DigestMismatch));
    }

    #[test]
    fn a_flipped_signature_byte_is_refused() {
        let id = ivanov();
        let mut cms = sign_attached(&id.auth.key, &id.auth.cert, CHALLENGE).unwrap();
        // The signature is the last 256 bytes (no unsigned attributes).
        let at = cms.len() - 100;
        cms[at] ^= 0x80;
        assert_eq!(verify(&cms), Err(CmsError::BadSignature));
    }

    #[test]
    fn a_cms_without_certificates_is_refused() {
        let id = ivanov();
        let cms = sign_attached(&id.auth.key, &id.auth.cert, CHALLENGE).unwrap();
        let ci = ContentInfo::from_der(&cms).unwrap();
        let mut sd = ci.content.decode_as::<SignedData>().unwrap();
        sd.certificates = None;
        let stripped = ContentInfo {
            content_type: ci.content_type,
            content: Any::encode_from(&sd).unwrap(),
        }
        .to_der()
        .unwrap();
        assert_eq!(verify(&stripped), Err(CmsError::NoCertificates));
    }

    #[test]
    fn a_detached_signature_has_no_content() {
        let id = ivanov();
        let cms = sign(
            &id.auth.key,
            &id.auth.cert,
            CHALLENGE,
            Encapsulation::Detached,
        )
        .unwrap();
        assert_eq!(verify(&cms), Err(CmsError::NoContent));
        let digest = Sha256::digest(CHALLENGE);
        let cms = sign(&id.auth.key, &id.auth.cert, &digest, Encapsulation::Digest).unwrap();
        assert_eq!(verify(&cms), Err(CmsError::NoContent));
        assert!(sign(&id.auth.key, &id.auth.cert, b"short", Encapsulation::Digest).is_err());
    }

    #[test]
    fn garbage_is_malformed() {
        for garbage in [&b""[..], b"not DER at all", &[0x30, 0x82, 0xff, 0xff, 0x00]] {
            let err = verify(garbage).unwrap_err();
            assert!(matches!(err, CmsError::Malformed(_)), "{err:?}");
            assert!(err.is_malformed());
        }
        // A certificate is DER, but not a ContentInfo.
        let err = verify(&ivanov().auth.cert_der).unwrap_err();
        assert!(err.is_malformed(), "{err:?}");
        // A ContentInfo of type data.
        let data = ContentInfo {
            content_type: ID_DATA,
            content: Any::new(Tag::OctetString, &b"x"[..]).unwrap(),
        }
        .to_der()
        .unwrap();
        assert!(matches!(verify(&data), Err(CmsError::NotSignedData(_))));
    }

    /// Ivanov's authentication certificate with its TBS changed by `change`, signed by the
    /// test CA all the same, and a CMS his key signs with it.
    fn with_changed_certificate(change: impl FnOnce(&mut x509_cert::TbsCertificate)) -> Vec<u8> {
        let id = ivanov();
        let mut tbs = id.auth.cert.tbs_certificate.clone();
        change(&mut tbs);
        let cert = Pki::shared().sign_by_test_ca(tbs).unwrap();
        sign_attached(&id.auth.key, &cert, CHALLENGE).unwrap()
    }

    fn set_extension(tbs: &mut x509_cert::TbsCertificate, extension: x509_cert::ext::Extension) {
        let extensions = tbs.extensions.get_or_insert_with(Vec::new);
        extensions.retain(|e| e.extn_id != extension.extn_id);
        extensions.push(extension);
    }

    #[test]
    fn the_test_ca_can_sign_a_changed_certificate_that_then_verifies() {
        assert!(verify(&with_changed_certificate(|_| {})).is_ok());
    }

    #[test]
    fn a_certificate_whose_key_usage_does_not_allow_signing_is_refused() {
        use x509_cert::ext::pkix::{KeyUsage, KeyUsages};
        let key_usage = |usages| x509_cert::ext::Extension {
            extn_id: ID_CE_KEY_USAGE,
            critical: true,
            extn_value: OctetString::new(KeyUsage(usages).to_der().unwrap()).unwrap(),
        };
        let cms = with_changed_certificate(|tbs| {
            set_extension(tbs, key_usage(KeyUsages::KeyEncipherment.into()))
        });
        assert_eq!(verify(&cms), Err(CmsError::KeyUsage));
        let cms = with_changed_certificate(|tbs| {
            if let Some(e) = tbs.extensions.as_mut() {
                e.retain(|e| e.extn_id != ID_CE_KEY_USAGE)
            }
        });
        assert_eq!(verify(&cms), Err(CmsError::KeyUsage), "no key usage at all");
        // Either signing bit will do (Kalkan's authentication keys have digitalSignature only).
        for usages in [KeyUsages::DigitalSignature, KeyUsages::NonRepudiation] {
            let cms = with_changed_certificate(|tbs| set_extension(tbs, key_usage(usages.into())));
            assert!(verify(&cms).is_ok(), "{usages:?}");
        }
    }

    #[test]
    fn an_unknown_critical_extension_is_refused_and_a_non_critical_one_ignored() {
        let private = ObjectIdentifier::new_unwrap("1.3.6.1.4.1.99999.1");
        let extension = |critical| x509_cert::ext::Extension {
            extn_id: private,
            critical,
            extn_value: OctetString::new(der::asn1::Null.to_der().unwrap()).unwrap(),
        };
        let cms = with_changed_certificate(|tbs| set_extension(tbs, extension(true)));
        assert_eq!(
            verify(&cms),
            Err(CmsError::UnknownCriticalExtension(private.to_string()))
        );
        let cms = with_changed_certificate(|tbs| set_extension(tbs, extension(false)));
        assert!(verify(&cms).is_ok());
    }

    /// RFC 5280 §4.1.1.2: the certificate's signatureAlgorithm is the one its TBS names.
    #[test]
    fn a_certificate_whose_two_algorithm_fields_disagree_is_refused() {
        let sha512_with_rsa = ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.13");
        let cms = with_changed_certificate(|tbs| tbs.signature.oid = sha512_with_rsa);
        assert_eq!(verify(&cms), Err(CmsError::AlgorithmMismatch));
    }

    #[test]
    fn a_certificate_out_of_its_validity_is_refused() {
        let id = ivanov();
        let cms = sign_attached(&id.auth.key, &id.auth.cert, CHALLENGE).unwrap();
        let ca = &Pki::shared().ca;
        let after = NOT_AFTER_UNIX as i64 + 1;
        assert_eq!(
            verify_attached(&cms, ca, after),
            Err(CmsError::CertificateNotValidNow)
        );
        assert_eq!(
            verify_attached(&cms, ca, 1_000_000_000),
            Err(CmsError::CertificateNotValidNow)
        );
    }

    /// The signature covers the signed attributes as sent: here in reverse (non-DER) order,
    /// which der 0.7 re-sorts when decoding; re-encoding the parsed attributes would not verify.
    #[test]
    fn signed_attributes_are_verified_as_sent() {
        use signature::{SignatureEncoding, Signer};
        let id = ivanov();
        let mut cms = sign_attached(&id.auth.key, &id.auth.cert, CHALLENGE).unwrap();
        let signed_data_der = ContentInfo::from_der(&cms)
            .unwrap()
            .content
            .to_der()
            .unwrap();
        let set = wire(&signed_data_der).unwrap().signed_attrs_set.unwrap();
        let content = AnyRef::from_der(&set).unwrap().value().to_vec();
        let reversed: Vec<u8> = children(&content)
            .unwrap()
            .iter()
            .rev()
            .flat_map(|attr| attr.to_der().unwrap())
            .collect();
        assert_eq!(reversed.len(), content.len());
        assert_ne!(reversed, content);
        let at = find(&cms, &content);
        cms[at..at + content.len()].copy_from_slice(&reversed);
        let reversed_set = AnyRef::new(Tag::Set, &reversed).unwrap().to_der().unwrap();
        let signature = SigningKey::<Sha256>::new(id.auth.key.clone())
            .sign(&reversed_set)
            .to_bytes();
        let end = cms.len();
        cms[end - signature.len()..].copy_from_slice(&signature);

        assert_eq!(verify(&cms).unwrap().signer_iin, "900101300007");
        let parsed = ContentInfo::from_der(&cms)
            .unwrap()
            .content
            .decode_as::<SignedData>()
            .unwrap();
        let reencoded = parsed.signer_infos.0.as_slice()[0]
            .signed_attrs
            .as_ref()
            .unwrap()
            .to_der()
            .unwrap();
        assert_ne!(reencoded, reversed_set, "der re-sorted the attributes");
    }

    /// Made once by `openssl cms -sign -nodetach -binary -outform DER -md sha256` with Ivanov's
    /// AUTH key and certificate (deterministic, so the fixture stays valid): openssl writes
    /// rsaEncryption as the signature algorithm and adds S/MIME capabilities.
    #[test]
    fn a_cms_made_by_openssl_verifies() {
        let b64: String = include_str!("testdata/openssl-ivanov-auth.cms.b64")
            .split_whitespace()
            .collect();
        let der = base64::Engine::decode(&base64::engine::general_purpose::STANDARD, b64).unwrap();
        let sd = ContentInfo::from_der(&der)
            .unwrap()
            .content
            .decode_as::<SignedData>()
            .unwrap();
        assert_eq!(
            sd.signer_infos.0.as_slice()[0].signature_algorithm.oid,
            RSA_ENCRYPTION
        );
        let v = verify(&der).unwrap();
        assert_eq!(v.content, b"openssl-made challenge for the zeinet mock");
        assert_eq!(
            (v.signer_iin.as_str(), v.has_eku(CLIENT_AUTH)),
            ("900101300007", true)
        );
    }

    #[test]
    fn a_certificate_without_an_iin_is_refused() {
        let pki = Pki::shared();
        let key = &pki.identity("900101300017").unwrap().key(KeyKind::Auth).key;
        let cert = pki
            .issue_by_test_ca("no-iin", "CN=Nobody,C=KZ", key, Some(CLIENT_AUTH))
            .unwrap();
        let cms = sign_attached(key, &cert, CHALLENGE).unwrap();
        assert_eq!(verify(&cms), Err(CmsError::NoIin));
    }
}
