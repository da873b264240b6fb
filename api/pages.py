"""Server-rendered pages (Jinja2), Russian interface; every asset is served from ``/static``.

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
from zangraph.graph import query as Q
from zangraph.graph.citation import provision as _cite_provision
from zangraph.graph.requirements import CONDITIONS, EXPERIENCE_KINDS

from .errors import ApiError
from .rest import act_status, day

HERE = Path(__file__).resolve().parent
templates = Jinja2Templates(directory=str(HERE / "templates"))
STATUS_RU = {"in_force": "действует", "not_yet_in_force": "ещё не действует", "no_longer_in_force": "утратила силу",
             "uncertain": "не определено", "absent": "отсутствует", "unknown": "неизвестно",
             "suspended": "приостановлено"}
OPERATION_RU = {"enactment": "принятие", "substitution": "новая редакция", "insertion": "дополнение",
                "repeal": "исключение", "change": "изменение", "word_replacement": "замена слов",
                "renumbering": "перенумерация", "act repealed": "утрата силы акта"}
KIND_RU = {"decree": "Указ", "resolution": "Постановление", "order": "Приказ", "law": "Закон", "code": "Кодекс",
           "decision": "Решение"}
EXPERIENCE_RU = {"total": "общий стаж", "sector": "стаж в отрасли", "civil_service": "государственная служба",
                 "political_or_corps_a": "политические должности / корпус «А» / депутат",
                 "corps_b": "корпус «Б» (категория)", "law_enforcement_leadership": "руководящие в правоохранительных / военных",
                 "leadership": "руководящие должности", "national_holding_director": "директор департамента нацхолдинга / компании",
                 "sme_deputy_head": "заместитель руководителя среднего бизнеса / квазигоссектора / НПО",
                 "international_leadership": "руководящие в международных организациях",
                 "org_admin_functions": "организационно-распорядительные функции"}
CONDITION_RU = {"academic_degree": "учёная степень", "phd_leading_foreign_university": "PhD ведущего зарубежного вуза",
                "state_training_programme": "государственная программа подготовки", "highest_achievement": "высшее достижение",
                "presidential_youth_reserve": "Президентский молодёжный кадровый резерв",
                "presidential_consent": "согласие Президента"}
templates.env.globals.update(cite_provision=_cite_provision, STATUS_RU=STATUS_RU, OPERATION_RU=OPERATION_RU, KIND_RU=KIND_RU,
                             EXPERIENCE_RU=EXPERIENCE_RU, CONDITION_RU=CONDITION_RU)
EXAMPLES_DIR = HERE / "examples"
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
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message}, status_code=status)


def timeline_svg(versions: list[dict], key: str, eid: str, today: date) -> dict:
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
            "href": f"/acts/{key}?at={certain_day(v)}#{eid}",
        })
    ticks = []
    for year in range(lo.year + 1, hi.year + 1):
        t = date(year, 1, 1)
        ticks.append({"x": x(t), "label": str(year)})
    step = max(1, len(ticks) // 12)
    return {"width": width, "height": 40 + len(versions) * row, "bars": bars, "ticks": ticks[::step],
            "today": x(today) if lo <= today <= hi else None}


def mount(app, svc) -> None:
    store = svc.store
    app.mount("/static", StaticFiles(directory=str(HERE / "static")), name="static")

    def acts_meta() -> dict[str, dict]:
        return store.memo("acts-meta", lambda: {a["key"]: a for a in Q.acts(store)})

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home(request: Request, q: str | None = None, at: str | None = None):
        d = day(at)
        acts = [{**a, "status": act_status(a, d)} for a in acts_meta().values()
                if not q or any(q.lower() in t.lower() for t in a["title"].values())]
        positions, found, problem = [], None, None
        if q:
            from zangraph.graph.query_requirements import positions as search
            from zangraph.graph.search import SearchError

            positions = search(store, q, None, None, d, 50)
            if svc.search is not None:
                try:
                    found = svc.search.search(q, d, None, None, 20, 0, store=store)
                except SearchError as e:
                    problem = str(e)
            else:
                problem = "поиск по текстам ещё не готов: индекс строится" if svc.warming else "поиск по текстам отключён"
        return templates.TemplateResponse(request, "home.html", {"q": q or "", "at": d.isoformat(), "acts": acts,
                                                                 "positions": positions, "found": found,
                                                                 "problem": problem})

    @app.get("/acts/{key}", response_class=HTMLResponse, include_in_schema=False)
    def act_page(request: Request, key: str, at: str | None = None, lang: str | None = None, start: int = 0):
        d = day(at)
        lang = lang or None
        if lang not in (None, "ru", "kk"):
            raise ApiError(400, "bad_lang", f"lang={lang!r}: expected ru or kk")
        total = Q.act_size(store, key)
        start = max(0, min(start, total - 1)) if total else 0
        provs = Q.act_at(store, key, d, lang, start, PAGE)
        meta = acts_meta().get(key)
        counts: dict[str, int] = {}
        for p in provs:
            counts[p["status"]] = counts.get(p["status"], 0) + 1
        return templates.TemplateResponse(request, "act.html", {
            "key": key, "meta": meta, "at": d.isoformat(), "lang": lang, "provisions": provs,
            "counts": counts, "start": start, "total": total, "page": PAGE,
            "act_status": act_status(meta, d) if meta else "unknown"})

    @app.get("/acts/{key}/provisions/{eid}", response_class=HTMLResponse, include_in_schema=False)
    def history_page(request: Request, key: str, eid: str, as_known: str | None = None):
        src = store
        if as_known:  # the sources known on that day only (graph.known)
            from zangraph.graph.known import view

            src = view(store, key, day(as_known, "as_known"))
        versions = Q.history(src, key, eid)
        tl = timeline_svg(versions, key, eid, date.today())
        known = [v for v in versions if v["text_known"]]
        return templates.TemplateResponse(request, "history.html", {
            "key": key, "eid": eid, "versions": versions, "tl": tl, "meta": acts_meta().get(key), "as_known": as_known,
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
        return templates.TemplateResponse(request, "diff.html", {"key": key, "eid": eid, "r": res,
                                                                 "meta": acts_meta().get(key)})

    @app.get("/query", response_class=HTMLResponse, include_in_schema=False)
    def editor(request: Request, query: str | None = None):
        ex = examples()
        return templates.TemplateResponse(request, "query.html", {"examples": ex,
                                                                  "query": query or (ex[0]["query"] if ex else "")})

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
        return templates.TemplateResponse(request, "eligibility.html", {
            "f": form, "rows": rows, "verdict": verdict, "error": error, "kinds": EXPERIENCE_KINDS,
            "conditions": CONDITIONS, "at": form.get("at") or date.today().isoformat(),
            "acts": list(acts_meta())}, status_code=400 if error else 200)


def _check_form(store, form: dict, rows: list[dict]) -> dict:
    from zangraph.graph.check import eligibility
    from zangraph.graph.eligibility import CandidateError, candidate_from_json

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
            raise ApiError(400, "bad_candidate", f"стаж, строка {i + 1}: «{r['months']}» — не целое число месяцев") from None
        e = {"kind": r["kind"], "months": months}
        if r["category"].strip():
            e["category"] = r["category"].strip()
        cand["experience"].append(e)
    if form.get("age", "").strip():
        try:
            cand["age"] = int(form["age"])
        except ValueError:
            raise ApiError(400, "bad_candidate", f"возраст: «{form['age']}» — не целое число") from None
    try:
        c = candidate_from_json(cand)
    except CandidateError as e:
        raise ApiError(400, "bad_candidate", str(e)) from None
    position = form.get("position", "").strip() or None
    key, eid = form.get("act", "").strip() or None, form.get("eid", "").strip() or None
    if position is None and (key is None or eid is None):
        raise ApiError(400, "bad_request", "укажите акт и eId пункта либо IRI должности")
    try:
        return eligibility(store, c, day(form.get("at")), key, eid, position)
    except ValueError as e:
        raise ApiError(400, "bad_request", str(e)) from None
