//! The key that seals broker secrets at rest (`app::secrets`). In order of preference:
//! `RMC_SECRET_KEY` (base64 of 32 bytes); the key file `RMC_SECRET_KEY_FILE`; the key file
//! `rmc-secret.key` next to the database file, generated (mode 0600) on first start; for an
//! in-memory database a random key for this process only.

use crate::config::Config;
use anyhow::Context;
use app::secrets::SecretKey;
use sqlx::sqlite::SqliteConnectOptions;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::str::FromStr;

/// The name of the generated key file, next to the database file.
pub const KEY_FILE_NAME: &str = "rmc-secret.key";

pub fn load(config: &Config) -> anyhow::Result<SecretKey> {
    if let Some(text) = config
        .secret_key
        .as_deref()
        .filter(|t| !t.trim().is_empty())
    {
        return SecretKey::from_base64(text)
            .map_err(|e| anyhow::anyhow!("RMC_SECRET_KEY is not usable: {e}"));
    }
    let path = match &config.secret_key_file {
        Some(path) if !path.as_os_str().is_empty() => path.clone(),
        _ => match default_key_file(&config.database_url)? {
            Some(path) => path,
            None => {
                tracing::info!(
                    "in-memory database: broker secrets are sealed with a key of this process only"
                );
                return Ok(SecretKey::generate());
            }
        },
    };
    read_or_create(&path)
}

/// `<database dir>/rmc-secret.key`, or `None` for an in-memory database.
pub fn default_key_file(database_url: &str) -> anyhow::Result<Option<PathBuf>> {
    if database_url.contains(":memory:") || database_url.contains("mode=memory") {
        return Ok(None);
    }
    let options = SqliteConnectOptions::from_str(database_url)?;
    let dir = options
        .get_filename()
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default();
    Ok(Some(dir.join(KEY_FILE_NAME)))
}

/// Reads the key file, or creates it with a new random key (readable by this user only).
pub fn read_or_create(path: &Path) -> anyhow::Result<SecretKey> {
    if let Some(key) = read(path)? {
        return Ok(key);
    }
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent)
            .with_context(|| format!("creating {}", parent.display()))?;
    }
    let key = SecretKey::generate();
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    match options.open(path) {
        Ok(mut file) => {
            writeln!(file, "{}", key.to_base64())
                .and_then(|_| file.sync_all())
                .with_context(|| format!("writing the key file {}", path.display()))?;
            tracing::info!(path = %path.display(), "generated the key that seals broker secrets; back it up with the database");
            Ok(key)
        }
        // Another process created it in between: use theirs.
        Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {
            read(path)?.ok_or_else(|| anyhow::anyhow!("the key file {} is empty", path.display()))
        }
        Err(e) => Err(e).with_context(|| format!("creating the key file {}", path.display())),
    }
}

fn read(path: &Path) -> anyhow::Result<Option<SecretKey>> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(e) => {
            return Err(e).with_context(|| format!("reading the key file {}", path.display()))
        }
    };
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        if let Ok(meta) = std::fs::metadata(path) {
            if meta.permissions().mode() & 0o077 != 0 {
                tracing::warn!(path = %path.display(), "the key file is readable by other users; chmod 600 it");
            }
        }
    }
    SecretKey::from_base64(&text)
        .map(Some)
        .map_err(|e| anyhow::anyhow!("the key file {} is not usable: {e}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_key_file_sits_next_to_the_database_and_memory_has_none() {
        assert_eq!(
            default_key_file("sqlite://data/rmc.db").unwrap(),
            Some(PathBuf::from("data/rmc-secret.key"))
        );
        assert_eq!(
            default_key_file("sqlite:///var/lib/rmc/rmc.db?mode=rwc").unwrap(),
            Some(PathBuf::from("/var/lib/rmc/rmc-secret.key"))
        );
        assert_eq!(default_key_file("sqlite::memory:").unwrap(), None);
        assert_eq!(default_key_file("sqlite://x.db?mode=memory").unwrap(), None);
    }

    #[test]
    fn the_key_file_is_created_once_private_and_then_reused() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(KEY_FILE_NAME);
        let first = read_or_create(&path).unwrap();
        let again = read_or_create(&path).unwrap();
        assert_eq!(first.to_base64(), again.to_base64());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        std::fs::write(&path, "short").unwrap();
        assert!(
            read_or_create(&path).is_err(),
            "a broken key file stops the start"
        );
    }

    #[test]
    fn the_configured_key_wins() {
        let key = SecretKey::generate();
        let mut config = Config::for_database("sqlite::memory:");
        config.secret_key = Some(key.to_base64());
        assert_eq!(load(&config).unwrap().to_base64(), key.to_base64());
        config.secret_key = Some("bad".into());
        assert!(load(&config).is_err());
    }
}
