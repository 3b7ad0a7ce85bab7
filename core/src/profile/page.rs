//! The profile row: made on first use with an address from the person's name, its basics, where
//! its public page lives and who may see it, and what a visitor of /p/{slug} gets.

use careerhub_domain::FormError;
use careerhub_domain::ids::UserId;
use careerhub_domain::paths;
use careerhub_domain::profile::{
    Basics, Entry, ProfileView, PublicPage, PublicProfile, Publishing, PublishingInput, Section,
    SectionItems, Skill, Slug, Visibility,
};
use chrono::{Duration, Utc};
use diesel::prelude::*;

use crate::schema::{profile_slug_redirects as redirects, profiles, users};
use crate::service::{Error, found};
use crate::tokens;

use super::models::{BasicsFields, NewProfile, Profile};
use super::{entries, skills};

/// How long an old address keeps redirecting after the slug changed.
pub const REDIRECT_DAYS: i64 = 90;

pub fn find(conn: &mut PgConnection, owner: UserId) -> Result<Option<Profile>, Error> {
    Ok(profiles::table
        .find(owner)
        .select(Profile::as_select())
        .first(conn)
        .optional()?)
}

/// Whether another person has this address, or had it recently (it still redirects there).
fn taken(conn: &mut PgConnection, owner: UserId, slug: &Slug) -> Result<bool, Error> {
    let holder: Option<UserId> = profiles::table
        .filter(profiles::slug.eq(slug.as_str()))
        .select(profiles::user_id)
        .first(conn)
        .optional()?;
    let redirected: Option<UserId> = redirects::table
        .filter(redirects::old_slug.eq(slug.as_str()))
        .filter(redirects::expires_at.gt(Utc::now()))
        .select(redirects::user_id)
        .first(conn)
        .optional()?;
    Ok(holder.or(redirected).is_some_and(|user| user != owner))
}

/// The owner's profile, made now if there is none (private, at an address from their name).
pub fn ensure(conn: &mut PgConnection, owner: UserId) -> Result<Profile, Error> {
    if let Some(profile) = find(conn, owner)? {
        return Ok(profile);
    }
    let name: String = users::table
        .find(owner)
        .select(users::display_name)
        .first(conn)?;
    let base = Slug::suggest(&name).or_else(|| Slug::parse("my-profile").ok());
    let short_id: String = owner
        .as_uuid()
        .simple()
        .to_string()
        .chars()
        .take(8)
        .collect();
    let suffixes = (2..=9).map(|n| n.to_string()).chain([short_id.clone()]);
    let candidates = base
        .iter()
        .cloned()
        .chain(suffixes.filter_map(|suffix| base.as_ref()?.with_suffix(&suffix)))
        .chain(Slug::parse(&format!("profile-{short_id}")).ok());
    for slug in candidates {
        if taken(conn, owner, &slug)? {
            continue;
        }
        let inserted = diesel::insert_into(profiles::table)
            .values(NewProfile {
                user_id: owner,
                slug: slug.as_str(),
            })
            .on_conflict_do_nothing()
            .execute(conn)?;
        if inserted == 1 {
            break;
        }
        if let Some(profile) = find(conn, owner)? {
            return Ok(profile);
        }
    }
    find(conn, owner)?.ok_or_else(|| Error::broken("no free address for a new profile"))
}

/// Everything the editor shows. Makes the profile on first use.
pub fn view(conn: &mut PgConnection, owner: UserId) -> Result<ProfileView, Error> {
    let profile = ensure(conn, owner)?;
    let (display_name, email): (String, String) = users::table
        .find(owner)
        .select((users::display_name, users::email))
        .first(conn)?;
    let all = entries::all(conn, owner)?;
    Ok(ProfileView {
        display_name,
        email,
        basics: profile.basics(),
        publishing: Publishing {
            slug: profile.slug.clone(),
            visibility: profile.visibility,
            has_link: profile.link_key_hash.is_some(),
        },
        sections: by_section(all, |_| true),
        skills: skills::all(conn, owner)?,
    })
}

/// Every section in order, each with the entries `keep` accepts.
fn by_section(all: Vec<Entry>, keep: impl Fn(&Entry) -> bool) -> Vec<SectionItems> {
    let mut sections: Vec<SectionItems> = Section::ALL
        .iter()
        .map(|&section| SectionItems {
            section,
            entries: Vec::new(),
        })
        .collect();
    for entry in all.into_iter().filter(|entry| keep(entry)) {
        if let Some(items) = sections
            .iter_mut()
            .find(|items| items.section == entry.section())
        {
            items.entries.push(entry);
        }
    }
    sections
}

pub fn update_basics(conn: &mut PgConnection, owner: UserId, basics: &Basics) -> Result<(), Error> {
    ensure(conn, owner)?;
    let rows = diesel::update(profiles::table.find(owner))
        .set(BasicsFields::from(basics))
        .execute(conn)?;
    found(rows).map(drop)
}

/// Sets the address and who may see it. A changed address keeps redirecting for
/// [`REDIRECT_DAYS`]; link-only visibility gets a link key when it has none, returned to be shown
/// once.
pub fn publish(
    conn: &mut PgConnection,
    owner: UserId,
    input: &PublishingInput,
) -> Result<Option<String>, Error> {
    let profile = ensure(conn, owner)?;
    if profile.slug != input.slug.as_str() {
        if taken(conn, owner, &input.slug)? {
            return Err(Error::Form(
                FormError::field("slug", "That address is taken. Please choose another.")
                    .with_value("slug", input.slug.as_str())
                    .with_value("visibility", input.visibility.as_str()),
            ));
        }
        // Taking back one of your own old addresses ends its redirect.
        diesel::delete(redirects::table.filter(redirects::old_slug.eq(input.slug.as_str())))
            .execute(conn)?;
        diesel::insert_into(redirects::table)
            .values((
                redirects::old_slug.eq(&profile.slug),
                redirects::user_id.eq(owner),
                redirects::expires_at.eq(Utc::now() + Duration::days(REDIRECT_DAYS)),
            ))
            .on_conflict(redirects::old_slug)
            .do_update()
            .set((
                redirects::user_id.eq(owner),
                redirects::expires_at.eq(Utc::now() + Duration::days(REDIRECT_DAYS)),
            ))
            .execute(conn)?;
    }
    diesel::update(profiles::table.find(owner))
        .set((
            profiles::slug.eq(input.slug.as_str()),
            profiles::visibility.eq(input.visibility),
        ))
        .execute(conn)?;
    if input.visibility == Visibility::Link && profile.link_key_hash.is_none() {
        return new_link_key(conn, owner).map(Some);
    }
    Ok(None)
}

/// A new link-only key (the old address stops working); returns the key, shown once.
pub fn new_link_key(conn: &mut PgConnection, owner: UserId) -> Result<String, Error> {
    ensure(conn, owner)?;
    let (key, hash) = tokens::generate();
    diesel::update(profiles::table.find(owner))
        .set(profiles::link_key_hash.eq(hash))
        .execute(conn)?;
    Ok(key)
}

/// Whether a visitor holding `key` (if any) may see `profile`'s public page.
fn may_see(profile: &Profile, key: Option<&str>) -> bool {
    match profile.visibility {
        Visibility::Private => false,
        Visibility::Public => true,
        Visibility::Link => match (key, &profile.link_key_hash) {
            (Some(key), Some(hash)) => tokens::hash(key) == *hash,
            _ => false,
        },
    }
}

/// What a visitor of /p/{slug} (with `key` for a link-only profile) may see. Private profiles,
/// wrong keys, unknown addresses and disabled accounts are all "not found": a visitor cannot
/// tell a private profile from none.
/// `site` is the site's address, for the page's absolute links.
pub fn public_page(
    conn: &mut PgConnection,
    site: &str,
    slug: &str,
    key: Option<&str>,
) -> Result<PublicPage, Error> {
    let slug = slug.trim().to_ascii_lowercase();
    let profile: Option<(Profile, String, String)> = profiles::table
        .inner_join(users::table)
        .filter(profiles::slug.eq(&slug))
        .filter(users::disabled_at.is_null())
        .filter(users::deletion_requested_at.is_null())
        .select((Profile::as_select(), users::display_name, users::email))
        .first(conn)
        .optional()?;
    let Some((profile, name, email)) = profile else {
        // An old address leads on only for a visitor who may see the profile, so it never
        // tells a stranger where a link-only profile moved to.
        let moved: Option<Profile> = redirects::table
            .inner_join(profiles::table)
            .filter(redirects::old_slug.eq(&slug))
            .filter(redirects::expires_at.gt(Utc::now()))
            .select(Profile::as_select())
            .first(conn)
            .optional()?;
        return match moved {
            Some(profile) if may_see(&profile, key) => Ok(PublicPage::Moved { slug: profile.slug }),
            _ => Err(Error::NotFound),
        };
    };
    let allowed = may_see(&profile, key);
    if !allowed {
        return Err(Error::NotFound);
    }
    let owner = profile.user_id;
    let shown = |entry: &Entry| entry.visible && entry.section() != Section::Goal;
    let sections = by_section(entries::all(conn, owner)?, shown)
        .into_iter()
        .filter(|items| !items.entries.is_empty())
        .collect();
    let skills: Vec<Skill> = skills::all(conn, owner)?
        .into_iter()
        .filter(|skill| skill.visible)
        .collect();
    let mut page = PublicProfile {
        // The canonical address never carries a link-only key.
        url: format!("{site}{}", paths::public_profile(&profile.slug)),
        slug: profile.slug,
        name,
        headline: profile.headline,
        summary: profile.summary,
        location: profile.location,
        email: profile.email_shown.then_some(email),
        website_url: profile.website_url,
        linkedin_url: profile.linkedin_url,
        github_url: profile.github_url,
        sections,
        skills,
        indexable: profile.visibility == Visibility::Public,
        structured_data: String::new(),
    };
    page.structured_data = super::structured::person(&page, &page.url);
    Ok(PublicPage::Shown(Box::new(page)))
}
