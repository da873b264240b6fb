"""The ``zangraph`` command line: translates arguments into library calls, nothing more.

Exit codes: 0 ok; 1 invalid data (a SHACL violation, a SPARQL query the engine rejects at
run time) or, for ``check``, not eligible; 2 usage or input error (a bad date, an unknown
key or eId, a file that is not an act, malformed candidate data); 3 (``check`` only) the
answer is unknown — the wording in force that day, or a fact about the candidate, is not
in the data.
"""

from __future__ import annotations

import json
import os
import sys
import time
from datetime import date
from pathlib import Path

import click

from zangraph import __version__

from .queries import query as Q
from .rdf.mapping import DEFAULT_BASE
from .reading.files import read_regular
from .reading.lexicon import parse_date
from .reading.normalise import InputError
from .requirements.eligibility import EXAMPLE as CANDIDATE_EXAMPLE
from .requirements.eligibility import LEVELS
from .requirements.requirements import CONDITIONS, EXPERIENCE_KINDS
from .store.graphstore import DEFAULT_STORE, GraphStore, is_store, store_path
from .time.temporal import DEFAULT_LAG_DAYS, PublicationTable, Settings

EXIT_OK, EXIT_INVALID, EXIT_USAGE, EXIT_UNKNOWN = 0, 1, 2, 3
INGEST_BATCH = 400  # texts per transaction when a whole clone is ingested
BUNDLED = Path(__file__).resolve().parent.parent / "corpus"


def bundled_corpus() -> Path:
    try:
        from importlib.resources import files

        p = Path(str(files("zangraph.corpus")))
        if any(p.glob("*.txt")):
            return p
    except ModuleNotFoundError:  # pragma: no cover
        pass
    return BUNDLED


def fail(message: str, code: int = EXIT_USAGE) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


store_opt = click.option(
    "--store", "store", default=None, metavar="DIR|URL",
    help=f"Store directory, or a SPARQL 1.1 service's address http(s)://… (default: $ZANGRAPH_STORE, else ./{DEFAULT_STORE}).",
)
format_opt = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


def _held(e: OSError) -> bool:
    """The error of opening an embedded store another process holds (RocksDB's LOCK file)."""
    return "lock" in str(e).lower()


def open_store(store: str | None, must_exist: bool = True, write: bool = False) -> GraphStore:
    """The store to work on. A command that only reads opens an embedded store that another
    process holds (a running ``zangraph serve``) read-only beside it; one that writes is
    refused with what to do."""
    path = store_path(store)
    if isinstance(path, str):  # a SPARQL service
        from .store.remote import RemoteError

        try:
            gs = GraphStore(path)
            gs.query("ASK { ?s ?p ?o }")
            return gs
        except (RemoteError, ValueError) as e:
            fail(f"cannot use the SPARQL service {path}: {e}")
    if must_exist and not path.exists():
        fail(f"no store at {path}; run `zangraph ingest --bundled` (or ingest your files) first")
    if path.exists() and not is_store(path) and (must_exist or not path.is_dir() or any(path.iterdir())):
        fail(f"{path} holds no zangraph store (no Oxigraph database there); give the store's directory with --store")
    try:
        gs = GraphStore(path)
    except OSError as e:
        if not _held(e):
            fail(f"cannot open the store at {path}: {e}")
        if write:
            fail(f"the store at {path} is in use by another process (a running `zangraph serve`?): stop it to "
                 "write into this store, or ingest into another store (--store) and serve that one")
        try:
            gs = GraphStore(path, read_only=True)
        except OSError as e2:
            fail(f"cannot open the store at {path}, not even read-only beside the process holding it: {e2}")
    half, acts = gs.pending()
    if (half or acts) and not write:
        what = (f"{len(half)} graph(s) half-written (e.g. {sorted(half)[0]})" if half else "") + \
            (", " if half and acts else "") + (f"{len(acts)} consolidation(s) not yet recomputed" if acts else "")
        click.echo(f"warning: an ingest into {path} was interrupted while writing: {what}; the next "
                   "`zangraph ingest` (of anything, or the same files again) finishes it", err=True)
    if write:
        _follow_search(gs, path)
    return gs


def _say(message: str) -> None:
    click.echo(message, err=True)


def _follow_search(gs: GraphStore, spec) -> None:
    """Keep the search index beside the store in step with what this command writes."""
    from .queries.search import attach

    try:
        attach(gs, spec, _say)
    except (OSError, ValueError) as e:
        fail(f"cannot open the search index beside {spec}: {e}")


def open_index(gs: GraphStore, store: str | None):
    """The search index of the store, brought up to date (rebuilt, saying so, when it is not)."""
    from .queries.search import SearchIndex, index_path

    path = index_path(store_path(store))
    if path is None:
        fail("search is off (ZANGRAPH_SEARCH_INDEX=off)")
    try:
        ix = SearchIndex(path)
        ix.ensure(gs, _say)
        return ix
    except (OSError, ValueError) as e:
        fail(f"cannot open the search index beside {store_path(store)}: {e}")


def day(value: str) -> date:
    try:
        return parse_date(value)
    except ValueError as e:
        fail(str(e))


def interface():
    """The translator of the language the CLI writes its text answers in: ``$ZANGRAPH_UI``
    (ru, kk or en; Russian when unset), the interface languages of the pages (graph.present.i18n)."""
    from .present.i18n import DEFAULT, LANGS, translator

    lang = os.environ.get("ZANGRAPH_UI", "").strip().lower() or DEFAULT
    if lang not in LANGS:
        fail(f"ZANGRAPH_UI={lang!r}: expected one of {', '.join(LANGS)}")
    return translator(lang)


class _Command(click.Command):
    """A command whose usage line reads as the README writes it: ``at DATE KEY [EID] [OPTIONS]``
    (options may come anywhere)."""

    def collect_usage_pieces(self, ctx: click.Context) -> list[str]:
        pieces = super().collect_usage_pieces(ctx)
        if self.options_metavar and pieces[:1] == [self.options_metavar]:
            pieces = pieces[1:] + pieces[:1]
        return pieces


class _Group(click.Group):
    command_class = _Command


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="zangraph", message="%(prog)s %(version)s")
def main() -> None:
    """zangraph — what did Kazakhstan law require on a given date?"""


@main.command()
@click.argument("paths", nargs=-1, type=click.Path(path_type=Path))
@click.option("--bundled", is_flag=True, help="Ingest the bundled sample corpus (five real acts).")
@store_opt
@format_opt
@click.option("--publication-dates", type=click.Path(exists=True, dir_okay=False), default=None,
              help="TSV of publication dates: act key, YYYY-MM-DD, source.")
@click.option("--publication-lag", type=click.IntRange(0, 3650), default=DEFAULT_LAG_DAYS, show_default=True,
              help="Days after signing by which an act is assumed published at the latest.")
@click.option("--language", type=click.Choice(["ru", "kk"]), default=None, help="Override language detection.")
@click.option("--force", is_flag=True, help="Re-read every source, also those unchanged since the last ingest.")
@click.option("--batch", type=click.IntRange(1, 100000), default=INGEST_BATCH, show_default=True,
              help="Texts written per transaction.")
@click.option("--allow-truncated", is_flag=True,
              help="Take Adilet exports that look cut short (they never replace a stored text without --force).")
@click.option("--history", "history_", type=click.Path(path_type=Path, file_okay=False), default=None, metavar="CLONE",
              help="Read every redaction in the git history of a kazakhstan-law clone (one commit per redaction of "
                   "an act); a re-run reads only the commits it has not read.")
@click.option("--known-on", type=str, default=None, metavar="YYYY-MM-DD",
              help="The day these files are known to say what they say (an export's download day): the knowledge "
                   "date \"--as-known\" filters on. Default: each source's own date (see the README).")
@click.option("--timings", is_flag=True, help="Print on stderr where the run's time went, phase by phase.")
@click.option("--compact", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
              help="Merge the store's files as the run's last step (RocksDB compaction: faster reads, a smaller "
                   "store). auto: after a run that bulk-loaded 1 GiB of N-Quads or more, and a quarter of the store or "
                   "more; always: also when nothing new was read (to compact an existing store). An embedded store only.")
def ingest(paths, bundled, store, fmt, publication_dates, publication_lag, language, force, batch,
           allow_truncated, history_, known_on, timings, compact) -> None:
    """Parse Adilet text exports and kazakhstan-law act directories (files, act
    directories, or trees holding them, such as a clone of the kazakhstan-law corpus)
    into the store. Unreadable act directories are skipped and listed on stderr; a
    re-run re-reads only act directories whose files changed. With --history, every
    redaction of every act in a clone's git history."""
    from .ingest import pipeline as P
    from .ingest import sources as S
    from .ingest.manifest import Manifest, manifest_path
    from .store.graphstore import ShapeViolation

    try:
        table = PublicationTable.load(publication_dates) if publication_dates else PublicationTable()
    except ValueError as e:
        fail(str(e))
    known_day = day(known_on) if known_on else None
    started = time.perf_counter()
    if not paths and not bundled and history_ is None:
        fail("nothing to ingest: give files or directories, --bundled or --history CLONE")
    where = store_path(store)
    new = isinstance(where, Path) and not where.exists()
    # A new store is made only when the first batch is written: a rejected ingest creates nothing.
    gs = None if new else open_store(store, must_exist=False, write=True)
    opened = time.perf_counter()
    known_hashes = set() if force or gs is None else gs.source_hashes()
    manifest = Manifest(manifest_path(where))
    try:
        tasks, unchanged = S.discover(list(paths) + ([bundled_corpus()] if bundled else []), known_hashes, manifest) \
            if paths or bundled else ([], 0)
    except FileNotFoundError as e:
        fail(str(e))
    if (paths or bundled) and not tasks and not unchanged:
        fail("nothing to ingest: give files or directories, or --bundled")
    clone = read_to = None
    if history_ is not None:
        clone, read_to, h_tasks, h_unchanged = _history_tasks(history_, gs, known_hashes, force)
        tasks += h_tasks
        unchanged += h_unchanged
        if not tasks:
            if gs is not None and read_to is not None:
                gs.record_history(clone, read_to)
            click.echo(f"{clone}: nothing new since the last run (commit {read_to[:12] if read_to else '-'})", err=True)
            if gs is None:
                fail("nothing was ingested: the clone's history holds no act directory")
            sys.exit(EXIT_OK)
    discovered = time.perf_counter()
    options = P.Options(Settings(publication_lag, table), language, allow_truncated, known_day, force,
                        batch_texts=batch, progress=fmt != "json", manifest=manifest)
    made = []

    def create() -> GraphStore:
        made.append(open_store(store, must_exist=False, write=True))
        return made[0]

    try:
        report = P.ingest(gs, create, tasks, options)
    except P.Refused as e:
        fail(str(e))
    except ShapeViolation as e:
        fail(str(e), EXIT_INVALID)
    finally:
        gs = gs or (made[0] if made else None)
        if gs is not None:
            manifest.save()  # content hashes by file metadata: true whatever the ingest did
    if not report.written and report.skipped and not unchanged:
        for d, reason in report.skipped:
            click.echo(f"skipped {d}: {reason}", err=True)
        if new and gs is not None and not gs.source_hashes():  # made by this run and took nothing: removed
            import shutil

            del gs, made[:]
            shutil.rmtree(where, ignore_errors=True)
        fail("nothing was ingested: every source was skipped (above); the store is unchanged")
    if gs is None:
        gs = open_store(store, must_exist=False, write=True)
    report.seconds["open"] += opened - started
    report.seconds["discover"] += discovered - opened
    gs.ensure_ontology()  # also when nothing is new (a run killed after its last batch)
    if clone is not None and read_to is not None:
        gs.record_history(clone, read_to)  # after the redactions landed: a killed run reads them again
    t = time.perf_counter()
    gs.flush()
    report.seconds["flush"] += time.perf_counter() - t
    if compact == "always" and gs.remote:
        click.echo("note: --compact always does nothing on a remote store: the SPARQL server manages its own files",
                   err=True)
    try:  # last: everything above is recorded whatever happens to it
        P.compact(gs, report, compact)
    except OSError as e:  # e.g. the disk is full: compaction needs room for the merged files
        click.echo(f"warning: the ingest is stored, but compacting the store failed ({e}); it stays as the bulk loads "
                   "wrote it (reads are slower); `zangraph ingest --compact always` compacts it later", err=True)
    if timings:
        _print_timings(report, time.perf_counter() - started)
    _print_ingest(report, unchanged, fmt, store)


def _history_tasks(clone: Path, gs, known_hashes: set[str], force: bool):
    """The redactions of a clone's history not read before: (clone path, HEAD read, tasks,
    redactions whose tree is stored already)."""
    from .ingest.sources import HISTORY, Task
    from .reading import history as H

    if not clone.is_dir():
        fail(f"{clone}: no such directory")
    repo = clone.resolve()
    try:
        top = H.head(repo)
        last = None if force or gs is None else gs.history_state(str(repo))
        if last == top:
            return str(repo), top, [], 0
        since = last if last and H.is_ancestor(repo, last, top) else None
        jobs, listed, stored = H.jobs(repo, since, set() if force else known_hashes)
    except H.GitError as e:
        fail(str(e))
    jobs.sort(key=lambda j: (j.directory, j.commit.day, j.commit.sha))  # an act's redactions together
    # on stderr, also with --format json
    click.echo(f"{repo}: {listed} commit(s) {'after ' + since[:12] if since else 'in all'}, "
               f"{len(jobs)} redaction(s) to read" + (f", {stored} already stored" if stored else ""), err=True)
    tasks = [Task(HISTORY, f"{repo}/{j.directory}@{j.commit.sha[:12]}", job=j, repo=str(repo)) for j in jobs]
    return str(repo), top, tasks, stored


def _print_timings(report, total: float) -> None:
    from .ingest.pipeline import PHASES

    rows = [(k, report.seconds[k], what) for k, what in PHASES.items() if k in report.seconds]
    click.echo(f"time: {total:.1f} s in all", err=True)
    for k, s, what in rows:
        click.echo(f"time: {s:9.1f} s  {k} — {what}", err=True)


def _print_ingest(report, unchanged: int, fmt: str, store) -> None:
    for d, reason in report.skipped:
        click.echo(f"skipped {d}: {reason}", err=True)
    if unchanged:
        click.echo(f"{unchanged} source{'' if unchanged == 1 else 's'} (files or act directories) unchanged since the last ingest", err=True)
    if any(report.recovered):
        click.echo(f"an interrupted ingest was finished: {report.recovered[0]} half-written graph(s) dropped (their "
                   f"sources read again), {report.recovered[1]} consolidation(s) recomputed", err=True)
    results = [{"file": w.file, "act": w.act, "language": w.language, "graph": w.graph, "triples": w.triples,
                "replaced": w.replaced, "provisions": w.provisions, "footnotes": w.footnotes,
                "instructions": w.instructions, "warnings": list(w.warnings)} for w in report.written]
    if fmt == "json":
        click.echo(json.dumps(results, ensure_ascii=False, indent=2))
        return
    for r in results:
        verb = "replaced" if r["replaced"] else "added"
        click.echo(f"{r['act']} ({r['language']}): {r['provisions']} provisions, {r['footnotes']} footnotes, "
                   f"{r['instructions']} amending instructions, "
                   f"{r['triples']} triples {verb}; {len(r['warnings'])} warnings  [{r['file']}]")
        for w in r["warnings"][:5]:
            click.echo(f"    {w}")
        if len(r["warnings"]) > 5:
            click.echo(f"    … {len(r['warnings']) - 5} more (see --format json)")
    for w in report.disagreements:
        click.echo(f"disagreement: {w}")
    for w in report.shacl:
        click.echo(f"shacl {w}")
    click.echo(f"store: {store_path(store)}")


@main.command("acts")
@store_opt
@format_opt
def acts_cmd(store, fmt) -> None:
    """List the acts whose text is in the store."""
    rows = Q.acts(open_store(store))
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    for r in rows:
        title = next(iter(r["title"].values()), "")
        click.echo(f"{r['key']:<32} {','.join(r['languages']):<6} {title[:90]}")


def _print_answer(a: dict) -> None:
    """One answer in the interface language ($ZANGRAPH_UI): the citation, the status and why,
    the version's days, the act that made it, the redaction the wording comes from, the wording."""
    from .citation import provision_of_act
    from .model import ActRef
    from .present.explain import OPERATION, STATUS, act_name, reason
    from .present.i18n import fmt_date

    _ = interface()
    D = lambda v: fmt_date(v, _.lang)  # noqa: E731
    try:
        cite = provision_of_act(a["eId"], ActRef.from_key(a["act"]), "kk" if _.lang == "kk" else "ru")
    except ValueError:
        cite = f"{a['act']} {a['eId']}"  # a key that is not an act's (never from the store)
    click.echo(f"{cite}  ({a['act']} {a['eId']})")
    click.echo(f"  {_('on %(day)s', day=D(a['date']))}: {_(STATUS.get(a['status'], a['status']))}")
    if a.get("why"):
        click.echo(f"  {reason(a['why'], _)}")
    if a["valid_from"]:
        span = _("Version from %(start)s", start=D(a["valid_from"]))
        if a.get("valid_from_latest"):
            span += _(" (no later than %(day)s)", day=D(a["valid_from_latest"]))
        if a["valid_until"]:
            span += _(" until %(end)s", end=D(a["valid_until"]))
        click.echo(f"  {span}")
    if a["introduced_by"]:
        ib = a["introduced_by"]
        click.echo(f"  {_(OPERATION.get(ib['operation'], ib['operation'] or 'change'))}: {act_name(ib['act'], _.lang)}")
    for pv in a.get("possible_versions") or []:
        ib = pv["introduced_by"] or {}
        span = _("Version from %(start)s", start=D(pv["valid_from"]))
        if pv["valid_from_latest"]:
            span += _(" (no later than %(day)s)", day=D(pv["valid_from_latest"]))
        known = _("wording known") if pv["text_known"] else _("wording unknown")
        click.echo(f"  — {span}: {act_name(ib.get('act'), _.lang)}; {known}")
    src = a.get("source") or {}
    if src.get("graph"):
        head = _("Text of the redaction of %(day)s", day=D(src["redaction_date"])) if src.get("redaction_date") \
            else _("Text of the redaction")
        commit = f" ({_('commit')} {src['commit'][:12]})" if src.get("commit") else ""
        click.echo(f"  {head}{commit}: {src.get('file')}")
    elif src.get("computed"):
        click.echo("  " + _("The text was computed from the instruction of %(act)s: no saved redaction gives it.",
                            act=act_name(src.get("from_instruction_of"), _.lang)))
    if a.get("as_known"):
        click.echo("  " + _("From the sources known on %(day)s: what the official database said that day.",
                            day=D(a["as_known"]["on"])))
    if a["text"]:
        click.echo("")
        click.echo(a["text"])


@main.command()
@click.argument("date_", metavar="DATE")
@click.argument("key")
@click.argument("eid", required=False)
@click.option("--lang", type=click.Choice(["ru", "kk"]), default=None, help="Preferred language of the text.")
@click.option("--as-known", "as_known", default=None, metavar="YYYY-MM-DD",
              help="Answer from the sources known on that day only (what the database said then); default: all.")
@store_opt
@format_opt
def at(date_, key, eid, lang, as_known, store, fmt) -> None:
    """What an act (or one provision, by eId) said on DATE (YYYY-MM-DD)."""
    d = day(date_)
    gs = open_store(store)
    try:
        view = gs
        if as_known:
            from .queries.known import graphs_of
            from .queries.known import view as known_view

            view = known_view(gs, key, day(as_known))
        result = Q.provision_at(view, key, eid, d, lang) if eid else Q.act_at(view, key, d, lang)
        if as_known:
            note = {"on": day(as_known).isoformat(), "sources": graphs_of(view)}
            result = {**result, "as_known": note} if eid else result
    except Q.NotFound as e:
        fail(str(e))
    gs = view
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    elif eid:
        _print_answer(result)
    else:
        from .present.explain import STATUS, reason

        _ = interface()
        sp = Q.act_suspension(gs, key, d)
        if sp:
            why = {"code": "suspended", "act": sp["by"], "start": sp["from"], "until": sp["until"]}
            click.echo(f"{key}: {reason(why, _)} ({sp['by']})")
        for a in result:
            text = (a["text"] or (_("wording unknown") if a["status"] == "in_force" else "")).replace("\n", " ")
            click.echo(f"{a['eId']:<44} {_(STATUS.get(a['status'], a['status'])):<22} {text[:70]}")


@main.command()
@click.argument("key")
@click.argument("eid")
@store_opt
@format_opt
def history(key, eid, store, fmt) -> None:
    """The versions of a provision, oldest first: each one's days, whether its wording is in
    the sources, and the act that made it. Text in the language of $ZANGRAPH_UI (ru, kk, en)."""
    _ = interface() if fmt == "text" else None
    try:
        versions = Q.history(open_store(store), key, eid)
    except Q.NotFound as e:
        fail(str(e))
    if fmt == "json":
        click.echo(json.dumps(versions, ensure_ascii=False, indent=2))
        return
    for line in _history_lines(key, eid, versions, _):
        click.echo(line)


def _history_lines(key: str, eid: str, versions: list[dict], _) -> list[str]:
    """The provision's citation, then one line per version: "с 31.12.2020 (не позднее
    30.01.2021) по 13.04.2023 — текст не приводится в источниках — принятие: Указ от
    31.12.2020 № 485". The latest day an end can be is said only when no next version
    starting that day says it already."""
    from .citation import provision_of_act
    from .model import ActRef
    from .present.explain import OPERATION, act_name
    from .present.i18n import fmt_date

    ui = _.lang
    D = lambda v: fmt_date(v, ui)  # noqa: E731
    no_later = lambda v: _(" (no later than %(day)s)", day=D(v)) if v else ""  # noqa: E731
    try:  # acts are cited in their own languages; the English interface cites in Russian, as the pages do
        out = [provision_of_act(eid, ActRef.from_key(key), "kk" if ui == "kk" else "ru")]
    except ValueError:
        out = [f"{key} {eid}"]  # a key that is not an act's (never from the store)
    starts = {v["valid_from"] for v in versions}
    for v in versions:
        start = D(v["valid_from"]) + no_later(v["valid_from_latest"])
        if v["valid_until"]:
            end = D(v["valid_until"]) + ("" if v["valid_until"] in starts else no_later(v["valid_until_latest"]))
            span = _("from %(start)s until %(end)s", start=start, end=end)
        else:
            span = _("from %(start)s", start=start)
        known = _("wording known") if v["text_known"] else _("wording not in the sources")
        ib = v["introduced_by"] or {}
        op = ib.get("operation")
        made = f"{_(OPERATION.get(op, op or 'change'))}: {act_name(ib.get('act'), ui)}"
        out.append(f"{span} — {known} — {made}")
    return out


@main.command()
@click.argument("key")
@click.argument("eid")
@click.option("--from", "from_", required=True, metavar="DATE", help="The earlier day (YYYY-MM-DD).")
@click.option("--to", "to", required=True, metavar="DATE", help="The later day (YYYY-MM-DD).")
@click.option("--language", type=click.Choice(["ru", "kk"]), default=None, help="Wording language (default: any known).")
@store_opt
@format_opt
def diff(key, eid, from_, to, language, store, fmt) -> None:
    """Word-level difference of a provision's wordings on two days.

    Unknown wordings are reported as unknown, not diffed (exit 1)."""
    d1, d2 = day(from_), day(to)
    try:
        result = Q.provision_diff(open_store(store), key, eid, d1, d2, language)
    except Q.NotFound as e:
        fail(str(e))
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    else:
        for side in ("from", "to"):
            x = result[side]
            ib = x["introduced_by"] or {}
            click.echo(f"{side:>4} {x['date']}: {x['status']}, version from {x['valid_from']} "
                       f"({ib.get('act')}, {ib.get('operation')})")
        if result["diff"] is None:
            click.echo(result["reason"])
        elif result["same_version"]:
            click.echo("same version: no difference")
        else:
            click.echo("".join(
                r["text"] if r["op"] == "equal" else (f"[-{r['text']}-]" if r["op"] == "delete" else f"{{+{r['text']}+}}")
                for r in result["diff"]))
    if result["diff"] is None:
        sys.exit(EXIT_INVALID)


@main.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@format_opt
def report(paths, fmt) -> None:
    """How well the texts under PATHS are read, per text and in total (nothing is stored):
    provisions by kind, footnotes attached or not, blocks not placed, instructions read and
    instruction-like sentences not understood, warnings by kind. Files that are not acts
    (a README, SOURCE.txt) are listed as skipped, not a stop."""
    from .reading.report import render
    from .reading.report import report as make

    rep = make(list(paths))
    click.echo(json.dumps(rep.as_json(), ensure_ascii=False, indent=2) if fmt == "json" else render(rep))


@main.command()
@store_opt
@format_opt
def audit(store, fmt) -> None:
    """Disagreements between sources (footnotes naming acts whose text says nothing of the
    provision, instructions whose target is not in the known text), and the consolidation
    checked against the published redactions: each wording computed from an instruction
    beside the redaction's — equal, equal after normalisation, or different (with a word
    diff; the published wording is the one kept). Exit 1 when any disagreement or difference."""
    from .queries.audit import DIFFERENT, EQUAL, NORMALISED, run

    gs = open_store(store)
    warnings, findings = run(gs)
    found = [{"message": w.message, "locations": list(w.locations)} for w in warnings]
    checks = [f.as_json() for f in findings]
    if fmt == "json":
        click.echo(json.dumps({"disagreements": found, "consolidation": checks}, ensure_ascii=False, indent=2))
    else:
        for w in found:
            click.echo(f"warning: {w['message']}")
            for loc in w["locations"]:
                click.echo(f"    at {loc}")
        click.echo(f"{len(found)} disagreement(s)")
        for f in checks:
            click.echo(f"{f['verdict']}: {f['act']} {f['eid']} ({f['language']}) from {f['valid_from']}, "
                       f"{f['amending_act']}: computed from {f['instruction']}; published in {f['redaction']}")
            if f["verdict"] == DIFFERENT:
                click.echo("    " + " ".join(x["text"] if x["op"] == "equal" else
                                            f"[-{x['text']}-]" if x["op"] == "delete" else f"{{+{x['text']}+}}"
                                            for x in f["diff"]))
                click.echo("    the published wording is the one kept")
        n = {v: sum(1 for f in checks if f["verdict"] == v) for v in (EQUAL, NORMALISED, DIFFERENT)}
        click.echo(f"consolidation checked against published redactions: {len(checks)} wording(s) — "
                   f"{n[EQUAL]} equal, {n[NORMALISED]} equal after normalisation, {n[DIFFERENT]} different")
    sys.exit(EXIT_INVALID if found or any(f["verdict"] == DIFFERENT for f in checks) else EXIT_OK)


@main.command()
@click.argument("query")
@store_opt
@format_opt
def sparql(query, store, fmt) -> None:
    """Run a SPARQL query (QUERY, @FILE or - for standard input) over the store."""
    if query == "-":
        query = sys.stdin.read()
    elif query.startswith("@"):
        try:
            query = read_regular(Path(query[1:])).decode("utf-8")
        except OSError as e:
            fail(f"{query[1:]}: {e.strerror}")
        except InputError as e:
            fail(str(e))
        except UnicodeDecodeError as e:
            fail(f"{query[1:]}: not UTF-8 text ({e.reason} at byte {e.start})")
    from pyoxigraph import QueryBoolean, QueryResultsFormat, QuerySolutions

    gs = open_store(store)
    try:
        res = gs.query(query)
    except SyntaxError as e:
        fail(f"invalid SPARQL: {e}")
    except (OSError, ValueError) as e:
        fail(f"query failed: {e}", EXIT_INVALID)
    if isinstance(res, QuerySolutions | QueryBoolean):
        if fmt == "json":
            click.echo(res.serialize(format=QueryResultsFormat.JSON).decode("utf-8"))
        elif isinstance(res, QueryBoolean):
            click.echo("true" if bool(res) else "false")
        else:
            click.echo(res.serialize(format=QueryResultsFormat.TSV).decode("utf-8"), nl=False)
    else:
        from pyoxigraph import RdfFormat

        click.echo(res.serialize(format=RdfFormat.TURTLE).decode("utf-8"), nl=False)


@main.command()
@click.option("--format", "fmt", type=click.Choice(["turtle", "trig", "nquads", "jsonld"]), default="turtle",
              show_default=True, help="turtle writes TriG (Turtle with named graphs).")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@store_opt
def export(fmt, output, store) -> None:
    """Dump the whole store, streamed: a store of any size is written without being held in
    memory (except JSON-LD). With -o the file appears whole or not at all."""
    from .store.remote import RemoteError

    gs = open_store(store)
    if not output:
        try:
            gs.export(fmt, sys.stdout.buffer)
            sys.stdout.flush()
        except RemoteError as e:
            fail(f"cannot read the store: {e}")
        except BrokenPipeError:  # `zangraph export | head`: the reader wanted no more
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return
    part = output.with_name(output.name + ".part")
    try:
        with open(part, "wb") as f:
            gs.export(fmt, f)
        os.replace(part, output)
    except OSError as e:
        fail(f"cannot write the export to {output}: {e.strerror or e}")
    except RemoteError as e:
        fail(f"cannot read the store: {e}")
    finally:
        part.unlink(missing_ok=True)


# ---------------------------------------------------------------- requirements, eligibility, SHACL


def _requirements(gs, at_day, key, eid, position) -> dict:
    from .queries.requirements import requirements_at

    if position is None and (key is None or eid is None):
        fail("give --act KEY --eid EID, or --position IRI")
    try:
        return requirements_at(gs, at_day, key, eid, position)
    except Q.NotFound as e:
        fail(str(e))
    except ValueError as e:
        fail(str(e))


act_opt = click.option("--act", "key", default=None, metavar="KEY", help="Act key, e.g. decree-2020-12-31-485.")
eid_opt = click.option("--eid", default=None, metavar="EID", help="Provision, e.g. annex_1__point_7 (or one of its subpoints).")
pos_opt = click.option("--position", default=None, metavar="IRI", help="A position IRI (see `zangraph positions`).")
at_opt = click.option("--at", "at_", required=True, metavar="DATE", help="The day, YYYY-MM-DD.")


def target_options(f):
    """--act/--eid or --position, and --at: what `requirements`, `check` and `shapes` are asked about."""
    for opt in (at_opt, pos_opt, eid_opt, act_opt):
        f = opt(f)
    return f


@main.command()
@target_options
@store_opt
@format_opt
def requirements(key, eid, position, at_, store, fmt) -> None:
    """The qualification requirements in force for a provision or position on a day."""
    from .queries.requirements import requirements_json

    r = requirements_json(_requirements(open_store(store), day(at_), key, eid, position))
    if fmt == "json":
        click.echo(json.dumps(r, ensure_ascii=False, indent=2))
        return
    from .citation import provision_of_act
    from .model import ActRef
    from .present.explain import STATUS
    from .present.i18n import fmt_date
    from .present.requirements_text import alternative, requirement_set, unknown_item

    _ = interface()
    cl = "kk" if _.lang == "kk" else "ru"

    def cite(k, e):
        try:
            return provision_of_act(e, ActRef.from_key(k), cl) if k and e else (k or "")
        except ValueError:
            return f"{k} {e}"
    title = cite(r["act"], r["eId"]) if r["act"] else r.get("position") or ""
    click.echo(f"{title}: {_('on %(day)s', day=fmt_date(r['date'], _.lang))} — {_(STATUS.get(r['status'], r['status']))}")
    for s in r["requirements"]:
        span = _("Version from %(start)s", start=fmt_date(s["valid_from"], _.lang)) if s["valid_from"] else ""
        if s["valid_until"]:
            span += _(" until %(end)s", end=fmt_date(s["valid_until"], _.lang))
        click.echo(f"{cite(s['act'], s['eId'])} ({span})")
        common = requirement_set(s, _)
        if common:
            click.echo("  " + _("Required of everyone:"))
            for line in common:
                click.echo(f"    {line}")
        if s["experience_defined_by"]:
            click.echo(f"  experience: as set by {s['experience_defined_by']} (not in the corpus)")
        if s["alternatives"]:
            click.echo("  " + _("One of:"))
            for a in s["alternatives"]:
                click.echo(f"    {cite(s['act'], a['eId'])}: {alternative(a, _)}")
    for u in r["unknown"]:
        click.echo(f"  {_('Not known')}: {unknown_item(u, _, cite)}")


def _wrapped(words: tuple[str, ...], indent: str = " " * 18) -> str:
    """Names separated by commas, in lines short enough for a terminal (a \\b block is not rewrapped)."""
    import textwrap

    return textwrap.fill(", ".join(words), 76, initial_indent=indent, subsequent_indent=indent)


def _example(candidate: str) -> str:
    """The candidate JSON of the error messages (graph.requirements.eligibility), a field a line."""
    lines = []
    for k, v in json.loads(candidate).items():
        if isinstance(v, list) and v and isinstance(v[0], dict):
            value = "[" + (",\n" + " " * (len(k) + 6)).join(json.dumps(x, ensure_ascii=False) for x in v) + "]"
        else:
            value = json.dumps(v, ensure_ascii=False)
        lines.append(f"{json.dumps(k)}: {value}")
    return "{" + ",\n ".join(lines) + "}"


CHECK_HELP = f"""Does CANDIDATE (a JSON file, or Turtle / JSON-LD in the candidate
vocabulary zg:Candidate, see the README) meet the requirements in force on a
day? Exit 0 eligible, 1 not eligible, 3 unknown, 2 bad input.

\b
The candidate JSON, for example:
{_example(CANDIDATE_EXAMPLE)}

\b
Every field may be left out: experience and conditions not given count as
none, an education level not given as not higher; an age or an education field
not given makes the answer unknown where a requirement names one.
education.level   one of: {", ".join(LEVELS)}
education.field   words; matched by words against the field the text names
                  (no match: unknown, never false)
experience        entries of kind, months (whole months) and, for corps "B"
                  posts, category (C-2; Cyrillic letters are read as Latin);
                  entries of one kind and category are added up. Kinds:
{_wrapped(EXPERIENCE_KINDS)}
conditions        any of:
{_wrapped(CONDITIONS)}
age               whole years
"""


@main.command(help=CHECK_HELP)
@click.argument("candidate", type=click.Path(dir_okay=False, path_type=Path))
@target_options
@store_opt
@format_opt
def check(candidate, key, eid, position, at_, store, fmt) -> None:
    from .queries.check import eligibility, read_candidate
    from .requirements.eligibility import CandidateError

    try:
        cand = read_candidate(read_regular(candidate), candidate.suffix)
    except OSError as e:
        fail(f"{candidate}: {e.strerror}")
    except InputError as e:
        fail(str(e))
    except CandidateError as e:
        fail(f"{candidate}: {e}")
    gs = open_store(store)
    try:
        verdict = eligibility(gs, cand, day(at_), key, eid, position)
    except Q.NotFound as e:
        fail(str(e))
    except ValueError as e:
        fail(str(e))
    if fmt == "json":
        click.echo(json.dumps(verdict, ensure_ascii=False, indent=2))
    else:
        from .citation import provision_of_act
        from .model import ActRef
        from .present.i18n import fmt_date
        from .present.requirements_text import gap, unknown_item

        _ = interface()

        def cite(e):
            try:
                return provision_of_act(e, ActRef.from_key(verdict["act"]), "kk" if _.lang == "kk" else "ru")
            except (ValueError, TypeError):
                return e or ""
        word = {True: _("Meets the requirements"), False: _("Does not meet the requirements"),
                None: _("Not known")}[verdict["eligible"]]
        target = cite(verdict["eId"]) if verdict["act"] else verdict.get("position") or ""
        click.echo(f"{word}: {target} — {_('on %(day)s', day=fmt_date(verdict['date'], _.lang))}")
        if verdict["satisfied"]:
            click.echo(f"  {_('Met through:')} {'; '.join(f'{cite(x)} ({x})' for x in verdict['satisfied'])}")
        if verdict["missing"]:
            click.echo(f"  {_('What is missing')}:")
        for m in verdict["missing"]:
            click.echo(f"    {cite(m['alternative'] or m['eid'])}: " + "; ".join(gap(x, _) for x in m["lacking"]))
        for u in verdict["unknown"]:
            click.echo(f"  {_('Not known')}: {unknown_item(u, _, lambda k, e: cite(e))}")
        conf = verdict["shacl"]["conforms"]
        click.echo("  " + _({True: "SHACL: the candidate's data conform to the shapes",
                             False: "SHACL: the candidate's data do not conform to the shapes",
                             None: "SHACL: not run (no requirement with a known text)"}[conf]))
    sys.exit({True: EXIT_OK, False: EXIT_INVALID, None: EXIT_UNKNOWN}[verdict["eligible"]])


@main.command()
@target_options
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path), default=None)
@store_opt
def shapes(key, eid, position, at_, output, store) -> None:
    """Write the candidate shapes (SHACL, Turtle) for the requirements in force on a day."""
    from .requirements.shapes import candidate_shapes

    r = _requirements(open_store(store), day(at_), key, eid, position)
    if not r["sets"]:
        fail("no requirements in force that day with a known wording: " + "; ".join(u["text"] for u in r["unknown"]),
             EXIT_UNKNOWN)
    data = candidate_shapes(r["sets"], r["only_alternative"]).serialize(format="turtle")
    if output:
        output.write_text(data, encoding="utf-8")
    else:
        click.echo(data)


@main.command()
@click.argument("file", required=False, type=click.Path(dir_okay=False, path_type=Path))
@store_opt
@format_opt
def validate(file, store, fmt) -> None:
    """Validate FILE (Turtle, TriG, N-Triples, N-Quads, JSON-LD) with pyshacl against the data
    shapes, or, without FILE, the whole store (the same shapes run as SPARQL). Exit 1 on a violation."""
    from .rdf.validate import pyshacl_report

    if file:
        from .queries.check import rdf_format
        from .rdf.rdfin import read_graph

        try:
            union = read_graph(read_regular(file), rdf_format(file.suffix))
        except InputError as e:
            fail(str(e))
        except OSError as e:
            fail(f"{file}: {e.strerror or e}")
        except ValueError as e:  # RdfError, or a file type that is not RDF
            fail(f"{file}: {e}")
        _conforms, results, _report = pyshacl_report(union)
    else:
        results = open_store(store).validate()
    if fmt == "json":
        click.echo(json.dumps([r.as_dict() for r in results], ensure_ascii=False, indent=2))
    else:
        for r in results:
            click.echo(str(r))
        n = sum(1 for r in results if r.severity == "Violation")
        click.echo(f"{n} violation(s), {len(results) - n} warning(s)")
    sys.exit(EXIT_INVALID if any(r.severity == "Violation" for r in results) else EXIT_OK)


@main.command("positions")
@click.option("-q", "q", default=None, help="Words of the title or unit, or part of a number.")
@click.option("--category", default=None, help="A category, e.g. C-3.")
@click.option("--number", default=None, help="A position number, e.g. 01-1-1.")
@click.option("--at", "at_", default=None, metavar="DATE", help="Also give each position's status on this day.")
@click.option("--limit", default=50, show_default=True)
@store_opt
@format_opt
def positions_cmd(q, category, number, at_, limit, store, fmt) -> None:
    """Search positions (corps "B" posts and classes of political positions)."""
    from .queries.requirements import positions

    _ = interface() if fmt == "text" else None
    rows = positions(open_store(store), q, category, number, day(at_) if at_ else None, limit)
    if fmt == "json":
        click.echo(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    if not rows:  # on stderr: the rows on stdout stay rows; the exit code stays 0
        asked = [f"{flag} {json.dumps(v, ensure_ascii=False)}" for flag, v in (("-q", q), ("--category", category),
                                                                                 ("--number", number)) if v]
        click.echo(_("No position matches: %(what)s", what=", ".join(asked) or "—"), err=True)
    for r in rows:
        click.echo(f"{r['number'] or '-':<10} {r['category'] or '-':<5} {r.get('status', ''):<20} "
                   f"{(r['unit'] + ' / ') if r['unit'] else ''}{r['title']}  <{r['position']}>")


@main.command("search")
@click.argument("words", nargs=-1, required=True)
@click.option("--at", "at_", default=None, metavar="DATE", help="The day whose wordings are searched (default: today).")
@click.option("--lang", type=click.Choice(["ru", "kk"]), default=None,
              help="Language of the wordings (default: Kazakh when the words have a letter only Kazakh writes).")
@click.option("--act", "act", default=None, metavar="KEY", help="Only this act's provisions.")
@click.option("--in-force", is_flag=True, help="Only provisions certainly in force that day (no uncertain window).")
@click.option("--limit", type=click.IntRange(1, 100), default=20, show_default=True)
@click.option("--offset", type=click.IntRange(0, 10_000), default=0, show_default=True)
@store_opt
@format_opt
def search_cmd(words, at_, lang, act, in_force, limit, offset, store, fmt) -> None:
    """Provisions whose wording in force on a day has these words ("a phrase" in quotes).
    Russian words match in any form (стаж, стажа, стажем), Kazakh ones with their endings
    (қызмет, қызметтің, қызметке). A provision whose wording that day is not in the sources
    is never matched; it is listed apart when another of its wordings matches."""
    from .queries.search import SearchError, marked

    gs = open_store(store)
    if act:
        try:
            Q.require_act(gs, act)
        except Q.NotFound as e:
            fail(str(e))
    try:
        res = open_index(gs, store).search(" ".join(words), day(at_) if at_ else date.today(), lang, act, limit,
                                           offset, in_force, store=gs)
    except SearchError as e:
        fail(str(e))
    if fmt == "json":
        click.echo(json.dumps(res, ensure_ascii=False, indent=2))
        return
    lg = res["lang"] or "ru"
    click.echo(f"{res['total']} wording(s) in force on {res['at']} match; {len(res['hits'])} shown from {offset + 1}")
    for h in res["hits"]:
        lg = h["language"]
        until = h["valid_until"] or "…"
        click.echo(f"\n{h['citation'][lg]}  [{h['status']}; {h['valid_from']} – {until}]")
        click.echo(f"  {marked(h['snippet'], h['marks'])}")
        click.echo(f"  zangraph at {res['at']} {h['key']} {h['eId']}")
    if res["unknown_that_day"]:
        click.echo(f"\nwording on {res['at']} not in the sources; another day's wording matches:")
        for u in res["unknown_that_day"]:
            click.echo(f"  {u['citation'][lg]} ({u['key']} {u['eId']})")
    if not res["hits"] and not res["unknown_that_day"]:
        click.echo("nothing found: no wording in force that day has all these words")


@main.command()
@store_opt
def reindex(store) -> None:
    """Rebuild the search index beside the store from what the store holds."""
    from .queries.search import SearchIndex, index_path

    gs = open_store(store)
    path = index_path(store_path(store))
    if path is None:
        fail("search is off (ZANGRAPH_SEARCH_INDEX=off)")
    n = SearchIndex(path).rebuild(gs)
    click.echo(f"search index rebuilt: {n} version(s) of the provisions of {ix_acts(gs)} act(s)", err=True)


def ix_acts(gs) -> int:
    from .model import ActRef
    from .rdf.mapping import consolidated_iri

    return sum(gs.has_graph(consolidated_iri(ActRef.from_key(k), gs.base)) for k in Q.act_keys(gs))


# ---------------------------------------------------------------- the service


def _setting(name: str, typ=str, **kw):
    """A flag of a service setting. Its click default stays None (so that the variable, read
    by ``Settings.from_env``, can apply); the help says the variable and the real default."""
    from zangraph.api.settings import SETTINGS
    from zangraph.api.settings import Settings as ServiceSettings

    var, doc = next((v, d) for n, v, d in SETTINGS if n == name)
    value = getattr(ServiceSettings(), name)
    if isinstance(value, list):
        shown = ", ".join(value) or "none"
    else:
        shown = "unset" if value is None else value
    return click.option(f"--{name.replace('_', '-')}", name, type=typ, default=None,
                        help=f"{doc} [env {var}] [default: {shown}]", **kw)


@main.command()
@_setting("host")
@_setting("port", int)
@_setting("store")
@_setting("base")
@_setting("query_timeout", float)
@_setting("max_rows", int)
@_setting("max_body", int)
@_setting("write_token")
@_setting("cors")
@_setting("sparql_workers", int)
@_setting("max_query_length", int)
@_setting("max_query_depth", int)
@_setting("validate_timeout", float)
@_setting("validate_memory", int)
def serve(**flags) -> None:
    """Serve the REST API, the SPARQL endpoint and the pages on one port. The store is
    built from the bundled corpus on first start (or opened as it is)."""
    from zangraph.api.app import serve as run
    from zangraph.api.settings import Settings as ServiceSettings

    try:
        cfg = ServiceSettings.from_env(**flags)
    except ValueError as e:
        fail(str(e))

    def build(gs) -> None:
        click.echo(f"building the store at {cfg.store} from the bundled corpus …", err=True)
        from .ingest.pipeline import Options, ingest_paths

        ingest_paths(gs, [bundled_corpus()], Options(progress=False))
        gs.flush()

    click.echo(f"zangraph: http://{cfg.host}:{cfg.port}/ (store {cfg.store}; "
               f"{'writes need the token' if cfg.write_token else 'read-only'})", err=True)
    try:
        run(cfg, build)
    except OSError as e:  # opening the store: RocksDB's LOCK held by another process, or unreadable
        if _held(e):
            fail(f"the store at {cfg.store} is in use by another process (another `zangraph serve`?): "
                 "stop it, or serve another store (--store)")
        fail(f"cannot open the store at {cfg.store}: {e}")


@main.command("mcp")
@_setting("store")
@_setting("base")
@_setting("query_timeout", float)
def mcp_cmd(**flags) -> None:
    """Serve the MCP tools (search, read, history, changes, requirements, check_candidate,
    sparql; all read-only) over stdio, for an LLM client that starts this command. The same
    tools are served over Streamable HTTP at /mcp by `zangraph serve`."""
    from zangraph.api.mcp_server import run_stdio
    from zangraph.api.settings import Settings as ServiceSettings

    try:
        cfg = ServiceSettings.from_env(**flags)
    except ValueError as e:
        fail(str(e))
    where = store_path(flags.get("store"))
    if isinstance(where, Path) and not is_store(where):
        fail(f"no store at {where}; run `zangraph ingest --bundled` (or ingest your files) first")
    run_stdio(cfg)


__all__ = ["main", "DEFAULT_BASE"]


if __name__ == "__main__":  # pragma: no cover
    main()
