//! The order of a section's items (and of skills), as the person arranged it: positions 0, 1, 2 …
//! rewritten in one statement whenever the order changes, so ties and gaps cannot build up.

use careerhub_domain::ids::UserId;
use careerhub_domain::profile::MoveDirection;
use diesel::prelude::*;
use diesel::sql_types::{Array, Uuid as SqlUuid};
use uuid::Uuid;

use crate::service::Error;

/// The tables whose rows carry a `position` (a fixed list: the name goes into SQL text).
#[derive(Debug, Clone, Copy)]
pub enum Ordered {
    Entries,
    Skills,
}

impl Ordered {
    fn table(self) -> &'static str {
        match self {
            Self::Entries => "profile_entries",
            Self::Skills => "profile_skills",
        }
    }
}

/// Gives `ids` the positions 0, 1, 2 … in that order; only the owner's rows are touched.
pub fn write(
    conn: &mut PgConnection,
    ordered: Ordered,
    owner: UserId,
    ids: &[Uuid],
) -> Result<(), Error> {
    diesel::sql_query(format!(
        "UPDATE {table} AS item SET position = wanted.ordinality - 1 \
         FROM unnest($1) WITH ORDINALITY AS wanted(id, ordinality) \
         WHERE item.id = wanted.id AND item.user_id = $2",
        table = ordered.table()
    ))
    .bind::<Array<SqlUuid>, _>(ids)
    .bind::<SqlUuid, _>(owner.as_uuid())
    .execute(conn)?;
    Ok(())
}

/// `ids` with `id` moved one place; None when it is not in the list or already at that end.
pub fn moved(ids: &[Uuid], id: Uuid, direction: MoveDirection) -> Option<Vec<Uuid>> {
    let at = ids.iter().position(|candidate| *candidate == id)?;
    let to = match direction {
        MoveDirection::Up => at.checked_sub(1)?,
        MoveDirection::Down => (at + 1 < ids.len()).then_some(at + 1)?,
    };
    let mut reordered = ids.to_vec();
    reordered.swap(at, to);
    Some(reordered)
}

/// Whether `wanted` is exactly the items there are, in some order (a reorder from a stale page
/// that misses a new item, or names another person's, is refused).
pub fn same_items(current: &[Uuid], wanted: &[Uuid]) -> bool {
    let mut current = current.to_vec();
    let mut wanted = wanted.to_vec();
    current.sort_unstable();
    wanted.sort_unstable();
    current == wanted
}

/// The message for a reorder that does not match what is stored.
pub fn stale() -> Error {
    Error::Form(careerhub_domain::FormError::message(
        "The list changed in the meantime. Please reload the page and try again.",
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn moving_swaps_with_the_neighbour_and_stops_at_the_ends() {
        let ids: Vec<Uuid> = (1..=3).map(Uuid::from_u128).collect();
        assert_eq!(
            moved(&ids, ids[1], MoveDirection::Up),
            Some(vec![ids[1], ids[0], ids[2]])
        );
        assert_eq!(moved(&ids, ids[0], MoveDirection::Up), None);
        assert_eq!(moved(&ids, ids[2], MoveDirection::Down), None);
        assert_eq!(moved(&ids, Uuid::from_u128(9), MoveDirection::Down), None);
        assert!(same_items(&ids, &[ids[2], ids[0], ids[1]]));
        assert!(!same_items(&ids, &[ids[2], ids[0]]));
    }
}
