//! A `multipart/form-data` body written by hand, for the report and reply forms.

use std::io::Write;

/// A `multipart/form-data` body written by hand, so tests control every byte (order, truncation,
/// invalid UTF-8).
pub struct Body {
    boundary: String,
    bytes: Vec<u8>,
}

impl Default for Body {
    fn default() -> Self {
        Self::new()
    }
}

impl Body {
    pub fn new() -> Self {
        Body {
            boundary: format!("----vigie-test-{}", uuid::Uuid::new_v4().simple()),
            bytes: Vec::new(),
        }
    }

    pub fn raw_text(mut self, name: &str, value: &[u8]) -> Self {
        write!(
            self.bytes,
            "--{}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n",
            self.boundary
        )
        .unwrap();
        self.bytes.extend_from_slice(value);
        self.bytes.extend_from_slice(b"\r\n");
        self
    }

    pub fn text(self, name: &str, value: &str) -> Self {
        self.raw_text(name, value.as_bytes())
    }

    pub fn file(mut self, name: &str, filename: &str, content_type: &str, bytes: &[u8]) -> Self {
        write!(
            self.bytes,
            "--{}\r\nContent-Disposition: form-data; name=\"{name}\"; filename=\"{filename}\"\r\n\
             Content-Type: {content_type}\r\n\r\n",
            self.boundary
        )
        .unwrap();
        self.bytes.extend_from_slice(bytes);
        self.bytes.extend_from_slice(b"\r\n");
        self
    }

    pub fn content_type(&self) -> String {
        format!("multipart/form-data; boundary={}", self.boundary)
    }

    /// The bytes so far, without the closing boundary.
    pub fn unfinished(&self) -> Vec<u8> {
        self.bytes.clone()
    }

    pub fn finish(mut self) -> (String, Vec<u8>) {
        write!(self.bytes, "--{}--\r\n", self.boundary).unwrap();
        (self.content_type(), self.bytes)
    }
}
