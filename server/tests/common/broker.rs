//! The real Open Service Broker of end2end/broker/broker.py (openbrokerapi), on loopback.
#![allow(dead_code)]

use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};

pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

pub fn python() -> PathBuf {
    let venv = root().join(".venv/bin/python");
    assert!(
        venv.exists(),
        "the test broker needs ./.venv: python3 -m venv .venv && .venv/bin/pip install -r end2end/broker/requirements.txt"
    );
    venv
}

/// A running broker; killed on drop.
pub struct TestBroker {
    child: Child,
    pub url: String,
    _catalog: tempfile::NamedTempFile,
}

impl TestBroker {
    /// Serves `catalog` with `args` (`--mode bad`, `--async`, `--username u --password p` …).
    pub fn start(catalog: &serde_json::Value, args: &[&str]) -> TestBroker {
        let file = tempfile::NamedTempFile::new().unwrap();
        std::fs::write(file.path(), catalog.to_string()).unwrap();
        let mut child = Command::new(python())
            .arg(root().join("end2end/broker/broker.py"))
            .args(["--port", "0", "--catalog"])
            .arg(file.path())
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("broker.py starts");
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let url = line
            .trim()
            .strip_prefix("listening on ")
            .unwrap_or_else(|| panic!("broker.py said {line:?}"))
            .to_owned();
        TestBroker {
            child,
            url,
            _catalog: file,
        }
    }
}

impl Drop for TestBroker {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// `broker.py --check-catalog`: does openbrokerapi's own model accept the catalog?
pub fn check_catalog(catalog: &str) -> (bool, String) {
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), catalog).unwrap();
    let out = Command::new(python())
        .arg(root().join("end2end/broker/broker.py"))
        .arg("--check-catalog")
        .arg(file.path())
        .output()
        .unwrap();
    (
        out.status.success(),
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
    )
}
