//! The test PKI: a test CA and, for every person of `fixtures/users.json`, the two key stores a
//! real person gets from the National Certification Authority: an authentication key
//! (`AUTH_RSA256_…`, EKU clientAuth) and a signing key (`RSA256_…`, EKU emailProtection).
//!
//! Everything is RSA-2048 and **deterministic**: each key comes from a ChaCha20 RNG seeded with
//! SHA-256 of its label, and the validity period is fixed, so every start (and every test
//! process) has the same keys and byte-identical certificates. Generating the 11 keys takes
//! ~1–3 s even in a debug build (the root Cargo.toml builds `rsa` and `num-bigint-dig` with
//! opt-level 3), so it runs once per process, lazily, on a blocking thread: [`Pki::get`] in async
//! code, [`Pki::shared`] elsewhere; `main` starts it at start-up.
//!
//! For negative tests there is also a FAKE CA with the same name as the test CA and a key
//! issued by it (to Ivanov, as an authentication key), and a helper to forge self-signed
//! certificates. The person whose IIN is [`STRANGER_IIN`] is known to the "state database" but
//! has no cabinet account: his keys are real, yet log-in with them is refused (`unknown_user`).

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::OnceLock;
use std::time::{Duration, UNIX_EPOCH};

use der::oid::ObjectIdentifier;
use der::{Decode, Encode, EncodePem};
use rand::SeedableRng;
use rand_chacha::ChaCha20Rng;
use rsa::pkcs1v15::{Signature, SigningKey};
use rsa::{RsaPrivateKey, RsaPublicKey};
use sha2::{Digest, Sha256};
use x509_cert::builder::{Builder, CertificateBuilder, Profile};
use x509_cert::ext::pkix::ExtendedKeyUsage;
use x509_cert::name::Name;
use x509_cert::serial_number::SerialNumber;
use x509_cert::spki::SubjectPublicKeyInfoOwned;
use x509_cert::time::{Time, Validity};
use x509_cert::Certificate;

/// Extended key usage "TLS client authentication": the AUTH_RSA256 key, for logging in.
pub const CLIENT_AUTH: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.2");
/// Extended key usage "e-mail protection": the RSA256 signing key, for documents.
pub const EMAIL_PROTECTION: ObjectIdentifier = ObjectIdentifier::new_unwrap("1.3.6.1.5.5.7.3.4");

/// The test CA's name (the fake CA has the very same name).
pub const CA_NAME: &str = "CN=ZEINET TEST CA (RSA),O=Zeinet mock PKI - not for production,C=KZ";
/// Who is "at the computer" when nobody chose (PUT /__dev/ncalayer `iin`).
pub const DEFAULT_IIN: &str = "900101300007";
/// A person with real keys of the test CA but without a cabinet account.
pub const STRANGER_IIN: &str = "900101300823";
/// The owner of the key issued by the fake CA.
pub const FAKE_CA_VICTIM_IIN: &str = "900101300007";

/// Start of every certificate's validity: 2025-01-01T00:00:00Z (fixed, so that restarts give
/// the same certificates; far enough in the past for any clock skew).
pub const NOT_BEFORE_UNIX: u64 = 1_735_689_600;
/// End of every certificate's validity: 2035-01-01T00:00:00Z.
pub const NOT_AFTER_UNIX: u64 = 2_051_222_400;

const SEED_PREFIX: &str = "zeinet mock-api test PKI v1: ";
const KEY_BITS: usize = 2048;

/// Which of a person's two keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum KeyKind {
    /// `AUTH_RSA256_…`: extended key usage clientAuth.
    Auth,
    /// `RSA256_…`: extended key usage emailProtection.
    Sign,
}

impl KeyKind {
    pub fn eku(self) -> ObjectIdentifier {
        match self {
            KeyKind::Auth => CLIENT_AUTH,
            KeyKind::Sign => EMAIL_PROTECTION,
        }
    }

    /// The person's other key.
    pub fn other(self) -> KeyKind {
        match self {
            KeyKind::Auth => KeyKind::Sign,
            KeyKind::Sign => KeyKind::Auth,
        }
    }

    fn file_prefix(self) -> &'static str {
        match self {
            KeyKind::Auth => "AUTH_RSA256_",
            KeyKind::Sign => "RSA256_",
        }
    }

    fn label(self) -> &'static str {
        match self {
            KeyKind::Auth => "auth",
            KeyKind::Sign => "sign",
        }
    }
}

/// One key store: a private key and its certificate (a `.p12` file of a real person).
#[derive(Clone, Debug)]
pub struct KeyStore {
    pub kind: KeyKind,
    pub key: RsaPrivateKey,
    pub cert: Certificate,
    /// The certificate, DER.
    pub cert_der: Vec<u8>,
    /// The key file's name as NCALayer shows it, e.g. `AUTH_RSA256_3f1c….p12`.
    pub file_name: String,
}

impl KeyStore {
    fn new(kind: KeyKind, key: RsaPrivateKey, cert: Certificate) -> Result<Self, String> {
        let cert_der = cert.to_der().map_err(|e| format!("certificate DER: {e}"))?;
        let id = hex(&Sha256::digest(&cert_der)[..20]);
        Ok(KeyStore {
            kind,
            key,
            cert,
            cert_der,
            file_name: format!("{}{id}.p12", kind.file_prefix()),
        })
    }

    /// The certificate, PEM.
    pub fn cert_pem(&self) -> String {
        self.cert
            .to_pem(der::pem::LineEnding::LF)
            .unwrap_or_default()
    }
}

/// A person with their two key stores.
#[derive(Clone, Debug)]
pub struct Identity {
    pub iin: String,
    pub full_name: String,
    pub auth: KeyStore,
    pub sign: KeyStore,
}

impl Identity {
    pub fn key(&self, kind: KeyKind) -> &KeyStore {
        match kind {
            KeyKind::Auth => &self.auth,
            KeyKind::Sign => &self.sign,
        }
    }
}

/// The whole test PKI.
#[derive(Debug)]
pub struct Pki {
    /// The trust anchor the API verifies against.
    pub ca: Certificate,
    ca_key: RsaPrivateKey,
    /// By IIN: every person of users.json (the stranger included).
    pub identities: BTreeMap<String, Identity>,
    /// A CA with the test CA's name but another key.
    pub fake_ca: Certificate,
    /// An authentication key of [`FAKE_CA_VICTIM_IIN`] issued by the fake CA.
    pub fake_ca_key: KeyStore,
}

static SHARED: OnceLock<Pki> = OnceLock::new();

impl Pki {
    /// The PKI of the built-in fixtures, generated on first use (blocking: ~1–3 s once).
    pub fn shared() -> &'static Pki {
        SHARED.get_or_init(|| {
            let people: Vec<(String, String)> = crate::state::Fixtures::builtin()
                .map(|f| f.users.into_iter().map(|u| (u.iin, u.full_name)).collect())
                .unwrap_or_default();
            Pki::generate(&people).expect("the test PKI builds")
        })
    }

    /// [`Pki::shared`] for async code: generates it on a blocking thread if needed.
    pub async fn get() -> &'static Pki {
        if let Some(pki) = SHARED.get() {
            return pki;
        }
        match tokio::task::spawn_blocking(Pki::shared).await {
            Ok(pki) => pki,
            Err(e) => std::panic::resume_unwind(e.into_panic()),
        }
    }

    /// Starts generating [`Pki::shared`] on a blocking thread (at start-up), logging when done.
    pub fn start_background() {
        tokio::task::spawn_blocking(|| {
            let started = std::time::Instant::now();
            let pki = Pki::shared();
            eprintln!(
                "mock-api: test PKI ready ({} people, 2 keys each) in {} ms",
                pki.identities.len(),
                started.elapsed().as_millis()
            );
        });
    }

    /// True once [`Pki::shared`] has been generated.
    pub fn is_ready() -> bool {
        SHARED.get().is_some()
    }

    /// Generates the PKI for these people (IIN, full name); the stranger is added if missing.
    pub fn generate(people: &[(String, String)]) -> Result<Pki, String> {
        let mut people = people.to_vec();
        if !people.iter().any(|(iin, _)| iin == STRANGER_IIN) {
            people.push((STRANGER_IIN.into(), "Сидоров Сидор Сидорович".into()));
        }
        let mut labels = vec!["ca".to_owned(), "fake-ca".to_owned()];
        labels.push(format!("fake-ca/auth/{FAKE_CA_VICTIM_IIN}"));
        for (iin, _) in &people {
            for kind in [KeyKind::Auth, KeyKind::Sign] {
                labels.push(format!("{}/{iin}", kind.label()));
            }
        }
        let mut keys = generate_keys(&labels).into_iter();
        let mut next = || keys.next().ok_or("missing key");

        let ca_name = Name::from_str(CA_NAME).map_err(|e| format!("CA name: {e}"))?;
        let ca_key = next()?;
        let ca = issue(Profile::Root, "ca", &ca_name, &ca_key, &ca_key, None)?;
        let fake_ca_key = next()?;
        let fake_ca = issue(
            Profile::Root,
            "fake-ca",
            &ca_name,
            &fake_ca_key,
            &fake_ca_key,
            None,
        )?;
        let victim = people
            .iter()
            .find(|(iin, _)| iin == FAKE_CA_VICTIM_IIN)
            .map_or("Иванов Иван Иванович", |(_, name)| {
                name.as_str()
            });
        let victim_key = next()?;
        let fake_cert = issue(
            leaf(&ca_name),
            "fake-ca/auth",
            &person_name(FAKE_CA_VICTIM_IIN, victim)?,
            &victim_key,
            &fake_ca_key,
            Some(CLIENT_AUTH),
        )?;
        let fake_ca_key = KeyStore::new(KeyKind::Auth, victim_key, fake_cert)?;

        let mut identities = BTreeMap::new();
        for (iin, full_name) in &people {
            let subject = person_name(iin, full_name)?;
            let mut store = |kind: KeyKind| -> Result<KeyStore, String> {
                let key = next()?;
                let label = format!("{}/{iin}", kind.label());
                let cert = issue(
                    leaf(&ca_name),
                    &label,
                    &subject,
                    &key,
                    &ca_key,
                    Some(kind.eku()),
                )?;
                KeyStore::new(kind, key, cert)
            };
            let auth = store(KeyKind::Auth)?;
            let sign = store(KeyKind::Sign)?;
            identities.insert(
                iin.clone(),
                Identity {
                    iin: iin.clone(),
                    full_name: full_name.clone(),
                    auth,
                    sign,
                },
            );
        }
        Ok(Pki {
            ca,
            ca_key,
            identities,
            fake_ca,
            fake_ca_key,
        })
    }

    pub fn identity(&self, iin: &str) -> Option<&Identity> {
        self.identities.get(iin)
    }

    pub fn stranger(&self) -> &Identity {
        self.identities
            .get(STRANGER_IIN)
            .expect("the stranger is always generated")
    }

    /// A certificate for `key` issued by the test CA with any subject and EKU (for tests of
    /// what the verifier does with certificates the CA would never issue).
    pub fn issue_by_test_ca(
        &self,
        label: &str,
        subject: &str,
        key: &RsaPrivateKey,
        eku: Option<ObjectIdentifier>,
    ) -> Result<Certificate, String> {
        let ca_name = Name::from_str(CA_NAME).map_err(|e| e.to_string())?;
        let subject = Name::from_str(subject).map_err(|e| format!("{subject}: {e}"))?;
        issue(leaf(&ca_name), label, &subject, key, &self.ca_key, eku)
    }
}

impl Pki {
    /// `tbs` signed by the test CA (SHA-256 with RSA), whatever it says: for tests of what the
    /// verifier does with certificates the CA would never issue (a key usage it would not
    /// give, an extension it does not know, algorithms that disagree).
    pub fn sign_by_test_ca(&self, tbs: x509_cert::TbsCertificate) -> Result<Certificate, String> {
        let tbs_der = tbs.to_der().map_err(|e| format!("TBS DER: {e}"))?;
        use signature::{SignatureEncoding, Signer};
        let signature: Signature = SigningKey::<Sha256>::new(self.ca_key.clone())
            .try_sign(&tbs_der)
            .map_err(|e| format!("signing: {e}"))?;
        let signature = der::asn1::BitString::from_bytes(&signature.to_vec())
            .map_err(|e| format!("signature: {e}"))?;
        let cert = Certificate {
            tbs_certificate: tbs,
            signature_algorithm: spki::AlgorithmIdentifierOwned {
                oid: ObjectIdentifier::new_unwrap("1.2.840.113549.1.1.11"),
                parameters: Some(der::asn1::Null.into()),
            },
            signature,
        };
        let der = cert.to_der().map_err(|e| format!("DER: {e}"))?;
        Certificate::from_der(&der).map_err(|e| format!("re-decoding: {e}"))
    }
}

/// A self-signed certificate for `key` with this subject and EKU: what a forger makes.
pub fn self_signed(
    label: &str,
    subject: &Name,
    key: &RsaPrivateKey,
    eku: Option<ObjectIdentifier>,
) -> Result<Certificate, String> {
    issue(Profile::Root, label, subject, key, key, eku)
}

/// `CN=<full name>,SERIALNUMBER=IIN<iin>,C=KZ`.
pub fn person_name(iin: &str, full_name: &str) -> Result<Name, String> {
    let text = format!("CN={},SERIALNUMBER=IIN{iin},C=KZ", escape_rdn(full_name));
    Name::from_str(&text).map_err(|e| format!("{text}: {e}"))
}

fn escape_rdn(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for c in value.chars() {
        if matches!(c, ',' | '+' | '"' | '\\' | '<' | '>' | ';' | '=') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

fn leaf(issuer: &Name) -> Profile {
    Profile::Leaf {
        issuer: issuer.clone(),
        enable_key_agreement: false,
        enable_key_encipherment: false,
    }
}

fn seed(label: &str) -> [u8; 32] {
    Sha256::digest(format!("{SEED_PREFIX}{label}").as_bytes()).into()
}

/// RSA-2048 keys, one per label, deterministic; on all cores (key generation dominates).
fn generate_keys(labels: &[String]) -> Vec<RsaPrivateKey> {
    let slots: Vec<OnceLock<RsaPrivateKey>> = labels.iter().map(|_| OnceLock::new()).collect();
    let next = AtomicUsize::new(0);
    let threads = std::thread::available_parallelism()
        .map_or(2, |n| n.get())
        .clamp(1, 4);
    std::thread::scope(|scope| {
        for _ in 0..threads {
            scope.spawn(|| loop {
                let i = next.fetch_add(1, Ordering::Relaxed);
                let Some(label) = labels.get(i) else { break };
                let mut rng = ChaCha20Rng::from_seed(seed(label));
                let key = RsaPrivateKey::new(&mut rng, KEY_BITS).expect("RSA-2048 key generation");
                let _ = slots[i].set(key);
            });
        }
    });
    slots
        .into_iter()
        .map(|slot| slot.into_inner().expect("every key was generated"))
        .collect()
}

fn unix_time(secs: u64) -> Result<Time, String> {
    Time::try_from(UNIX_EPOCH + Duration::from_secs(secs)).map_err(|e| e.to_string())
}

fn issue(
    profile: Profile,
    label: &str,
    subject: &Name,
    key: &RsaPrivateKey,
    issuer_key: &RsaPrivateKey,
    eku: Option<ObjectIdentifier>,
) -> Result<Certificate, String> {
    let err = |what: &str, e: &dyn std::fmt::Display| format!("certificate {label}: {what}: {e}");
    let mut serial = [0u8; 16];
    serial.copy_from_slice(&seed(&format!("serial/{label}"))[..16]);
    serial[0] = (serial[0] & 0x3f) | 0x40;
    let serial = SerialNumber::new(&serial).map_err(|e| err("serial", &e))?;
    let validity = Validity {
        not_before: unix_time(NOT_BEFORE_UNIX)?,
        not_after: unix_time(NOT_AFTER_UNIX)?,
    };
    let spki = SubjectPublicKeyInfoOwned::from_key(RsaPublicKey::from(key))
        .map_err(|e| err("public key", &e))?;
    let signer = SigningKey::<Sha256>::new(issuer_key.clone());
    let mut builder =
        CertificateBuilder::new(profile, serial, validity, subject.clone(), spki, &signer)
            .map_err(|e| err("builder", &e))?;
    if let Some(oid) = eku {
        builder
            .add_extension(&ExtendedKeyUsage(vec![oid]))
            .map_err(|e| err("EKU", &e))?;
    }
    let cert = builder
        .build::<Signature>()
        .map_err(|e| err("signing", &e))?;
    // Round-trip once: what we hand out must decode exactly as the verifier will decode it.
    let der = cert.to_der().map_err(|e| err("DER", &e))?;
    Certificate::from_der(&der).map_err(|e| err("re-decoding", &e))
}

/// Lower-case hex.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// `n` fresh random bytes in lower-case hex (ids, secrets, tokens).
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    rand::RngCore::fill_bytes(&mut rand::thread_rng(), &mut bytes);
    hex(&bytes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use x509_cert::ext::pkix::ExtendedKeyUsage;

    fn eku_of(cert: &Certificate) -> Vec<String> {
        cert.tbs_certificate
            .extensions
            .iter()
            .flatten()
            .filter(|e| e.extn_id == ObjectIdentifier::new_unwrap("2.5.29.37"))
            .flat_map(|e| {
                ExtendedKeyUsage::from_der(e.extn_value.as_bytes())
                    .unwrap()
                    .0
            })
            .map(|o| o.to_string())
            .collect()
    }

    #[test]
    fn every_user_has_two_keys_of_the_test_ca() {
        let pki = Pki::shared();
        let f = crate::state::Fixtures::builtin().unwrap();
        for u in &f.users {
            let id = pki.identity(&u.iin).unwrap();
            for (kind, eku, prefix) in [
                (KeyKind::Auth, "1.3.6.1.5.5.7.3.2", "AUTH_RSA256_"),
                (KeyKind::Sign, "1.3.6.1.5.5.7.3.4", "RSA256_"),
            ] {
                let store = id.key(kind);
                let tbs = &store.cert.tbs_certificate;
                assert_eq!(tbs.issuer, pki.ca.tbs_certificate.subject);
                assert_eq!(
                    tbs.subject.to_string(),
                    format!("CN={},SERIALNUMBER=IIN{},C=KZ", u.full_name, u.iin)
                );
                assert_eq!(eku_of(&store.cert), vec![eku]);
                assert!(store.file_name.starts_with(prefix) && store.file_name.ends_with(".p12"));
                assert_eq!(
                    tbs.validity.not_before.to_unix_duration().as_secs(),
                    NOT_BEFORE_UNIX
                );
                assert!(store.cert_pem().starts_with("-----BEGIN CERTIFICATE-----"));
            }
            assert_ne!(id.auth.cert_der, id.sign.cert_der);
        }
        assert_eq!(pki.stranger().iin, STRANGER_IIN);
        assert_eq!(
            pki.fake_ca.tbs_certificate.subject,
            pki.ca.tbs_certificate.subject
        );
        assert_ne!(pki.fake_ca.signature, pki.ca.signature);
    }

    #[test]
    fn keys_are_deterministic() {
        let mut rng = ChaCha20Rng::from_seed(seed("auth/900101300007"));
        let again = RsaPrivateKey::new(&mut rng, KEY_BITS).unwrap();
        assert_eq!(
            again,
            Pki::shared().identity("900101300007").unwrap().auth.key
        );
    }

    #[test]
    fn names_are_escaped() {
        let name = person_name("900101300007", "A, B").unwrap();
        assert_eq!(
            name.to_string(),
            "CN=A\\, B,SERIALNUMBER=IIN900101300007,C=KZ"
        );
    }
}
