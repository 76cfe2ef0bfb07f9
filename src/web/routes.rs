//! What each address of the page does. Everything here runs on the web
//! server's thread.
//!
//! - `GET /`: the room code and the table (`/?table=red` chooses Red).
//! - `POST /join`: the code and the table; a right code sets the person's
//!   cookie and sends them to their table's page.
//! - `GET /table`: the table's page.
//! - `POST /barriers`, `POST /solutions`: add a barrier or a solution idea
//!   to the person's table, through the app's loop.
//! - `POST /dots`: gives one of the person's dots to an action, or takes
//!   one back.
//! - `POST /close`: the person's own answers to the closing questions,
//!   their rating of the session and a line on it.
//! - `POST /leave` forgets the person (to choose another table).
//! - `GET /events`: server-sent events, one `change` each time what the
//!   person's table's page shows has changed ([`super::PageView::shown_at`];
//!   changes closer together than a tenth of a second are told once).
//! - `GET /app.js`, `GET /style.css`: the page's script and style.
//!
//! Every post from a person goes through [`Posted`] first. While the
//! facilitator has closed the page, every page says so and every post is
//! refused.

use std::convert::Infallible;
use std::sync::Arc;
use std::time::Instant;

use axum::Router;
use axum::extract::rejection::QueryRejection;
use axum::extract::{ConnectInfo, DefaultBodyLimit, Form, FromRequest, FromRequestParts, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde::de::DeserializeOwned;
use tokio::net::TcpListener;

use super::door::{Door, Peer};
use super::page::{self, ANSWER_MAX_CHARS, BARRIER_MAX_CHARS, CODE_MAX_CHARS, COMMENT_MAX_CHARS, TablePage};
use super::people::PersonId;
use super::{ANSWER_WITHIN, BODY_MAX, KEEP_ALIVE, PhoneEvent, Reply, Shared};
use crate::domain::change::{Actor, Change, Item};
use crate::domain::room::Vote;
use crate::domain::sanitize;
use crate::domain::scenario::BarrierKind;
use crate::domain::session::{Barrier, RATING_MAX, Solution};
use crate::serve::lock;

/// The cookie that carries a person's token.
pub(crate) const COOKIE: &str = "roundtable";
/// What every response allows the browser to do: load this page's own
/// files and nothing else; no inline script or style, no plugins, no
/// framing, forms only back to this page.
pub(crate) const CONTENT_SECURITY_POLICY: &str =
    "default-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'; object-src 'none'";
/// Changes closer together than this reach an open page as one.
const EVENT_GAP: std::time::Duration = std::time::Duration::from_millis(100);

const APP_JS: &str = include_str!("assets/app.js");
const STYLE_CSS: &str = include_str!("assets/style.css");

/// Serves the page until `closed` says the room has closed.
pub(super) async fn serve(listener: TcpListener, shared: Arc<Shared>, mut closed: tokio::sync::watch::Receiver<bool>) {
    let presence = tokio::spawn(count_presence(shared.clone()));
    let service = router(shared.clone()).into_make_service_with_connect_info::<Peer>();
    let door = Door { listener, shared };
    tokio::select! {
        served = async { axum::serve(door, service).await } => {
            if let Err(e) = served {
                tracing::error!("the phones' page stopped: {e}");
            }
        }
        _ = closed.wait_for(|closed| *closed) => {}
    }
    presence.abort();
}

pub(crate) fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route("/", get(front))
        .route("/join", post(join))
        .route("/table", get(table))
        .route("/barriers", post(add_barrier))
        .route("/solutions", post(add_solution))
        .route("/dots", post(dots))
        .route("/close", post(close))
        .route("/leave", post(leave))
        .route("/events", get(events))
        .route("/app.js", get(|| async { asset("text/javascript; charset=utf-8", APP_JS) }))
        .route("/style.css", get(|| async { asset("text/css; charset=utf-8", STYLE_CSS) }))
        // Browsers ask for it unbidden: nothing, rather than a page of "not here".
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }))
        .fallback(|| async {
            (StatusCode::NOT_FOUND, page_html(&page::message("Not here", "This page does not exist.")))
        })
        .layer(DefaultBodyLimit::max(BODY_MAX))
        .layer(axum::middleware::map_response(with_safety_headers))
        .with_state(shared)
}

/// The headers every response carries, whatever it is.
async fn with_safety_headers(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CONTENT_SECURITY_POLICY, HeaderValue::from_static(CONTENT_SECURITY_POLICY));
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    // Pages are one person's: never kept by the browser or anything between.
    headers.entry(header::CACHE_CONTROL).or_insert(HeaderValue::from_static("no-store"));
    response
}

fn asset(content_type: &'static str, text: &'static str) -> Response {
    ([(header::CONTENT_TYPE, content_type), (header::CACHE_CONTROL, "no-cache")], text).into_response()
}

fn page_html(markup: &maud::Markup) -> Html<String> {
    Html(markup.clone().into_string())
}

fn see_other(to: &'static str) -> Response {
    (StatusCode::SEE_OTHER, [(header::LOCATION, to)]).into_response()
}

fn refused(status: StatusCode, title: &str, text: &str) -> Response {
    (status, page_html(&page::message(title, text))).into_response()
}

fn too_fast() -> Response {
    let mut response = refused(
        StatusCode::TOO_MANY_REQUESTS,
        "A moment, please",
        "That was a lot at once: wait a few seconds and try again.",
    );
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("10"));
    response
}

fn shut_out() -> Response {
    let mut response = refused(
        StatusCode::TOO_MANY_REQUESTS,
        "Wait a minute",
        "Too many wrong room codes came from this network address, so it is shut out for a minute. Check the code on the facilitator's screen, then try again.",
    );
    response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from_static("60"));
    response
}

fn cookie(token: &str) -> String {
    format!("{COOKIE}={token}; HttpOnly; SameSite=Strict; Path=/")
}

fn cleared_cookie() -> String {
    format!("{COOKIE}=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0")
}

/// The person's token from the request's cookies, if it has one.
fn token_of(headers: &HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|value| value.to_str().ok())
        .flat_map(|value| value.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == COOKIE && !value.is_empty()).then(|| value.to_string())
        })
}

/// Why a post looks as if another site sent it, if it does: a browser
/// says where a post comes from, and a page on another site cannot make it
/// say otherwise. `Sec-Fetch-Site`, where it is sent, says it all.
/// Otherwise `Origin` must be this page's, unless it is `null`: a page
/// whose referrer policy is `no-referrer` (this one) posts its own forms
/// with `Origin: null`, so null says nothing. Where neither tells (an old
/// browser), the form's token alone decides.
pub(crate) fn cross_site(headers: &HeaderMap) -> Option<&'static str> {
    if let Some(site) = headers.get("sec-fetch-site") {
        let ours = matches!(site.to_str(), Ok("same-origin" | "none"));
        return (!ours).then_some("it came from another site");
    }
    let origin = headers.get(header::ORIGIN).map(|o| o.to_str().unwrap_or_default());
    if let Some(origin) = origin.filter(|o| *o != "null") {
        let host = headers.get(header::HOST).and_then(|h| h.to_str().ok());
        if !host.is_some_and(|host| origin.eq_ignore_ascii_case(&format!("http://{host}"))) {
            return Some("it came from another site");
        }
    }
    None
}

/// A person who has joined, as a request names them.
struct Who {
    token: String,
    id: PersonId,
    group: u32,
    form_token: String,
    /// What became of their last post (taken: it is shown once).
    notice: Option<String>,
}

impl Who {
    /// The person, as the session's permission table knows them.
    fn actor(&self) -> Actor {
        Actor::Person { group: self.group, person: self.id }
    }
}

fn who(shared: &Shared, headers: &HeaderMap, take_notice: bool) -> Option<Who> {
    let token = token_of(headers)?;
    let mut people = lock(&shared.people);
    let person = people.find(&token, Instant::now())?;
    let notice = if take_notice { person.notice.take() } else { None };
    Some(Who { id: person.id, group: person.group, form_token: person.form_token.clone(), notice, token })
}

/// Why a post was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum PostRefused {
    /// Its `Origin` or `Sec-Fetch-Site` says another site sent it.
    CrossSite,
    /// It carries no cookie of a person who has joined.
    NotJoined,
    /// Its form's token is not the person's.
    WrongFormToken,
    /// The person or their address is posting too fast.
    TooFast,
    /// The facilitator has closed the page.
    Closed,
}

impl IntoResponse for PostRefused {
    fn into_response(self) -> Response {
        match self {
            PostRefused::CrossSite => {
                refused(StatusCode::FORBIDDEN, "Refused", "This form did not come from the room's page.")
            }
            PostRefused::NotJoined => refused(
                StatusCode::FORBIDDEN,
                "Join the room first",
                "This page is for people who have given the room code.",
            ),
            PostRefused::WrongFormToken => refused(
                StatusCode::FORBIDDEN,
                "Refused",
                "This form is out of date or did not come from the room's page: go back, reload it and try again.",
            ),
            PostRefused::TooFast => too_fast(),
            PostRefused::Closed => refused(
                StatusCode::SERVICE_UNAVAILABLE,
                "The page is closed for now",
                "The facilitator has closed the phones' page, so nothing was sent. Try again when it opens.",
            ),
        }
    }
}

/// A post from a person who has joined: from this page (not another
/// site's), with their form's token, and not too fast.
fn poster(shared: &Shared, headers: &HeaderMap, form_token: &str, peer: Peer) -> Result<Who, PostRefused> {
    if let Some(why) = cross_site(headers) {
        tracing::info!("refused a post to the phones' page from {}: {why}", peer.0);
        return Err(PostRefused::CrossSite);
    }
    let who = who(shared, headers, false).ok_or(PostRefused::NotJoined)?;
    if shared.view.borrow().closed {
        return Err(PostRefused::Closed);
    }
    let now = Instant::now();
    let (token_matches, may_post) = {
        let mut people = lock(&shared.people);
        match people.find(&who.token, now) {
            Some(person) if person.form_token_matches(form_token) => (true, person.may_post(now)),
            _ => (false, false),
        }
    };
    if !token_matches {
        tracing::info!("refused a post to the phones' page from {}: its form token was wrong", peer.0);
        return Err(PostRefused::WrongFormToken);
    }
    if !may_post || !lock(&shared.posts).take(peer.0.ip(), now) {
        return Err(PostRefused::TooFast);
    }
    Ok(who)
}

/// A form that carries the person's form token.
trait Tokened {
    fn form_token(&self) -> &str;
}

impl Tokened for BarrierForm {
    fn form_token(&self) -> &str {
        &self.form_token
    }
}

impl Tokened for SolutionForm {
    fn form_token(&self) -> &str {
        &self.form_token
    }
}

impl Tokened for DotForm {
    fn form_token(&self) -> &str {
        &self.form_token
    }
}

impl Tokened for CloseForm {
    fn form_token(&self) -> &str {
        &self.form_token
    }
}

impl Tokened for LeaveForm {
    fn form_token(&self) -> &str {
        &self.form_token
    }
}

/// A post from a person who has joined, and its form: from this page (not
/// another site's), with their form's token, and not too fast (see
/// [`poster`]). Anything else is answered before the handler runs.
struct Posted<F>(Who, F);

impl<F> FromRequest<Arc<Shared>> for Posted<F>
where
    F: DeserializeOwned + Tokened + Send,
{
    type Rejection = Response;

    async fn from_request(request: Request, shared: &Arc<Shared>) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        let ConnectInfo(peer) =
            ConnectInfo::<Peer>::from_request_parts(&mut parts, shared).await.map_err(IntoResponse::into_response)?;
        let headers = parts.headers.clone();
        let Form(form) = Form::<F>::from_request(Request::from_parts(parts, body), shared)
            .await
            .map_err(IntoResponse::into_response)?;
        let who = poster(shared, &headers, form.form_token(), peer).map_err(IntoResponse::into_response)?;
        Ok(Posted(who, form))
    }
}

/// Leaves a line for the person's next page.
fn tell(shared: &Shared, token: &str, notice: String) {
    if let Some(person) = lock(&shared.people).find(token, Instant::now()) {
        person.notice = Some(notice);
    }
}

#[derive(Debug, Deserialize)]
struct FrontQuery {
    table: Option<String>,
}

async fn front(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    query: Result<Query<FrontQuery>, QueryRejection>,
) -> Response {
    if who(&shared, &headers, false).is_some() {
        return see_other("/table");
    }
    let view = shared.view.borrow().clone();
    if view.closed {
        return page_html(&page::closed(&view)).into_response();
    }
    let chosen = query.ok().and_then(|Query(q)| q.table).and_then(|name| view.table_named(&name).map(|t| t.id));
    page_html(&page::join(&view, chosen, None)).into_response()
}

#[derive(Debug, Deserialize)]
struct JoinForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    table: String,
}

async fn join(
    State(shared): State<Arc<Shared>>,
    ConnectInfo(peer): ConnectInfo<Peer>,
    headers: HeaderMap,
    Form(form): Form<JoinForm>,
) -> Response {
    let ip = peer.0.ip();
    if let Some(why) = cross_site(&headers) {
        tracing::info!("refused a join from {ip}: {why}");
        return refused(StatusCode::FORBIDDEN, "Refused", "This form did not come from the room's page.");
    }
    if shared.lockouts.is_shut_out(ip) {
        return shut_out();
    }
    if !lock(&shared.posts).take(ip, Instant::now()) {
        return too_fast();
    }
    let view = shared.view.borrow().clone();
    if view.closed {
        return PostRefused::Closed.into_response();
    }
    let chosen = view.table_named(&form.table).map(|t| t.id);
    let typed: String = form.code.chars().take(CODE_MAX_CHARS).collect();
    if !shared.code.matches(&typed) {
        let shut = shared.lockouts.wrong_code(ip);
        // Every wrong code waits as long, to slow guessing.
        tokio::time::sleep(shared.reject_delay).await;
        if shut {
            tracing::warn!("shut out {ip} for a while: too many wrong room codes on the phones' page");
            return shut_out();
        }
        let problem = "That is not the room's code: check it on the facilitator's screen and try again.";
        return (StatusCode::FORBIDDEN, page_html(&page::join(&view, chosen, Some(problem)))).into_response();
    }
    let Some(table) = chosen.and_then(|id| view.table(id)) else {
        let problem = "Choose your table from the list.";
        return (StatusCode::BAD_REQUEST, page_html(&page::join(&view, None, Some(problem)))).into_response();
    };
    let joined = lock(&shared.people).join(table.id, Instant::now());
    match joined {
        Ok(token) => {
            tracing::info!("someone joined {} from {ip} on the phones' page", table.name);
            shared.presence_changed();
            let mut response = see_other("/table");
            if let Ok(value) = HeaderValue::from_str(&cookie(&token)) {
                response.headers_mut().insert(header::SET_COOKIE, value);
            }
            response
        }
        Err(e) => {
            tracing::error!("could not let a person in: {e:?}");
            refused(StatusCode::SERVICE_UNAVAILABLE, "Not now", "The room cannot let anyone in just now.")
        }
    }
}

#[derive(Debug, Deserialize)]
struct TableQuery {
    /// Set by the page's script when it fetches the page for its live
    /// parts: the person's notice is left for the page they load next.
    live: Option<String>,
}

async fn table(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    query: Result<Query<TableQuery>, QueryRejection>,
) -> Response {
    let live = query.is_ok_and(|Query(q)| q.live.is_some());
    let Some(who) = who(&shared, &headers, !live) else { return see_other("/") };
    let view = shared.view.borrow().clone();
    if view.closed {
        return page_html(&page::closed(&view)).into_response();
    }
    let Some(table) = view.table(who.group) else {
        // The facilitator removed the table: the person chooses another.
        lock(&shared.people).leave(&who.token);
        shared.presence_changed();
        let problem = "Your table is no longer in the room: choose another.";
        let mut response = page_html(&page::join(&view, None, Some(problem))).into_response();
        if let Ok(value) = HeaderValue::from_str(&cleared_cookie()) {
            response.headers_mut().insert(header::SET_COOKIE, value);
        }
        return response;
    };
    let page = TablePage {
        view: &view,
        table,
        person: who.id,
        form_token: &who.form_token,
        notice: who.notice.as_deref(),
        now: crate::clock::now_unix(),
    };
    page_html(&page::table(&page)).into_response()
}

#[derive(Debug, Deserialize)]
struct BarrierForm {
    #[serde(default)]
    form_token: String,
    #[serde(default)]
    text: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    severity: String,
}

/// Text a phone sent, as the session keeps it: one line, hidden
/// characters dropped (the domain's rule), cut to `most` characters.
pub(crate) fn one_line(sent: &str, most: usize) -> String {
    sanitize::clean(sent).trim().chars().take(most).collect::<String>().trim_end().to_string()
}

async fn add_barrier(State(shared): State<Arc<Shared>>, Posted(who, form): Posted<BarrierForm>) -> Response {
    let text = one_line(&form.text, BARRIER_MAX_CHARS);
    if text.is_empty() {
        return back_with(&shared, &who, "Write the barrier first, then add it.".into());
    }
    let kind = if form.kind == BarrierKind::Organisational.label() {
        BarrierKind::Organisational
    } else {
        BarrierKind::Environmental
    };
    let severity = form.severity.trim().parse::<u8>().unwrap_or(3).clamp(1, 5);
    let barrier = Barrier { text: text.clone(), kind, severity, ..Barrier::default() };
    let change = Change::Add { group: who.group, item: Item::Barrier(barrier) };
    carry_out(&shared, &who, change, format!("Added to your table's list: \u{201c}{text}\u{201d}")).await
}

/// A solution idea, with a box ticked for each of the table's barriers it
/// answers (`answers12` for barrier 12).
#[derive(Debug, Deserialize)]
struct SolutionForm {
    #[serde(default)]
    form_token: String,
    #[serde(default)]
    text: String,
    #[serde(flatten)]
    ticked: std::collections::HashMap<String, String>,
}

async fn add_solution(State(shared): State<Arc<Shared>>, Posted(who, form): Posted<SolutionForm>) -> Response {
    let text = one_line(&form.text, BARRIER_MAX_CHARS);
    if text.is_empty() {
        return back_with(&shared, &who, "Write the idea first, then add it.".into());
    }
    // Only the table's own barriers, each once, whatever was sent.
    let view = shared.view.borrow().clone();
    let barriers: Vec<u32> = view.table(who.group).map_or_else(Vec::new, |table| {
        table.barriers.iter().map(|b| b.id).filter(|id| form.ticked.contains_key(&format!("answers{id}"))).collect()
    });
    let solution = Solution { text: text.clone(), barriers, ..Solution::default() };
    let change = Change::Add { group: who.group, item: Item::Solution(solution) };
    carry_out(&shared, &who, change, format!("Added to your table's ideas: \u{201c}{text}\u{201d}")).await
}

#[derive(Debug, Deserialize)]
struct DotForm {
    #[serde(default)]
    form_token: String,
    /// The button pressed: `give GROUP ACTION` or `take GROUP ACTION`
    /// ([`page::dot_value`]).
    #[serde(default)]
    dot: String,
}

/// What a dot's button asked: give (true) or take back, and the action
/// (group id, action id).
fn dot_asked(sent: &str) -> Option<(bool, u32, u32)> {
    let mut words = sent.split_whitespace();
    let give = match words.next()? {
        "give" => true,
        "take" => false,
        _ => return None,
    };
    let group = words.next()?.parse().ok()?;
    let action = words.next()?.parse().ok()?;
    words.next().is_none().then_some((give, group, action))
}

async fn dots(State(shared): State<Arc<Shared>>, Posted(who, form): Posted<DotForm>) -> Response {
    let Some((give, group, action)) = dot_asked(&form.dot) else {
        return back_with(&shared, &who, "That dot did not name an action: reload the page and try again.".into());
    };
    let vote = Vote { from: who.group, group, action, person: Some(who.id) };
    if give {
        carry_out(&shared, &who, Change::GiveDot(vote), "Your dot is given.".into()).await
    } else {
        carry_out(&shared, &who, Change::TakeDot(vote), "Your dot is taken back.".into()).await
    }
}

/// The close's form: an answer to each closing question (`answer0`,
/// `answer1`, ...), a rating and a line.
#[derive(Debug, Deserialize)]
struct CloseForm {
    #[serde(default)]
    form_token: String,
    #[serde(default)]
    rating: String,
    #[serde(default)]
    comment: String,
    #[serde(flatten)]
    answers: std::collections::HashMap<String, String>,
}

async fn close(State(shared): State<Arc<Shared>>, Posted(who, form): Posted<CloseForm>) -> Response {
    let view = shared.view.borrow().clone();
    let mine = view.person(who.id);
    let (group, person) = (who.group, who.id);
    let mut changes = Vec::new();
    for (question, _) in view.closing_questions.iter().enumerate() {
        let sent = form.answers.get(&format!("answer{question}")).map_or("", String::as_str);
        let answer = one_line(sent, ANSWER_MAX_CHARS);
        if mine.answers.get(question).map_or("", String::as_str) != answer {
            changes.push(Change::PersonAnswer { group, person, question, answer });
        }
    }
    let rating = form.rating.trim().parse::<u8>().ok().filter(|r| (1..=RATING_MAX).contains(r));
    let comment = one_line(&form.comment, COMMENT_MAX_CHARS);
    if rating != mine.rating || comment != mine.comment {
        changes.push(Change::Rate { group, person, rating, comment });
    }
    let mut notice = if changes.is_empty() {
        "Nothing new to send: what you wrote is with the facilitator.".to_string()
    } else {
        "Thank you: what you wrote is with the facilitator.".to_string()
    };
    for change in changes {
        if let Err(why) = ask_the_room(&shared, who.actor(), change).await {
            notice = why;
            break;
        }
    }
    back_with(&shared, &who, notice)
}

/// Asks the room to make a person's change, and sends them back to their
/// page with a line saying what became of it (`done`, if it was made).
async fn carry_out(shared: &Shared, who: &Who, change: Change, done: String) -> Response {
    let notice = match ask_the_room(shared, who.actor(), change).await {
        Ok(_) => done,
        Err(why) => sentence(&why),
    };
    back_with(shared, who, notice)
}

/// A refusal as a sentence on its own: a capital letter first (some are
/// written to follow a name on the facilitator's status line).
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| first.to_uppercase().chain(chars).collect())
}

/// Sends a person back to their page, with a line for it to show once.
fn back_with(shared: &Shared, who: &Who, notice: String) -> Response {
    tell(shared, &who.token, notice);
    see_other("/table")
}

/// Sends a change to the app's loop and waits for its answer.
async fn ask_the_room(shared: &Shared, by: Actor, change: Change) -> Result<String, String> {
    let (reply, answer) = Reply::new();
    if shared.events.send(PhoneEvent::Change { by, change: Box::new(change), reply }).is_err() {
        return Err("The room has closed.".into());
    }
    match tokio::time::timeout(ANSWER_WITHIN, answer).await {
        Ok(Ok(answer)) => answer,
        _ => {
            Err("The room is busy: what you added may still arrive, so look at the list before adding it again.".into())
        }
    }
}

#[derive(Debug, Deserialize)]
struct LeaveForm {
    #[serde(default)]
    form_token: String,
}

async fn leave(State(shared): State<Arc<Shared>>, Posted(who, _): Posted<LeaveForm>) -> Response {
    lock(&shared.people).leave(&who.token);
    shared.presence_changed();
    let mut response = see_other("/");
    if let Ok(value) = HeaderValue::from_str(&cleared_cookie()) {
        response.headers_mut().insert(header::SET_COOKIE, value);
    }
    response
}

#[derive(Debug, Deserialize)]
struct EventsQuery {
    /// The version of the view the page was drawn from.
    since: Option<u64>,
}

/// Where a live-update stream is: the room's views, what the person's
/// table's page last showed of them, and when it was last told.
struct Stream {
    updates: tokio::sync::watch::Receiver<Arc<super::PageView>>,
    /// Held for its drop: the person is counted out when the stream ends.
    _streaming: Streaming,
    group: u32,
    shown: u64,
    behind: bool,
    last: Option<tokio::time::Instant>,
}

/// A live-update stream, counted out (and the person's presence with it)
/// when the phone goes.
struct Streaming {
    shared: Arc<Shared>,
    token: String,
}

impl Drop for Streaming {
    fn drop(&mut self) {
        lock(&self.shared.people).close_stream(&self.token, Instant::now());
        self.shared.presence_changed();
    }
}

async fn events(
    State(shared): State<Arc<Shared>>,
    headers: HeaderMap,
    query: Result<Query<EventsQuery>, QueryRejection>,
) -> Response {
    let Some(who) = who(&shared, &headers, false) else {
        return refused(StatusCode::FORBIDDEN, "Join the room first", "Live updates are for people at a table.");
    };
    if !lock(&shared.people).open_stream(&who.token, Instant::now()) {
        return too_fast();
    }
    shared.presence_changed();
    let since = query.ok().and_then(|Query(q)| q.since);
    let mut updates = shared.view.subscribe();
    let (version, shown) = {
        let view = updates.borrow_and_update();
        (view.version, view.shown_at(who.group))
    };
    // A page drawn from an older view is told at once.
    let behind = since.is_some_and(|since| since != version);
    let streaming = Streaming { shared: shared.clone(), token: who.token };
    let state = Stream { updates, _streaming: streaming, group: who.group, shown, behind, last: None };
    let stream = futures_util::stream::unfold(state, |mut state| async move {
        if !state.behind {
            if let Some(last) = state.last {
                tokio::time::sleep_until(last + EVENT_GAP).await;
            }
            // Only a change that this table's page shows wakes it: a
            // barrier at another table does not send forty phones to
            // fetch their pages.
            loop {
                state.updates.changed().await.ok()?;
                let shown = state.updates.borrow_and_update().shown_at(state.group);
                if shown != state.shown {
                    state.shown = shown;
                    break;
                }
            }
        }
        let version = state.updates.borrow_and_update().version;
        let event = Event::default().event("change").data(version.to_string());
        state.behind = false;
        state.last = Some(tokio::time::Instant::now());
        Some((Ok::<Event, Infallible>(event), state))
    });
    Sse::new(stream).keep_alive(KeepAlive::new().interval(KEEP_ALIVE)).into_response()
}

/// Tells the app when someone stops counting as on the page: wakes only
/// at the next such moment, or when someone joins, leaves or opens or
/// closes a page.
async fn count_presence(shared: Arc<Shared>) {
    loop {
        let next = lock(&shared.people).next_departure(Instant::now());
        match next {
            Some(at) => {
                let at = tokio::time::Instant::from_std(at) + std::time::Duration::from_secs(1);
                tokio::select! {
                    () = tokio::time::sleep_until(at) => shared.tell_presence(),
                    () = shared.presence.notified() => {}
                }
            }
            None => shared.presence.notified().await,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(&'static str, &str)]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for (name, value) in pairs {
            headers.append(*name, HeaderValue::from_str(value).unwrap());
        }
        headers
    }

    #[test]
    fn a_post_from_this_page_or_an_old_browser_is_not_cross_site() {
        assert_eq!(cross_site(&headers(&[])), None);
        assert_eq!(cross_site(&headers(&[("host", "10.0.0.5:8080"), ("origin", "http://10.0.0.5:8080")])), None);
        assert_eq!(cross_site(&headers(&[("sec-fetch-site", "same-origin")])), None);
        assert_eq!(cross_site(&headers(&[("sec-fetch-site", "none")])), None);
        // What Chromium sends for this page's own form, under no-referrer.
        let own = headers(&[("host", "10.0.0.5:8080"), ("origin", "null"), ("sec-fetch-site", "same-origin")]);
        assert_eq!(cross_site(&own), None);
        assert_eq!(cross_site(&headers(&[("origin", "null")])), None, "null says nothing");
    }

    #[test]
    fn a_post_from_another_site_is_cross_site() {
        assert!(cross_site(&headers(&[("host", "10.0.0.5:8080"), ("origin", "http://evil.example")])).is_some());
        assert!(cross_site(&headers(&[("origin", "http://10.0.0.5:8080")])).is_some(), "no host to compare");
        assert!(cross_site(&headers(&[("sec-fetch-site", "cross-site")])).is_some());
        assert!(cross_site(&headers(&[("sec-fetch-site", "same-site")])).is_some());
        // A sandboxed frame on another site posts with Origin: null.
        assert!(cross_site(&headers(&[("origin", "null"), ("sec-fetch-site", "cross-site")])).is_some());
    }

    #[test]
    fn the_token_is_read_from_among_other_cookies() {
        assert_eq!(token_of(&headers(&[("cookie", "a=1; roundtable=abc; b=2")])), Some("abc".into()));
        assert_eq!(token_of(&headers(&[("cookie", "a=1"), ("cookie", "roundtable=xyz")])), Some("xyz".into()));
        assert_eq!(token_of(&headers(&[("cookie", "roundtable=")])), None);
        assert_eq!(token_of(&headers(&[("cookie", "myroundtable=abc")])), None);
        assert_eq!(token_of(&headers(&[])), None);
    }

    #[test]
    fn the_cookie_is_http_only_same_site_strict_for_the_whole_page() {
        let set = cookie("abc");
        assert!(set.starts_with("roundtable=abc;"));
        for part in ["HttpOnly", "SameSite=Strict", "Path=/"] {
            assert!(set.contains(part), "{set}");
        }
    }

    #[test]
    fn a_dots_button_names_what_it_does_and_to_which_action() {
        assert_eq!(dot_asked(&page::dot_value(true, 2, 5)), Some((true, 2, 5)));
        assert_eq!(dot_asked(&page::dot_value(false, 12, 40)), Some((false, 12, 40)));
        for forged in ["", "give", "give 2", "give x 5", "grab 2 5", "give 2 5 6", "give -1 5"] {
            assert_eq!(dot_asked(forged), None, "{forged:?}");
        }
    }

    #[test]
    fn text_from_a_phone_is_one_clean_line_cut_to_the_limit() {
        let most = BARRIER_MAX_CHARS;
        assert_eq!(one_line("  No shared\ndata\u{202E}  ", most), "No shared data");
        assert_eq!(one_line("\x1b[31mred", most), "[31mred");
        assert_eq!(one_line(&"x".repeat(most * 2), most).chars().count(), most);
        assert_eq!(one_line(" \u{200B} ", most), "");
    }
}
