//! The server's ed25519 host key: made once, kept with mode 0600, reused.

use std::io::Write;
use std::path::Path;

use ring::rand::{SecureRandom, SystemRandom};
use russh::keys::ssh_key::LineEnding;
use russh::keys::ssh_key::private::Ed25519Keypair;
use russh::keys::{Algorithm, HashAlg, PrivateKey};

use super::ServeError;

/// Loads the host key at `path`, or makes one there if there is no file.
///
/// A file that is there but cannot be read as an OpenSSH ed25519 private
/// key is an error naming the file: it is never replaced, since replacing it
/// would make every table's `ssh` warn that the host key changed.
pub(crate) fn load_or_create(path: &Path) -> Result<PrivateKey, ServeError> {
    let fail = |reason: String| ServeError::HostKey { path: path.to_path_buf(), reason };
    match std::fs::read_to_string(path) {
        Ok(text) => {
            let key = PrivateKey::from_openssh(text.trim_end())
                .map_err(|e| fail(format!("not an OpenSSH private key ({e}); move it aside to make a new one")))?;
            if key.algorithm() != Algorithm::Ed25519 {
                return Err(fail(format!("the key is {}, not ed25519", key.algorithm())));
            }
            if key.is_encrypted() {
                return Err(fail("the key is protected by a passphrase".into()));
            }
            tighten(path).map_err(|e| fail(format!("cannot make it private to you: {e}")))?;
            Ok(key)
        }
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            tracing::info!("making a new SSH host key at {}", path.display());
            create(path).map_err(fail)
        }
        Err(e) => Err(fail(e.to_string())),
    }
}

/// The fingerprint as OpenSSH prints it: `SHA256:` and unpadded base64.
pub(crate) fn fingerprint(key: &PrivateKey) -> String {
    key.public_key().fingerprint(HashAlg::Sha256).to_string()
}

fn create(path: &Path) -> Result<PrivateKey, String> {
    let mut seed = [0u8; 32];
    SystemRandom::new().fill(&mut seed).map_err(|_| "the system's random source failed".to_string())?;
    let key = PrivateKey::from(Ed25519Keypair::from_seed(&seed));
    seed.fill(0);
    let text = key.to_openssh(LineEnding::LF).map_err(|e| e.to_string())?;

    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create its folder: {e}"))?;
    // A temporary file in the same folder is created with mode 0600 and
    // renamed into place only once it is whole, and never over a file that
    // appeared meanwhile.
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(|e| format!("cannot write in its folder: {e}"))?;
    file.write_all(text.as_bytes()).map_err(|e| e.to_string())?;
    file.as_file().sync_all().map_err(|e| e.to_string())?;
    file.persist_noclobber(path).map_err(|e| e.error.to_string())?;
    tighten(path).map_err(|e| e.to_string())?;
    Ok(key)
}

/// Mode 0600: the key is readable by its owner only.
#[cfg(unix)]
fn tighten(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(path)?.permissions().mode() & 0o777;
    if mode != 0o600 {
        std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))?;
    }
    Ok(())
}

#[cfg(not(unix))]
fn tighten(_path: &Path) -> std::io::Result<()> {
    Ok(())
}
