//! `give-and-take lsp`: a Language Server Protocol server on stdin/stdout for scenario
//! files. Diagnostics as you type (the codes, ranges and help of `check`, with its value
//! analysis in the background), completion of ids and of effect and condition kinds, go to
//! definition, references, rename, hover (what an effect does to the ledger, what a
//! condition reads, how likely an outcome is), the outline and quick fixes.
//!
//! Threads: a reader and a writer ([`transport`]), the main loop (every request is
//! answered here, from the document's text and its last version without errors), and two
//! workers for the checks ([`check`]). Positions are UTF-16 ([`lines`]).

mod check;
mod features;
mod hover;
mod lines;
mod syntax;
mod transport;

use check::{Cmd, Diag, Event, Job};
use crossbeam_channel::{Receiver, Sender, bounded, select, unbounded};
use features::What;
use lines::LineIndex;
use lsp_server::{ErrorCode, ExtractError, Message, Notification, Request, Response};
use lsp_types::notification::{self as note, Notification as _};
use lsp_types::request::{self as req, Request as _};
use lsp_types::{
    CodeAction, CodeActionKind, CodeActionOrCommand, CodeActionProviderCapability, CompletionItem,
    CompletionItemKind, CompletionOptions, CompletionResponse, CompletionTextEdit, DocumentSymbol,
    DocumentSymbolResponse, GotoDefinitionResponse, Hover, HoverContents, HoverProviderCapability,
    InitializeResult, InsertTextFormat, Location, LogMessageParams, MarkupContent, MarkupKind,
    MessageType, OneOf, Position, PositionEncodingKind, PrepareRenameResponse,
    PublishDiagnosticsParams, Range, RenameOptions, ServerCapabilities, ServerInfo, SymbolKind,
    TextDocumentSyncCapability, TextDocumentSyncKind, TextEdit, Uri, WorkDoneProgressOptions,
    WorkspaceEdit,
};
use std::cell::OnceCell;
use std::collections::HashMap;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::process::ExitCode;
use std::sync::Arc;
use std::time::Duration;
use story::{Analysis, AnalysisOptions, Story};
use syntax::{IdKind, Span, Tree};

#[derive(clap::Args, Debug)]
pub struct Args {
    /// Talk over stdin and stdout (the only transport; accepted because editors pass it).
    #[arg(long)]
    stdio: bool,
}

/// The bound of the analysis behind an outcome's hover (`analyze` uses 5,000,000).
const HOVER_MAX_STATES: usize = 20_000;
/// Larger documents get diagnostics only: no completion, navigation or hover.
const FEATURES_MAX_BYTES: usize = 16 << 20;

pub fn run(args: Args) -> ExitCode {
    let _ = args.stdio;
    let (incoming, out) = transport::stdio();
    let (events_tx, events) = unbounded();
    let (checker, _) = check::spawn("lsp-check", events_tx.clone(), check::check);
    let (valuer, _) = check::spawn("lsp-values", events_tx, check::values);
    let mut server = Server {
        out,
        checker,
        valuer,
        docs: HashMap::new(),
        initialized: false,
        shutdown: false,
        snippets: false,
    };
    let code = server.main_loop(&incoming, &events);
    server.flush();
    ExitCode::from(code)
}

/// An open document.
struct Doc {
    version: i32,
    text: Arc<String>,
    lines: LineIndex,
    tree: OnceCell<Tree>,
    /// What the check worker found for `checked_version`.
    checked: Vec<Diag>,
    checked_version: Option<i32>,
    /// What the value analysis found for `checked_version`.
    values: Vec<Diag>,
    /// The last version without errors.
    good: Option<(i32, Arc<Story>)>,
    /// The analysis of `good` (by its version) for the outcome hover.
    analysis: Option<(i32, Arc<Analysis>)>,
}

impl Doc {
    fn new(version: i32, text: String) -> Doc {
        Doc {
            version,
            lines: LineIndex::new(&text),
            text: Arc::new(text),
            tree: OnceCell::new(),
            checked: Vec::new(),
            checked_version: None,
            values: Vec::new(),
            good: None,
            analysis: None,
        }
    }

    fn tree(&self) -> &Tree {
        self.tree.get_or_init(|| {
            if self.text.len() > FEATURES_MAX_BYTES {
                Tree::parse("")
            } else {
                Tree::parse(&self.text)
            }
        })
    }

    fn offset(&self, pos: Position) -> usize {
        self.lines.offset(&self.text, pos)
    }

    fn range(&self, span: Span) -> Range {
        self.lines.range(&self.text, span)
    }

    fn story(&self) -> Option<&Story> {
        self.good.as_ref().map(|(_, s)| &**s)
    }
}

struct Server {
    out: Sender<transport::Out>,
    checker: Sender<Cmd>,
    valuer: Sender<Cmd>,
    docs: HashMap<Uri, Doc>,
    initialized: bool,
    shutdown: bool,
    /// The client inserts snippets (`$1` placeholders).
    snippets: bool,
}

type Answer<T> = Result<T, String>;

impl Server {
    /// Runs until `exit` (0 after `shutdown`, 1 without) or the end of input.
    fn main_loop(&mut self, incoming: &Receiver<Message>, events: &Receiver<Event>) -> u8 {
        loop {
            select! {
                recv(incoming) -> msg => match msg {
                    Ok(msg) => {
                        if let Some(code) = self.on_message(msg) {
                            return code;
                        }
                    }
                    Err(_) => return if self.shutdown { 0 } else { 1 },
                },
                recv(events) -> ev => {
                    if let Ok(ev) = ev {
                        self.on_event(ev);
                    }
                }
            }
        }
    }

    fn send(&self, msg: Message) {
        let _ = self.out.send(transport::Out::Frame(transport::frame(&msg)));
    }

    /// Waits (a little) until everything sent is written.
    fn flush(&self) {
        let (tx, rx) = bounded(1);
        if self.out.send(transport::Out::Flush(tx)).is_ok() {
            let _ = rx.recv_timeout(Duration::from_secs(2));
        }
    }

    fn notify<N: lsp_types::notification::Notification>(&self, params: N::Params) {
        self.send(Notification::new(N::METHOD.to_string(), params).into());
    }

    fn on_message(&mut self, msg: Message) -> Option<u8> {
        match msg {
            Message::Request(r) => {
                let id = r.id.clone();
                let resp =
                    catch_unwind(AssertUnwindSafe(|| self.on_request(r))).unwrap_or_else(|_| {
                        Response::new_err(
                            id,
                            ErrorCode::InternalError as i32,
                            "internal error (please report it)".into(),
                        )
                    });
                self.send(resp.into());
                None
            }
            Message::Notification(n) => {
                if n.method == note::Exit::METHOD {
                    return Some(if self.shutdown { 0 } else { 1 });
                }
                if self.initialized && !self.shutdown {
                    let method = n.method.clone();
                    if catch_unwind(AssertUnwindSafe(|| self.on_notification(n))).is_err() {
                        eprintln!("give-and-take lsp: internal error handling `{method}`");
                    }
                }
                None
            }
            // We send no requests, so there is nothing to do with a response.
            Message::Response(_) => None,
        }
    }

    fn on_request(&mut self, r: Request) -> Response {
        let err = |r: &Request, code: ErrorCode, msg: &str| {
            Response::new_err(r.id.clone(), code as i32, msg.to_string())
        };
        if r.method == req::Initialize::METHOD {
            if self.initialized {
                return err(&r, ErrorCode::InvalidRequest, "already initialized");
            }
            self.initialized = true;
            self.snippets = r
                .params
                .pointer("/capabilities/textDocument/completion/completionItem/snippetSupport")
                .and_then(serde_json::Value::as_bool)
                .unwrap_or(false);
            return Response::new_ok(r.id, initialize_result());
        }
        if !self.initialized {
            return err(
                &r,
                ErrorCode::ServerNotInitialized,
                "expected `initialize` first",
            );
        }
        if self.shutdown {
            return err(&r, ErrorCode::InvalidRequest, "the server is shutting down");
        }
        match r.method.as_str() {
            req::Shutdown::METHOD => {
                self.shutdown = true;
                Response::new_ok(r.id, ())
            }
            req::Completion::METHOD => self.answer::<req::Completion>(r, Self::completion),
            req::HoverRequest::METHOD => self.answer::<req::HoverRequest>(r, Self::hover),
            req::GotoDefinition::METHOD => self.answer::<req::GotoDefinition>(r, Self::definition),
            req::References::METHOD => self.answer::<req::References>(r, Self::references),
            req::PrepareRenameRequest::METHOD => {
                self.answer::<req::PrepareRenameRequest>(r, Self::prepare_rename)
            }
            req::Rename::METHOD => self.answer::<req::Rename>(r, Self::rename),
            req::DocumentSymbolRequest::METHOD => {
                self.answer::<req::DocumentSymbolRequest>(r, Self::symbols)
            }
            req::CodeActionRequest::METHOD => {
                self.answer::<req::CodeActionRequest>(r, Self::code_actions)
            }
            _ => err(
                &r,
                ErrorCode::MethodNotFound,
                &format!("unknown method `{}`", r.method),
            ),
        }
    }

    /// Decodes a request's parameters, runs the handler and wraps what it answers.
    fn answer<R: lsp_types::request::Request>(
        &mut self,
        r: Request,
        handler: fn(&mut Self, R::Params) -> Answer<R::Result>,
    ) -> Response {
        let id = r.id.clone();
        match r.extract::<R::Params>(R::METHOD) {
            Ok((id, params)) => match handler(self, params) {
                Ok(result) => match serde_json::to_value(result) {
                    Ok(v) => Response {
                        id,
                        response_result: Ok(v),
                    },
                    Err(e) => Response::new_err(id, ErrorCode::InternalError as i32, e.to_string()),
                },
                Err(msg) => Response::new_err(id, ErrorCode::RequestFailed as i32, msg),
            },
            Err(ExtractError::JsonError { error, .. }) => Response::new_err(
                id,
                ErrorCode::InvalidParams as i32,
                format!("invalid parameters: {error}"),
            ),
            Err(ExtractError::MethodMismatch(_)) => Response::new_err(
                id,
                ErrorCode::InternalError as i32,
                "method mismatch".into(),
            ),
        }
    }

    fn on_notification(&mut self, n: Notification) {
        match n.method.as_str() {
            note::DidOpenTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidOpenTextDocumentParams>(
                    note::DidOpenTextDocument::METHOD,
                ) {
                    let d = p.text_document;
                    self.docs.insert(d.uri.clone(), Doc::new(d.version, d.text));
                    self.schedule_check(&d.uri, Duration::ZERO);
                }
            }
            note::DidChangeTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidChangeTextDocumentParams>(
                    note::DidChangeTextDocument::METHOD,
                ) {
                    let uri = p.text_document.uri;
                    let Some(doc) = self.docs.get_mut(&uri) else {
                        return;
                    };
                    for change in p.content_changes {
                        let mut text = (*doc.text).clone();
                        match change.range {
                            // Full sync is what we announce; a range is applied all the same.
                            Some(range) => {
                                let start = doc.offset(range.start);
                                let end = doc.offset(range.end).max(start);
                                text.replace_range(start..end, &change.text);
                            }
                            None => text = change.text,
                        }
                        doc.lines = LineIndex::new(&text);
                        doc.text = Arc::new(text);
                    }
                    doc.version = p.text_document.version;
                    doc.tree = OnceCell::new();
                    let _ = self.valuer.send(Cmd::Forget(uri.clone()));
                    self.schedule_check(&uri, check::CHECK_DELAY);
                }
            }
            note::DidCloseTextDocument::METHOD => {
                if let Ok(p) = n.extract::<lsp_types::DidCloseTextDocumentParams>(
                    note::DidCloseTextDocument::METHOD,
                ) {
                    let uri = p.text_document.uri;
                    if self.docs.remove(&uri).is_some() {
                        let _ = self.checker.send(Cmd::Forget(uri.clone()));
                        let _ = self.valuer.send(Cmd::Forget(uri.clone()));
                        self.notify::<note::PublishDiagnostics>(PublishDiagnosticsParams {
                            uri,
                            diagnostics: Vec::new(),
                            version: None,
                        });
                    }
                }
            }
            // initialized, didSave, $/cancelRequest, $/setTrace, …: nothing to do.
            _ => {}
        }
    }

    fn schedule_check(&self, uri: &Uri, delay: Duration) {
        if let Some(doc) = self.docs.get(uri) {
            let job = Job {
                uri: uri.clone(),
                version: doc.version,
                text: doc.text.clone(),
                story: None,
            };
            let _ = self.checker.send(Cmd::Run(job, delay));
        }
    }

    fn on_event(&mut self, ev: Event) {
        match ev {
            Event::Checked {
                uri,
                version,
                diags,
                story,
            } => {
                let Some(doc) = self.docs.get_mut(&uri) else {
                    return;
                };
                if doc.version != version {
                    return;
                }
                doc.checked = diags;
                doc.values.clear();
                doc.checked_version = Some(version);
                if let Some(story) = story {
                    doc.good = Some((version, story.clone()));
                    let job = Job {
                        uri: uri.clone(),
                        version,
                        text: doc.text.clone(),
                        story: Some(story),
                    };
                    let _ = self.valuer.send(Cmd::Run(job, check::VALUES_DELAY));
                }
                self.publish(&uri);
            }
            Event::Values {
                uri,
                version,
                diags,
                notes,
            } => {
                let Some(doc) = self.docs.get_mut(&uri) else {
                    return;
                };
                if doc.version != version || doc.checked_version != Some(version) {
                    return;
                }
                doc.values = diags;
                for note in notes {
                    self.notify::<note::LogMessage>(LogMessageParams {
                        typ: MessageType::INFO,
                        message: format!("{}: note: {note}", uri.as_str()),
                    });
                }
                self.publish(&uri);
            }
        }
    }

    fn publish(&self, uri: &Uri) {
        let Some(doc) = self.docs.get(uri) else {
            return;
        };
        let diagnostics = doc
            .checked
            .iter()
            .chain(&doc.values)
            .map(|d| d.lsp.clone())
            .collect();
        self.notify::<note::PublishDiagnostics>(PublishDiagnosticsParams {
            uri: uri.clone(),
            diagnostics,
            version: doc.checked_version,
        });
    }

    fn completion(&mut self, p: lsp_types::CompletionParams) -> Answer<Option<CompletionResponse>> {
        let pos = p.text_document_position;
        let Some(doc) = self.docs.get(&pos.text_document.uri) else {
            return Ok(None);
        };
        if doc.text.len() > FEATURES_MAX_BYTES {
            return Ok(None);
        }
        let cursor = doc.offset(pos.position);
        let c = features::complete(&doc.text, cursor, doc.tree(), doc.story());
        let range = doc.range(c.replace);
        let items = c
            .candidates
            .into_iter()
            .enumerate()
            .map(|(n, cand)| {
                let (text, format) = if cand.snippet && self.snippets {
                    (cand.insert.clone(), InsertTextFormat::SNIPPET)
                } else if cand.snippet {
                    (features::plain(&cand.insert), InsertTextFormat::PLAIN_TEXT)
                } else {
                    (cand.insert.clone(), InsertTextFormat::PLAIN_TEXT)
                };
                CompletionItem {
                    label: cand.label.clone(),
                    kind: Some(match cand.what {
                        What::Id(IdKind::Party) => CompletionItemKind::VARIABLE,
                        What::Id(IdKind::Node) => CompletionItemKind::FUNCTION,
                        What::Id(IdKind::Outcome) => CompletionItemKind::ENUM_MEMBER,
                        What::Id(IdKind::Flag) => CompletionItemKind::CONSTANT,
                        What::Id(IdKind::Kind) => CompletionItemKind::VALUE,
                        What::Effect => CompletionItemKind::STRUCT,
                        What::Condition => CompletionItemKind::OPERATOR,
                        What::Value => CompletionItemKind::FIELD,
                        What::Keyword => CompletionItemKind::ENUM_MEMBER,
                    }),
                    detail: cand.detail,
                    // Keep the order we give (file order), whatever the labels.
                    sort_text: Some(format!("{n:05}")),
                    filter_text: Some(cand.label),
                    insert_text_format: Some(format),
                    text_edit: Some(CompletionTextEdit::Edit(TextEdit::new(range, text))),
                    ..CompletionItem::default()
                }
            })
            .collect();
        Ok(Some(CompletionResponse::Array(items)))
    }

    fn hover(&mut self, p: lsp_types::HoverParams) -> Answer<Option<Hover>> {
        let pos = p.text_document_position_params;
        let uri = pos.text_document.uri;
        let Some(doc) = self.docs.get(&uri) else {
            return Ok(None);
        };
        let offset = doc.offset(pos.position);
        let tree = doc.tree();
        // An outcome's hover needs the analysis; find out first whether it is one.
        let outcome = match tree.occ_at(offset) {
            Some(o) if o.kind == IdKind::Outcome => Some((o.name.clone(), o.inner)),
            Some(_) => None,
            None => tree
                .innermost(offset, |_, it| {
                    matches!(
                        it.ctor.as_deref(),
                        Some(c) if hover::EFFECTS.contains(&c)
                            || hover::CONDITIONS.contains(&c)
                            || hover::VALUES.contains(&c)
                            || c == "Outcome"
                    )
                })
                .filter(|&i| tree.items[i].ctor.as_deref() == Some("Outcome"))
                .and_then(|i| {
                    let it = &tree.items[i];
                    let id = it.str("id").or(match it.first() {
                        Some(syntax::Val::Str { text, .. }) => Some(text.as_str()),
                        _ => None,
                    })?;
                    Some((id.to_string(), it.span))
                }),
        };
        let analysis = match &outcome {
            Some(_) => self.analysis(&uri),
            None => None,
        };
        let Some(doc) = self.docs.get(&uri) else {
            return Ok(None);
        };
        let tree = doc.tree();
        let ctx = hover::Ctx {
            tree,
            story: doc.story(),
        };
        let (words, span) = if let Some((id, span)) = outcome {
            let a = analysis.as_ref().map(|(s, a, stale)| (&**s, &**a, *stale));
            (hover::outcome(&ctx, &id, a), span)
        } else if let Some(occ) = tree.occ_at(offset) {
            (hover::id(&ctx, occ), occ.inner)
        } else {
            let Some(i) = tree.innermost(offset, |_, it| {
                matches!(
                    it.ctor.as_deref(),
                    Some(c) if hover::EFFECTS.contains(&c)
                        || hover::CONDITIONS.contains(&c)
                        || hover::VALUES.contains(&c)
                )
            }) else {
                return Ok(None);
            };
            let item = &tree.items[i];
            let c = item.ctor.as_deref().unwrap_or("");
            let words = if hover::EFFECTS.contains(&c) {
                hover::effect(&ctx, item)
            } else if hover::CONDITIONS.contains(&c) {
                hover::condition(&ctx, i)
            } else {
                hover::value_hover(&ctx, i)
            };
            (words, item.span)
        };
        if words.is_empty() {
            return Ok(None);
        }
        Ok(Some(Hover {
            contents: HoverContents::Markup(MarkupContent {
                kind: MarkupKind::Markdown,
                value: words,
            }),
            range: Some(doc.range(span)),
        }))
    }

    /// The analysis of the last version without errors, run once per version with a small
    /// bound; `true` when that is not the current version.
    fn analysis(&mut self, uri: &Uri) -> Option<(Arc<Story>, Arc<Analysis>, bool)> {
        let doc = self.docs.get_mut(uri)?;
        let (version, story) = doc.good.clone()?;
        let cached = doc
            .analysis
            .as_ref()
            .filter(|(v, _)| *v == version)
            .map(|(_, a)| a.clone());
        let analysis = match cached {
            Some(a) => a,
            None => {
                let options = AnalysisOptions {
                    max_states: HOVER_MAX_STATES,
                    max_bytes: story::CHECK_MAX_BYTES,
                    max_time: None,
                    timed_after: 0,
                    find_seeds: false,
                    walk_threads: 1,
                };
                let a = catch_unwind(AssertUnwindSafe(|| story::analyze(&story, &options))).ok()?;
                let a = Arc::new(a);
                doc.analysis = Some((version, a.clone()));
                a
            }
        };
        Some((story, analysis, version != doc.version))
    }

    fn definition(
        &mut self,
        p: lsp_types::GotoDefinitionParams,
    ) -> Answer<Option<GotoDefinitionResponse>> {
        let pos = p.text_document_position_params;
        let uri = pos.text_document.uri;
        let Some(doc) = self.docs.get(&uri) else {
            return Ok(None);
        };
        let spans = features::definition(doc.tree(), doc.offset(pos.position));
        let mut locs: Vec<Location> = spans
            .into_iter()
            .map(|s| Location::new(uri.clone(), doc.range(s)))
            .collect();
        Ok(match locs.len() {
            0 => None,
            1 => locs.pop().map(GotoDefinitionResponse::Scalar),
            _ => Some(GotoDefinitionResponse::Array(locs)),
        })
    }

    fn references(&mut self, p: lsp_types::ReferenceParams) -> Answer<Option<Vec<Location>>> {
        let pos = p.text_document_position;
        let uri = pos.text_document.uri;
        let Some(doc) = self.docs.get(&uri) else {
            return Ok(None);
        };
        let spans = features::references(
            doc.tree(),
            doc.offset(pos.position),
            p.context.include_declaration,
        );
        Ok(Some(
            spans
                .into_iter()
                .map(|s| Location::new(uri.clone(), doc.range(s)))
                .collect(),
        ))
    }

    fn prepare_rename(
        &mut self,
        p: lsp_types::TextDocumentPositionParams,
    ) -> Answer<Option<PrepareRenameResponse>> {
        let Some(doc) = self.docs.get(&p.text_document.uri) else {
            return Ok(None);
        };
        let Some(occ) = doc.tree().occ_at(doc.offset(p.position)) else {
            return Ok(None);
        };
        Ok(Some(PrepareRenameResponse::RangeWithPlaceholder {
            range: doc.range(occ.inner),
            placeholder: occ.name.clone(),
        }))
    }

    fn rename(&mut self, p: lsp_types::RenameParams) -> Answer<Option<WorkspaceEdit>> {
        let pos = p.text_document_position;
        let uri = pos.text_document.uri;
        let Some(doc) = self.docs.get(&uri) else {
            return Err(format!("{} is not open", uri.as_str()));
        };
        let spans = features::rename(doc.tree(), doc.offset(pos.position), &p.new_name)?;
        let edits = spans
            .into_iter()
            .map(|s| TextEdit::new(doc.range(s), p.new_name.clone()))
            .collect();
        Ok(Some(WorkspaceEdit::new(HashMap::from([(uri, edits)]))))
    }

    fn symbols(
        &mut self,
        p: lsp_types::DocumentSymbolParams,
    ) -> Answer<Option<DocumentSymbolResponse>> {
        let Some(doc) = self.docs.get(&p.text_document.uri) else {
            return Ok(None);
        };
        fn convert(doc: &Doc, s: features::Symbol) -> DocumentSymbol {
            #[allow(deprecated)] // `deprecated` is a required field of the struct
            DocumentSymbol {
                name: s.name,
                detail: s.detail,
                kind: if s.choice {
                    SymbolKind::EVENT
                } else {
                    match s.kind {
                        IdKind::Party => SymbolKind::OBJECT,
                        IdKind::Outcome => SymbolKind::ENUM_MEMBER,
                        _ => SymbolKind::FUNCTION,
                    }
                },
                tags: None,
                deprecated: None,
                range: doc.range(s.span),
                selection_range: doc.range(s.selection),
                children: (!s.children.is_empty())
                    .then(|| s.children.into_iter().map(|c| convert(doc, c)).collect()),
            }
        }
        let symbols = features::symbols(doc.tree())
            .into_iter()
            .map(|s| convert(doc, s))
            .collect();
        Ok(Some(DocumentSymbolResponse::Nested(symbols)))
    }

    fn code_actions(
        &mut self,
        p: lsp_types::CodeActionParams,
    ) -> Answer<Option<Vec<CodeActionOrCommand>>> {
        let uri = p.text_document.uri;
        let Some(doc) = self.docs.get(&uri) else {
            return Ok(None);
        };
        let overlaps = |r: &Range| r.start <= p.range.end && p.range.start <= r.end;
        let mut actions = Vec::new();
        for d in doc.checked.iter().chain(&doc.values) {
            if !overlaps(&d.lsp.range) {
                continue;
            }
            let Some((span, found, suggestion)) = features::fix(&doc.text, d) else {
                continue;
            };
            let edit = TextEdit::new(doc.range(span), suggestion.clone());
            actions.push(CodeActionOrCommand::CodeAction(CodeAction {
                title: format!("Replace `{found}` with `{suggestion}`"),
                kind: Some(CodeActionKind::QUICKFIX),
                diagnostics: Some(vec![d.lsp.clone()]),
                edit: Some(WorkspaceEdit::new(HashMap::from([(
                    uri.clone(),
                    vec![edit],
                )]))),
                is_preferred: Some(true),
                ..CodeAction::default()
            }));
        }
        Ok(Some(actions))
    }
}

fn initialize_result() -> InitializeResult {
    InitializeResult {
        capabilities: ServerCapabilities {
            position_encoding: Some(PositionEncodingKind::UTF16),
            text_document_sync: Some(TextDocumentSyncCapability::Kind(TextDocumentSyncKind::FULL)),
            completion_provider: Some(CompletionOptions {
                trigger_characters: Some(vec!["\"".into(), "(".into()]),
                ..CompletionOptions::default()
            }),
            hover_provider: Some(HoverProviderCapability::Simple(true)),
            definition_provider: Some(OneOf::Left(true)),
            references_provider: Some(OneOf::Left(true)),
            rename_provider: Some(OneOf::Right(RenameOptions {
                prepare_provider: Some(true),
                work_done_progress_options: WorkDoneProgressOptions::default(),
            })),
            document_symbol_provider: Some(OneOf::Left(true)),
            code_action_provider: Some(CodeActionProviderCapability::Simple(true)),
            ..ServerCapabilities::default()
        },
        server_info: Some(ServerInfo {
            name: "give-and-take".into(),
            version: Some(env!("CARGO_PKG_VERSION").into()),
        }),
    }
}
