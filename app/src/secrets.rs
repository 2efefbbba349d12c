//! Secrets at rest: broker passwords and tokens are sealed with ChaCha20-Poly1305 (an AEAD)
//! under the console's key before they reach the database, and opened only for the outbound
//! client. A sealed value is `v1:` followed by the base64 of a random 12-byte nonce and the
//! ciphertext with its tag; the associated data names what the value belongs to (e.g.
//! `broker:<id>`), so a sealed value copied onto another row does not open.
//!
//! The key comes from the server's configuration (`RMC_SECRET_KEY`, or a key file next to the
//! database, or a per-process random key for in-memory databases): see `server/src/secret_key.rs`.

use base64::engine::general_purpose::STANDARD;
use base64::Engine;
use chacha20poly1305::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};

/// The prefix of a value sealed with the current scheme.
pub const SEALED_PREFIX: &str = "v1:";
const NONCE_LEN: usize = 12;

/// The 32-byte key that seals secrets at rest. Its `Debug` never shows the key.
#[derive(Clone)]
pub struct SecretKey(Key);

impl std::fmt::Debug for SecretKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SecretKey(…)")
    }
}

/// Why a stored value could not be opened.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OpenError {
    /// Stored before encryption (no `v1:` prefix); re-sealed at start, so rare.
    NotSealed,
    /// Not valid base64, too short, or the tag does not verify: another key (or another row).
    Undecryptable,
}

impl SecretKey {
    /// A fresh random key.
    pub fn generate() -> Self {
        SecretKey(ChaCha20Poly1305::generate_key(&mut OsRng))
    }

    pub fn from_bytes(bytes: &[u8]) -> Result<Self, String> {
        if bytes.len() != 32 {
            return Err(format!(
                "the key must be 32 bytes; this one has {}",
                bytes.len()
            ));
        }
        Ok(SecretKey(*Key::from_slice(bytes)))
    }

    /// A key written as standard base64 (what `to_base64` writes; `openssl rand -base64 32`).
    pub fn from_base64(text: &str) -> Result<Self, String> {
        let bytes = STANDARD
            .decode(text.trim())
            .map_err(|e| format!("the key is not base64: {e}"))?;
        Self::from_bytes(&bytes)
    }

    pub fn to_base64(&self) -> String {
        STANDARD.encode(self.0.as_slice())
    }

    /// Seals `plain` for `context` with a fresh random nonce.
    pub fn seal(&self, context: &str, plain: &str) -> String {
        let cipher = ChaCha20Poly1305::new(&self.0);
        let nonce = ChaCha20Poly1305::generate_nonce(&mut OsRng);
        let sealed = cipher
            .encrypt(
                &nonce,
                Payload {
                    msg: plain.as_bytes(),
                    aad: context.as_bytes(),
                },
            )
            .expect("ChaCha20-Poly1305 encrypts any message shorter than 256 GB");
        let mut out = Vec::with_capacity(NONCE_LEN + sealed.len());
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&sealed);
        format!("{SEALED_PREFIX}{}", STANDARD.encode(out))
    }

    /// Opens a value `seal` made for the same `context` under this key.
    pub fn open(&self, context: &str, stored: &str) -> Result<String, OpenError> {
        let encoded = stored
            .strip_prefix(SEALED_PREFIX)
            .ok_or(OpenError::NotSealed)?;
        let bytes = STANDARD
            .decode(encoded)
            .map_err(|_| OpenError::Undecryptable)?;
        if bytes.len() < NONCE_LEN {
            return Err(OpenError::Undecryptable);
        }
        let (nonce, sealed) = bytes.split_at(NONCE_LEN);
        let plain = ChaCha20Poly1305::new(&self.0)
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: sealed,
                    aad: context.as_bytes(),
                },
            )
            .map_err(|_| OpenError::Undecryptable)?;
        String::from_utf8(plain).map_err(|_| OpenError::Undecryptable)
    }
}

/// Whether a stored value is sealed (rather than clear text from before encryption).
pub fn is_sealed(stored: &str) -> bool {
    stored.starts_with(SEALED_PREFIX)
}

/// The associated data of a broker's secret.
pub fn broker_context(broker_id: &str) -> String {
    format!("broker:{broker_id}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_values_open_with_the_same_key_and_context_only() {
        let key = SecretKey::generate();
        let a = key.seal("broker:1", "pa55word");
        let b = key.seal("broker:1", "pa55word");
        assert!(a.starts_with("v1:") && is_sealed(&a));
        assert_ne!(a, b, "a fresh nonce for every value");
        assert!(!a.contains("pa55word"));
        assert_eq!(key.open("broker:1", &a).unwrap(), "pa55word");
        assert_eq!(key.open("broker:1", &b).unwrap(), "pa55word");
        assert_eq!(
            key.open("broker:2", &a),
            Err(OpenError::Undecryptable),
            "another row"
        );
        let other = SecretKey::generate();
        assert_eq!(other.open("broker:1", &a), Err(OpenError::Undecryptable));
        assert_eq!(key.open("broker:1", "pa55word"), Err(OpenError::NotSealed));
        assert_eq!(key.open("broker:1", "v1:!!"), Err(OpenError::Undecryptable));
        assert_eq!(
            key.open("broker:1", "v1:AAAA"),
            Err(OpenError::Undecryptable)
        );
        // A flipped bit in the ciphertext fails the tag.
        let mut raw = STANDARD.decode(&a[3..]).unwrap();
        raw[NONCE_LEN] ^= 1;
        let tampered = format!("v1:{}", STANDARD.encode(raw));
        assert_eq!(
            key.open("broker:1", &tampered),
            Err(OpenError::Undecryptable)
        );
        assert_eq!(key.open("broker:1", &key.seal("broker:1", "")).unwrap(), "");
    }

    #[test]
    fn keys_round_trip_through_base64_and_must_be_32_bytes() {
        let key = SecretKey::generate();
        let again = SecretKey::from_base64(&key.to_base64()).unwrap();
        let sealed = key.seal("c", "x");
        assert_eq!(again.open("c", &sealed).unwrap(), "x");
        assert!(SecretKey::from_base64("c2hvcnQ=").is_err());
        assert!(SecretKey::from_base64("not base64!").is_err());
        assert!(SecretKey::from_bytes(&[7; 32]).is_ok());
        assert_eq!(format!("{key:?}"), "SecretKey(…)");
    }
}
