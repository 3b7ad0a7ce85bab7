//! More than one instance: three `careerhub` servers on one database and one Redis, behind a real
//! nginx on loopback (docs/scaling.md). nginx connects to them from 127.0.0.2, the only address in
//! their `TRUSTED_PROXIES`. Clients are told apart by the loopback address they connect from
//! (127.0.0.3 and up): through nginx, that is the address Careerhub must see; a request straight
//! to an instance (from 127.0.0.1) is an untrusted client whose `X-Forwarded-For` is ignored.

use std::net::SocketAddr;
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use diesel::prelude::*;
use diesel::sql_types::Text;

use crate::harness::{
    PASSWORD, Recorded, TestApp, Visitor, closed_port, db_conn, mails_to, spawn_app_with,
};

const PROXY_SOURCE: &str = "127.0.0.2";

/// An nginx of this test's own: round robin over `upstreams`, appending the peer to
/// `X-Forwarded-For` as the usual configuration does.
struct Nginx {
    process: Child,
    dir: PathBuf,
    _recorded: Recorded,
}

impl Nginx {
    fn start(port: u16, upstreams: &[SocketAddr]) -> Self {
        let dir =
            std::env::temp_dir().join(format!("careerhub-nginx-{}", uuid::Uuid::now_v7().simple()));
        std::fs::create_dir_all(&dir).expect("nginx directory");
        // Started as root, nginx's workers run as nobody and must write their temp files here.
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&dir, std::fs::Permissions::from_mode(0o777)).unwrap();
        let servers: String = upstreams
            .iter()
            .map(|addr| format!("    server {addr};\n"))
            .collect();
        let d = dir.display();
        let config = format!(
            "daemon off;
master_process on;
worker_processes 1;
pid {d}/nginx.pid;
error_log {d}/error.log warn;
events {{ worker_connections 256; }}
http {{
  access_log off;
  client_body_temp_path {d}/body;
  proxy_temp_path {d}/proxy;
  fastcgi_temp_path {d}/fastcgi;
  uwsgi_temp_path {d}/uwsgi;
  scgi_temp_path {d}/scgi;
  upstream careerhub {{
{servers}    keepalive 8;
  }}
  server {{
    listen 127.0.0.1:{port};
    location / {{
      proxy_pass http://careerhub;
      proxy_http_version 1.1;
      proxy_set_header Connection \"\";
      proxy_set_header Host $http_host;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_set_header X-Forwarded-Proto $scheme;
      proxy_bind {PROXY_SOURCE};
    }}
  }}
}}
"
        );
        let config_path = dir.join("nginx.conf");
        std::fs::write(&config_path, config).expect("nginx.conf");
        let mut process = Command::new(nginx_binary())
            .process_group(0)
            .arg("-p")
            .arg(&dir)
            .arg("-e")
            .arg(dir.join("error.log"))
            .arg("-c")
            .arg(&config_path)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("nginx starts");
        let recorded = Recorded::new("nginx", process.id(), &[&dir]);
        for _ in 0..100 {
            if std::net::TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Self {
                    process,
                    dir,
                    _recorded: recorded,
                };
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let _ = process.kill();
        let _ = process.wait();
        let log = std::fs::read_to_string(dir.join("error.log")).unwrap_or_default();
        panic!("nginx did not start on {port}: {log}");
    }
}

impl Drop for Nginx {
    fn drop(&mut self) {
        // The whole group: the master and its workers.
        let _ = Command::new("kill")
            .args(["-KILL", "--", &format!("-{}", self.process.id())])
            .status();
        let _ = self.process.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn nginx_binary() -> &'static Path {
    ["/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/bin/nginx"]
        .into_iter()
        .map(Path::new)
        .find(|path| path.exists())
        .expect("nginx is installed (scripts/test installs it)")
}

/// Requests this instance has answered so far, from its own `/metrics`.
async fn requests_served(app: &TestApp) -> u64 {
    let text = app
        .client
        .get(format!("http://{}/metrics", app.metrics_addr))
        .send()
        .await
        .expect("metrics")
        .text()
        .await
        .unwrap();
    text.lines()
        .filter(|line| line.starts_with("careerhub_http_requests_total{"))
        .filter_map(|line| line.rsplit(' ').next()?.parse::<u64>().ok())
        .sum()
}

/// A page loaded straight from one instance (not through nginx) with `cookie`.
async fn page_on(app: &TestApp, cookie: &str, path: &str) -> (u16, String) {
    let reply = app
        .client
        .get(format!("http://{}{path}", app.addr))
        .header("cookie", cookie)
        .send()
        .await
        .expect("request");
    (reply.status().as_u16(), reply.text().await.unwrap())
}

/// A client connecting from `address` (a loopback address of its own).
fn client_from(address: &str) -> reqwest::Client {
    reqwest::Client::builder()
        .local_address(address.parse::<std::net::IpAddr>().unwrap())
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap()
}

/// A form posted by a script client (errors come back as statuses), with an `X-Forwarded-For`
/// of its own unless `forwarded_for` is empty.
async fn post_form(
    client: &reqwest::Client,
    app: &TestApp,
    base: &str,
    path: &str,
    forwarded_for: &str,
    fields: &[(&str, &str)],
) -> u16 {
    let mut request = client
        .post(format!("{base}{path}"))
        .header("origin", &app.base_url);
    if !forwarded_for.is_empty() {
        request = request.header("x-forwarded-for", forwarded_for);
    }
    request
        .form(fields)
        .send()
        .await
        .expect("request")
        .status()
        .as_u16()
}

fn sign_in_addresses(app: &TestApp, email: &str) -> Vec<String> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = Text)]
        ip: String,
    }
    diesel::sql_query(
        "SELECT ip FROM audit_log WHERE event = 'account.sign_in'
            AND actor_user_id = (SELECT id FROM users WHERE email = $1) ORDER BY occurred_at",
    )
    .bind::<Text, _>(email)
    .load::<Row>(&mut db_conn(app))
    .unwrap()
    .into_iter()
    .map(|row| row.ip)
    .collect()
}

#[tokio::test(flavor = "multi_thread")]
async fn three_instances_behind_nginx_share_sessions_limits_and_the_client_address() {
    let proxy_port = closed_port();
    let public_url = format!("http://127.0.0.1:{proxy_port}");
    let prefix = careerhub_core::testing::unique_redis_prefix();
    let shared = |settings: &mut std::collections::HashMap<&'static str, String>| {
        settings.insert("PUBLIC_URL", public_url.clone());
        settings.insert("REDIS_KEY_PREFIX", prefix.clone());
        settings.insert("TRUSTED_PROXIES", PROXY_SOURCE.to_owned());
    };
    let first = spawn_app_with(shared).await;
    let database_url = first.db.as_ref().expect("a test database").url.clone();
    let mut instances = vec![first];
    for _ in 0..2 {
        let database_url = database_url.clone();
        instances.push(
            spawn_app_with(|settings| {
                shared(settings);
                settings.insert("DATABASE_URL", database_url);
            })
            .await,
        );
    }
    let addresses: Vec<SocketAddr> = instances.iter().map(|app| app.addr).collect();
    let _nginx = Nginx::start(proxy_port, &addresses);
    let app = &instances[0];
    let mut served_before = Vec::new();
    for instance in &instances {
        served_before.push(requests_served(instance).await);
    }

    // Signed up through the proxy; each of the next pages may come from any instance.
    let email = format!("scale-{}@example.org", uuid::Uuid::now_v7().simple());
    let mut visitor = Visitor::new(app);
    assert_eq!(
        visitor.base_url, public_url,
        "the visitor goes through nginx"
    );
    let reply = visitor.sign_up(&email, PASSWORD).await;
    assert!(
        reply.status < 400,
        "sign-up: {} {}",
        reply.status,
        reply.body
    );
    for _ in 0..6 {
        let page = visitor.get("/dashboard").await;
        assert_eq!(page.status, 200);
        assert!(page.body.contains("Sign out"), "signed in through nginx");
    }
    for (n, (instance, before)) in instances.iter().zip(served_before).enumerate() {
        let after = requests_served(instance).await;
        assert!(
            after > before,
            "instance {n} answered none of the proxied requests"
        );
    }

    // The session made on one instance is valid on each.
    let cookie = visitor.cookie.clone().expect("a session cookie");
    for (n, instance) in instances.iter().enumerate() {
        let (status, body) = page_on(instance, &cookie, "/dashboard").await;
        assert_eq!(status, 200, "instance {n}");
        assert!(body.contains("Sign out"), "instance {n} knows the session");
    }

    // The verification email went out once, from whichever instance's worker claimed it.
    let mut sent = 0;
    for _ in 0..100 {
        sent = instances
            .iter()
            .map(|instance| mails_to(instance, &email).len())
            .sum::<usize>();
        if sent > 0 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    tokio::time::sleep(Duration::from_secs(2)).await;
    let sent_later: usize = instances
        .iter()
        .map(|instance| mails_to(instance, &email).len())
        .sum();
    assert_eq!((sent, sent_later), (1, 1), "one verification email in all");

    // Sign-out through the proxy ends the session on every instance.
    visitor.submit("/api/sign_out", &[]).await;
    for (n, instance) in instances.iter().enumerate() {
        let (status, body) = page_on(instance, &cookie, "/dashboard").await;
        assert!(
            status == 200 && !body.contains("Sign out"),
            "instance {n} still honours a signed-out session ({status})"
        );
    }

    // The client's address: what nginx saw, not what the client wrote; straight to an instance,
    // the connection's own address.
    let sign_in = [
        ("email", email.as_str()),
        ("password", PASSWORD),
        ("next", "/"),
    ];
    let client = client_from("127.0.0.3");
    let status = post_form(
        &client,
        app,
        &public_url,
        "/api/sign_in",
        "203.0.113.9",
        &sign_in,
    )
    .await;
    assert!(status < 400, "sign-in through nginx: {status}");
    let direct = format!("http://{}", instances[1].addr);
    let status = post_form(
        &app.client,
        app,
        &direct,
        "/api/sign_in",
        "203.0.113.9",
        &sign_in,
    )
    .await;
    assert!(status < 400, "sign-in straight to an instance: {status}");
    assert_eq!(
        sign_in_addresses(app, &email),
        ["127.0.0.3", "127.0.0.1"],
        "the address nginx appended names the client; what a client writes itself does not"
    );

    // The per-IP limit on reset requests (10 an hour) counts the client behind the proxy, once
    // across all instances: nginx spreads the requests over all three.
    let reset = [("email", "nobody@example.org")];
    let ask_reset = |client: reqwest::Client, forwarded_for: &'static str| {
        let public_url = public_url.clone();
        async move {
            post_form(
                &client,
                app,
                &public_url,
                "/api/forgot_password",
                forwarded_for,
                &reset,
            )
            .await
        }
    };
    let limited = client_from("127.0.0.4");
    for n in 1..=10 {
        let status = ask_reset(limited.clone(), "").await;
        assert_ne!(status, 429, "request {n} is within the limit");
    }
    let status = ask_reset(limited.clone(), "").await;
    assert_eq!(
        status, 429,
        "the 11th from one client, whichever instance answers"
    );
    let other = client_from("127.0.0.5");
    let status = ask_reset(other.clone(), "").await;
    assert_ne!(
        status, 429,
        "another client behind the same proxy is not limited"
    );
    // Claiming to be the limited client does not put another behind its limit.
    let status = ask_reset(other, "127.0.0.4").await;
    assert_ne!(
        status, 429,
        "a written X-Forwarded-For is not the client's address"
    );
}
