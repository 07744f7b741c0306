//! Rules on staff accounts: user names and passwords.

use thiserror::Error;

/// Shortest password a staff member may choose.
pub const MIN_PASSWORD_CHARS: usize = 12;
/// Longest password accepted (bounds the KDF's input and the request size).
pub const MAX_PASSWORD_BYTES: usize = 1024;

/// Why a user name or password was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum AccountRuleError {
    /// User names are 2 to 64 characters from `a-z 0-9 . _ -`, starting with a letter.
    #[error(
        "a user name is 2 to 64 characters among a-z, 0-9, '.', '_' and '-', starting with a letter"
    )]
    BadUsername,
    /// Too short.
    #[error("the password must have at least {MIN_PASSWORD_CHARS} characters")]
    PasswordTooShort,
    /// Too long.
    #[error("the password must have at most {MAX_PASSWORD_BYTES} bytes")]
    PasswordTooLong,
}

/// Normalises and checks a user name (lower-cased; ASCII only so that look-alikes cannot collide).
pub fn normalize_username(raw: &str) -> Result<String, AccountRuleError> {
    let name = raw.trim().to_ascii_lowercase();
    let ok_len = (2..=64).contains(&name.len());
    let ok_first = name.starts_with(|c: char| c.is_ascii_lowercase());
    let ok_chars = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || matches!(c, '.' | '_' | '-'));
    if ok_len && ok_first && ok_chars {
        Ok(name)
    } else {
        Err(AccountRuleError::BadUsername)
    }
}

/// Checks a new password against the rules.
pub fn check_new_password(password: &str) -> Result<(), AccountRuleError> {
    if password.len() > MAX_PASSWORD_BYTES {
        Err(AccountRuleError::PasswordTooLong)
    } else if password.chars().count() < MIN_PASSWORD_CHARS {
        Err(AccountRuleError::PasswordTooShort)
    } else {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames() {
        assert_eq!(normalize_username(" Amina.B ").as_deref(), Ok("amina.b"));
        assert!(normalize_username("a").is_err());
        assert!(normalize_username("1abc").is_err());
        assert!(normalize_username("amína").is_err());
        assert!(normalize_username("a b").is_err());
    }

    #[test]
    fn passwords() {
        assert!(check_new_password("court").is_err());
        assert!(check_new_password("une phrase de passe longue").is_ok());
        assert!(check_new_password(&"x".repeat(2000)).is_err());
    }
}

/// Failed logins allowed on an account before delays start.
pub const FREE_LOGIN_FAILURES: i64 = 3;
/// The longest a login is ever delayed: throttling slows guessing down, it never locks anyone out.
pub const MAX_LOGIN_DELAY_SECS: i64 = 300;

/// How long an account must wait after its `failures`-th consecutive failure before the next attempt
/// is even checked: nothing for the first few, then doubling from 2 s, capped.
pub fn login_delay_secs(failures: i64) -> i64 {
    if failures < FREE_LOGIN_FAILURES {
        return 0;
    }
    let doublings = (failures - FREE_LOGIN_FAILURES).min(16) as u32;
    (2_i64 << doublings).min(MAX_LOGIN_DELAY_SECS)
}

#[cfg(test)]
mod throttle_tests {
    use super::*;

    #[test]
    fn delays_grow_then_cap() {
        let delays: Vec<i64> = (0..12).map(login_delay_secs).collect();
        assert_eq!(delays, [0, 0, 0, 2, 4, 8, 16, 32, 64, 128, 256, 300]);
        assert_eq!(login_delay_secs(1_000_000), MAX_LOGIN_DELAY_SECS);
        assert!(delays.windows(2).all(|w| w[0] <= w[1]));
    }
}
