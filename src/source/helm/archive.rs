//! Packaged charts (`charts/*.tgz`, what `helm dependency build` leaves): gzip framing and
//! the tar format read by hand (only DEFLATE needs a crate, `miniz_oxide`, already in the
//! dependency graph), into a map of archive paths to file contents.

use std::collections::BTreeMap;

/// Largest archive content accepted (a decompression bomb stops here).
const MAX_UNPACKED: usize = 256 << 20;

/// gunzip then untar. Paths keep their archive form (`chart/templates/x.yaml`).
pub fn read_tgz(data: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let tar = gunzip(data)?;
    untar(&tar)
}

fn gunzip(data: &[u8]) -> Result<Vec<u8>, String> {
    if data.len() < 18 || data[0] != 0x1f || data[1] != 0x8b || data[2] != 8 {
        return Err("not a gzip archive".into());
    }
    let flags = data[3];
    let mut i = 10;
    if flags & 0x04 != 0 {
        let xlen = u16::from_le_bytes([data[i], data[i + 1]]) as usize;
        i += 2 + xlen;
    }
    for bit in [0x08, 0x10] {
        if flags & bit != 0 {
            while i < data.len() && data[i] != 0 {
                i += 1;
            }
            i += 1;
        }
    }
    if flags & 0x02 != 0 {
        i += 2;
    }
    if i >= data.len() {
        return Err("truncated gzip header".into());
    }
    miniz_oxide::inflate::decompress_to_vec_with_limit(&data[i..], MAX_UNPACKED)
        .map_err(|e| format!("gzip: {e:?}"))
}

fn field(b: &[u8]) -> String {
    let end = b.iter().position(|&c| c == 0).unwrap_or(b.len());
    String::from_utf8_lossy(&b[..end]).into_owned()
}

fn octal(b: &[u8]) -> usize {
    let s = field(b);
    usize::from_str_radix(s.trim(), 8).unwrap_or(0)
}

fn untar(tar: &[u8]) -> Result<BTreeMap<String, Vec<u8>>, String> {
    let mut out = BTreeMap::new();
    let mut i = 0;
    let mut long_name: Option<String> = None;
    while i + 512 <= tar.len() {
        let h = &tar[i..i + 512];
        if h.iter().all(|&b| b == 0) {
            break;
        }
        let size = octal(&h[124..136]);
        let kind = h[156];
        let body_start = i + 512;
        let body_end = body_start + size;
        if body_end > tar.len() {
            return Err("truncated tar archive".into());
        }
        let body = &tar[body_start..body_end];
        let mut name = field(&h[0..100]);
        if &h[257..262] == b"ustar" {
            let prefix = field(&h[345..500]);
            if !prefix.is_empty() {
                name = format!("{prefix}/{name}");
            }
        }
        match kind {
            b'L' => long_name = Some(field(body)),
            b'x' => {
                // PAX header: `LEN path=VALUE\n` records.
                let text = String::from_utf8_lossy(body);
                for rec in text.split('\n') {
                    if let Some((_, kv)) = rec.split_once(' ')
                        && let Some(p) = kv.strip_prefix("path=")
                    {
                        long_name = Some(p.to_string());
                    }
                }
            }
            b'0' | 0 | b'7' => {
                let n = long_name.take().unwrap_or(name);
                let n = n.trim_start_matches("./").to_string();
                out.insert(n, body.to_vec());
            }
            _ => {
                long_name = None;
            }
        }
        i = body_start + size.div_ceil(512) * 512;
    }
    Ok(out)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A tar entry (ustar header) for tests.
    fn entry(name: &str, body: &[u8]) -> Vec<u8> {
        let mut h = vec![0u8; 512];
        h[..name.len()].copy_from_slice(name.as_bytes());
        h[100..107].copy_from_slice(b"0000644");
        let size = format!("{:011o}", body.len());
        h[124..135].copy_from_slice(size.as_bytes());
        h[156] = b'0';
        h[257..262].copy_from_slice(b"ustar");
        h[148..156].copy_from_slice(b"        ");
        let sum: u32 = h.iter().map(|&b| u32::from(b)).sum();
        h[148..155].copy_from_slice(format!("{sum:06o}\0").as_bytes());
        let mut out = h;
        out.extend_from_slice(body);
        out.resize(out.len().div_ceil(512) * 512, 0);
        out
    }

    pub fn tgz(files: &[(&str, &str)]) -> Vec<u8> {
        let mut tar = Vec::new();
        for (n, b) in files {
            tar.extend(entry(n, b.as_bytes()));
        }
        tar.extend(vec![0u8; 1024]);
        let mut gz = vec![0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 0xff];
        gz.extend(miniz_oxide::deflate::compress_to_vec(&tar, 6));
        gz.extend([0u8; 8]);
        gz
    }

    #[test]
    fn reads_a_gzipped_tar() {
        let data = tgz(&[("c/Chart.yaml", "name: c\n"), ("c/templates/a.yaml", "a: 1\n")]);
        let files = read_tgz(&data).unwrap();
        assert_eq!(files.get("c/Chart.yaml").map(Vec::as_slice), Some(&b"name: c\n"[..]));
        assert_eq!(files.len(), 2);
        assert!(read_tgz(b"not gzip at all, no").is_err());
    }
}
