use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::task::JoinHandle;

/// One message as the SMTP server received it.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    pub from: String,
    pub to: Vec<String>,
    /// The raw message (headers and body), dot-unstuffed.
    pub data: String,
}

/// A real SMTP server on a free local port that keeps what it receives. It speaks enough of
/// RFC 5321 for lettre (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT), without TLS or AUTH.
pub struct SmtpSink {
    pub addr: SocketAddr,
    received: Arc<Mutex<Vec<ReceivedMail>>>,
    server: Option<JoinHandle<()>>,
}

impl SmtpSink {
    pub async fn start() -> Self {
        Self::start_on("127.0.0.1:0".parse().expect("address")).await
    }

    /// Starts on a given address, e.g. to bring a stopped server back on the same port.
    pub async fn start_on(addr: SocketAddr) -> Self {
        let listener = TcpListener::bind(addr).await.expect("bind the SMTP sink");
        let addr = listener.local_addr().expect("local address");
        let received = Arc::new(Mutex::new(Vec::new()));
        let store = received.clone();
        let server = tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                tokio::spawn(serve(stream, store.clone()));
            }
        });
        Self {
            addr,
            received,
            server: Some(server),
        }
    }

    /// `smtp://127.0.0.1:PORT`, for `SMTP_URL`.
    pub fn url(&self) -> String {
        format!("smtp://{}", self.addr)
    }

    pub fn messages(&self) -> Vec<ReceivedMail> {
        self.received.lock().expect("mailbox").clone()
    }

    /// Waits until at least `count` messages arrived, or `timeout` passed; returns what arrived.
    pub async fn wait_for(&self, count: usize, timeout: Duration) -> Vec<ReceivedMail> {
        let deadline = tokio::time::Instant::now() + timeout;
        loop {
            let messages = self.messages();
            if messages.len() >= count || tokio::time::Instant::now() >= deadline {
                return messages;
            }
            tokio::time::sleep(Duration::from_millis(25)).await;
        }
    }

    /// Stops accepting connections (an outage); [`SmtpSink::start_on`] with `addr` brings it back.
    pub fn stop(&mut self) {
        if let Some(server) = self.server.take() {
            server.abort();
        }
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        self.stop();
    }
}

async fn serve(stream: TcpStream, store: Arc<Mutex<Vec<ReceivedMail>>>) {
    let (read, mut write) = stream.into_split();
    let mut lines = BufReader::new(read);
    if write
        .write_all(b"220 careerhub-test-smtp ready\r\n")
        .await
        .is_err()
    {
        return;
    }
    let mut from = String::new();
    let mut to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        match lines.read_line(&mut line).await {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let command = line.trim_end().to_owned();
        let upper = command.to_ascii_uppercase();
        let answer: &str = if upper.starts_with("EHLO") {
            "250-careerhub-test-smtp\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if upper.starts_with("HELO") || upper == "NOOP" {
            "250 OK\r\n"
        } else if upper.starts_with("MAIL FROM:") {
            from = address(&command["MAIL FROM:".len()..]);
            to.clear();
            "250 OK\r\n"
        } else if upper.starts_with("RCPT TO:") {
            to.push(address(&command["RCPT TO:".len()..]));
            "250 OK\r\n"
        } else if upper == "RSET" {
            from.clear();
            to.clear();
            "250 OK\r\n"
        } else if upper == "DATA" {
            if write
                .write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")
                .await
                .is_err()
            {
                return;
            }
            let mut data = String::new();
            loop {
                line.clear();
                match lines.read_line(&mut line).await {
                    Ok(0) | Err(_) => return,
                    Ok(_) => {}
                }
                if line == ".\r\n" || line == ".\n" {
                    break;
                }
                data.push_str(line.strip_prefix('.').unwrap_or(&line));
            }
            store.lock().expect("mailbox").push(ReceivedMail {
                from: std::mem::take(&mut from),
                to: std::mem::take(&mut to),
                data,
            });
            "250 OK: queued\r\n"
        } else if upper == "QUIT" {
            let _ = write.write_all(b"221 Bye\r\n").await;
            return;
        } else {
            "502 Command not implemented\r\n"
        };
        if write.write_all(answer.as_bytes()).await.is_err() {
            return;
        }
    }
}

/// `<a@b.c> SIZE=123` → `a@b.c`.
fn address(argument: &str) -> String {
    let argument = argument.trim();
    match (argument.find('<'), argument.find('>')) {
        (Some(start), Some(end)) if start < end => argument[start + 1..end].to_owned(),
        _ => argument
            .split_whitespace()
            .next()
            .unwrap_or_default()
            .to_owned(),
    }
}
