//! The pool hands a recently used connection out again without a ping (a round trip before every
//! query otherwise); a connection PostgreSQL closed fails the one request that finds it and is
//! dropped, so the next request gets a new one.

use std::time::Duration;

use careerhub_core::db;
use careerhub_core::service::{Error, run};
use careerhub_core::testing::TestDb;
use diesel::prelude::*;
use diesel::sql_types::Integer;

#[derive(QueryableByName)]
struct Backend {
    #[diesel(sql_type = Integer)]
    pid: i32,
}

async fn backend_pid(pool: &db::Pool) -> Result<i32, Error> {
    run(pool, |conn| {
        Ok(diesel::sql_query("SELECT pg_backend_pid() AS pid")
            .get_result::<Backend>(conn)?
            .pid)
    })
    .await
}

#[tokio::test]
async fn a_connection_postgres_closed_fails_once_and_is_replaced() {
    let test_db = TestDb::create().await;
    let pool = db::pool(&test_db.url, 1, Duration::from_secs(5)).unwrap();
    let first = backend_pid(&pool).await.unwrap();
    assert_eq!(
        backend_pid(&pool).await.unwrap(),
        first,
        "the one connection, reused"
    );

    let mut admin = test_db.connect();
    diesel::sql_query("SELECT pg_terminate_backend($1)")
        .bind::<Integer, _>(first)
        .execute(&mut admin)
        .unwrap();
    for _ in 0..50 {
        #[derive(QueryableByName)]
        struct Alive {
            #[diesel(sql_type = diesel::sql_types::Bool)]
            alive: bool,
        }
        let alive = diesel::sql_query(
            "SELECT EXISTS (SELECT 1 FROM pg_stat_activity WHERE pid = $1) AS alive",
        )
        .bind::<Integer, _>(first)
        .get_result::<Alive>(&mut admin)
        .unwrap()
        .alive;
        if !alive {
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }

    assert!(
        matches!(backend_pid(&pool).await, Err(Error::Unavailable)),
        "handed out without a ping, the closed connection fails as unavailable"
    );
    let replaced = backend_pid(&pool).await.expect("a new connection");
    assert_ne!(replaced, first);
}
