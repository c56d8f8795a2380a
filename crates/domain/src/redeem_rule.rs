//! Who may redeem a letter for a client of a given age (SPEC S2, S3): the one place the age
//! rules of redeeming live, as a pure function so the whole table is tested here.
//!
//! - Under 16 (so also under 12): only a parent or guardian, or a legal representative, creates
//!   the account and manages the care page. A client aged 12–15 can be invited as a member later.
//! - 16 and older: the client manages their own care page with a letter addressed to them,
//!   unless a legal representative (mentor, curator) redeems a letter addressed to them.

use crate::BirthDate;
use crate::letter::IntendedFor;
use crate::network::Relation;

/// Who is redeeming the letter.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Redeemer {
    /// The client, for their own care page.
    Client,
    /// Someone creating or managing the client's care page, with their relation to the client.
    Helper(Relation),
}

/// Why a letter may not be redeemed by this person for this client.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotAllowed {
    /// The client redeems a letter addressed to their representative.
    LetterForRepresentative,
    /// The client is under 16: a parent, guardian or legal representative creates the account.
    ClientTooYoung,
    /// A helper who is not a parent, guardian or legal representative, for a client under 16.
    OnlyParentOrRepresentative,
    /// The client is 16 or older and manages their own page; only a legal representative with a
    /// letter addressed to them may manage it instead.
    ClientManagesSelf,
}

/// The age from which a client manages their own care page.
pub const OWN_PAGE_AGE: i16 = crate::birth_date::SELF_MANAGEMENT_AGE;

/// Whether `redeemer` may redeem a letter addressed to `intended_for` for a client of `age`.
pub fn may_redeem(
    intended_for: IntendedFor,
    age: i16,
    redeemer: Redeemer,
) -> Result<(), NotAllowed> {
    let adult = age >= OWN_PAGE_AGE;
    match redeemer {
        Redeemer::Client => match intended_for {
            IntendedFor::Representative => Err(NotAllowed::LetterForRepresentative),
            IntendedFor::Client if !adult => Err(NotAllowed::ClientTooYoung),
            IntendedFor::Client => Ok(()),
        },
        Redeemer::Helper(relation) if !adult => match relation {
            // A letter for a child may be addressed to the child (issued before a rule change, or
            // by mistake): the parent holds it and uses it just the same.
            Relation::Parent | Relation::LegalRepresentative => Ok(()),
            _ => Err(NotAllowed::OnlyParentOrRepresentative),
        },
        Redeemer::Helper(Relation::LegalRepresentative)
            if intended_for == IntendedFor::Representative =>
        {
            Ok(())
        }
        Redeemer::Helper(_) => Err(NotAllowed::ClientManagesSelf),
    }
}

/// The day a client born on `born` turns [`OWN_PAGE_AGE`] (for someone born on 29 February, the
/// day [`BirthDate::age_on`] first says so).
pub fn own_page_from(born: BirthDate) -> jiff::civil::Date {
    let date = born.date();
    let candidate = date
        .checked_add(jiff::Span::new().years(OWN_PAGE_AGE))
        .unwrap_or(date);
    if born.age_on(candidate) >= OWN_PAGE_AGE {
        candidate
    } else {
        candidate.tomorrow().unwrap_or(candidate)
    }
}

/// Whether a provider may address a letter to the client on `today`: only from 16 (before, the
/// letter goes to a parent, guardian or legal representative).
pub fn may_address_client(born: BirthDate, today: jiff::civil::Date) -> bool {
    born.age_on(today) >= OWN_PAGE_AGE
}

/// How long before the 16th birthday the beheerder of a child's page is told what will happen.
pub const NOTICE_MONTHS: i8 = 3;

/// The day the client of a page managed by a parent (or anyone but a legal representative) may
/// take it over, once that is at most [`NOTICE_MONTHS`] away on `today`; else `None`.
pub fn own_page_notice(
    born: Option<BirthDate>,
    relation: Option<Relation>,
    today: jiff::civil::Date,
) -> Option<jiff::civil::Date> {
    let born = born?;
    match relation {
        None | Some(Relation::LegalRepresentative) => None,
        Some(_) => {
            let from = own_page_from(born);
            let notice = from
                .checked_sub(jiff::Span::new().months(NOTICE_MONTHS))
                .unwrap_or(from);
            (today >= notice).then_some(from)
        }
    }
}

/// The care page a letter's client record is connected to already, as a redemption finds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConnectedPage {
    /// Its beheerder deleted their account: any valid new letter gives it a new one.
    Vacant,
    /// Managed by someone with this relation to the client (`None`: the client).
    ManagedBy(Option<Relation>),
}

/// What redeeming a letter does with the care page its client record is connected to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OnConnectedPage {
    /// The redeemer becomes its beheerder; the previous beheerder and all members lose access.
    TakeOver,
    /// A legal representative manages an adult's page: the client's own letter waits until the
    /// provider unlinks it.
    ManagedByRepresentative,
    /// The page is managed as it should be: the letter cannot connect the record a second time.
    AlreadyConnected,
}

/// The hand-over rule (SPEC S3, S4): a client of 16 or more who redeems their own letter takes
/// over the page a parent (or anyone but a legal representative) managed; a vacant page goes to
/// whoever redeems a valid letter for it.
pub fn on_connected_page(page: ConnectedPage, redeemer: Redeemer) -> OnConnectedPage {
    match (page, redeemer) {
        (ConnectedPage::Vacant, _) => OnConnectedPage::TakeOver,
        (ConnectedPage::ManagedBy(Some(Relation::LegalRepresentative)), Redeemer::Client) => {
            OnConnectedPage::ManagedByRepresentative
        }
        (ConnectedPage::ManagedBy(Some(_)), Redeemer::Client) => OnConnectedPage::TakeOver,
        (ConnectedPage::ManagedBy(_), _) => OnConnectedPage::AlreadyConnected,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use IntendedFor::{Client, Representative};
    use NotAllowed::*;
    use Redeemer::Helper;

    #[test]
    fn the_client_redeems_only_their_own_letter_from_16() {
        for age in [0, 11, 12, 15] {
            assert_eq!(
                may_redeem(Client, age, Redeemer::Client),
                Err(ClientTooYoung)
            );
        }
        for age in [16, 17, 40, 90] {
            assert_eq!(may_redeem(Client, age, Redeemer::Client), Ok(()));
        }
        for age in [10, 15, 16, 40] {
            assert_eq!(
                may_redeem(Representative, age, Redeemer::Client),
                Err(LetterForRepresentative)
            );
        }
    }

    #[test]
    fn under_16_only_a_parent_or_legal_representative_helps() {
        for age in [0, 5, 11, 12, 14, 15] {
            for letter in [Representative, Client] {
                for ok in [Relation::Parent, Relation::LegalRepresentative] {
                    assert_eq!(may_redeem(letter, age, Helper(ok)), Ok(()), "{age} {ok:?}");
                }
                for other in Relation::ALL
                    .into_iter()
                    .filter(|r| !matches!(r, Relation::Parent | Relation::LegalRepresentative))
                {
                    assert_eq!(
                        may_redeem(letter, age, Helper(other)),
                        Err(OnlyParentOrRepresentative),
                        "{age} {other:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn from_16_only_a_legal_representative_with_their_letter_manages_the_page() {
        for age in [16, 17, 30, 80] {
            assert_eq!(
                may_redeem(Representative, age, Helper(Relation::LegalRepresentative)),
                Ok(())
            );
            assert_eq!(
                may_redeem(Client, age, Helper(Relation::LegalRepresentative)),
                Err(ClientManagesSelf),
                "the client's own letter is the client's"
            );
            for other in Relation::ALL
                .into_iter()
                .filter(|r| *r != Relation::LegalRepresentative)
            {
                for letter in [Representative, Client] {
                    assert_eq!(
                        may_redeem(letter, age, Helper(other)),
                        Err(ClientManagesSelf),
                        "{age} {other:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn a_client_takes_over_from_anyone_but_a_legal_representative() {
        use ConnectedPage::*;
        use OnConnectedPage::*;
        for r in Relation::ALL {
            let expected = if r == Relation::LegalRepresentative {
                ManagedByRepresentative
            } else {
                TakeOver
            };
            assert_eq!(
                on_connected_page(ManagedBy(Some(r)), Redeemer::Client),
                expected
            );
            assert_eq!(
                on_connected_page(ManagedBy(Some(r)), Helper(Relation::Parent)),
                AlreadyConnected,
                "a helper does not take a managed page"
            );
            assert_eq!(on_connected_page(Vacant, Helper(r)), TakeOver);
        }
        assert_eq!(on_connected_page(Vacant, Redeemer::Client), TakeOver);
        assert_eq!(
            on_connected_page(ManagedBy(None), Redeemer::Client),
            AlreadyConnected,
            "a client's own page is not taken by a second letter"
        );
        assert_eq!(
            on_connected_page(ManagedBy(None), Helper(Relation::LegalRepresentative)),
            AlreadyConnected
        );
    }

    #[test]
    fn a_letter_for_the_client_from_the_16th_birthday() {
        use jiff::civil::date;
        let born = BirthDate::new(date(2010, 6, 15));
        assert_eq!(own_page_from(born), date(2026, 6, 15));
        assert!(!may_address_client(born, date(2026, 6, 14)));
        assert!(may_address_client(born, date(2026, 6, 15)));
        let leap = BirthDate::new(date(2008, 2, 29));
        assert_eq!(own_page_from(leap), date(2024, 2, 29));
        let leap = BirthDate::new(date(2012, 2, 29));
        let from = own_page_from(leap);
        assert_eq!(leap.age_on(from), 16);
        assert_eq!(leap.age_on(from.yesterday().unwrap()), 15);
    }

    #[test]
    fn the_parent_is_told_from_three_months_before() {
        use jiff::civil::date;
        let born = Some(BirthDate::new(date(2010, 6, 15)));
        let parent = Some(Relation::Parent);
        assert_eq!(own_page_notice(born, parent, date(2026, 3, 14)), None);
        assert_eq!(
            own_page_notice(born, parent, date(2026, 3, 15)),
            Some(date(2026, 6, 15))
        );
        assert_eq!(
            own_page_notice(born, parent, date(2026, 7, 1)),
            Some(date(2026, 6, 15)),
            "until the client takes over"
        );
        for nobody in [None, Some(Relation::LegalRepresentative)] {
            assert_eq!(own_page_notice(born, nobody, date(2026, 6, 1)), None);
        }
        assert_eq!(own_page_notice(None, parent, date(2026, 6, 1)), None);
    }
}
