"""The ``zangraph`` command line: translates arguments into library calls, nothing more.

Exit codes: 0 ok; 1 invalid data (a SPARQL query the engine rejects at run time);
2 usage or input error (a bad date, an unknown key or eId, a file that is not an act).
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import click

from . import query as Q
from .lexicon import parse_date
from .normalise import InputError, decode
from .parse import parse_bytes
from .rdf import DEFAULT_BASE
from .store import DEFAULT_STORE, GraphStore, store_path
from .temporal import DEFAULT_LAG_DAYS, PublicationTable, Settings

EXIT_OK, EXIT_INVALID, EXIT_USAGE = 0, 1, 2
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
    "--store", "store", default=None, metavar="DIR",
    help=f"Store directory (default: $ZANGRAPH_STORE, else ./{DEFAULT_STORE}).",
)
format_opt = click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text", show_default=True)


def open_store(store: str | None, must_exist: bool = True) -> GraphStore:
    path = store_path(store)
    if must_exist and not path.exists():
        fail(f"no store at {path}; run `zangraph ingest --bundled` (or ingest your files) first")
    try:
        return GraphStore(path)
    except OSError as e:
        fail(f"cannot open the store at {path}: {e}")


def day(value: str) -> date:
    try:
        return parse_date(value)
    except ValueError as e:
        fail(str(e))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
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
def ingest(paths, bundled, store, fmt, publication_dates, publication_lag, language) -> None:
    """Parse Adilet text exports (files or directories) into the store."""
    files: list[Path] = []
    for p in list(paths) + ([bundled_corpus()] if bundled else []):
        if p.is_dir():
            files += sorted(x for x in p.rglob("*.txt"))
        elif p.exists():
            files.append(p)
        else:
            fail(f"{p}: no such file or directory")
    if not files:
        fail("nothing to ingest: give files or directories, or --bundled")
    try:
        table = PublicationTable.load(publication_dates) if publication_dates else PublicationTable()
    except ValueError as e:
        fail(str(e))
    settings = Settings(publication_lag, table)
    # Parse everything first: a bad file stops the run before the store is touched.
    items = []
    from tqdm import tqdm

    for f in tqdm(files, desc="parse", unit="file", disable=len(files) < 3 or fmt == "json", file=sys.stderr):
        try:
            data = f.read_bytes()
            raw = decode(data, str(f))
            items.append((parse_bytes(data, str(f), language), raw))
        except InputError as e:
            fail(str(e))
        except OSError as e:
            fail(f"{f}: {e.strerror}")
    gs = open_store(store, must_exist=False)
    results = []
    # One transaction for all files: the texts and the consolidation of every act they touch.
    for (act, _raw), r in zip(items, gs.ingest_many(items, settings), strict=True):
        warnings = [str(p) for p in act.problems if p.severity != "info"]
        results.append({"file": act.source, "act": r.key, "language": r.language, "graph": r.graph,
                        "triples": r.triples, "replaced": r.replaced,
                        "provisions": sum(1 for _ in act.walk()), "footnotes": len(act.footnotes),
                        "instructions": len(act.instructions), "warnings": warnings})
    disagreements = [str(w) for w in gs.last_warnings]
    gs.flush()
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
    for w in disagreements:
        click.echo(f"disagreement: {w}")
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
    click.echo(f"{a['act']} {a['eId']} on {a['date']}: {a['status']}")
    if a["valid_from"]:
        start = a["valid_from"] + (f" … {a['valid_from_latest']}" if a.get("valid_from_latest") else "")
        click.echo(f"  version valid from {start} until {a['valid_until'] or '(open)'} (exclusive)")
    if a["introduced_by"]:
        ib = a["introduced_by"]
        click.echo(f"  introduced by {ib['act']} ({ib['operation']})")
    if a["reason"]:
        click.echo(f"  note: {a['reason']}")
    if a["text"]:
        click.echo("")
        click.echo(a["text"])
    elif a["status"] == "in_force":
        click.echo("  text: unknown")


@main.command()
@click.argument("date_")
@click.argument("key")
@click.argument("eid", required=False)
@click.option("--lang", type=click.Choice(["ru", "kk"]), default=None, help="Preferred language of the text.")
@store_opt
@format_opt
def at(date_, key, eid, lang, store, fmt) -> None:
    """What an act (or one provision, by eId) said on DATE (YYYY-MM-DD)."""
    d = day(date_)
    gs = open_store(store)
    try:
        result = Q.provision_at(gs, key, eid, d, lang) if eid else Q.act_at(gs, key, d, lang)
    except Q.NotFound as e:
        fail(str(e))
    if fmt == "json":
        click.echo(json.dumps(result, ensure_ascii=False, indent=2))
    elif eid:
        _print_answer(result)
    else:
        for a in result:
            text = (a["text"] or ("(wording unknown)" if a["status"] == "in_force" else "")).replace("\n", " ")
            click.echo(f"{a['eId']:<44} {a['status']:<18} {text[:70]}")


@main.command()
@click.argument("key")
@click.argument("eid")
@store_opt
@format_opt
def history(key, eid, store, fmt) -> None:
    """The versions of a provision, with their intervals and the events that made them."""
    try:
        versions = Q.history(open_store(store), key, eid)
    except Q.NotFound as e:
        fail(str(e))
    if fmt == "json":
        click.echo(json.dumps(versions, ensure_ascii=False, indent=2))
        return
    for v in versions:
        start = v["valid_from"] + (f"…{v['valid_from_latest']}" if v["valid_from_latest"] else "")
        end = (v["valid_until"] or "") + (f"…{v['valid_until_latest']}" if v["valid_until_latest"] else "")
        ib = v["introduced_by"] or {}
        known = "text known" if v["text_known"] else "text unknown"
        click.echo(f"[{start}, {end or 'open'})  {known:<13} introduced by {ib.get('act')} ({ib.get('operation')})")


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
@store_opt
@format_opt
def audit(store, fmt) -> None:
    """Disagreements between sources: footnotes naming acts whose text says nothing of the
    provision, instructions whose target is not in the known text. Exit 1 when any."""
    gs = open_store(store)
    found = [{"message": w.message, "locations": list(w.locations)} for w in gs.audit()]
    if fmt == "json":
        click.echo(json.dumps(found, ensure_ascii=False, indent=2))
    else:
        for w in found:
            click.echo(f"warning: {w['message']}")
            for loc in w["locations"]:
                click.echo(f"    at {loc}")
        click.echo(f"{len(found)} disagreement(s)")
    sys.exit(EXIT_INVALID if found else EXIT_OK)


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
            query = Path(query[1:]).read_text(encoding="utf-8")
        except OSError as e:
            fail(f"{query[1:]}: {e.strerror}")
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
    """Dump the whole store."""
    data = open_store(store).export(fmt)
    if output:
        output.write_bytes(data)
    else:
        sys.stdout.buffer.write(data)


__all__ = ["main", "DEFAULT_BASE"]


if __name__ == "__main__":  # pragma: no cover
    main()
