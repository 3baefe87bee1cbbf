//! Kubernetes resource quantities (`500m`, `1.5Gi`, `2e3`, `0.1`) parsed exactly, as the API
//! server's `resource.Quantity` does, so bounds compare without floating-point error.

/// A quantity in nano-units (`1` = 1_000_000_000), rounded up to the nearest nano-unit
/// like the API server does; `None` when the text is not a quantity or does not fit.
pub fn nanos(text: &str) -> Option<i128> {
    let t = text.trim();
    let (negative, t) = match t.as_bytes().first() {
        Some(b'-') => (true, &t[1..]),
        Some(b'+') => (false, &t[1..]),
        _ => (false, t),
    };
    let num_len = t.find(|c: char| !(c.is_ascii_digit() || c == '.')).unwrap_or(t.len());
    let (number, suffix) = t.split_at(num_len);
    let (int, frac) = number.split_once('.').unwrap_or((number, ""));
    if (int.is_empty() && frac.is_empty()) || frac.contains('.') {
        return None;
    }
    let mut mantissa: i128 = 0;
    for d in int.bytes().chain(frac.bytes()) {
        mantissa = mantissa.checked_mul(10)?.checked_add(i128::from(d - b'0'))?;
    }
    // value = mantissa * 10^dec_exp * 2^bin_exp, in nano-units: * 10^9.
    let mut dec_exp: i32 = 9 - frac.len() as i32;
    let mut bin_exp: u32 = 0;
    match suffix {
        "" => {}
        "n" => dec_exp -= 9,
        "u" => dec_exp -= 6,
        "m" => dec_exp -= 3,
        "k" => dec_exp += 3,
        "M" => dec_exp += 6,
        "G" => dec_exp += 9,
        "T" => dec_exp += 12,
        "P" => dec_exp += 15,
        "E" => dec_exp += 18,
        "Ki" => bin_exp = 10,
        "Mi" => bin_exp = 20,
        "Gi" => bin_exp = 30,
        "Ti" => bin_exp = 40,
        "Pi" => bin_exp = 50,
        "Ei" => bin_exp = 60,
        s => {
            let e = s.strip_prefix(['e', 'E'])?;
            let digits = e.strip_prefix(['+', '-']).unwrap_or(e);
            if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) || digits.len() > 4 {
                return None;
            }
            dec_exp += e.parse::<i32>().ok()?;
        }
    }
    let mut v = mantissa.checked_mul(1i128.checked_shl(bin_exp)?)?;
    if dec_exp >= 0 {
        v = v.checked_mul(10i128.checked_pow(dec_exp as u32)?)?;
    } else {
        let den = 10i128.checked_pow(dec_exp.unsigned_abs()).unwrap_or(i128::MAX);
        v = if v == 0 { 0 } else { (v - 1) / den + 1 };
    }
    Some(if negative { -v } else { v })
}

#[cfg(test)]
mod tests {
    use super::nanos;

    #[test]
    fn quantities_are_exact() {
        let g = 1_000_000_000i128;
        assert_eq!(nanos("1"), Some(g));
        assert_eq!(nanos("1000m"), nanos("1"));
        assert_eq!(nanos("0.1"), nanos("100m"));
        assert_eq!(nanos("1.5Gi"), Some(3 * (1i128 << 29) * g));
        assert_eq!(nanos("1Ki"), Some(1024 * g));
        assert_eq!(nanos("2e3"), nanos("2k"));
        assert_eq!(nanos("1E-3"), nanos("1m"));
        assert_eq!(nanos("1E"), Some(g * 1_000_000_000_000_000_000));
        assert_eq!(nanos("1e-12"), Some(1), "rounded up to 1n");
        assert_eq!(nanos(".5"), nanos("500m"));
        assert_eq!(nanos("+2"), nanos("2"));
        assert_eq!(nanos("-1m"), Some(-1_000_000));
        assert_eq!(nanos("128974848"), nanos("129e6").map(|v| v - 25_152 * g));
        for bad in ["", "m", "1.2.3", "1Kb", "1e", "abc", "1 Gi", "1e99999"] {
            assert_eq!(nanos(bad), None, "{bad}");
        }
        assert!(nanos("0.1").unwrap() < nanos("101m").unwrap(), "no float rounding");
    }
}
