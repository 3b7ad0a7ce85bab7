//! One row per company, found again by its web domain, else by its normalised name.

use careerhub_domain::fields::web_address;
use careerhub_domain::ids::CompanyId;
use careerhub_domain::jobs::{CompanyInfo, company_domain, company_key};
use diesel::PgConnection;
use diesel::prelude::*;
use uuid::Uuid;

use crate::schema::companies;
use crate::service::Error;

/// The company `info` names, made when it is new; a website learnt later is kept.
pub fn find_or_create(conn: &mut PgConnection, info: &CompanyInfo) -> Result<CompanyId, Error> {
    let name: String = info
        .name
        .trim()
        .chars()
        .filter(|&c| c != '\0')
        .take(200)
        .collect();
    let key = company_key(&name);
    let website = info.website.as_deref().and_then(web_address);
    let domain = website.and_then(company_domain);
    let existing = |conn: &mut PgConnection| -> Result<Option<(CompanyId, Option<String>)>, Error> {
        if let Some(domain) = &domain
            && let Some(found) = companies::table
                .filter(companies::domain.eq(domain))
                .select((companies::id, companies::domain))
                .first(conn)
                .optional()?
        {
            return Ok(Some(found));
        }
        Ok(companies::table
            .filter(companies::name_key.eq(&key))
            .select((companies::id, companies::domain))
            .first(conn)
            .optional()?)
    };
    if let Some((id, known_domain)) = existing(conn)? {
        if known_domain.is_none() && domain.is_some() {
            // Another company may hold the domain already; then this one stays without.
            diesel::update(companies::table.find(id))
                .set((
                    companies::domain.eq(&domain),
                    companies::website.eq(website),
                ))
                .execute(conn)
                .or_else(|err| match err {
                    diesel::result::Error::DatabaseError(
                        diesel::result::DatabaseErrorKind::UniqueViolation,
                        _,
                    ) => Ok(0),
                    other => Err(other),
                })?;
        }
        return Ok(id);
    }
    diesel::insert_into(companies::table)
        .values((
            companies::id.eq(CompanyId(Uuid::now_v7())),
            companies::name.eq(&name),
            companies::name_key.eq(&key),
            companies::domain.eq(&domain),
            companies::website.eq(website),
        ))
        .on_conflict_do_nothing()
        .execute(conn)?;
    existing(conn)?
        .map(|(id, _)| id)
        .ok_or_else(|| Error::broken(format!("company {name:?} was neither found nor made")))
}
