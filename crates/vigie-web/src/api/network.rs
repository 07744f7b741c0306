//! The network's figures (issue 14, item 3): where they come from, and their open data at
//! `/api/v1/reseau/figures.json` and `figures.csv`.
//!
//! On a hub, the members' newest editions as the hub verified and stored them (their signed
//! documents, exactly as signed), after the hub's own city when it publishes editions and does not
//! list itself. On an instance that is not a hub, the network is the city alone: its own newest
//! edition, so that `/reseau` shows what the city itself would bring to a network and says so.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use serde_json::json;
use vigie_observatory::network::{MemberInput, Network, Populations, to_csv, to_json};

use super::{ApiError, CACHE_LIST, RawPath, RawQuery, bytes_response, checked_query};
use crate::state::AppState;

/// What the hub holds of each member ([`vigie_app::hub::held_editions`]); empty: not a hub.
async fn held_editions(
    state: &AppState,
) -> Result<Vec<(vigie_app::hub::Member, Option<vigie_app::hub::Pulled>)>, vigie_app::AppError> {
    vigie_app::hub::held_editions(&state.app).await
}

/// The network's figures, and whether this instance is a hub.
pub(crate) async fn network(state: &AppState) -> Result<(Network, bool), vigie_app::AppError> {
    let mut populations = Populations::insee();
    if state.web.demo {
        for (code, population) in vigie_app::demo_network::FICTIONAL_POPULATIONS {
            populations = populations.with_fictional(code, *population);
        }
    }
    let held = held_editions(state).await?;
    let city = state.app.city().clone();
    let own = own_document(state).await?;
    let hub = !held.is_empty();
    // A hub that publishes editions of its own counts as a member too, unless it lists itself.
    let with_own = !hub || (own.is_some() && held.iter().all(|(m, _)| m.insee != city.insee));
    let mut inputs = Vec::with_capacity(held.len() + 1);
    if with_own {
        inputs.push(MemberInput::new(&city.name, &city.insee, own.as_deref()));
    }
    inputs.extend(held.iter().map(|(m, p)| {
        MemberInput::new(
            &m.name,
            &m.insee,
            p.as_ref().map(|p| &p.edition.document[..]),
        )
    }));
    Ok((Network::build(&inputs, &populations), hub))
}

/// The city's own newest edition, as the network reads a member's: its city-level figures.
async fn own_document(state: &AppState) -> Result<Option<Vec<u8>>, vigie_app::AppError> {
    let Some(e) = state.app.editions().await?.into_iter().next() else {
        return Ok(None);
    };
    Ok(state.app.edition(&e.id).await?.map(|snap| {
        serde_json::to_vec(&json!({
            "id": snap.id,
            "k": snap.k,
            "epsilon": snap.epsilon,
            "city_figures": super::editions::city_figures(&snap),
        }))
        .unwrap_or_default()
    }))
}

/// The network's figures: `figures.json` (the members, with their INSEE code, name, edition read, k
/// and INSEE population, then the rows) or `figures.csv` (the rows). A row is a member's figure of
/// a category and month, or the network's total (`insee` `network`).
#[utoipa::path(
    get,
    path = "/api/v1/reseau/{file}",
    tag = "network",
    params(("file" = String, Path, description = "`figures.json` or `figures.csv`", example = "figures.csv")),
    responses(
        (status = 200, description = "JSON `{kind, licence, population_source, members, withheld, rows}`, or CSV with the header `insee,city,category,period,count,suppressed,at_least,population,rate_per_10000,edition`. A row: `count` null when suppressed; `at_least`, for a network total with a suppressed part, the sum of the published ones; `rate_per_10000` from INSEE's legal population", body = Object, content_type = "application/json"),
        (status = 400, description = "A query parameter was given (none is accepted)", body = super::ApiErrorBody),
        (status = 404, description = "Another file name", body = super::ApiErrorBody),
    )
)]
pub(crate) async fn figures(
    State(state): State<AppState>,
    path: RawPath,
    query: RawQuery,
) -> Response {
    answer(&state, path, query)
        .await
        .unwrap_or_else(IntoResponse::into_response)
}

async fn answer(state: &AppState, path: RawPath, query: RawQuery) -> Result<Response, ApiError> {
    checked_query(query, &[])?;
    let csv = match path.as_ref().map(|p| p.0.as_str()) {
        Ok("figures.csv") => true,
        Ok("figures.json") => false,
        _ => return Err(super::not_found().await),
    };
    let (n, _) = network(state).await.map_err(|e| ApiError::internal(&e))?;
    Ok(if csv {
        bytes_response(
            to_csv(&n).into_bytes(),
            "text/csv; charset=utf-8",
            Some(CACHE_LIST),
        )
    } else {
        let body = serde_json::to_vec(&to_json(&n)).unwrap_or_default();
        bytes_response(body, "application/json", Some(CACHE_LIST))
    })
}
