//! A response body that stops coming is ended, never left hanging.
//!
//! Pages stream: the head and the start of the page go out before the page's data has loaded.
//! Every wait for data is bounded (`DATABASE_TIMEOUT_SECS`), but if a body still stops producing
//! bytes (a future that is never woken), the browser would wait on a half page forever and the
//! connection would stay held. Only the time the body itself keeps the response waiting counts:
//! a slow client, which makes the server wait to write, does not.

use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};
use std::time::Duration;

use axum::body::{Body, Bytes, HttpBody};
use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::Response;
use http_body::{Frame, SizeHint};
use tokio::time::Sleep;

use super::metrics::Metrics;

#[derive(Clone)]
pub struct StallLimit {
    pub limit: Duration,
    pub metrics: Arc<Metrics>,
}

impl StallLimit {
    /// Three times the bound on any one wait for the database or Redis: room for a connection
    /// attempt, a query and a retry before a body counts as stuck.
    pub fn for_timeout(timeout: Duration, metrics: Arc<Metrics>) -> Self {
        Self {
            limit: timeout * 3,
            metrics,
        }
    }
}

pub async fn end_stalled_bodies(
    State(policy): State<StallLimit>,
    request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    next.run(request).await.map(|body| {
        Body::new(StallGuard {
            inner: body,
            policy,
            path,
            sent: 0,
            waiting: None,
        })
    })
}

struct StallGuard {
    inner: Body,
    policy: StallLimit,
    path: String,
    /// Bytes of the body so far: where in the page it stopped, for the log.
    sent: usize,
    /// Armed when the body answers "not yet"; disarmed by the next frame.
    waiting: Option<Pin<Box<Sleep>>>,
}

impl HttpBody for StallGuard {
    type Data = Bytes;
    type Error = axum::Error;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, axum::Error>>> {
        let this = &mut *self;
        if let Poll::Ready(frame) = Pin::new(&mut this.inner).poll_frame(cx) {
            this.waiting = None;
            if let Some(Ok(frame)) = &frame {
                this.sent += frame.data_ref().map_or(0, Bytes::len);
            }
            return Poll::Ready(frame);
        }
        let limit = this.policy.limit;
        let waiting = this
            .waiting
            .get_or_insert_with(|| Box::pin(tokio::time::sleep(limit)));
        if waiting.as_mut().poll(cx).is_pending() {
            return Poll::Pending;
        }
        tracing::error!(path = %this.path, ?limit, sent_bytes = this.sent, "a response body stopped coming: cutting the connection");
        this.policy.metrics.count_stalled_body();
        // Dropping the stuck body frees whatever it holds; the error makes the server close the
        // connection, so the browser sees a failed load instead of waiting for ever.
        this.inner = Body::empty();
        this.waiting = None;
        Poll::Ready(Some(Err(axum::Error::new(std::io::Error::new(
            std::io::ErrorKind::TimedOut,
            format!("the response body produced nothing for {limit:?}"),
        )))))
    }

    fn is_end_stream(&self) -> bool {
        self.inner.is_end_stream()
    }

    fn size_hint(&self) -> SizeHint {
        self.inner.size_hint()
    }
}

#[cfg(test)]
mod tests {
    use std::pin::Pin;
    use std::sync::Arc;
    use std::task::{Context, Poll};
    use std::time::{Duration, Instant};

    use axum::body::{Body, Bytes, HttpBody};
    use http_body::Frame;
    use http_body_util::BodyExt;

    use super::{StallGuard, StallLimit};
    use crate::layers::metrics::Metrics;

    /// Sends `frames` pieces, `gap` apart, then ends; `frames: None` sends nothing, ever.
    struct Drip {
        frames: Option<usize>,
        gap: Duration,
        next: Option<Pin<Box<tokio::time::Sleep>>>,
    }

    impl HttpBody for Drip {
        type Data = Bytes;
        type Error = std::convert::Infallible;

        fn poll_frame(
            mut self: Pin<&mut Self>,
            cx: &mut Context<'_>,
        ) -> Poll<Option<Result<Frame<Bytes>, Self::Error>>> {
            let this = &mut *self;
            let Some(left) = this.frames else {
                return Poll::Pending;
            };
            if left == 0 {
                return Poll::Ready(None);
            }
            let gap = this.gap;
            let next = this
                .next
                .get_or_insert_with(|| Box::pin(tokio::time::sleep(gap)));
            if next.as_mut().poll(cx).is_pending() {
                return Poll::Pending;
            }
            this.next = None;
            this.frames = Some(left - 1);
            Poll::Ready(Some(Ok(Frame::data(Bytes::from_static(b"<p>piece</p>")))))
        }
    }

    fn guarded(frames: Option<usize>, gap: Duration, metrics: Arc<Metrics>) -> Body {
        Body::new(StallGuard {
            inner: Body::new(Drip {
                frames,
                gap,
                next: None,
            }),
            policy: StallLimit {
                limit: Duration::from_millis(300),
                metrics,
            },
            path: "/dashboard".to_owned(),
            sent: 0,
            waiting: None,
        })
    }

    #[tokio::test]
    async fn a_body_that_stops_coming_is_cut_off_after_the_limit_and_counted() {
        let metrics = Arc::new(Metrics::new());
        let started = Instant::now();
        let collected = guarded(None, Duration::ZERO, metrics.clone())
            .collect()
            .await;
        let waited = started.elapsed();
        let error = collected.expect_err("a stalled body ends in an error");
        assert!(error.to_string().contains("produced nothing"), "{error}");
        assert!(
            waited >= Duration::from_millis(300) && waited < Duration::from_secs(5),
            "cut off after {waited:?}"
        );
        let pool = careerhub_core::db::pool(
            "postgres://nobody@127.0.0.1:1/none",
            1,
            Duration::from_secs(1),
        )
        .expect("a pool is made lazily");
        assert!(
            metrics
                .render(&pool)
                .contains("careerhub_http_stalled_bodies_total 1"),
            "{}",
            metrics.render(&pool)
        );
    }

    #[tokio::test]
    async fn a_slow_body_that_keeps_coming_is_left_alone() {
        // Five pieces 200 ms apart: a second in all, longer than the limit, but never a
        // 300 ms silence.
        let body = guarded(
            Some(5),
            Duration::from_millis(200),
            Arc::new(Metrics::new()),
        )
        .collect()
        .await
        .expect("the whole body")
        .to_bytes();
        assert_eq!(body.len(), 5 * b"<p>piece</p>".len());
    }
}
