//! The team's side of reports over real HTTP: the inbox and a report's page and its forms
//! (`inbox`), downloads (clean by default, the original through an audited POST, a broken file as
//! a broken download) and forwarding as an age file (`files`), the policy at the edge and the
//! custodian's identity forms (`access`), and the routing administration (`routing`).

mod access;
pub mod files;
mod inbox;
mod routing;
// The PNG chunks of vigie-sanitize's tests.
#[path = "../../../../../vigie-sanitize/tests/it/png.rs"]
mod png;

use png::chunk;

use vigie_app::App;
use vigie_domain::ReportId;
use vigie_domain::report::{ReportForm, validate_report};

pub(crate) fn form(category: &str, district: &str, text: &str) -> ReportForm {
    ReportForm {
        category: category.into(),
        district: district.into(),
        neighbourhood: String::new(),
        place: "Hall du bâtiment B".into(),
        date: String::new(),
        ongoing: true,
        time_of_day: "vers 22 h".into(),
        text: text.into(),
        danger: false,
        consent_forward: false,
        identity: String::new(),
    }
}

/// Submits a report through the app, with files sealed as the public form would; returns its id.
pub(crate) async fn submit(app: &App, form: &ReportForm, files: &[(&str, Vec<u8>)]) -> ReportId {
    let mut draft = app.new_report_draft();
    for (name, bytes) in files {
        let sealer = app.file_sealer(&draft);
        let name = (*name).to_owned();
        let bytes = bytes.clone();
        let attached =
            tokio::task::spawn_blocking(move || sealer.attach(&name, std::io::Cursor::new(bytes)))
                .await
                .unwrap()
                .unwrap();
        draft.files.push(attached);
    }
    let today = vigie_domain::time::paris_day(app.clock().now());
    let report = validate_report(form, &app.settings().areas, today, app.clock().unix()).unwrap();
    app.submit_report(draft, report).await.unwrap();
    vigie_testkit::all_reports(app).await[0].id
}

/// A PNG with a text chunk, and what it is once cleaned (the text chunk gone). `image_bytes` of
/// image data make it as large as needed.
pub(crate) fn png_pair(image_bytes: usize) -> (Vec<u8>, Vec<u8>) {
    let signature = [0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&1u32.to_be_bytes());
    ihdr.extend_from_slice(&1u32.to_be_bytes());
    ihdr.extend_from_slice(&[8, 6, 0, 0, 0]);
    let data: Vec<u8> = (0..image_bytes)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    let head = [signature.to_vec(), chunk(b"IHDR", &ihdr)].concat();
    let tail = [chunk(b"IDAT", &data), chunk(b"IEND", &[])].concat();
    let dirty = [
        head.clone(),
        chunk(b"tEXt", b"Author\0Leila from the 3rd floor"),
        tail.clone(),
    ]
    .concat();
    (dirty, [head, tail].concat())
}

pub(crate) fn rows(page: &str) -> usize {
    page.split_once("<tbody>")
        .map_or(0, |(_, body)| body.matches("<th scope=\"row\">").count())
}
