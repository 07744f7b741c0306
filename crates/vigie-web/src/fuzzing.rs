//! Entry points for the fuzz targets in `fuzz/` (not part of the API: they exist so that the
//! parsers of untrusted input private to this crate can be fuzzed as they run).

use axum::body::Body;
use axum::extract::{FromRequest, Multipart};
use axum::http::Request;

use crate::Lang;
use crate::observatory::params::{self, Query};
use crate::report::upload;

/// Parses `raw` as a query string the way the API and the observatory pages do, then runs every
/// parameter check and value parser on it. Never panics; a message is never empty.
pub fn api_query(raw: &str) {
    let Ok(uri) = format!("/api?{raw}").parse::<axum::http::Uri>() else {
        return;
    };
    let Ok(axum::extract::Query(pairs)) =
        axum::extract::Query::<Vec<(String, String)>>::try_from_uri(&uri)
    else {
        return;
    };
    let q = Query(&pairs);
    for accepted in [
        &["category", "level", "month"][..],
        &["category", "from", "to"][..],
        &[][..],
    ] {
        for strict in [true, false] {
            if let Err(e) = q.check(accepted, strict) {
                assert!(!e.message().is_empty());
                assert!(!e.explain(Lang::Fr).is_empty());
            }
        }
    }
    for (name, value) in &pairs {
        let _ = params::category(value);
        let _ = params::level(value);
        if let Err(e) = params::month(name, value) {
            assert!(!e.message().is_empty());
        }
    }
}

/// Reads `body` as a multipart form with `boundary`, as the report and follow-up forms do: every
/// text field through the capped reader, every other field drained chunk by chunk. Never panics;
/// a text field that comes back is within the cap.
pub fn multipart(boundary: &str, body: &[u8]) {
    let Ok(rt) = tokio::runtime::Builder::new_current_thread().build() else {
        return;
    };
    rt.block_on(async {
        let Ok(request) = Request::builder()
            .method("POST")
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(body.to_vec()))
        else {
            return;
        };
        let Ok(mut mp) = Multipart::from_request(request, &()).await else {
            return;
        };
        while let Ok(Some(field)) = upload::next_field(&mut mp, Lang::Fr).await {
            if field.file_name().is_some() {
                let mut field = field;
                while let Ok(Some(_)) = field.chunk().await {}
            } else if let Ok(text) = upload::read_text(field, Lang::Fr).await {
                assert!(text.len() <= upload::MAX_TEXT_FIELD_BYTES);
            }
        }
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fuzz_entry_points_take_hostile_seeds() {
        for raw in [
            "",
            "category=total&category=total",
            "level=quartier&month=2026-13",
            "month=%FF%FE&x",
            "=&&=&%",
            "month=9999-99&from=0000-00&to=",
        ] {
            api_query(raw);
        }
        let big = "x".repeat(upload::MAX_TEXT_FIELD_BYTES + 10);
        let body = format!(
            "--B\r\nContent-Disposition: form-data; name=\"text\"\r\n\r\n{big}\r\n\
             --B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.png\"\r\n\r\n\
             \u{1}\u{2}\r\n--B--\r\n"
        );
        multipart("B", body.as_bytes());
        multipart(
            "B",
            b"--B\r\nContent-Disposition: form-data; name=\"t\"\r\n\r\n\xff\xfe\r\n--B--\r\n",
        );
        multipart("", b"garbage");
        multipart("B", b"--B\r\n\r\n");
    }
}
