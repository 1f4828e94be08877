//! What one visitor may make the site do to other people: how many emails
//! a form may send to an address the visitor typed, and how sign-in
//! attempts slow down after failures. The counting lives in
//! `models::mail_requests` (shared by every app server) and `web::auth`
//! (per server); the figures are here.

use super::code_enum;

code_enum!(
    /// Why a visitor's form sends an email to an address they typed.
    MailPurpose {
        FollowConfirmation => "follow",
        AccountExists => "account_exists",
        Verification => "verify",
        AddressChange => "email_change",
        PasswordReset => "reset",
    }
);

/// The window the budgets below count in.
pub const WINDOW_MINUTES: i64 = 60;

/// Emails one client may make the site send in a window, whatever for.
pub const PER_CLIENT: i64 = 30;

/// A follow not yet confirmed is not sent its confirmation again within
/// this many minutes of the last one.
pub const FOLLOW_RESEND_MINUTES: i64 = 60;

impl MailPurpose {
    /// Emails of this purpose one address receives in a window at most. A
    /// password reset has a budget of its own, so that nothing sent for
    /// another purpose can keep the owner from recovering the account.
    pub fn per_address(self) -> i64 {
        match self {
            // Following several registers in an hour is ordinary.
            MailPurpose::FollowConfirmation => 10,
            // The owner needs to hear once that somebody tried.
            MailPurpose::AccountExists => 1,
            MailPurpose::Verification => 3,
            MailPurpose::AddressChange => 3,
            MailPurpose::PasswordReset => 3,
        }
    }
}

/// Whether one more email of `purpose` may go out, given what went to the
/// same address for the same purpose and what the same client asked for
/// within the window.
pub fn may_send(purpose: MailPurpose, to_address: i64, from_client: i64) -> bool {
    to_address < purpose.per_address() && from_client < PER_CLIENT
}

/// Failed sign-ins a client may make for one account before it must wait.
pub const FREE_FAILURES: u32 = 5;

/// The longest wait between two attempts.
pub const MAX_WAIT_SECONDS: u64 = 15 * 60;

/// How long a client must wait after its `failures`-th failed sign-in for
/// one account before it may try that account again: nothing for the first
/// few, then one second, doubling up to a quarter of an hour. Only that
/// client waits: the owner, signing in from their own, does not.
pub fn wait_after(failures: u32) -> u64 {
    if failures < FREE_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_FAILURES).min(20);
    (1u64 << doublings).min(MAX_WAIT_SECONDS)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_gets_its_budget_and_no_more() {
        let p = MailPurpose::AccountExists;
        assert!(may_send(p, 0, 0));
        assert!(!may_send(p, 1, 0));
        let r = MailPurpose::PasswordReset;
        assert!(may_send(r, 2, 0));
        assert!(!may_send(r, 3, 0));
        assert!(!may_send(r, 0, PER_CLIENT), "a busy client is stopped");
    }

    #[test]
    fn waits_double_from_the_sixth_failure_up_to_a_quarter_hour() {
        assert_eq!(wait_after(0), 0);
        assert_eq!(wait_after(4), 0);
        assert_eq!(wait_after(5), 1);
        assert_eq!(wait_after(6), 2);
        assert_eq!(wait_after(10), 32);
        assert_eq!(wait_after(15), MAX_WAIT_SECONDS);
        assert_eq!(wait_after(u32::MAX), MAX_WAIT_SECONDS);
    }

    #[test]
    fn purposes_read_back_from_their_codes() {
        for p in MailPurpose::ALL {
            assert_eq!(MailPurpose::from_code(p.code()), Some(*p));
        }
    }
}
