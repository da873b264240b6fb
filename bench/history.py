"""Git history (issue 16): ``zangraph ingest --history CLONE`` over a synthetic clone.

    .venv/bin/python -m bench.history [--acts 1000] [--commits 5] [--seed 16] [--out bench/results/history.json]

What it measures: how fast every redaction in a kazakhstan-law clone's git history is read
and stored — the target is ≥ 50 redactions/s over 1 000 acts × 5 commits — and that a re-run
reads nothing and a commit added later is the only thing read.

The clone (built in ``$ZANGRAPH_BENCH_DIR/history`` or ``/tmp/zangraph-bench/history``, not
part of the measurement; its build time is reported apart) is made deterministically from
the seed, in the corpus's layout: ``07-ministerial/<issuer>/<YYYY>/<MMDD>-<slug>-<code>/``
with ``meta.yaml`` (act_code, requisite "Приказ Министра … Республики Казахстан от D месяца
YYYY года № N. Зарегистрирован …", title, form ПРИК, version_date, source, and for an
amended redaction caused_by {code, requisite, title, link}) and ``rus.md`` (a ``#`` title,
the preamble "… ПРИКАЗЫВАЮ:", numbered points, the signature, the "Утверждены приказом …"
block and the approved Rules: chapters "### Глава N. …" of 20–40 points in all, some with
subpoints). Redaction 1 of an act is its text as signed; each later redaction is an amending
order of the same minister, signed on the redaction's day, that sets 1–3 points in a new
wording ("в редакции"), changes a few words of one ("с изменением"), or adds a point
("дополнены пунктом 12-1"), with the footnote after the point as the portal writes it
(``> *Сноска. Пункт 5 в редакции приказа Министра финансов РК от 09.11.2016 № 125 (вводится
в действие …).*``; a point amended twice names both orders); earlier footnotes stay. One
commit per redaction, dated (author and committer) to its day, subject "Приказ № N от
DD.MM.YYYY", trailers ``Cause-Act-Code``, ``Cause-Act-Requisite``, ``Acts-Changed``; the
commits of all acts interleaved in date order as in a real history; an annotated tag
``build/YYYY-01-15`` each year. Written with one ``git fast-import`` stream, then checked
out (the work tree is what ``zangraph report`` is run on first, to see that a generated act
is read well: provisions found, footnotes attached to the points they name).

Measured, each in a fresh process under ``/usr/bin/time -v`` (wall seconds, peak RSS):
``zangraph ingest --history CLONE --store <new store> --format json`` cold (redactions/s =
redactions stored / wall); the same again (nothing new); then one more commit (a sixth
redaction of one act, made with plain ``git``) and the same again (only that commit read).
The footnotes zangraph found in each stored redaction are compared with those the generator
wrote, and the warnings it printed are counted by kind. Raw figures go to
``bench/results/history.json``; the section for bench/RESULTS.md is printed.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from bench.corpus import ENTRY, ru_date, short

ROOT = Path(__file__).resolve().parent.parent
WORK = Path(os.environ.get("ZANGRAPH_BENCH_DIR", "/tmp/zangraph-bench")) / "history"
PY = str(ROOT / ".venv" / "bin" / "python")
TARGET = 50.0  # redactions/s

# (issuer directory, genitive "Министра …", short "Министра … РК", department, signatory)
ISSUERS = [
    ("104001000000-ministerstvo-finansov", "Министра финансов", "Департаменту методологии бухгалтерского учета", "Е. Жамаубаев"),
    ("105001000000-ministerstvo-iustitsii", "Министра юстиции", "Департаменту регистрации нормативных правовых актов", "А. Ескараев"),
    ("106001000000-ministerstvo-zdravookhraneniia", "Министра здравоохранения", "Департаменту организации медицинской помощи", "А. Гиният"),
    ("107001000000-ministerstvo-truda-i-sotsialnoi-zashchity-naseleniia",
     "Министра труда и социальной защиты населения", "Департаменту социальной помощи", "С. Жакупова"),
    ("108001000000-ministerstvo-vnutrennikh-del", "Министра внутренних дел", "Административной полиции", "Е. Тургумбаев"),
    ("109001000000-ministerstvo-obrazovaniia-i-nauki", "Министра образования и науки", "Департаменту дошкольного и среднего образования", "А. Аймагамбетов"),
    ("110001000000-ministerstvo-natsionalnoi-ekonomiki", "Министра национальной экономики", "Департаменту государственного планирования", "А. Куантыров"),
    ("111001000000-ministerstvo-selskogo-khoziaistva", "Министра сельского хозяйства", "Департаменту ветеринарной безопасности", "Е. Карашукеев"),
]
TOPICS = ["организации работы с обращениями физических и юридических лиц", "проведения конкурса на занятие административных должностей",
          "ведения реестра государственных услуг", "прохождения стажировки в государственных органах",
          "оценки деятельности административных государственных служащих", "формирования кадрового резерва",
          "подготовки, переподготовки и повышения квалификации кадров", "ротации административных государственных служащих",
          "проведения аттестации специалистов", "предоставления отпусков работникам", "учета рабочего времени",
          "ведения личных дел", "проведения мониторинга нормативных правовых актов", "формирования и использования резервного фонда",
          "выдачи разрешений и уведомлений", "проведения внутреннего аудита", "организации документооборота",
          "осуществления государственного контроля", "проведения публичных обсуждений", "учета и хранения архивных документов"]
CHAPTERS = ["Общие положения", "Порядок {t}", "Порядок рассмотрения документов", "Порядок обжалования решений",
            "Заключительные положения"]
FRAGMENTS = [
    "уполномоченный орган в пределах своей компетенции обеспечивает рассмотрение представленных документов",
    "решение принимается в течение десяти рабочих дней со дня поступления заявления",
    "с учетом требований законодательства Республики Казахстан в области государственной службы",
    "а также предложений структурных подразделений и территориальных органов",
    "при наличии оснований, предусмотренных настоящими Правилами",
    "заявитель представляет документы по форме, утвержденной уполномоченным органом",
    "в случае представления неполного пакета документов заявление возвращается без рассмотрения",
    "сведения вносятся в информационную систему и хранятся в течение пяти лет",
    "контроль за соблюдением настоящих Правил осуществляет руководитель государственного органа",
    "ответственное структурное подразделение ведет учет поступивших материалов",
    "копии документов заверяются в установленном порядке",
    "результаты рассмотрения доводятся до сведения заинтересованных лиц в письменной форме",
    "по итогам года составляется отчет, который направляется в вышестоящий орган",
    "организация работы возлагается на подразделение по управлению персоналом",
    "документы, поступившие после установленного срока, рассматриваются в общем порядке",
    "сроки рассмотрения могут быть продлены не более чем на пятнадцать календарных дней",
    "информация размещается на интернет-ресурсе государственного органа",
    "члены комиссии участвуют в заседании лично без права замены",
    "заседание комиссии считается правомочным при участии не менее двух третей ее членов",
    "решение комиссии оформляется протоколом, который подписывается председателем и секретарем",
]
AMENDED = ["посредством веб-портала электронного правительства", "в электронной форме с использованием электронной цифровой подписи",
           "не позднее пяти рабочих дней", "с уведомлением заявителя о принятом решении"]
TRANSLIT = dict(zip("абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
                    ["a", "b", "v", "g", "d", "e", "e", "zh", "z", "i", "i", "k", "l", "m", "n", "o", "p", "r", "s", "t",
                     "u", "f", "kh", "ts", "ch", "sh", "shch", "", "y", "", "e", "iu", "ia"], strict=True))


def slug(title: str, n: int = 64) -> str:
    s = "".join(TRANSLIT.get(c, c if c.isascii() and c.isalnum() else "-") for c in title.lower())
    return re.sub(r"-+", "-", s).strip("-")[:n].rstrip("-")


# ---------------------------------------------------------------- the world


@dataclass
class Amendment:
    day: date  # the amending order's signing day = the redaction's day
    number: str
    code: str
    entry: int
    changes: list[tuple[str, str]]  # (op, point number): substitution | change | insertion


@dataclass
class Act:
    index: int
    issuer: int
    signed: date
    number: str
    code: str
    topic: str
    registration: tuple[date, str]
    chapters: list[list[str]]  # point numbers of the Rules, per chapter
    amendments: list[Amendment] = field(default_factory=list)

    @property
    def title(self) -> str:
        return f"Об утверждении Правил {self.topic}"

    @property
    def directory(self) -> str:
        return (f"07-ministerial/{ISSUERS[self.issuer][0]}/{self.signed.year}/"
                f"{self.signed:%m%d}-{slug(self.title)}-{self.code}")

    @property
    def requisite(self) -> str:
        reg_day, reg_no = self.registration
        return (f"Приказ {ISSUERS[self.issuer][1]} Республики Казахстан от {ru_date(self.signed)} № {self.number}. "
                f"Зарегистрирован в Министерстве юстиции Республики Казахстан {ru_date(reg_day)} № {reg_no}")


def amending_requisite(act: Act, a: Amendment) -> str:
    return f"Приказ {ISSUERS[act.issuer][1]} Республики Казахстан от {ru_date(a.day)} № {a.number}"


def plan(n: int, commits: int, seed: int, min_gap: int = 60) -> list[Act]:
    """The acts and their amendments; two redactions of one act are at least ``min_gap`` days apart."""
    rng = random.Random(seed)
    used: set[tuple[date, str]] = set()  # an order's key is its day and number: no two alike

    def number(day: date, low: int, high: int) -> str:
        while True:
            nr = str(rng.randint(low, high))
            if (day, nr) not in used:
                used.add((day, nr))
                return nr

    acts = []
    first, last = date(2005, 1, 10), date(2019, 12, 31)
    for i in range(n):
        signed = first + timedelta(days=rng.randrange((last - first).days))
        issuer = rng.randrange(len(ISSUERS))
        total = rng.randint(20, 40)
        k = rng.randint(3, 5)
        cut = sorted(rng.sample(range(2, total), k - 1))
        bounds = [0, *cut, total]
        chapters = [[str(p + 1) for p in range(bounds[c], bounds[c + 1])] for c in range(k)]
        act = Act(i, issuer, signed, number(signed, 1, 999), str(100000 + i * 7 + rng.randrange(7)),
                  rng.choice(TOPICS), (signed + timedelta(days=rng.randint(10, 40)), str(rng.randint(10000, 22000))),
                  chapters)
        days: set[date] = set()
        while len(days) < commits - 1:
            d = signed + timedelta(days=rng.randint(60, (date(2025, 12, 31) - signed).days))
            if all(abs((d - x).days) >= max(min_gap, 1) for x in days):
                days.add(d)
        for j, d in enumerate(sorted(days)):
            points = [p for ch in act.chapters for p in ch]
            changes = []
            for p in rng.sample(points[1:], k=rng.randint(1, 3)):
                changes.append(("change" if rng.random() < 0.3 else "substitution", p))
            if rng.random() < 0.2:
                base = rng.choice([p for p in points if "-" not in p])
                sub = 1
                while f"{base}-{sub}" in points:
                    sub += 1
                new = f"{base}-{sub}"
                for ch in act.chapters:
                    if base in ch:
                        at = ch.index(base) + 1
                        while at < len(ch) and ch[at].startswith(base + "-"):
                            at += 1
                        ch.insert(at, new)
                changes.append(("insertion", new))
            act.amendments.append(Amendment(d, number(d, 1, 999), str(500000 + i * 10 + j), rng.randrange(3), changes))
        acts.append(act)
    return acts


# ---------------------------------------------------------------- rendering


def footnote(act: Act, number: str, events: list[tuple[str, Amendment]]) -> str:
    """The portal's footnote after a point, naming every amendment of it so far."""
    who = ISSUERS[act.issuer][1] + " РК"
    if events[0][0] == "insertion":
        a = events[0][1]
        text = (f"Правила дополнены пунктом {number} в соответствии с приказом {who} от {short(a.day)} № {a.number} "
                f"({ENTRY[a.entry]})")
        rest = events[1:]
        lead = "; "
    else:
        text, rest, lead = f"Пункт {number}", events, " "
    groups: list[tuple[str, list[Amendment]]] = []
    for op, a in rest:
        op = "substitution" if op == "insertion" else op
        if groups and groups[-1][0] == op:
            groups[-1][1].append(a)
        else:
            groups.append((op, [a]))
    parts = []
    for op, amendments in groups:
        many = len(amendments) > 1
        whens = "; ".join(f"от {short(a.day)} № {a.number} ({ENTRY[a.entry]})" for a in amendments)
        if op == "substitution":
            parts.append(f"в редакции {'приказов' if many else 'приказа'} {who} {whens}")
        else:
            parts.append(f"с {'изменениями, внесенными приказами' if many else 'изменением, внесенным приказом'} {who} {whens}")
    if parts:
        text += lead + "; ".join(parts)
    return f"> *Сноска. {text}.*"


def point_lines(act: Act, number: str, version: int, changed: bool) -> list[str]:
    """A point's Markdown: its version decides its words (so redactions differ)."""
    r = random.Random(f"{act.index}/{number}/{version}")
    s = random.Random(f"{act.index}/{number}")  # the structure stays across versions
    parts = r.sample(FRAGMENTS, k=s.randint(1, 3))
    if changed:  # "с изменением": a few words added
        parts[0] += " " + r.choice(AMENDED)
    subs = s.randint(2, 5) if s.random() < 0.25 else 0
    text = ", ".join(parts)
    out = [f"{number}. {text[0].upper()}{text[1:]}{':' if subs else '.'}", ""]
    for j in range(1, subs + 1):
        out += [f"   {j}) {r.choice(FRAGMENTS)}" + (";" if j < subs else "."), ""]
    return out


def render(act: Act, k: int) -> tuple[str, str, int]:
    """(meta.yaml, rus.md, footnotes written) of redaction ``k`` (0 = the act as signed)."""
    _dir, minister, department, signer = ISSUERS[act.issuer]
    done = act.amendments[:k]
    events: dict[str, list[tuple[str, Amendment]]] = {}
    for a in done:
        for op, p in a.changes:
            events.setdefault(p, []).append((op, a))
    inserted = {p for a in act.amendments for op, p in a.changes if op == "insertion"}
    day = done[-1].day if done else act.signed
    out = [f"# {act.title}", "",
           "В соответствии с подпунктом 2) пункта 3 статьи 16 Закона Республики Казахстан от 19 марта 2010 года "
           "«О государственной статистике» ПРИКАЗЫВАЮ:", "",
           f"1. Утвердить прилагаемые Правила {act.topic}.", "",
           f"2. {department} {minister.replace('Министра', 'Министерства')} Республики Казахстан в установленном "
           "законодательством порядке обеспечить:", "",
           "   1) государственную регистрацию настоящего приказа в Министерстве юстиции Республики Казахстан;", "",
           f"   2) размещение настоящего приказа на интернет-ресурсе {minister.replace('Министра', 'Министерства')} "
           "Республики Казахстан.", "",
           f"3. Контроль за исполнением настоящего приказа возложить на курирующего вице-министра "
           f"{minister.replace('Министра ', '')} Республики Казахстан.", "",
           f"4. Настоящий приказ {ENTRY[1]}.", "",
           f"**{minister.replace('Министра', 'Министр')} Республики Казахстан**", "", f"**{signer}**", "",
           "> *Утверждены*  ", f"> *приказом {minister}*  ", "> *Республики Казахстан*  ",
           f"> *от {ru_date(act.signed)}*  ", f"> *№ {act.number}*", "",
           f"## Правила {act.topic}", ""]
    notes = 0
    for c, points in enumerate(act.chapters):
        name = CHAPTERS[min(c, len(CHAPTERS) - 1)].format(t=act.topic) if c < len(act.chapters) - 1 or c == 0 \
            else CHAPTERS[-1]
        out += [f"### Глава {c + 1}. {name}", ""]
        for p in points:
            ev = events.get(p, [])
            if p in inserted and not ev:
                continue  # added by a later redaction
            out += point_lines(act, p, len(ev), bool(ev) and ev[-1][0] == "change")
            if ev:
                out += [footnote(act, p, ev), ""]
                notes += 1
    md = "\n".join(out).rstrip("\n") + "\n"
    meta = [f"act_code: '{act.code}'", f"requisite: {act.requisite}", "title:", f"  rus: {act.title}", "form: ПРИК",
            "type_codes:", "- ПРАВ", "- ПРИК", f"approved_on: {act.signed.isoformat()}", "approved_by:",
            f"- '{ISSUERS[act.issuer][0].split('-')[0]}'", "version_date:", f"  rus: {day.isoformat()}", "source:",
            f"  rus: https://zan.gov.kz/client/#!/doc/{act.code}/rus/{short(day)}"]
    if done:
        a = done[-1]
        meta += ["caused_by:", f"  code: '{a.code}'", f"  requisite: {amending_requisite(act, a)}", "  title:",
                 f"    rus: О внесении изменений в приказ {minister} Республики Казахстан от {ru_date(act.signed)} "
                 f"№ {act.number} «{act.title}»", f"  link: https://zan.gov.kz/client/#!/doc/{a.code}/rus"]
    return "\n".join(meta) + "\n", md, notes


# ---------------------------------------------------------------- the clone


def ts(d: date) -> int:
    return int(datetime(d.year, d.month, d.day, tzinfo=UTC).timestamp())


def git_env() -> dict:
    return dict(os.environ, GIT_CONFIG_GLOBAL="/dev/null", GIT_CONFIG_SYSTEM="/dev/null",
                GIT_AUTHOR_NAME="kazakhstan-law", GIT_AUTHOR_EMAIL="bot@example.org",
                GIT_COMMITTER_NAME="kazakhstan-law", GIT_COMMITTER_EMAIL="bot@example.org")


def git(repo: Path, *args: str, day: date | None = None) -> str:
    env = git_env()
    if day:
        env |= {"GIT_AUTHOR_DATE": f"{day.isoformat()}T00:00:00Z", "GIT_COMMITTER_DATE": f"{day.isoformat()}T00:00:00Z"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True, env=env).stdout


def message(act: Act, k: int) -> str:
    if k == 0:
        return f"Приказ № {act.number} от {short(act.signed)}: первая редакция\n\nActs-Changed: {act.code}\n"
    a = act.amendments[k - 1]
    return (f"Приказ № {a.number} от {short(a.day)}\n\nCause-Act-Code: {a.code}\n"
            f"Cause-Act-Requisite: {amending_requisite(act, a)}\nActs-Changed: {act.code}\n")


def build_clone(acts: list[Act], repo: Path) -> dict:
    """The clone, from one fast-import stream; → facts about it (commits, footnotes written per redaction)."""
    shutil.rmtree(repo, ignore_errors=True)
    repo.mkdir(parents=True)
    git(repo, "init", "-q", "-b", "main")
    events = sorted((a.signed if k == 0 else a.amendments[k - 1].day, a.index, k)
                     for a in acts for k in range(len(a.amendments) + 1))
    years = range(events[0][0].year + 1, events[-1][0].year + 2)
    tags = [date(y, 1, 15) for y in years]
    notes: dict[str, int] = {}
    proc = subprocess.Popen(["git", "-C", str(repo), "fast-import", "--quiet", "--done"], stdin=subprocess.PIPE,
                            env=git_env())
    w = proc.stdin

    def data(b: bytes) -> None:
        w.write(b"data %d\n" % len(b) + b + b"\n")

    who = b"kazakhstan-law <bot@example.org>"
    ti, mark = 0, 0
    for day, i, k in events:
        while ti < len(tags) and tags[ti] <= day:
            if mark:
                w.write(f"tag build/{tags[ti].isoformat()}\nfrom :{mark}\n".encode() + b"tagger " + who +
                        f" {ts(tags[ti])} +0000\n".encode())
                data(f"corpus build {tags[ti].isoformat()}\n".encode())
            ti += 1
        act = acts[i]
        meta, md, n = render(act, k)
        notes[f"{act.directory}@{day.isoformat()}"] = n
        mark += 1
        w.write(f"commit refs/heads/main\nmark :{mark}\n".encode() + b"author " + who + f" {ts(day)} +0000\n".encode()
                + b"committer " + who + f" {ts(day)} +0000\n".encode())
        data(message(act, k).encode())
        for name, text in (("meta.yaml", meta), ("rus.md", md)):
            w.write(f"M 100644 inline {act.directory}/{name}\n".encode())
            data(text.encode())
    for t in tags[ti:]:
        w.write(f"tag build/{t.isoformat()}\nfrom :{mark}\n".encode() + b"tagger " + who + f" {ts(t)} +0000\n".encode())
        data(f"corpus build {t.isoformat()}\n".encode())
    w.write(b"done\n")
    w.close()
    if proc.wait() != 0:
        raise RuntimeError("git fast-import failed")
    git(repo, "reset", "-q", "--hard", "main")
    return {"commits": len(events), "tags": len(tags), "footnotes_written": notes,
            "head": git(repo, "rev-parse", "HEAD").strip()}


def add_commit(acts: list[Act], repo: Path, rng: random.Random) -> tuple[str, str, int]:
    """One more redaction of one act, committed with plain git after the last day; → (directory, day, footnotes)."""
    act = acts[rng.randrange(len(acts))]
    last = max(a.amendments[-1].day if a.amendments else a.signed for a in acts)
    day = max(last, date(2025, 12, 31)) + timedelta(days=20)
    points = [p for ch in act.chapters for p in ch if p not in {q for a in act.amendments for o, q in a.changes if o == "insertion"}]
    used = {(a.day, a.number) for x in acts for a in x.amendments} | {(x.signed, x.number) for x in acts}
    nr = next(str(n) for n in range(1, 10000) if (day, str(n)) not in used)
    act.amendments.append(Amendment(day, nr, str(900000 + act.index), 0, [("substitution", rng.choice(points[1:]))]))
    meta, md, n = render(act, len(act.amendments))
    (repo / act.directory / "meta.yaml").write_text(meta, encoding="utf-8")
    (repo / act.directory / "rus.md").write_text(md, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message(act, len(act.amendments)).rstrip("\n"), day=day)
    return act.directory, day.isoformat(), n


# ---------------------------------------------------------------- measuring


def timed(args: list[str]) -> dict:
    r = subprocess.run(["/usr/bin/time", "-v", *args], capture_output=True, text=True, cwd=ROOT)
    err = r.stderr
    wall = re.search(r"Elapsed \(wall clock\) time \(h:mm:ss or m:ss\): (?:(\d+):)?(\d+):([\d.]+)", err)
    h, m, s = (float(x) if x else 0.0 for x in wall.groups())
    rss = int(re.search(r"Maximum resident set size \(kbytes\): (\d+)", err).group(1))
    own = err[:err.rfind("\tCommand being timed")]
    lines = [x for x in re.split(r"[\r\n]", own) if x.strip() and not re.match(r"^(read redactions|store):\s", x)]
    return {"rc": r.returncode, "wall_s": round(h * 3600 + m * 60 + s, 2), "peak_rss_mb": round(rss / 1024, 1),
            "stdout": r.stdout, "stderr_lines": lines}


def ingest(repo: Path, store: Path) -> dict:
    r = timed([PY, "-m", "zangraph.graph.cli", "ingest", "--history", str(repo), "--store", str(store), "--format", "json"])
    if r["rc"] != 0:  # recorded, not raised: a refused ingest is a finding too
        r["error"] = [x for x in r["stderr_lines"] if not x.startswith("\t")][-12:]
    try:
        rows = json.loads(r.pop("stdout")) if r.get("stdout", "").strip() else []
    except json.JSONDecodeError:
        rows = []
    r["rows"] = rows
    r["redactions"] = len(rows)
    return r


def warning_kinds(rows: list[dict]) -> Counter:
    c: Counter = Counter()
    for row in rows:
        for w in row["warnings"]:
            c[re.sub(r"\d[\d.\-]*", "N", re.sub(r"^line \d+: ", "", w))[:120]] += 1
    return c


def report_one(directory: Path) -> dict:
    r = subprocess.run([PY, "-m", "zangraph.graph.cli", "report", "--format", "json", str(directory)],
                       capture_output=True, text=True, cwd=ROOT)
    text = subprocess.run([PY, "-m", "zangraph.graph.cli", "report", str(directory)], capture_output=True, text=True,
                          cwd=ROOT).stdout
    try:
        got = json.loads(r.stdout)
    except json.JSONDecodeError:
        got = {"error": r.stderr[-2000:]}
    return {"json": got, "text": text}


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--acts", type=int, default=1000)
    ap.add_argument("--commits", type=int, default=5, help="redactions per act (commit 1 = the act as signed)")
    ap.add_argument("--seed", type=int, default=16)
    ap.add_argument("--min-gap", type=int, default=60,
                    help="days at least between two redactions of one act (0: any two distinct days)")
    ap.add_argument("--out", default=None, help="default bench/results/history.json (only for the full 1000 × 5)")
    args = ap.parse_args()
    if not Path("/usr/bin/time").exists():
        sys.exit("/usr/bin/time is not installed: apt-get install time")
    WORK.mkdir(parents=True, exist_ok=True)
    repo, store = WORK / f"kazakhstan-law-{args.acts}x{args.commits}", WORK / f"store-{args.acts}x{args.commits}"

    t = time.perf_counter()
    acts = plan(args.acts, args.commits, args.seed, args.min_gap)
    clone = build_clone(acts, repo)
    build_s = time.perf_counter() - t
    size_mb = sum(f.stat().st_size for f in (repo / ".git").rglob("*") if f.is_file()) / 2**20
    print(f"clone: {clone['commits']} commits, {clone['tags']} build tags, {size_mb:.1f} MB of .git, "
          f"built in {build_s:.1f} s ({repo})", flush=True)

    sample = max(acts, key=lambda a: sum(len(x.changes) for x in a.amendments))  # the most amended act
    rep = report_one(repo / sample.directory)
    print(rep["text"], flush=True)

    shutil.rmtree(store, ignore_errors=True)
    cold = ingest(repo, store)
    rate = cold["redactions"] / cold["wall_s"] if cold["wall_s"] else 0.0
    print(f"cold: {cold['redactions']} redactions in {cold['wall_s']} s = {rate:.1f}/s, peak {cold['peak_rss_mb']} MB",
          flush=True)
    if cold["rc"] != 0:
        print("cold ingest failed:\n" + "\n".join(cold["error"]), flush=True)
        out = WORK / f"history-{args.acts}x{args.commits}-failed.json"
        out.write_text(json.dumps({"command": "python -m bench.history " + " ".join(sys.argv[1:]), "cold":
                                   {k: v for k, v in cold.items() if k != "rows"}}, indent=2, ensure_ascii=False) + "\n")
        sys.exit(f"wrote {out}")
    again = ingest(repo, store)
    print(f"second run: {again['wall_s']} s, {again['redactions']} redactions; {again['stderr_lines'][-1:]}", flush=True)
    directory, day, notes = add_commit(acts, repo, random.Random(args.seed + 1))
    one = ingest(repo, store)
    print(f"one new commit: {one['wall_s']} s, {one['redactions']} redactions; {one['stderr_lines'][-2:]}", flush=True)

    written = clone["footnotes_written"]
    found = {}
    for row in cold["rows"]:
        m = re.match(rf"{re.escape(str(repo))}/(.+)/rus\.md@", row["file"])
        found.setdefault(m.group(1) if m else row["file"], []).append(row["footnotes"])
    per_dir_written: dict[str, list[int]] = {}
    for key, n in written.items():
        per_dir_written.setdefault(key.rsplit("@", 1)[0], []).append(n)
    mismatched = [d for d in per_dir_written if sorted(found.get(d, [])) != sorted(per_dir_written[d])]
    import pyoxigraph

    result = {
        "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "pyoxigraph": pyoxigraph.__version__,
                    "git": subprocess.run(["git", "--version"], capture_output=True, text=True).stdout.strip(),
                    "date": f"{datetime.now(UTC):%Y-%m-%d %H:%M} UTC"},
        "command": "python -m bench.history " + " ".join(sys.argv[1:]),
        "clone": {"acts": args.acts, "commits_per_act": args.commits, "min_gap_days": args.min_gap, "commits": clone["commits"], "build_tags": clone["tags"],
                  "head": clone["head"], "git_dir_mb": round(size_mb, 1), "build_s": round(build_s, 2), "seed": args.seed,
                  "path": str(repo)},
        "report_of_one_act": {"directory": sample.directory, "text": rep["text"]},
        "cold": {k: v for k, v in cold.items() if k != "rows"} | {
            "redactions_per_s": round(rate, 1), "texts_triples": sum(r["triples"] for r in cold["rows"]),
            "provisions": sum(r["provisions"] for r in cold["rows"]),
            "footnotes_found": sum(r["footnotes"] for r in cold["rows"]), "footnotes_written": sum(written.values()),
            "act_dirs_whose_footnote_counts_differ": len(mismatched), "examples_differing": mismatched[:5],
            "warnings_by_kind": dict(warning_kinds(cold["rows"]).most_common(20)),
            "redactions_with_warnings": sum(1 for r in cold["rows"] if r["warnings"])},
        "second_run": {k: v for k, v in again.items() if k != "rows"},
        "one_new_commit": {k: v for k, v in one.items() if k != "rows"} | {
            "commit": {"directory": directory, "day": day, "footnotes_written": notes},
            "stored": [{"act": r["act"], "file": r["file"], "footnotes": r["footnotes"], "warnings": r["warnings"]}
                       for r in one["rows"]]},
        "target": {"redactions_per_s": TARGET, "met": rate >= TARGET},
    }
    out = Path(args.out) if args.out else (ROOT / "bench" / "results" / "history.json"
                                           if (args.acts, args.commits) == (1000, 5) else WORK / f"history-{args.acts}x{args.commits}.json")
    out.write_text(json.dumps(result, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {out}")
    print(render_section(result))


def render_section(result: dict) -> str:
    """The "Git history" section of bench/RESULTS.md (the profile paragraph is written by hand)."""
    m, c, cold = result["machine"], result["clone"], result["cold"]
    out = [f"## Git history (issue 16) — `python -m bench.history`, {m['date'][:10]}", "",
           f"Measured {m['date']} on {m['cpus']} cores, Python {m['python']}, pyoxigraph {m['pyoxigraph']}, {m['git']}. "
           f"Command: `{result['command'].strip()}`; raw figures in `bench/results/history.json`. A synthetic "
           "kazakhstan-law clone (see the script's docstring: ministerial orders, one commit per redaction, dated, "
           "with `Cause-Act-*` trailers, commits of all acts in date order, yearly `build/` tags); each ingest one "
           "fresh process under `/usr/bin/time -v`, `zangraph ingest --history CLONE --store S --format json`.", "",
           "| acts | commits | redactions stored | clone build s | cold ingest s | redactions/s | peak RSS MB | "
           "second run s | one new commit s |", "|---|---|---|---|---|---|---|---|---|",
           f"| {c['acts']} | {c['commits']} | {cold['redactions']} | {c['build_s']} | {cold['wall_s']} | "
           f"{cold['redactions_per_s']} | {cold['peak_rss_mb']:.0f} | {result['second_run']['wall_s']} | "
           f"{result['one_new_commit']['wall_s']} |", ""]
    t = result["target"]
    gap = cold["redactions_per_s"] / t["redactions_per_s"]
    out.append(f"Target: ≥ {t['redactions_per_s']:.0f} redactions/s over 1 000 acts × 5 commits — "
               + ("met" if t["met"] else f"**missed** ({cold['redactions_per_s']} /s, {gap:.2f}× the target)") + ".")
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    main()
