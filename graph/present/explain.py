"""Why an answer is what it is, in the reader's language (issue 18, items 2 and 3).

Reads the structured ``why`` of a point-in-time answer (``graph.queries.query``: a ``code`` and its
facts — days, act keys, the nearest days with a known wording) and a ``Translator``
(``graph.present.i18n``); writes one sentence. Acts are cited as a lawyer writes them (short form,
``graph.citation``; in the English interface the Russian citation, the act's own language),
days as the language writes them. Nothing here decides anything: the facts come with the answer.

>>> from zangraph.graph.present.i18n import translator
>>> reason({"code": "not_yet_inserted", "act": "decree-2024-07-31-612", "start": "2024-08-11",
...         "latest": "2024-09-10"}, translator("ru"))
'Ещё не входит в акт: дополнен Указом от 31.07.2024 № 612, действует с 11.08.2024 (не позднее 10.09.2024).'
>>> reason({"code": "wording_unknown", "known_before": None, "known_after": "2024-09-10"}, translator("en"))
'The wording in force on this day is not in the sources. Nearest day with a known wording: after — 2024-09-10.'
"""

from __future__ import annotations

from ..citation import act as cite_act
from ..model import ActRef
from .i18n import fmt_date

STATUS = {"in_force": "in force", "not_yet_in_force": "not yet in force", "no_longer_in_force": "no longer in force",
          "uncertain": "uncertain", "absent": "absent", "unknown": "unknown", "suspended": "suspended",
          "conditional": "conditional"}
OPERATION = {"enactment": "enactment", "substitution": "new wording", "insertion": "insertion",
             "repeal": "exclusion", "change": "change", "word_replacement": "word replacement",
             "renumbering": "renumbering", "act repealed": "repeal of the act"}


def act_name(key: str | None, lang: str) -> str:
    """An act key as a short citation ("Указ от 31.07.2024 № 612"); the key itself when it is not one."""
    if not key:
        return "—"
    try:
        return cite_act(ActRef.from_key(key), "kk" if lang == "kk" else "ru", short=True)
    except ValueError:
        return key


def _instrumental(citation: str) -> str:
    """"Указ от …" → "Указом от …" (Russian: "дополнен Указом"); other forms unchanged."""
    first, _, rest = citation.partition(" ")
    forms = {"Указ": "Указом", "Постановление": "Постановлением", "Приказ": "Приказом", "Закон": "Законом",
             "Кодекс": "Кодексом", "Решение": "Решением", "Акт": "Актом"}
    return f"{forms.get(first, first)} {rest}".strip()


def reason(why: dict | None, _, lang: str | None = None) -> str:
    """The sentence for a ``why`` in the translator's language ('' when there is nothing to say)."""
    if not why:
        return ""
    lang = lang or _.lang
    d = lambda v: fmt_date(v, lang)  # noqa: E731
    code = why.get("code")
    by = act_name(why.get("act"), lang)
    by_ins = _instrumental(by) if lang == "ru" else by
    acts = ", ".join(act_name(k, lang) for k in why.get("acts") or [])
    latest = _(" (no later than %(day)s)", day=d(why["latest"])) if why.get("latest") else ""
    if code == "wording_unknown":
        near = []
        if why.get("known_before"):
            near.append(_("before — %(day)s", day=d(why["known_before"])))
        if why.get("known_after"):
            near.append(_("after — %(day)s", day=d(why["known_after"])))
        text = _("The wording in force on this day is not in the sources.")
        if near:
            text += " " + _("Nearest day with a known wording: %(days)s.", days="; ".join(near))
        return text
    if code == "not_yet_inserted":
        return _("Not yet in the act: inserted by %(act)s, in force from %(day)s%(no_later)s.", act=by_ins,
                 day=d(why["start"]), no_later=latest)
    if code == "not_yet_enacted":
        return _("Not yet in force: enacted by %(act)s, in force from %(day)s%(no_later)s.", act=by_ins,
                 day=d(why["start"]), no_later=latest)
    if code == "ended":
        if why.get("latest"):  # the end depends on a publication date not in the sources: the window, not a day
            return _("No longer in force since a day between %(day)s and %(latest_day)s: %(how)s by %(act)s.",
                     day=d(why["start"]), latest_day=d(why["latest"]),
                     how=_(OPERATION.get(why.get("how") or "", why.get("how") or "change")), act=by)
        if why.get("act"):
            return _("No longer in force since %(day)s: %(how)s by %(act)s.", day=d(why["start"]),
                     how=_(OPERATION.get(why.get("how") or "", why.get("how") or "change")), act=by)
        return _("No longer in force since %(day)s.", day=d(why["start"]))
    if code in ("start_uncertain", "end_uncertain", "which_version"):
        msg = {"start_uncertain": "In force from a day between %(day)s and %(latest_day)s: it depends on the "
                                  "publication date of %(acts)s, which is not in the sources.",
               "end_uncertain": "Ends on a day between %(day)s and %(latest_day)s: it depends on the publication "
                                "date of %(acts)s, which is not in the sources.",
               "which_version": "In force either way; which version applies depends on the publication date of "
                                "%(acts)s (between %(day)s and %(latest_day)s), which is not in the sources."}[code]
        return _(msg, day=d(why.get("start")), latest_day=d(why.get("latest")), acts=acts)
    if code == "suspended":
        if why.get("until"):
            return _("Suspended by %(act)s from %(day)s until %(until)s; the wording is kept, not applied.",
                     act=by_ins, day=d(why["start"]), until=d(why["until"]))
        return _("Suspended by %(act)s from %(day)s; the wording is kept, not applied.", act=by_ins, day=d(why["start"]))
    return _("The provision is not in any version known for this day.")
