"""A deterministic synthetic corpus in the Adilet plain-text export format.

``generate(n, out_dir, seed)`` writes ``n`` acts (one ``.txt`` per act and language) that
the real parser reads: decrees, government resolutions and ministerial orders with a
requisite line, preamble, points with subpoints, chapters, an approved document in an
annex, an entry-into-force clause and a signature; **amending acts** whose instructions
substitute, insert and exclude points of earlier generated acts, and the targets' texts
carry the matching footnotes ("Сноска. Пункт 4 - в редакции Указа Президента РК от …"),
so the consolidation builds real version chains; **qualification requirements** with
alternatives (subpoints "1) не менее … лет стажа …; 2) либо …") as in decree № 485; and
**registers of position cards** in Kazakh as in order № 75. About a third of the
non-amending acts also get a Kazakh text with the same points.

Sizes follow the seeds: most acts are 5–40 KB, amending acts a few KB, and one act in
a thousand is a register of several hundred cards (1–2 MB). The same ``n`` and ``seed``
give byte-identical files; the world (which act amends which point, when) is returned
so benchmarks can ask questions whose answers are known.

Run: ``python -m bench.corpus 1000 /tmp/corpus-1k``.
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

MONTHS_RU = ["января", "февраля", "марта", "апреля", "мая", "июня", "июля", "августа", "сентября",
             "октября", "ноября", "декабря"]
MONTHS_KK = ["қаңтардағы", "ақпандағы", "наурыздағы", "сәуірдегі", "мамырдағы", "маусымдағы", "шілдедегі",
             "тамыздағы", "қыркүйектегі", "қазандағы", "қарашадағы", "желтоқсандағы"]
NUM_GEN = {1: "одного года", 2: "двух лет", 3: "трех лет", 4: "четырех лет", 5: "пяти лет", 6: "шести лет",
           7: "семи лет", 8: "восьми лет"}
NUM_KK = {1: "бір", 2: "екі", 3: "үш", 4: "төрт", 5: "бес", 6: "алты", 7: "жеті", 8: "сегіз"}

KINDS = {
    # kind: (requisite head, preamble, signature, footnote genitive, instrumental)
    "decree": ("Указ Президента Республики Казахстан", "ПОСТАНОВЛЯЮ:", "Президент Республики Казахстан К. Токаев",
               "Указа Президента РК", "Указом Президента РК"),
    "resolution": ("Постановление Правительства Республики Казахстан", "Правительство Республики Казахстан ПОСТАНОВЛЯЕТ:",
                   "Премьер-Министр Республики Казахстан А. Бектенов", "постановления Правительства РК",
                   "постановлением Правительства РК"),
    "order": ("Приказ Министра финансов Республики Казахстан", "ПРИКАЗЫВАЮ:",
              "Министр финансов Республики Казахстан Е. Жамаубаев", "приказа Министра финансов РК",
              "приказом Министра финансов РК"),
}
KK_KINDS = {
    "decree": ("Қазақстан Республикасы Президентінің", "Жарлығы", "ҚАУЛЫ ЕТЕМІН:", "Қазақстан Республикасының Президенті Қ. Тоқаев"),
    "resolution": ("Қазақстан Республикасы Үкіметінің", "қаулысы", "Қазақстан Республикасының Үкіметі ҚАУЛЫ ЕТЕДІ:",
                   "Қазақстан Республикасының Премьер-Министрі Ә. Бектенов"),
    "order": ("Қазақстан Республикасы Қаржы министрінің", "бұйрығы", "БҰЙЫРАМЫН:", "Қазақстан Республикасының Қаржы министрі Е. Жамаубаев"),
}
ACCUSATIVE = {"decree": "Указ Президента Республики Казахстан", "resolution": "постановление Правительства Республики Казахстан",
              "order": "приказ Министра финансов Республики Казахстан"}
APPROVED_BY = {"decree": "Указом Президента", "resolution": "постановлением Правительства", "order": "приказом Министра финансов"}
THIS_ACT = {"decree": "Настоящий Указ", "resolution": "Настоящее постановление", "order": "Настоящий приказ"}
TOPICS = ["организации работы с обращениями", "проведения конкурса на занятие должностей", "ведения реестра",
          "прохождения стажировки", "оценки деятельности служащих", "формирования кадрового резерва",
          "подготовки и повышения квалификации", "ротации служащих", "проведения аттестации",
          "предоставления отпусков", "учета рабочего времени", "ведения личных дел"]
TOPICS_KK = ["өтініштермен жұмысты ұйымдастыру", "лауазымдарға конкурс өткізу", "тізілімді жүргізу",
             "тағылымдамадан өту", "қызметшілердің қызметін бағалау", "кадр резервін қалыптастыру",
             "даярлау және біліктілігін арттыру", "қызметшілерді ротациялау", "аттестаттау өткізу",
             "демалыс беру", "жұмыс уақытын есепке алу", "жеке істерді жүргізу"]
WORDS = ("государственный орган обеспечивает исполнение требований настоящих Правил в пределах своей компетенции "
         "и представляет информацию уполномоченному органу в сроки установленные законодательством Республики "
         "Казахстан с учетом предложений структурных подразделений и территориальных органов").split()
WORDS_KK = ("мемлекеттік орган өз құзыреті шегінде осы Қағидалардың талаптарының орындалуын қамтамасыз етеді және "
            "Қазақстан Республикасының заңнамасында белгіленген мерзімде уәкілетті органға ақпарат ұсынады").split()
ENTRY = ["вводится в действие со дня его первого официального опубликования",
         "вводится в действие по истечении десяти календарных дней после дня его первого официального опубликования",
         "вводится в действие со дня подписания"]
ENTRY_KK = ["алғашқы ресми жарияланған күнінен бастап қолданысқа енгізіледі",
            "алғашқы ресми жарияланған күнінен кейін күнтізбелік он күн өткен соң қолданысқа енгізіледі",
            "қол қойылған күнінен бастап қолданысқа енгізіледі"]
CATEGORIES = ["C-1", "C-2", "C-3", "C-4", "C-5", "D-1", "D-2", "D-3", "E-1", "E-2"]


@dataclass
class Change:
    op: str  # substitution | insertion | repeal
    number: str  # the point's number (insertion: the new point)


@dataclass
class ActSpec:
    index: int
    kind: str
    signed: date
    number: str
    role: str  # base | amending | requirements | register
    points: list[str] = field(default_factory=list)  # point numbers of the approved document
    kazakh: bool = False
    entry: int = 0
    # base acts: point -> [(amending act index, op)], in date order
    history: dict[str, list[tuple[int, str]]] = field(default_factory=dict)
    # amending acts: target index -> [Change]
    targets: dict[int, list[Change]] = field(default_factory=dict)
    cards: int = 0

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.signed.isoformat()}-{self.number}"


def ru_date(d: date) -> str:
    return f"{d.day} {MONTHS_RU[d.month - 1]} {d.year} года"


def kk_date(d: date) -> str:
    return f"{d.year} жылғы {d.day} {MONTHS_KK[d.month - 1]}"


def short(d: date) -> str:
    return d.strftime("%d.%m.%Y")


def sentence(rng: random.Random, words: list[str], n: int) -> str:
    return " ".join(rng.choice(words) for _ in range(n))


def wrap(text: str, indent: bool = True) -> str:
    """Adilet's export: the first line indented six spaces, lines cut near 80 characters."""
    out, line = [], "      " if indent else ""
    for w in text.split():
        if len(line) + len(w) + 1 > 80 and line.strip():
            out.append(line.rstrip() + " ")
            line = ""
        line += w + " "
    out.append(line.rstrip())
    return "\n".join(out)


# ---------------------------------------------------------------- the world


def plan(n: int, seed: int = 7) -> list[ActSpec]:
    rng = random.Random(seed)
    specs: list[ActSpec] = []
    start = date(2005, 1, 10)
    numbers: dict[tuple[str, int], int] = {}
    for i in range(n):
        signed = start + timedelta(days=int(i * 7300 / max(n, 1)) + rng.randint(0, 3))
        kind = rng.choices(["decree", "resolution", "order"], [3, 4, 3])[0]
        role = "base"
        r = rng.random()
        if i >= 20 and r < 0.30:
            role = "amending"
        elif r < 0.34:
            role = "requirements"
        if i % 1000 == 999 or (n < 1000 and i == n // 2):
            role, kind = "register", "order"
        numbers[(kind, signed.year)] = numbers.get((kind, signed.year), 0) + rng.randint(1, 4)
        s = ActSpec(i, kind, signed, str(numbers[(kind, signed.year)]), role, entry=rng.randrange(3))
        if role == "base":
            size = min(int(rng.lognormvariate(3.0, 0.6)) + 4, 120)  # 5–40 KB mostly
            s.points = [str(p) for p in range(1, size + 1)]
            s.kazakh = rng.random() < 0.33
        elif role == "requirements":
            s.points = [str(p) for p in range(1, rng.randint(6, 12) + 1)]
            s.kazakh = rng.random() < 0.33
        elif role == "register":
            s.cards = rng.randint(300, 500)
        specs.append(s)
    # amendments: each amending act targets 1–3 earlier acts of its own kind family
    for s in specs:
        if s.role != "amending":
            continue
        earlier = [t for t in specs[: s.index] if t.role in ("base", "requirements") and t.kind == s.kind and t.signed < s.signed]
        for t in rng.sample(earlier, k=min(len(earlier), rng.randint(1, 3))):
            changes = []
            live = [p for p in t.points if not (t.history.get(p) and t.history[p][-1][1] == "repeal")]
            for p in rng.sample(live, k=min(len(live) - 1, rng.randint(1, 3))):
                op = "repeal" if rng.random() < 0.15 and p != "1" else "substitution"
                changes.append(Change(op, p))
            if rng.random() < 0.3:
                base = rng.choice(t.points[:-1] or t.points).split("-")[0]
                sub = 1
                while f"{base}-{sub}" in t.points:
                    sub += 1
                new = f"{base}-{sub}"
                t.points.insert(t.points.index(base) + sub, new)
                changes.append(Change("insertion", new))
            if changes:
                s.targets[t.index] = changes
                for c in changes:
                    t.history.setdefault(c.number, []).append((s.index, c.op))
        if not s.targets:
            s.role = "base"
            s.points = ["1", "2", "3"]
    return specs


# ---------------------------------------------------------------- rendering


def point_text(rng: random.Random, spec: ActSpec, number: str, version: int, kk: bool) -> list[str]:
    """One point's wording (its version decides the words, so versions differ)."""
    r = random.Random(f"{spec.index}/{number}/{version}")  # the structure: the same in both languages
    w = random.Random(f"{spec.index}/{number}/{version}/{kk}")  # the words
    words = WORDS_KK if kk else WORDS
    lines = [wrap(f"{number}. {sentence(w, words, r.randint(18, 60))}" + (":" if r.random() < 0.25 else "."))]
    if lines[0].endswith(":"):
        k = r.randint(2, 5)
        for j in range(1, k + 1):
            lines.append(wrap(f"{j}) {sentence(w, words, r.randint(6, 20))}" + (";" if j < k else ".")))
    return lines


def requirement_point(spec: ActSpec, number: str, version: int) -> list[str]:
    r = random.Random(f"{spec.index}/{number}/{version}/req")
    lines = [wrap(f"{number}. Для занятия административных государственных должностей корпуса \"Б\" категории "
                  f"{r.choice(CATEGORIES)} требуется:")]
    k = r.randint(2, 4)
    for j in range(1, k + 1):
        total = r.randint(2, 8)
        sector = r.randint(1, max(1, total - 1))
        lead = "" if j == 1 else "либо "
        end = ";" if j < k else "."
        lines.append(wrap(f"{j}) {lead}не менее {NUM_GEN[total]} стажа работы, в том числе не менее "
                          f"{NUM_GEN[sector]} стажа работы в отрасли, соответствующей функциональным направлениям "
                          f"конкретной должности данной категории{end}"))
    return lines


def entry_clause(spec: ActSpec, kk: bool) -> str:
    if kk:
        return f"Осы {KK_KINDS[spec.kind][1]} {ENTRY_KK[spec.entry]}."
    return f"{THIS_ACT[spec.kind]} {ENTRY[spec.entry]}."


def requisite(spec: ActSpec, kk: bool) -> str:
    if kk:
        issuer, word, _, _ = KK_KINDS[spec.kind]
        return f"{issuer} {kk_date(spec.signed)} № {spec.number} {word}."
    return f"{KINDS[spec.kind][0]} от {ru_date(spec.signed)} № {spec.number}."


def footnote(specs: list[ActSpec], target: ActSpec, number: str, events: list[tuple[int, str]], kk: bool) -> str:
    by = specs[events[-1][0]]
    when = f"от {short(by.signed)} № {by.number} ({ENTRY[by.entry]})"
    if kk:
        when_kk = f"{short(by.signed)} № {by.number} ({ENTRY_KK[by.entry]})"
        who = {"decree": "ҚР Президентінің", "resolution": "ҚР Үкіметінің", "order": "ҚР Қаржы министрінің"}[by.kind]
        word = {"decree": "Жарлығымен", "resolution": "қаулысымен", "order": "бұйрығымен"}[by.kind]
        op = events[-1][1]
        if op == "insertion":
            return wrap(f"Ескерту. Қағида {number}-тармақпен толықтырылды - {who} {when_kk} {word}.")
        return wrap(f"Ескерту. {number}-тармақ жаңа редакцияда - {who} {when_kk} {word}.")
    gen, instr = KINDS[by.kind][3], KINDS[by.kind][4]
    if events[-1][1] == "insertion":
        return wrap(f"Сноска. Правила дополнены пунктом {number} в соответствии с {instr[0].lower() + instr[1:]} {when}.")
    if len(events) > 1:
        earlier = "; ".join(f"от {short(specs[i].signed)} № {specs[i].number} ({ENTRY[specs[i].entry]})"
                            for i, _ in events)
        return wrap(f"Сноска. Пункт {number} с изменениями, внесенными {gen.replace('Указа', 'указами').replace('постановления', 'постановлениями').replace('приказа', 'приказами')} {earlier}.")
    return wrap(f"Сноска. Пункт {number} - в редакции {gen} {when}.")


def render_base(specs: list[ActSpec], spec: ActSpec, kk: bool) -> str:
    rng = random.Random(spec.index * 2 + kk)
    topic = (TOPICS_KK if kk else TOPICS)[spec.index % len(TOPICS)]
    req = spec.role == "requirements"
    if kk:
        title = ("Біліктілік талаптарын бекіту туралы" if req else f"{topic.capitalize()} қағидаларын бекіту туралы")
        doc_head = "БІЛІКТІЛІК ТАЛАПТАРЫ" if req else "ҚАҒИДАЛАРЫ"
        approve = f"Қоса беріліп отырған {'біліктілік талаптары' if req else topic + ' қағидалары'} бекітілсін."
    else:
        title = ("Об утверждении квалификационных требований к административным государственным должностям"
                 if req else f"Об утверждении Правил {topic}")
        doc_head = "КВАЛИФИКАЦИОННЫЕ ТРЕБОВАНИЯ" if req else "ПРАВИЛА"
        approve = (f"Утвердить прилагаемые {'квалификационные требования к административным государственным должностям' if req else 'Правила ' + topic}.")
    out = ["", title, "", requisite(spec, kk)]
    out.append("      " + (KK_KINDS[spec.kind][2] if kk else KINDS[spec.kind][1]))
    out.append(wrap(f"1. {approve}"))
    out.append(wrap(f"2. {entry_clause(spec, kk)}"))
    out.append("      " + (KK_KINDS[spec.kind][3] if kk else KINDS[spec.kind][2]))
    out += ["", " ", ""]
    if kk:
        out += [f"{KK_KINDS[spec.kind][0]}", f"{kk_date(spec.signed)}", f"№ {spec.number} {KK_KINDS[spec.kind][1]}мен",
                "бекітілген", "", doc_head, ""]
    else:
        out += ["УТВЕРЖДЕНЫ" , APPROVED_BY[spec.kind], "Республики Казахстан", f"от {ru_date(spec.signed)}",
                "", f"№ {spec.number}", "", doc_head, ""]
    chapters = max(1, len(spec.points) // 12)
    per = -(-len(spec.points) // chapters)
    for ci in range(chapters):
        out.append(f"{ci + 1}-тарау. {sentence(rng, WORDS_KK, 3).capitalize()}" if kk
                   else f"Глава {ci + 1}. {sentence(rng, WORDS, 3).capitalize()}")
        out.append("")
        for p in spec.points[ci * per:(ci + 1) * per]:
            events = spec.history.get(p, [])
            if events and events[-1][1] == "repeal":
                by = specs[events[-1][0]]
                if kk:
                    continue
                out.append(wrap(f"{p}. Исключен {KINDS[by.kind][4]} от {short(by.signed)} № {by.number} ({ENTRY[by.entry]})."))
                continue
            version = len(events)
            out += (requirement_point(spec, p, version) if req and not kk else point_text(rng, spec, p, version, kk))
            if events:
                out.append(footnote(specs, spec, p, events, kk))
        out.append("")
    return "\n".join(out) + "\n"


def render_amending(specs: list[ActSpec], spec: ActSpec) -> str:
    rng = random.Random(spec.index)
    targets = [specs[i] for i in spec.targets]
    t0 = targets[0]
    title = (f"О внесении изменений в {ACCUSATIVE[t0.kind]} от {ru_date(t0.signed)} № {t0.number}"
             if len(targets) == 1 else "О внесении изменений в некоторые акты Республики Казахстан")
    out = ["", title, "", requisite(spec, False), "      " + KINDS[spec.kind][1]]
    for n, t in enumerate(targets, 1):
        topic = TOPICS[t.index % len(TOPICS)]
        doc = ("квалификационных требованиях к административным государственным должностям, утвержденных указанным актом"
               if t.role == "requirements" else f"Правилах {topic}, утвержденных указанным актом")
        out.append(wrap(f"{n}. Внести в {ACCUSATIVE[t.kind]} от {ru_date(t.signed)} № {t.number} "
                        f"\"Об утверждении Правил {topic}\" следующие изменения:"))
        out.append(wrap(f"в {doc}:"))
        for c in spec.targets[t.index]:
            version = [i for i, _ in t.history[c.number]].index(spec.index) + 1
            if c.op == "repeal":
                out.append(wrap(f"пункт {c.number} исключить;"))
                continue
            body = (requirement_point(t, c.number, version) if t.role == "requirements"
                    else point_text(rng, t, c.number, version, False))
            body[0] = body[0].replace(f"      {c.number}. ", f"      \"{c.number}. ", 1)
            body[-1] += "\";"
            if c.op == "insertion":
                out.append(wrap(f"дополнить пунктом {c.number} следующего содержания:"))
            else:
                out.append(wrap(f"пункт {c.number} изложить в следующей редакции:"))
            out += body
    out.append(wrap(f"{len(targets) + 1}. {entry_clause(spec, False)}"))
    out.append("      " + KINDS[spec.kind][2])
    return "\n".join(out) + "\n"


def render_register(spec: ActSpec) -> str:
    rng = random.Random(spec.index)
    _, _, preamble, sign = KK_KINDS["order"]
    out = ["", "\"Б\" корпусы мемлекеттік әкімшілік лауазымдарының санаттарына біліктілік талаптарын бекіту туралы", "",
           requisite(spec, True), "      " + preamble,
           wrap("1. Қоса беріліп отырған \"Б\" корпусы мемлекеттік әкімшілік лауазымдарының санаттарына біліктілік талаптары бекітілсін."),
           wrap(f"2. Осы бұйрық {ENTRY_KK[spec.entry]}."), "      " + sign, "", " ", "",
           "      Қазақстан Республикасы", "      Қаржы министрінің", f"      {kk_date(spec.signed)}",
           f"      № {spec.number} бұйрығымен бекітілді", "",
           "\"Б\" корпусы мемлекеттік әкімшілік лауазымдарының санаттарына біліктілік талаптары", ""]
    titles = ["Кеңесші", "Бас сарапшы", "Жетекші сарапшы", "Сарапшы", "Басшы орынбасары"]
    for c in range(1, spec.cards + 1):
        out += ["Министрліктің департаменті", "", "Лауазымға ", "қойылатын ", "біліктілік ", "талаптары", "",
                rng.choice(titles), "", "Бірлік саны Санаты Лауазым №", "",
                f"1 {rng.choice(CATEGORIES).replace('C', 'С')} {c // 50 + 1:02d}-{c % 7 + 1}-{c}", "",
                "Критерийлер Талаптар", "", "Білімі", "", wrap(sentence(rng, WORDS_KK, 14) + " жоғары білім", False), "",
                "Кәсіби ", "құзыреттілігі", "", wrap(sentence(rng, WORDS_KK, 40), False), "",
                "Практикалық ", "тәжірибесі", "", wrap(sentence(rng, WORDS_KK, 30), False), "",
                "Функционалдық", "міндеттері", "", wrap(sentence(rng, WORDS_KK, 50) + ".", False), ""]
    return "\n".join(out) + "\n"


def render(specs: list[ActSpec], spec: ActSpec) -> dict[str, str]:
    """File name suffix → text."""
    if spec.role == "amending":
        return {"ru": render_amending(specs, spec)}
    if spec.role == "register":
        return {"kk": render_register(spec)}
    out = {"ru": render_base(specs, spec, False)}
    if spec.kazakh and spec.role == "base":
        out["kk"] = render_base(specs, spec, True)
    return out


def generate(n: int, out_dir: str | Path, seed: int = 7) -> list[ActSpec]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    specs = plan(n, seed)
    for s in specs:
        for lang, text in render(specs, s).items():
            (out / f"{s.index:06d}_{lang}.txt").write_text(text, encoding="utf-8")
    return specs


if __name__ == "__main__":
    n = int(sys.argv[1])
    specs = generate(n, sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 7)
    roles: dict[str, int] = {}
    for s in specs:
        roles[s.role] = roles.get(s.role, 0) + 1
    print(f"{n} acts in {sys.argv[2]}: {roles}")
