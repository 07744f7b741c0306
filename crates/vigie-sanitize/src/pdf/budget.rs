//! The decoding budget of one PDF: how many objects lopdf may build and how many bytes its object
//! streams may inflate to, across the whole file.
//!
//! lopdf bounds each stream it inflates while loading (`LoadOptions::max_decompressed_size`) and
//! the nesting of one object (100 levels), but not the sum: a file of a thousand small Flate bombs,
//! or of object streams holding millions of tiny objects, would still take gigabytes. Its only hook
//! into loading is a filter called on every object it parses (the object streams themselves before
//! they are inflated, then each object they hold), and that filter is a plain `fn`, so the running
//! total lives in a thread-local set for the duration of one load ([`Spend::start`]). Loading runs
//! on the calling thread: lopdf's `rayon` feature, which would spread it over a pool, stays off
//! (workspace `Cargo.toml`).

use std::cell::RefCell;

use lopdf::{Object, ObjectId};

/// Deeper than this, an object is refused. lopdf itself gives up past 100 levels while parsing,
/// so this only guards our own recursive walks against a future parser that allows more.
pub(crate) const MAX_DEPTH: usize = 100;

/// Why loading stopped short of the budget.
pub(crate) type Overrun = &'static str;

struct Tally {
    objects: usize,
    inflated: usize,
    max_objects: usize,
    max_inflated: usize,
    max_stream: usize,
    overrun: Option<Overrun>,
}

thread_local! {
    static TALLY: RefCell<Option<Tally>> = const { RefCell::new(None) };
}

/// The budget of the load running on this thread; cleared when dropped, also on unwinding.
pub(crate) struct Spend(());

impl Spend {
    /// Starts counting for one load on this thread.
    pub(crate) fn start(max_objects: usize, max_inflated: usize, max_stream: usize) -> Self {
        TALLY.with_borrow_mut(|t| {
            *t = Some(Tally {
                objects: 0,
                inflated: 0,
                max_objects,
                max_inflated,
                max_stream,
                overrun: None,
            });
        });
        Self(())
    }
}

impl Drop for Spend {
    fn drop(&mut self) {
        TALLY.with_borrow_mut(|t| *t = None);
    }
}

/// Unwound out of lopdf once the budget is spent: its filter can drop objects but not stop a
/// load, and every object it would still parse costs time and memory. [`super::load`] catches it
/// (`resume_unwind` runs no panic hook, so nothing is printed).
pub(crate) struct Stop(pub(crate) Overrun);

/// lopdf's load filter: counts `object` against this thread's budget, and stops the load at the
/// first object past it.
pub(crate) fn count(id: ObjectId, object: &mut Object) -> Option<(ObjectId, Object)> {
    let verdict = TALLY.with_borrow_mut(|tally| {
        // Without a budget (a load not started through `Spend`), nothing is loaded.
        let Some(t) = tally.as_mut() else {
            return Err("no budget");
        };
        if let Some(overrun) = t.overrun {
            return Err(overrun);
        }
        let result = charge(t, object);
        if let Err(overrun) = result {
            t.overrun = Some(overrun);
        }
        result
    });
    if let Err(overrun) = verdict {
        std::panic::resume_unwind(Box::new(Stop(overrun)));
    }
    // lopdf keeps `object` itself for objects read from the file, and the returned copy for
    // objects out of an object stream (which never holds streams): a copy of a stream would only
    // be thrown away.
    let copy = match object {
        Object::Stream(_) => Object::Null,
        other => other.clone(),
    };
    Some((id, copy))
}

fn charge(t: &mut Tally, object: &Object) -> Result<(), Overrun> {
    let n = elements(object, 0).ok_or("objects nested too deep")?;
    t.objects = t.objects.saturating_add(n);
    if t.objects > t.max_objects {
        return Err("too many objects");
    }
    let Object::Stream(stream) = object else {
        return Ok(());
    };
    if !stream.dict.has_type(b"ObjStm") {
        return Ok(());
    }
    // lopdf inflates and parses an object stream right after this call, all of its objects
    // before any reaches this filter: inflate it first, against what is left of the budget, and
    // bound what parsing it will build.
    let left = t.max_inflated.saturating_sub(t.inflated).min(t.max_stream);
    let plain = match stream.get_plain_content_with_limit(left) {
        Ok(plain) => plain,
        Err(lopdf::Error::Decompress(lopdf::DecompressError::MemoryLimitExceeded { .. })) => {
            return Err("object streams inflate too much");
        }
        // Not decodable: lopdf fails on it too, and its objects go missing.
        Err(_) => return Ok(()),
    };
    t.inflated = t.inflated.saturating_add(plain.len());
    let first = stream
        .dict
        .get(b"First")
        .and_then(Object::as_i64)
        .ok()
        .and_then(|f| usize::try_from(f).ok())
        .unwrap_or(usize::MAX);
    let Some(index) = plain.get(..first) else {
        return Ok(()); // lopdf refuses it too
    };
    // The offsets as lopdf reads them: whitespace-separated numbers, comments aside.
    let numbers: Vec<Option<usize>> = index
        .split(|&c| c == b'\r' || c == b'\n')
        .flat_map(|line| {
            line.split(|&c| c == b'%')
                .next()
                .unwrap_or_default()
                .split(|c| c.is_ascii_whitespace() || *c == 0)
                .filter(|w| !w.is_empty())
        })
        .map(|w| {
            std::str::from_utf8(w)
                .ok()?
                .parse::<u32>()
                .ok()
                .map(|n| n as usize)
        })
        .collect();
    let mut offsets = Vec::with_capacity(numbers.len() / 2);
    for pair in numbers.chunks_exact(2) {
        if let (Some(_), Some(offset)) = (pair[0], pair[1]) {
            offsets.push(first.saturating_add(offset));
        }
    }
    // Objects that overlap (two offsets into one array, or one inside another) would each be
    // parsed whole: a few kilobytes parsed a hundred times over.
    if offsets.windows(2).any(|w| w[0] >= w[1]) {
        return Err("object stream with overlapping objects");
    }
    let scan = super::tokens::scan(&plain, &offsets, false);
    if !scan.checkpoints_at_top {
        return Err("object stream with overlapping objects");
    }
    if t.objects.saturating_add(scan.tokens) > t.max_objects {
        return Err("too many objects");
    }
    Ok(())
}

/// How many objects `object` is made of (itself and everything nested), or `None` past
/// [`MAX_DEPTH`].
fn elements(object: &Object, depth: usize) -> Option<usize> {
    if depth > MAX_DEPTH {
        return None;
    }
    let mut n = 1usize;
    let mut add = |o: &Object| -> Option<()> {
        n = n.saturating_add(elements(o, depth + 1)?);
        Some(())
    };
    match object {
        Object::Array(items) => items.iter().try_for_each(&mut add)?,
        Object::Dictionary(dict) => dict.iter().try_for_each(|(_, v)| add(v))?,
        Object::Stream(stream) => stream.dict.iter().try_for_each(|(_, v)| add(v))?,
        _ => {}
    }
    Some(n)
}
