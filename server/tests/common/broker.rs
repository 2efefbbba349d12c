//! The real Open Service Broker of end2end/broker/broker.py (openbrokerapi), on loopback.
#![allow(dead_code)]

use super::{create_offering, version, Browser, Page, TestApp, OWNER};
use app::brokers::server::{LoadBrokers, LoadRun, SaveBroker, StartRun, ValidateBroker};
use app::plans::server::SavePlan;
use leptos::server_fn::ServerFn;
use serde_json::json;
use serde_json::Value;
use std::io::{BufRead, BufReader};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::Duration;

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

pub const BROKER_USER: &str = "broker";
pub const BROKER_PASSWORD: &str = "pw-Broker-5ecret-7731";

pub async fn load(b: &mut Browser<'_>, id: &str) -> Value {
    let res = b.call(LoadBrokers::PATH, &[("id", id)]).await;
    assert_eq!(res.status, 200, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

/// The catalog the console exports for the offering.
pub async fn export(b: &mut Browser<'_>, id: &str) -> Value {
    let data = load(b, id).await;
    serde_json::from_str(data["export"].as_str().unwrap()).unwrap()
}

pub async fn register(b: &mut Browser<'_>, id: &str, name: &str, url: &str) -> Page {
    b.call(
        SaveBroker::PATH,
        &[
            ("id", id),
            ("name", name),
            ("url", url),
            ("auth_kind", "basic"),
            ("username", BROKER_USER),
            ("secret", BROKER_PASSWORD),
            ("api_version", "2.17"),
            ("locations", "eu-de, us-south"),
        ],
    )
    .await
}

pub async fn registered(b: &mut Browser<'_>, id: &str, name: &str, url: &str) -> String {
    let res = register(b, id, name, url).await;
    assert_eq!(res.status, 200, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

pub fn good_args() -> Vec<&'static str> {
    vec!["--username", BROKER_USER, "--password", BROKER_PASSWORD]
}

pub async fn validate(b: &mut Browser<'_>, id: &str, broker: &str) -> Value {
    let res = b
        .call(ValidateBroker::PATH, &[("id", id), ("broker_id", broker)])
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    serde_json::from_str(&res.body).unwrap()
}

/// Starts a run and polls it until it ends, as the page does.
pub async fn run(b: &mut Browser<'_>, id: &str, broker: &str, plan: &str, kind: &str) -> Value {
    let res = b
        .call(
            StartRun::PATH,
            &[
                ("id", id),
                ("broker_id", broker),
                ("plan_id", plan),
                ("kind", kind),
            ],
        )
        .await;
    assert_eq!(res.status, 200, "{}", res.body);
    let run_id: String = serde_json::from_str(&res.body).unwrap();
    for _ in 0..300 {
        let res = b
            .call(LoadRun::PATH, &[("id", id), ("run_id", &run_id)])
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
        let run: Value = serde_json::from_str(&res.body).unwrap();
        if run["status"] != "running" {
            return run;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    panic!("the {kind} run did not finish");
}

pub fn plan_id(catalog: &Value, name: &str) -> String {
    catalog["services"][0]["plans"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == name)
        .unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned()
}

/// A real broker serving the offering's exported catalog, registered, validated and smoke-tested
/// on the offering's first plan, as a provider would before asking for public visibility. Keep
/// the returned broker alive while the test needs it to answer.
pub async fn ready_broker(b: &mut Browser<'_>, id: &str) -> TestBroker {
    let catalog = export(b, id).await;
    let broker = TestBroker::start(&catalog, &good_args());
    let broker_id = registered(b, id, "primary", &broker.url).await;
    let run_ = validate(b, id, &broker_id).await;
    assert_eq!(run_["status"], "passed", "{run_:#}");
    let plan = catalog["services"][0]["plans"][0]["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let smoke = run(b, id, &broker_id, &plan, "smoke").await;
    assert_eq!(smoke["status"], "passed", "{smoke:#}");
    broker
}

/// An offering of the owner's with two plans, `starter` (free, bindable) and `lite` (not
/// bindable), for the broker tests.
pub async fn broker_offering(app: &TestApp, name: &str) -> String {
    let id = create_offering(app, OWNER, name).await;
    let mut b = app.signed_in(OWNER).await;
    for (plan, kind, bindable) in [("starter", "free", "true"), ("lite", "lite", "")] {
        let v = version(&mut b, &id).await;
        let input = json!({
            "name": plan,
            "kind": kind,
            "bindable": bindable,
            "texts": { "en": { "display_name": plan, "description": "A plan for tests.", "limits": if kind == "lite" { "100 calls a day" } else { "" }, "bullets": [] } },
            "currencies": ["USD"],
            "metrics": []
        });
        let res = b
            .post_json(
                SavePlan::PATH,
                &json!({ "id": id, "version": v, "plan_id": null, "input": input }),
            )
            .await;
        assert_eq!(res.status, 200, "{}", res.body);
    }
    id
}
