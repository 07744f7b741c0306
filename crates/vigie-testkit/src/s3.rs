//! The S3-compatible bucket the tests may use: a real S3 protocol server on loopback (moto's
//! server, which `.ci/run` starts), named by `VIGIE_TEST_S3_URL` (`s3://BUCKET`, an existing
//! bucket) with the object store's usual `AWS_ENDPOINT_URL`, `AWS_ACCESS_KEY_ID`,
//! `AWS_SECRET_ACCESS_KEY`, `AWS_REGION` and `AWS_ALLOW_HTTP`.
//!
//! When it is set, every test instance keeps its blobs in that bucket under a prefix of its own
//! (`t-<random>`), so the whole suite runs on the bucket; the blob store's own tests run on both.

use vigie_store::BlobLocation;

/// The environment variable naming the test bucket (`s3://BUCKET`).
pub const S3_URL_VAR: &str = "VIGIE_TEST_S3_URL";

/// The test bucket's URL, if the tests may use one.
pub fn s3_url() -> Option<String> {
    std::env::var(S3_URL_VAR).ok().filter(|u| !u.is_empty())
}

/// A fresh prefix of its own in the test bucket, if there is one.
pub fn s3_location() -> Option<BlobLocation> {
    let url = s3_url()?;
    let prefix = format!("t-{}", uuid::Uuid::new_v4().simple());
    let url = format!("{}/{prefix}", url.trim_end_matches('/'));
    Some(BlobLocation::parse(&url).unwrap_or_else(|e| panic!("{S3_URL_VAR}: {e}")))
}

/// What a `vigie` process needs to keep its attachments at `location`: `VIGIE_BLOB_URL`, and the
/// object store's `AWS_*` variables of this process passed on.
pub fn bucket_env(location: &BlobLocation) -> Vec<(String, String)> {
    let mut env = vec![("VIGIE_BLOB_URL".to_owned(), location.to_string())];
    for name in [
        "AWS_ENDPOINT_URL",
        "AWS_ACCESS_KEY_ID",
        "AWS_SECRET_ACCESS_KEY",
        "AWS_REGION",
        "AWS_ALLOW_HTTP",
    ] {
        if let Ok(value) = std::env::var(name) {
            env.push((name.to_owned(), value));
        }
    }
    env
}

/// Where a test instance in `dir` keeps its blobs: the test bucket when there is one, else
/// `dir/blobs`.
pub fn blob_location(dir: &std::path::Path) -> BlobLocation {
    s3_location().unwrap_or_else(|| BlobLocation::Folder(dir.join("blobs")))
}

/// The name under which [`objects`] and the canary evidence list a location's blobs: the folder's
/// path, or `s3://BUCKET/PREFIX`.
pub fn blob_root(location: &BlobLocation) -> String {
    match location {
        BlobLocation::Folder(dir) => dir.display().to_string(),
        s3 => s3.to_string(),
    }
}

/// Runs `work` with a client of `bucket` (from the `AWS_*` variables), on a thread and runtime of
/// its own, so that sync code in async tests can call it.
fn with_bucket<T: Send + 'static>(
    bucket: String,
    work: impl AsyncFnOnce(object_store::aws::AmazonS3) -> T + Send + 'static,
) -> T {
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        rt.block_on(async {
            let _ = rustls::crypto::ring::default_provider().install_default();
            let store = object_store::aws::AmazonS3Builder::from_env()
                .with_bucket_name(&bucket)
                .build()
                .unwrap();
            work(store).await
        })
    })
    .join()
    .unwrap()
}

/// Every object under a bucket location's prefix, named `s3://BUCKET/KEY`, with its bytes (nothing
/// for a folder).
pub fn objects(location: &BlobLocation) -> Vec<(String, Vec<u8>)> {
    let BlobLocation::S3 { bucket, prefix } = location.clone() else {
        return Vec::new();
    };
    with_bucket(bucket.clone(), async move |store| {
        use futures_util::StreamExt;
        use object_store::{ObjectStore, ObjectStoreExt};
        let prefix = object_store::path::Path::from(prefix.as_str());
        let metas: Vec<_> = store.list(Some(&prefix)).collect().await;
        let mut out = Vec::new();
        for meta in metas {
            let meta = meta.unwrap();
            let got = store.get(&meta.location).await.unwrap();
            let bytes = got.bytes().await.unwrap();
            out.push((format!("s3://{bucket}/{}", meta.location), bytes.to_vec()));
        }
        out
    })
}

/// Replaces the object `name` under a bucket location's prefix with `bytes` (a test that damages
/// a sealed blob as an attacker with the bucket's write access would). Panics for a folder.
pub fn put_object(location: &BlobLocation, name: &str, bytes: Vec<u8>) {
    let BlobLocation::S3 { bucket, prefix } = location.clone() else {
        panic!("not a bucket: {location}");
    };
    let name = name.to_owned();
    with_bucket(bucket, async move |store| {
        use object_store::ObjectStoreExt;
        let path = object_store::path::Path::from(prefix.as_str()).join(name.as_str());
        store.put(&path, bytes.into()).await.unwrap();
    });
}
