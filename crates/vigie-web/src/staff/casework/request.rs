//! One help request (`/espace/accompagnement/demandes/{id}`): who asks and how soon, what they need
//! and wrote, how to reach them (the channel, the safe times, the code word: the team's eyes only),
//! the conversation, and the reply form.

use askama::Template;
use vigie_app::AppError;
use vigie_domain::ReportId;
use vigie_domain::help::{Channel, Need};

use super::{RequestDone, RequestForm, code_name, code_names, request_path};
use crate::staff::kit::{ItemPage, Landed, OrPage, PageResult, Post, Showing, done, field};
use crate::staff::reports::link::copied_lines;
use crate::staff::reports::page::{MessageLine, lines, message_lines};
use crate::staff::words::word;
use crate::staff::{StaffPage, staff_template};

/// How to reach the person, as shown to the team.
pub struct ContactShown {
    channel: String,
    contact: String,
    safe_times: String,
    code_word: String,
}

#[derive(Template)]
#[template(path = "staff/casework/request.html")]
struct RequestPage {
    page: StaffPage,
    action: String,
    open_file: String,
    asker: String,
    urgency: String,
    status: String,
    received_day: String,
    needs: String,
    message: Vec<String>,
    /// For a request transmitted from a report: the texts the person chose to share.
    copied: Vec<MessageLine>,
    only_follow_up: bool,
    contact: Option<ContactShown>,
    messages: Vec<MessageLine>,
    reply: String,
}

staff_template!(RequestPage);

/// `GET /espace/accompagnement/demandes/{id}`: decrypted for a caseworker of its team (audited).
pub async fn page(page: ItemPage<ReportId>) -> PageResult {
    show(page.showing::<RequestDone>(), page.id, String::new()).await
}

/// The page of help request `id` (decrypted: the app audits it), saying what `at` says, with
/// `reply` in the reply form.
async fn show(at: Showing<'_>, id: ReportId, reply: String) -> PageResult {
    let (state, lang) = (at.state, at.lang());
    let view = at
        .opened(async |app, who, secret| app.open_help_request(who, secret, id).await)
        .await?;
    let dir = state.app.staff_names().await.or_page(state, lang)?;
    let help = view
        .record
        .help
        .ok_or(AppError::NoReport)
        .or_page(state, lang)?;
    let heading = lang.t_args(
        "staff-help-request-heading",
        &[("number", view.record.number.to_string())],
    );
    let path = format!("/espace/accompagnement/demandes/{id}");
    let page = RequestPage {
        page: at.item_page::<RequestForm>((&id, &path), heading),
        action: request_path(lang, id, "/reponse"),
        open_file: lang.path(&format!(
            "/espace/accompagnement/dossiers/nouveau?demande={id}"
        )),
        asker: code_name(lang, "staff-help-asker", help.asker.as_str()),
        urgency: code_name(lang, "staff-help-urgency", help.urgency.as_str()),
        status: word(lang, view.record.status),
        received_day: view.record.received_day.clone(),
        needs: code_names(lang, "staff-help-need", &view.content.needs, Need::as_str),
        message: view
            .content
            .message
            .as_deref()
            .map(lines)
            .unwrap_or_default(),
        copied: copied_lines(lang, &view.content.copied),
        only_follow_up: view.content.channel == Channel::FollowUpOnly,
        contact: view.contact.map(|c| ContactShown {
            channel: code_name(lang, "staff-help-channel", c.channel.as_str()),
            contact: c.contact,
            safe_times: c.safe_times.unwrap_or_default(),
            code_word: c.code_word.unwrap_or_default(),
        }),
        messages: message_lines(lang, &dir, &view.messages),
        reply,
    };
    Ok(at.render(&page))
}

/// `POST /espace/accompagnement/demandes/{id}/reponse`: a message to the person, read with their
/// follow-up code.
pub async fn reply(post: Post<RequestForm>) -> PageResult {
    let (state, staff, id, form) = post.parts();
    let text = field(&form, "text");
    let secret = staff.session.secret().or_page(&state, staff.lang)?;
    match state
        .app
        .write(
            &staff.principal,
            &secret,
            id,
            text,
            vigie_app::reports::Writing::ReplyToAsker,
        )
        .await
    {
        Ok(()) => Ok(done(&request_path(staff.lang, id, ""), RequestDone::Reply)),
        Err(AppError::Invalid(_)) => {
            let refused = Showing::refused(&state, &staff, staff.lang.t("staff-help-error-reply"));
            // Kept to show again, cut to what the field accepts.
            let reply = text.chars().take(vigie_domain::report::MAX_TEXT_CHARS);
            show(refused, id, reply.collect()).await
        }
        Err(e) => Err(e).or_page(&state, staff.lang),
    }
}
