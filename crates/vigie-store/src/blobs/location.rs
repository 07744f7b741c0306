//! Where the blobs live: a local folder (the default) or an S3-compatible bucket (`blob_url`).

use std::fmt;
use std::path::PathBuf;

/// Where a [`BlobStore`](super::BlobStore) keeps its blobs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BlobLocation {
    /// A local folder (`file:///PATH`, or the `blob_dir` path): `blobs/` and `tmp/` under it.
    Folder(PathBuf),
    /// An existing S3-compatible bucket (`s3://BUCKET[/PREFIX]`), reached with the object store's
    /// usual `AWS_*` environment variables (endpoint, credentials, region, `AWS_ALLOW_HTTP`).
    S3 {
        /// The bucket's name.
        bucket: String,
        /// The folder-like prefix of every object, without leading or trailing `/` (may be empty).
        prefix: String,
    },
}

/// Why a `blob_url` was refused: one line, never echoing what might be a credential.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct BadBlobUrl(String);

impl BlobLocation {
    /// Reads a `blob_url`: `file:///ABSOLUTE/PATH` or `s3://BUCKET[/PREFIX]`.
    ///
    /// Bucket names follow S3's rules (3 to 63 lowercase letters, digits, dots and hyphens); a
    /// prefix is made of `/`-separated segments of letters, digits, `.`, `-` and `_`. Credentials
    /// in the URL (`s3://KEY:SECRET@…`) are refused: they belong in `AWS_ACCESS_KEY_ID` and
    /// `AWS_SECRET_ACCESS_KEY`, not in a file that is copied around.
    pub fn parse(url: &str) -> Result<Self, BadBlobUrl> {
        let expected = "expected file:///ABSOLUTE/PATH or s3://BUCKET[/PREFIX]";
        if let Some(path) = url.strip_prefix("file://") {
            if !path.starts_with('/') {
                return Err(BadBlobUrl(format!(
                    "a file:// URL needs an absolute path (file:///var/lib/vigie/blobs); {expected}"
                )));
            }
            return Ok(BlobLocation::Folder(PathBuf::from(path)));
        }
        let Some(rest) = url.strip_prefix("s3://") else {
            let scheme = url.split_once("://").map_or("", |(s, _)| s);
            let scheme = if scheme.chars().all(|c| c.is_ascii_alphanumeric()) && !scheme.is_empty()
            {
                format!("scheme `{scheme}` is not supported")
            } else {
                "no scheme".to_owned()
            };
            return Err(BadBlobUrl(format!("{scheme}; {expected}")));
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        if bucket.contains('@') || bucket.contains(':') {
            return Err(BadBlobUrl(
                "no credentials or port in the URL: set AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY \
                 and AWS_ENDPOINT_URL instead"
                    .into(),
            ));
        }
        let bucket_ok = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'.' || b == b'-')
            && !bucket.starts_with(['.', '-'])
            && !bucket.ends_with(['.', '-']);
        if !bucket_ok {
            return Err(BadBlobUrl(format!(
                "bucket name `{bucket}` is not valid (3 to 63 lowercase letters, digits, dots and \
                 hyphens); {expected}"
            )));
        }
        let prefix = prefix.trim_matches('/');
        let prefix_ok = prefix.is_empty()
            || prefix.split('/').all(|seg| {
                !seg.is_empty()
                    && seg != "."
                    && seg != ".."
                    && seg
                        .bytes()
                        .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b'_'))
            });
        if !prefix_ok {
            return Err(BadBlobUrl(
                "the prefix after the bucket must be `/`-separated names of letters, digits, `.`, \
                 `-` and `_`"
                    .into(),
            ));
        }
        Ok(BlobLocation::S3 {
            bucket: bucket.to_owned(),
            prefix: prefix.to_owned(),
        })
    }
}

impl fmt::Display for BlobLocation {
    /// The location as a `blob_url` (for messages: it holds no secret).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BlobLocation::Folder(p) => write!(f, "file://{}", p.display()),
            BlobLocation::S3 { bucket, prefix } if prefix.is_empty() => write!(f, "s3://{bucket}"),
            BlobLocation::S3 { bucket, prefix } => write!(f, "s3://{bucket}/{prefix}"),
        }
    }
}

#[cfg(test)]
#[allow(clippy::unwrap_used)]
mod tests {
    use super::*;

    #[test]
    fn blob_urls_are_read_or_refused_with_a_reason() {
        assert_eq!(
            BlobLocation::parse("file:///var/lib/vigie/blobs"),
            Ok(BlobLocation::Folder("/var/lib/vigie/blobs".into()))
        );
        assert_eq!(
            BlobLocation::parse("s3://vigie-blobs"),
            Ok(BlobLocation::S3 {
                bucket: "vigie-blobs".into(),
                prefix: String::new()
            })
        );
        assert_eq!(
            BlobLocation::parse("s3://vigie-blobs/marseille/nord/"),
            Ok(BlobLocation::S3 {
                bucket: "vigie-blobs".into(),
                prefix: "marseille/nord".into()
            })
        );
        for (bad, says) in [
            ("file://relative/blobs", "absolute path"),
            ("http://example.org/b", "scheme `http`"),
            ("/var/lib/vigie/blobs", "no scheme"),
            ("s3://AKIA:secret@bucket/p", "no credentials"),
            ("s3://Bucket", "not valid"),
            ("s3://ab", "not valid"),
            ("s3://bucket/a/../b", "prefix"),
            ("s3://bucket/a b", "prefix"),
        ] {
            let err = BlobLocation::parse(bad).unwrap_err().to_string();
            assert!(err.contains(says), "{bad}: {err}");
            assert!(!err.contains("secret"), "{bad}: {err}");
        }
    }
}
