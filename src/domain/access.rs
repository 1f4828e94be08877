//! Who may do what, and what an account needs.

use super::code_enum;

code_enum!(
    Role { Petitioner => "petitioner", Staff => "staff", Admin => "admin" }
);

impl Role {
    /// Registry work: every `/staff` page.
    pub fn is_staff(self) -> bool {
        matches!(self, Role::Staff | Role::Admin)
    }

    /// Accounts, the calendar and public bodies.
    pub fn is_admin(self) -> bool {
        self == Role::Admin
    }
}

pub const MIN_PASSWORD_CHARS: usize = 10;
pub const MAX_PASSWORD_CHARS: usize = 256;

#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum PasswordError {
    #[error("the password is shorter than {MIN_PASSWORD_CHARS} characters")]
    TooShort,
    #[error("the password is longer than {MAX_PASSWORD_CHARS} characters")]
    TooLong,
}

impl PasswordError {
    /// The key of its message in the catalogue.
    pub fn code(self) -> &'static str {
        match self {
            PasswordError::TooShort => "account.password_too_short",
            PasswordError::TooLong => "account.password_too_long",
        }
    }
}

pub fn check_new_password(password: &str) -> Result<(), PasswordError> {
    let n = password.chars().count();
    if n < MIN_PASSWORD_CHARS {
        Err(PasswordError::TooShort)
    } else if n > MAX_PASSWORD_CHARS {
        Err(PasswordError::TooLong)
    } else {
        Ok(())
    }
}

/// The form an email address is stored and looked up in, or `None` when it
/// cannot be an address.
pub fn normalize_email(raw: &str) -> Option<String> {
    let email = raw.trim().to_lowercase();
    let (local, domain) = email.split_once('@')?;
    // One plain mailbox: a dot-atom before the @ (no display name, no
    // quotes, no list), a host name after it.
    let atext = |c: char| c.is_ascii_alphanumeric() || "!#$%&'*+-/=?^_`{|}~".contains(c);
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && local
            .split('.')
            .all(|p| !p.is_empty() && p.chars().all(atext));
    let labels: Vec<&str> = domain.split('.').collect();
    let domain_ok = labels.len() >= 2
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_alphanumeric() || c == '-')
        });
    (local_ok && domain_ok && email.len() <= 254).then_some(email)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_one_plain_mailbox() {
        assert_eq!(
            normalize_email(" Pemohon.Satu+kip@Contoh.co.id "),
            Some("pemohon.satu+kip@contoh.co.id".into())
        );
        assert!(normalize_email("nama@kota.desa.id").is_some());
        for bad in [
            "Komisi<pet2@contoh.invalid>",
            "a,b@contoh.invalid",
            "a@b@contoh.invalid",
            "\"a b\"@contoh.invalid",
            "a;b@contoh.invalid",
            ".a@contoh.invalid",
            "a..b@contoh.invalid",
            "a@contoh",
            "a@-contoh.id",
            "a@contoh..id",
            "a@contoh.id>",
            "a @contoh.id",
            "",
        ] {
            assert_eq!(normalize_email(bad), None, "{bad}");
        }
    }

    #[test]
    fn roles() {
        assert!(!Role::Petitioner.is_staff());
        assert!(Role::Staff.is_staff() && !Role::Staff.is_admin());
        assert!(Role::Admin.is_staff() && Role::Admin.is_admin());
    }

    #[test]
    fn passwords_have_bounds() {
        assert_eq!(check_new_password("short"), Err(PasswordError::TooShort));
        assert_eq!(check_new_password("sepuluh-ch"), Ok(()));
        assert_eq!(
            check_new_password(&"x".repeat(257)),
            Err(PasswordError::TooLong)
        );
    }

    #[test]
    fn emails_are_normalized() {
        assert_eq!(
            normalize_email("  Panitera@KIP.go.id "),
            Some("panitera@kip.go.id".into())
        );
        for bad in [
            "",
            "no-at",
            "@kip.go.id",
            "a@b",
            "a@.b",
            "a b@kip.go.id",
            "a@b@c.d",
        ] {
            assert_eq!(normalize_email(bad), None, "{bad}");
        }
    }
}
