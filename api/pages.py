"""Server-rendered pages (Jinja2) in Russian, Kazakh or English (``render``: the catalogues of
``graph.present.i18n``); every asset is served from ``/static``.

``/`` search and date; ``/acts/{key}?at=`` an act at a date; ``/acts/{key}/provisions/{eId}``
a provision's history as an SVG timeline; ``…/diff?from=&to=`` a word diff; ``/query`` the
SPARQL editor; ``/eligibility`` the eligibility form.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from zangraph.graph.present.requirements_text import CONDITION, EXPERIENCE, alternative, requirement_set
from zangraph.graph.queries import query as Q
from zangraph.graph.requirements.requirements import CONDITIONS, EXPERIENCE_KINDS

from .errors import ApiError
from .rest import act_status, day

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))

UI_COOKIE = "zangraph_ui"


def _citation_lang(ui: str) -> str:
    return "kk" if ui == "kk" else "ru"  # acts are cited in their own languages; the English interface cites in Russian


def render(request: Request, name: str, ctx: dict, status_code: int = 200) -> HTMLResponse:
    """A page in the interface language (``?ui=``, then the cookie, then ``Accept-Language``)."""
    from urllib.parse import urlencode

    from zangraph.graph import citation
    from zangraph.graph.model import ActRef
    from zangraph.graph.present.explain import OPERATION, STATUS, act_name, reason
    from zangraph.graph.present.i18n import LANGS, NAMES, fmt_date, negotiate, translator

    asked = request.query_params.get("ui")
    ui = negotiate(asked or request.cookies.get(UI_COOKIE), request.headers.get("accept-language"))
    _ = translator(ui)
    cl = _citation_lang(ui)
    D = lambda v: fmt_date(v, ui)  # noqa: E731

    def switch_url(code: str) -> str:
        q = dict(request.query_params)
        q["ui"] = code
        return f"{request.url.path}?{urlencode(q)}"

    def cite_of(key: str | None, eid: str | None) -> str:
        if not key:
            return ""
        try:
            ref = ActRef.from_key(key)
        except ValueError:
            return f"{key} {eid or ''}"
        return citation.provision_of_act(eid, ref, cl) if eid else citation.act(ref, cl, short=True)

    def interval(v: dict) -> str:
        start = v.get("valid_from")
        if not start:
            return ""
        out = _("Version from %(start)s", start=D(start))
        if v.get("valid_from_latest"):
            out += _(" (no later than %(day)s)", day=D(v["valid_from_latest"]))
        if v.get("valid_until"):
            out += _(" until %(end)s", end=D(v["valid_until"]))
        return out

    def gap(x: dict) -> str:
        from zangraph.graph.present.requirements_text import gap as words

        return words(x, _)

    def unknown_item(u: dict) -> str:
        from zangraph.graph.present.requirements_text import unknown_item as words

        return words(u, _, cite_of)

    if "key" in ctx and "title_citation" not in ctx:
        try:
            ref = ActRef.from_key(ctx["key"])
            ctx["title_citation"] = cite_of(ctx["key"], ctx["eid"]) if ctx.get("eid") else citation.act(ref, cl)
        except ValueError:
            ctx["title_citation"] = ctx["key"]
    if "tl" in ctx:  # the timeline's labels: dates in the interface's way, the act that made each wording
        for b, v in zip(ctx["tl"]["bars"], ctx["versions"], strict=True):
            by = act_name((v.get("introduced_by") or {}).get("act"), ui)
            b["label"] = f"{D(v['valid_from'])} — {D(v['valid_until']) if v['valid_until'] else '…'} · {by}"
            b["title"] = b["label"] + ("" if v["text_known"] else " · " + _("wording unknown"))
            b["by"] = f"{_(OPERATION.get((v.get('introduced_by') or {}).get('operation'), 'change'))}: {by}"
    ctx = {**ctx, "_": _, "ui": ui, "UI_LANGS": [(code, NAMES[code]) for code in LANGS], "switch_url": switch_url,
           "D": D, "status_name": lambda st: _(STATUS.get(st, st)), "op_name": lambda op: _(OPERATION.get(op, op or "change")),
           "act_name": lambda k: act_name(k, ui), "cite": lambda eid: citation.provision(eid, cl), "cite_of": cite_of,
           "why": lambda w: reason(w, _, ui), "interval": interval, "gap": gap, "unknown_item": unknown_item,
           "EXPERIENCE": EXPERIENCE, "CONDITION": CONDITION}
    resp = templates.TemplateResponse(request, name, ctx, status_code=status_code)
    resp.headers["Content-Language"] = ui
    if asked in LANGS:
        resp.set_cookie(UI_COOKIE, ui, max_age=365 * 24 * 3600, samesite="lax")
    return resp


EXAMPLES_DIR = HERE / "examples"
HOME_ACTS = 200  # acts listed on the home page: a national corpus is 50 000+ (10 MB of HTML); words of a title narrow it
PAGE = 500  # provisions per act page: seed 001 has 6 889, one page of them would be 6.7 MB of HTML


def examples() -> list[dict]:
    """The example SPARQL queries (also in the README, each run by a test)."""
    out = []
    for f in sorted(EXAMPLES_DIR.glob("*.rq")):
        text = f.read_text(encoding="utf-8")
        title = text.splitlines()[0].lstrip("# ").strip()
        out.append({"name": f.stem, "title": title, "query": text})
    return out


def certain_day(v: dict) -> str:
    """The first day a version is certainly in force: its start, or the latest its start
    can be when the start depends on an unknown publication date."""
    return v["valid_from_latest"] or v["valid_from"]


templates.env.globals["certain_day"] = certain_day


def error_page(request: Request, status: int, message: str) -> HTMLResponse:
    return render(request, "error.html", {"status": status, "message": message}, status_code=status)


def timeline_svg(versions: list[dict], key: str, eid: str, today: date, label=None) -> dict:
    """Versions as bars on a date axis: an uncertain start or end is hatched, an unknown
    wording is grey, each bar links to the act on the version's first day."""
    if not versions:
        return {"width": 0, "height": 0, "bars": [], "ticks": []}
    d = date.fromisoformat
    ends = [d(x) for v in versions for x in (v["valid_from"], v["valid_from_latest"], v["valid_until"],
                                              v["valid_until_latest"]) if x]
    lo = min(ends) - timedelta(days=60)
    hi = max(ends + [today]) + timedelta(days=120)
    width, left, right, row = 900, 10, 10, 46
    span = (hi - lo).days or 1

    def x(t: date) -> float:
        return round(left + (width - left - right) * (t - lo).days / span, 1)

    bars = []
    for i, v in enumerate(versions):
        start, start_l = d(v["valid_from"]), d(v["valid_from_latest"]) if v["valid_from_latest"] else None
        end = d(v["valid_until"]) if v["valid_until"] else None
        end_l = d(v["valid_until_latest"]) if v["valid_until_latest"] else None
        x0, x1 = x(start), x(end) if end else x(hi)
        intro = v["introduced_by"] or {}
        bars.append({
            "y": 24 + i * row, "x0": x0, "x1": max(x1, x0 + 2), "open": end is None,
            "hatch_start": (x0, x(start_l)) if start_l else None,
            "hatch_end": (x1, x(end_l)) if end and end_l else None,
            "known": v["text_known"], "label": f"{v['valid_from']} — {v['valid_until'] or '…'}",
            "act": intro.get("act"), "operation": intro.get("operation"),
            # a label starting in the right third of the axis is written leftwards from the bar's end: never cut off
            "anchor": "end" if x0 > (width - left - right) * 2 / 3 else "start",
            "href": f"/acts/{key}?at={certain_day(v)}#{eid}",
        })
    ticks = []
    for year in range(lo.year + 1, hi.year + 1):
        t = date(year, 1, 1)
        ticks.append({"x": x(t), "label": str(year)})
    if label is not None:
        for b, v in zip(bars, versions, strict=True):
            b.update(label(v))
    step = max(1, len(ticks) // 12)
    return {"width": width, "height": 40 + len(versions) * row, "bars": bars, "ticks": ticks[::step],
            "today": x(today) if lo <= today <= hi else None}


def mount(app, svc) -> None:
    store = svc.store
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")


    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, q: str | None = None, at: str | None = None):
        d = day(at)
        acts = [{**a, "status": act_status(a, d)} for a in Q.acts_by_key(store).values()
                if not q or any(q.lower() in t.lower() for t in a["title"].values())]
        positions, found, problem = [], None, None
        if q:
            from zangraph.graph.queries.requirements import positions as search
            from zangraph.graph.queries.search import SearchError

            positions = search(store, q, None, None, d, 50)
            if svc.search is not None:
                try:
                    found = svc.search.search(q, d, None, None, 20, 0, store=store)
                except SearchError as e:
                    problem = str(e)
            else:
                problem = "index_building" if svc.search_building else "search_off"
        resp_ctx = {"q": q or "", "at": d.isoformat(), "acts": acts[:HOME_ACTS], "acts_total": len(acts), "positions": positions, "found": found,
                    "problem": problem}
        return render(request, "home.html", resp_ctx)

    @app.get("/acts/{key}", response_class=HTMLResponse, include_in_schema=False)
    def act_page(request: Request, key: str, at: str | None = None, lang: str | None = None, start: int = 0):
        d = day(at)
        lang = lang or None
        if lang not in (None, "ru", "kk"):
            raise ApiError(400, "bad_lang", f"lang={lang!r}: expected ru or kk")
        total = Q.act_size(store, key)
        start = max(0, min(start, total - 1)) if total else 0
        provs = Q.act_at(store, key, d, lang, start, PAGE)
        meta = Q.act_info(store, key)
        every = Q.act_at(store, key, d, lang) if total > len(provs) else provs  # the summary counts all of them
        return render(request, "act.html", {
            "key": key, "meta": meta, "at": d.isoformat(), "lang": lang, "provisions": provs,
            "start": start, "total": total, "page": PAGE, "summary_counts": summary_counts(every),
            "toc": table_of_contents(every), "act_status": act_status(meta, d) if meta else "unknown",
            "summary_of": summary_text})

    @app.get("/acts/{key}/provisions/{eid}", response_class=HTMLResponse, include_in_schema=False)
    def history_page(request: Request, key: str, eid: str, as_known: str | None = None):
        src = store
        if as_known:  # the sources known on that day only (graph.queries.known)
            from zangraph.graph.queries.known import view

            src = view(store, key, day(as_known, "as_known"))
        versions = Q.history(src, key, eid)
        tl = timeline_svg(versions, key, eid, date.today())
        known = [v for v in versions if v["text_known"]]
        return render(request, "history.html", {
            "key": key, "eid": eid, "versions": versions, "tl": tl, "meta": Q.act_info(store, key), "as_known": as_known,
            "diff_from": certain_day(known[-2]) if len(known) > 1 else None,
            "diff_to": certain_day(known[-1]) if len(known) > 1 else None})

    @app.get("/acts/{key}/provisions/{eid}/diff", response_class=HTMLResponse, include_in_schema=False)
    def diff_page(request: Request, key: str, eid: str, from_: str | None = None, to: str | None = None,
                  lang: str | None = None):
        params = request.query_params
        f, t = params.get("from") or from_, params.get("to") or to
        if not f or not t:
            raise ApiError(400, "bad_request", "give both days: ?from=YYYY-MM-DD&to=YYYY-MM-DD")
        res = Q.provision_diff(store, key, eid, day(f, "from"), day(t, "to"), lang if lang in ("ru", "kk") else None)
        return render(request, "diff.html", {"key": key, "eid": eid, "r": res, "meta": Q.act_info(store, key)})

    @app.get("/query", response_class=HTMLResponse, include_in_schema=False)
    def editor(request: Request, query: str | None = None):
        ex = examples()
        return render(request, "query.html", {"examples": ex, "query": query or (ex[0]["query"] if ex else "")})

    @app.api_route("/eligibility", methods=["GET", "POST"], response_class=HTMLResponse, include_in_schema=False)
    async def eligibility_page(request: Request):
        form = dict(await request.form()) if request.method == "POST" else dict(request.query_params)
        verdict, error, rows = None, None, []
        for i in range(6):
            rows.append({"kind": form.get(f"kind{i}", ""), "months": form.get(f"months{i}", ""),
                         "category": form.get(f"category{i}", "")})
        if request.method == "POST":
            from starlette.concurrency import run_in_threadpool

            try:
                verdict = await run_in_threadpool(_check_form, store, form, rows)
            except ApiError as e:
                error = e.message
            except Q.NotFound as e:
                error = str(e)
        reqs = None
        key, eid = _target(form)
        if key and eid and not error:
            from starlette.concurrency import run_in_threadpool
            from zangraph.graph.queries.requirements import requirements_at, requirements_json

            try:
                at = day(form.get("at"))
                reqs = await run_in_threadpool(lambda: requirements_json(requirements_at(store, at, key, eid)))
            except (ApiError, ValueError, Q.NotFound):
                reqs = None
        return render(request, "eligibility.html", {
            "reqs": reqs, "req_set": requirement_set, "req_alt": alternative,
            "position_label": _position_label(store, form.get("position")),
            "f": form, "rows": rows, "verdict": verdict, "error": error, "kinds": EXPERIENCE_KINDS,
            "conditions": CONDITIONS, "at": form.get("at") or date.today().isoformat(),
            "targets": requirement_targets(store)}, status_code=400 if error else 200)


def _position_label(store, position: str | None) -> str | None:
    from zangraph.graph.queries.requirements import position_label

    return position_label(store, position.strip()) if position and position.strip() else None


def _target(form: dict) -> tuple[str | None, str | None]:
    """The act and provision asked: from the list of provisions that set requirements ("KEY EID"), or act + eid."""
    if form.get("target", "").strip():
        key, _sp, eid = form["target"].strip().partition(" ")
        return key or None, eid or None
    return form.get("act", "").strip() or None, form.get("eid", "").strip() or None


def _check_form(store, form: dict, rows: list[dict]) -> dict:
    from zangraph.graph.queries.check import eligibility
    from zangraph.graph.requirements.eligibility import CandidateError, candidate_from_json

    cand: dict = {"experience": [], "conditions": [c for c in CONDITIONS if form.get(f"cond_{c}")]}
    if form.get("level"):
        cand["education"] = {"level": form["level"]}
        if form.get("field", "").strip():
            cand["education"]["field"] = form["field"].strip()
    for i, r in enumerate(rows):
        if not r["kind"] and not r["months"]:
            continue
        try:
            months = int(r["months"])
        except ValueError:
            raise ApiError(400, "bad_candidate", f"experience, row {i + 1}: {r['months']!r} is not a whole number of months") from None
        e = {"kind": r["kind"], "months": months}
        if r["category"].strip():
            e["category"] = r["category"].strip()
        cand["experience"].append(e)
    if form.get("age", "").strip():
        try:
            cand["age"] = int(form["age"])
        except ValueError:
            raise ApiError(400, "bad_candidate", f"age: {form['age']!r} is not a whole number") from None
    try:
        c = candidate_from_json(cand)
    except CandidateError as e:
        raise ApiError(400, "bad_candidate", str(e)) from None
    position = form.get("position", "").strip() or None
    key, eid = _target(form)
    if position is None and (key is None or eid is None):
        raise ApiError(400, "bad_request", "choose the provision that sets the requirements (or a position)")
    try:
        return eligibility(store, c, day(form.get("at")), key, eid, position)
    except ValueError as e:
        raise ApiError(400, "bad_request", str(e)) from None


def summary_counts(provs: list[dict]) -> dict:
    """How many provisions are in force with a known wording, in force with an unknown one, and in each other status."""
    out: dict[str, int] = {}
    for p in provs:
        k = p["status"]
        if k == "in_force":
            k = "in_force_known" if p.get("text") else "in_force_unknown"
        out[k] = out.get(k, 0) + 1
    return out


SUMMARY = {"in_force_known": "%(n)s in force with a known wording", "in_force_unknown":
           "%(n)s in force, wording not in the sources", "not_yet_in_force": "%(n)s not yet in force",
           "no_longer_in_force": "%(n)s no longer in force", "uncertain": "%(n)s uncertain", "absent": "%(n)s absent",
           "suspended": "%(n)s suspended"}


def summary_text(counts: dict, total: int, _) -> str:
    """"71 provisions: 2 in force with a known wording, 69 in force, wording not in the sources"."""
    parts = [_(SUMMARY[k], n=n) for k, n in sorted(counts.items(), key=lambda kv: -kv[1]) if k in SUMMARY]
    return _("%(total)s provisions: %(parts)s.", total=total, parts="; ".join(parts))


TOC_KINDS = ("section", "chapter", "annex", "paragraph")


def table_of_contents(provs: list[dict]) -> list[dict]:
    """Sections, chapters and annexes of the act in document order, each with its heading."""
    return [{"eId": p["eId"], "kind": p["kind"], "heading": (p.get("heading") or "")[:140]}
            for p in provs if p["kind"] in TOC_KINDS][:300]


def requirement_targets(store) -> list[dict]:
    """The provisions that set qualification requirements (the eligibility form's list), cited."""
    from zangraph.graph.citation import provision_of_act
    from zangraph.graph.model import ActRef

    def read() -> list[dict]:
        q = Q.PREFIXES + """SELECT DISTINCT ?k ?e WHERE { ?r a zg:Requirement ; zg:statedIn/zg:versionOf ?p .
          ?p zg:eId ?e ; zg:act/zg:key ?k } ORDER BY ?k ?e"""
        return [{"act": r["k"].value, "eId": r["e"].value,
                 "label": provision_of_act(r["e"].value, ActRef.from_key(r["k"].value), "ru")} for r in store.query(q)]
    return store.memo("requirement-targets", read)
