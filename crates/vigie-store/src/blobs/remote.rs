//! The S3-compatible backend: blobs as objects `PREFIX/<id>` in an existing bucket, through
//! `object_store`.
//!
//! The store's API is synchronous (it runs on blocking threads: the upload pool, `spawn_blocking`),
//! while `object_store` is async: each call runs on the tokio runtime the store was opened in
//! ([`Handle::block_on`]), so it must never be made from an async task (tokio refuses: it panics).
//!
//! Writing: a blob's bytes are buffered up to [`PART_SIZE`] and sent as the parts of a multipart
//! upload, so a file never sits whole in memory; a blob that fits in one part is sent with one
//! `PUT` at commit. An upload given up (an error, a refusal, a crash) is aborted when the writer is
//! dropped; one left by a crash stays invisible in the bucket until its lifecycle rule
//! (`AbortIncompleteMultipartUpload`, docs/install.md) removes it.
//!
//! Time: object names are random ids and no attribute is set, but the object store records each
//! object's `LastModified` (the second its upload completed) and may log every request: they date
//! uploads finer than the day, which vigie cannot change (docs/architecture.md says what this
//! means and how to limit it). The sweep's grace period is compared with `LastModified`.

use std::io;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, SystemTime};

use bytes::Bytes;
use futures_util::StreamExt;
use futures_util::stream::BoxStream;
use object_store::aws::AmazonS3Builder;
use object_store::path::Path as ObjectPath;
use object_store::{MultipartUpload, ObjectStore, ObjectStoreExt, PutPayload, RetryConfig};
use tokio::runtime::Handle;
use tracing::instrument::WithSubscriber;

use super::{BlobError, BlobId, SweepReport};

/// The size of a multipart upload's parts (S3's minimum for every part but the last is 5 MiB).
/// Each blob being written holds at most this much in memory.
pub const PART_SIZE: usize = 5 * 1024 * 1024;

/// A blob found by a listing: its id, `LastModified` and size.
type Listed = (BlobId, SystemTime, u64);

/// The bucket, the prefix and the runtime the calls run on.
pub(super) struct Remote {
    store: Arc<dyn ObjectStore>,
    /// Deletions started in the background ([`Remote::discard`]) and not yet done; listings wait
    /// for them, so that a listing sees every deletion asked for before it.
    discarding: Arc<(Mutex<u64>, Condvar)>,
    /// `s3://bucket[/prefix]`, for messages.
    url: String,
    prefix: Option<ObjectPath>,
    handle: Handle,
}

impl std::fmt::Debug for Remote {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never the client's configuration: it holds the credentials.
        f.debug_struct("Remote").field("url", &self.url).finish()
    }
}

fn remote_error(context: String, source: object_store::Error) -> BlobError {
    BlobError::Remote {
        context,
        source: Box::new(source),
    }
}

impl Remote {
    /// Connects to `bucket` with the `AWS_*` environment variables, on the current runtime, and
    /// checks that an object can be written and deleted there (to fail at start-up rather than on
    /// a reporter).
    pub(super) async fn open(bucket: &str, prefix: &str) -> Result<Remote, BlobError> {
        let url = if prefix.is_empty() {
            format!("s3://{bucket}")
        } else {
            format!("s3://{bucket}/{prefix}")
        };
        // reqwest's TLS is rustls without a built-in provider: the tree's one, ring (already the
        // default if something installed it first).
        let _ = rustls::crypto::ring::default_provider().install_default();
        let handle = Handle::try_current().map_err(|_| {
            BlobError::io(
                format!("{url}: the S3 blob store needs a tokio runtime (a bug in the caller)"),
                io::Error::other("no runtime"),
            )
        })?;
        // Fewer and shorter retries than the client's default (10, for up to 3 minutes): a
        // reporter's upload waits on them, and a bucket that cannot be reached must fail at start
        // within seconds, saying so.
        let retry = RetryConfig {
            max_retries: 3,
            retry_timeout: Duration::from_secs(30),
            ..RetryConfig::default()
        };
        let store = AmazonS3Builder::from_env()
            .with_bucket_name(bucket)
            .with_retry(retry)
            .build()
            .map_err(|e| {
                remote_error(
                    format!(
                        "{url}: cannot configure the S3 client (check AWS_ENDPOINT_URL, \
                         AWS_REGION, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_ALLOW_HTTP)"
                    ),
                    e,
                )
            })?;
        let remote = Remote {
            store: Arc::new(store),
            discarding: Arc::default(),
            url,
            prefix: (!prefix.is_empty()).then(|| ObjectPath::from(prefix)),
            handle,
        };
        remote.probe().await?;
        Ok(remote)
    }

    /// Writes and deletes a small object under a name that is no blob id.
    async fn probe(&self) -> Result<(), BlobError> {
        let path = self.child(&format!("probe-{}", BlobId::random()));
        let what = || {
            format!(
                "{}: cannot write in the bucket (check that it exists, the endpoint, the credentials \
                 and their rights to put, get, list and delete objects)",
                self.url
            )
        };
        self.store
            .put(&path, PutPayload::from_static(b"probe"))
            .await
            .map_err(|e| remote_error(what(), e))?;
        self.store
            .delete(&path)
            .await
            .map_err(|e| remote_error(what(), e))
    }

    fn child(&self, name: &str) -> ObjectPath {
        match &self.prefix {
            Some(p) => p.clone().join(name),
            None => ObjectPath::from(name),
        }
    }

    fn path(&self, id: &BlobId) -> ObjectPath {
        self.child(&id.to_string())
    }

    /// Runs `fut` to completion on the store's runtime, from a blocking thread.
    fn run<F: Future>(&self, fut: F) -> F::Output {
        quietly(&self.handle, fut)
    }

    fn not_found_or(&self, id: &BlobId, e: object_store::Error, verb: &str) -> BlobError {
        match e {
            object_store::Error::NotFound { .. } => BlobError::NotFound(*id),
            e => remote_error(
                format!(
                    "{}: {verb} blob {id} (check the endpoint and the credentials)",
                    self.url
                ),
                e,
            ),
        }
    }

    /// The size of a committed blob.
    pub(super) fn len(&self, id: &BlobId) -> Result<u64, BlobError> {
        self.run(self.store.head(&self.path(id)))
            .map(|m| m.size)
            .map_err(|e| self.not_found_or(id, e, "cannot read the size of"))
    }

    /// Whether a blob is there.
    pub(super) fn exists(&self, id: &BlobId) -> Result<bool, BlobError> {
        match self.len(id) {
            Ok(_) => Ok(true),
            Err(BlobError::NotFound(_)) => Ok(false),
            Err(e) => Err(e),
        }
    }

    /// Opens a committed blob as a stream of the object's body.
    pub(super) fn open_blob(&self, id: &BlobId) -> Result<RemoteReader, BlobError> {
        let got = self
            .run(self.store.get(&self.path(id)))
            .map_err(|e| self.not_found_or(id, e, "cannot open"))?;
        Ok(RemoteReader {
            body: got.into_stream(),
            chunk: Default::default(),
            handle: self.handle.clone(),
        })
    }

    /// Deletes a blob; `Ok(false)` if it was not there.
    pub(super) fn delete(&self, id: &BlobId) -> Result<bool, BlobError> {
        if !self.exists(id)? {
            return Ok(false);
        }
        self.run(self.store.delete(&self.path(id)))
            .map_err(|e| self.not_found_or(id, e, "cannot delete"))?;
        Ok(true)
    }

    /// Deletes a blob in the background, callable from anywhere (an async task's `Drop` included):
    /// the request runs on the store's runtime, under the caller's log subscriber for its own
    /// warning (a reporter's request has one that writes nothing) and none for the client's.
    pub(super) fn discard(&self, id: BlobId) {
        let store = self.store.clone();
        let path = self.path(&id);
        let discarding = self.discarding.clone();
        *discarding.0.lock().unwrap_or_else(|e| e.into_inner()) += 1;
        let deleting = async move {
            let done = store
                .delete(&path)
                .with_subscriber(tracing::Dispatch::none())
                .await;
            let (count, changed) = &*discarding;
            let mut n = count.lock().unwrap_or_else(|e| e.into_inner());
            *n = n.saturating_sub(1);
            changed.notify_all();
            drop(n);
            if let Err(e) = done {
                tracing::warn!(blob = %id, error = %e, "cannot delete an abandoned blob; the sweep will");
            }
        };
        self.handle.spawn(deleting.with_current_subscriber());
    }

    /// Waits (up to a minute) for the deletions started in the background.
    fn wait_for_discards(&self) {
        let (count, changed) = &*self.discarding;
        let n = count.lock().unwrap_or_else(|e| e.into_inner());
        let _ = changed.wait_timeout_while(n, Duration::from_secs(60), |n| *n > 0);
    }

    /// Every object under the prefix: blob ids with their time and size, and how many others.
    fn walk(&self) -> Result<(Vec<Listed>, u64), BlobError> {
        self.wait_for_discards();
        let (blobs, foreign) = self.run(async {
            let mut listing = self.store.list(self.prefix.as_ref());
            let mut blobs = Vec::new();
            let mut foreign = Vec::new();
            while let Some(meta) = listing.next().await {
                let meta = meta.map_err(|e| {
                    remote_error(
                        format!(
                            "{}: cannot list the bucket (check the credentials)",
                            self.url
                        ),
                        e,
                    )
                })?;
                let id = meta
                    .location
                    .filename()
                    .and_then(|n| n.parse::<BlobId>().ok())
                    .filter(|id| meta.location == self.path(id));
                match id {
                    Some(id) => blobs.push((id, SystemTime::from(meta.last_modified), meta.size)),
                    None => foreign.push(meta.location),
                }
            }
            Ok::<_, BlobError>((blobs, foreign))
        })?;
        // Logged here: `run` has no subscriber.
        for object in &foreign {
            tracing::warn!(%object, "blob store: foreign object under the bucket's prefix, left alone");
        }
        Ok((blobs, foreign.len() as u64))
    }

    /// Every committed blob's id.
    pub(super) fn list(&self) -> Result<Vec<BlobId>, BlobError> {
        Ok(self.walk()?.0.into_iter().map(|(id, _, _)| id).collect())
    }

    /// [`BlobStore::sweep`](super::BlobStore::sweep) on the bucket: by `LastModified`.
    pub(super) fn sweep(
        &self,
        referenced: &dyn Fn(&BlobId) -> bool,
        grace: Duration,
    ) -> Result<SweepReport, BlobError> {
        let now = SystemTime::now();
        let (blobs, foreign) = self.walk()?;
        let mut report = SweepReport {
            foreign,
            ..SweepReport::default()
        };
        for (id, modified, size) in blobs {
            let old = now.duration_since(modified).is_ok_and(|age| age > grace);
            if !old || referenced(&id) {
                report.kept += 1;
                continue;
            }
            match self.run(self.store.delete(&self.path(&id))) {
                Ok(()) => {
                    report.deleted += 1;
                    report.bytes_freed += size;
                }
                Err(object_store::Error::NotFound { .. }) => {}
                Err(e) => {
                    report.failed += 1;
                    tracing::warn!(blob = %id, error = %e, "blob sweep: cannot delete blob");
                }
            }
        }
        Ok(report)
    }

    /// Starts writing blob `id`: nothing is sent until a part is full, or the commit.
    pub(super) fn upload(self: &Arc<Self>, id: BlobId) -> Upload {
        Upload {
            remote: self.clone(),
            path: self.path(&id),
            id,
            buf: Vec::new(),
            multipart: None,
            parts: 0,
            broken: false,
        }
    }
}

/// Runs `fut` on `handle` with no log subscriber: `object_store` logs its retries as they happen,
/// and on a reporter's upload or withdrawal such a line would date their action to the second
/// (DESIGN.md section 2, item 3). Its errors come back to the caller, which decides what to log.
fn quietly<F: Future>(handle: &Handle, fut: F) -> F::Output {
    tracing::dispatcher::with_default(&tracing::Dispatch::none(), || handle.block_on(fut))
}

/// A blob being written to the bucket (inside a [`BlobWriter`](super::BlobWriter)).
pub(super) struct Upload {
    remote: Arc<Remote>,
    path: ObjectPath,
    id: BlobId,
    /// Bytes not yet sent: less than one part.
    buf: Vec<u8>,
    /// The multipart upload, once the first part was sent.
    multipart: Option<Box<dyn MultipartUpload>>,
    parts: u64,
    /// A part was lost: every later write and the commit fail (the object would miss bytes).
    broken: bool,
}

impl std::fmt::Debug for Upload {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Upload")
            .field("id", &self.id)
            .field("parts", &self.parts)
            .finish_non_exhaustive()
    }
}

impl Upload {
    fn failed(&self, what: &str, e: object_store::Error) -> io::Error {
        io::Error::other(remote_error(
            format!(
                "{}: cannot {what} blob {} (check the endpoint, the credentials and the bucket)",
                self.remote.url, self.id
            ),
            e,
        ))
    }

    /// Takes `data`, sending every part that fills up.
    pub(super) fn write(&mut self, mut data: &[u8]) -> io::Result<()> {
        self.check()?;
        while !data.is_empty() {
            if self.buf.capacity() == 0 {
                self.buf
                    .reserve_exact(PART_SIZE.min(data.len().max(64 * 1024)));
            }
            let room = PART_SIZE - self.buf.len();
            let (now, later) = data.split_at(room.min(data.len()));
            self.buf.extend_from_slice(now);
            data = later;
            if self.buf.len() == PART_SIZE {
                self.send_part()?;
            }
        }
        Ok(())
    }

    fn check(&self) -> io::Result<()> {
        if self.broken {
            return Err(io::Error::other(format!(
                "blob {}: an earlier part could not be sent",
                self.id
            )));
        }
        Ok(())
    }

    fn send_part(&mut self) -> io::Result<()> {
        // Set until the part is in: any failure below leaves the upload unusable.
        self.broken = true;
        let part = PutPayload::from(std::mem::take(&mut self.buf));
        let remote = self.remote.clone();
        if self.multipart.is_none() {
            let started = remote
                .run(remote.store.put_multipart(&self.path))
                .map_err(|e| self.failed("start the upload of", e))?;
            self.multipart = Some(started);
        }
        let Some(upload) = self.multipart.as_mut() else {
            return Err(io::Error::other("no multipart upload"));
        };
        let sending = upload.put_part(part);
        remote
            .run(sending)
            .map_err(|e| self.failed("send a part of", e))?;
        self.parts += 1;
        self.broken = false;
        Ok(())
    }

    /// Sends what is left and completes the object: from here on it is in the bucket.
    pub(super) fn commit(mut self) -> Result<(), BlobError> {
        let remote = self.remote.clone();
        let as_blob = BlobError::from_write;
        self.check().map_err(as_blob)?;
        if self.multipart.is_none() {
            // One part or less: one plain PUT.
            let body = PutPayload::from(std::mem::take(&mut self.buf));
            return remote
                .run(remote.store.put(&self.path, body))
                .map(|_| ())
                .map_err(|e| as_blob(self.failed("write", e)));
        }
        if !self.buf.is_empty() {
            self.send_part().map_err(as_blob)?;
        }
        let Some(mut upload) = self.multipart.take() else {
            return Err(BlobError::io(
                "blob upload already closed (a bug in the caller)",
                io::Error::other("no upload"),
            ));
        };
        match remote.run(upload.complete()) {
            Ok(_) => Ok(()),
            Err(e) => {
                self.multipart = Some(upload);
                Err(as_blob(self.failed("complete the upload of", e)))
            }
        }
    }

    /// Parts sent so far (for tests and metrics).
    pub(super) fn parts(&self) -> u64 {
        self.parts
    }
}

impl Drop for Upload {
    /// An upload given up is aborted in the background: its parts are deleted from the bucket.
    fn drop(&mut self) {
        self.buf = Vec::new();
        if let Some(mut upload) = self.multipart.take() {
            // Not logged, even on failure: this may be a reporter's upload, whose time no line may
            // give; the bucket's lifecycle rule removes what an abort could not.
            self.remote.handle.spawn(async move {
                let _ = upload
                    .abort()
                    .with_subscriber(tracing::Dispatch::none())
                    .await;
            });
        }
    }
}

/// A blob read from the bucket as its body arrives (blocking reads).
pub struct RemoteReader {
    body: BoxStream<'static, object_store::Result<Bytes>>,
    /// What the last chunk has left to give.
    chunk: Bytes,
    handle: Handle,
}

impl std::fmt::Debug for RemoteReader {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("RemoteReader").finish_non_exhaustive()
    }
}

impl io::Read for RemoteReader {
    fn read(&mut self, out: &mut [u8]) -> io::Result<usize> {
        while self.chunk.is_empty() {
            match quietly(&self.handle, self.body.next()) {
                None => return Ok(0),
                Some(Ok(next)) => self.chunk = next,
                Some(Err(e)) => {
                    return Err(io::Error::other(remote_error(
                        "cannot read a blob from the bucket".into(),
                        e,
                    )));
                }
            }
        }
        let n = out.len().min(self.chunk.len());
        out[..n].copy_from_slice(&self.chunk[..n]);
        self.chunk = self.chunk.slice(n..);
        Ok(n)
    }
}
