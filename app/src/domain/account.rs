//! Rules for account fields: e-mail addresses, passwords, display names.

/// Checks an e-mail address the way a sign-in form should: one `@`, a dotted domain, no spaces.
pub fn validate_email(email: &str) -> Result<(), &'static str> {
    let email = email.trim();
    if email.is_empty() {
        return Err("Enter an e-mail address.");
    }
    if email.len() > 254 {
        return Err("An e-mail address has at most 254 characters.");
    }
    let Some((local, domain)) = email.split_once('@') else {
        return Err("An e-mail address looks like name@example.com.");
    };
    let domain_ok = domain.contains('.')
        && !domain.starts_with('.')
        && !domain.ends_with('.')
        && !domain.contains('@');
    if local.is_empty() || !domain_ok || email.chars().any(char::is_whitespace) {
        return Err("An e-mail address looks like name@example.com.");
    }
    Ok(())
}

/// Minimum strength for local passwords: long enough to resist guessing.
pub fn validate_new_password(password: &str) -> Result<(), &'static str> {
    if password.chars().count() < 12 {
        return Err("Use at least 12 characters.");
    }
    if password.len() > 256 {
        return Err("Use at most 256 characters.");
    }
    Ok(())
}

pub fn validate_display_name(name: &str) -> Result<(), &'static str> {
    match name.trim().chars().count() {
        0 => Err("Enter a name."),
        n if n > 80 => Err("Use at most 80 characters."),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        let cases = [
            ("ada@example.com", true),
            ("a.b+c@sub.example.org", true),
            ("", false),
            ("ada", false),
            ("ada@", false),
            ("@example.com", false),
            ("ada@example", false),
            ("ada @example.com", false),
            ("ada@@example.com", false),
            ("ada@.example.com", false),
        ];
        for (email, ok) in cases {
            assert_eq!(validate_email(email).is_ok(), ok, "{email}");
        }
    }

    #[test]
    fn passwords() {
        assert!(validate_new_password("short").is_err());
        assert!(validate_new_password("twelve chars").is_ok());
        assert!(validate_new_password(&"x".repeat(257)).is_err());
    }

    #[test]
    fn display_names() {
        assert!(validate_display_name("  ").is_err());
        assert!(validate_display_name("Ada Lovelace").is_ok());
        assert!(validate_display_name(&"a".repeat(81)).is_err());
    }
}
